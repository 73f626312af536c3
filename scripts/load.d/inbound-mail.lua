-- W5: a mail gateway posts new customer mail to POST /api/v1/inbound-mail (inbound-mail token). Every message is
-- a new request from a known contact (LOAD_LINES: sender addresses).
dofile(os.getenv("LOAD_DIR") .. "/common.lua")

function request()
  local sender = next_input()
  local headers = identity_headers()
  headers["Content-Type"] = "message/rfc822"
  local id = string.format("%d.%d.%d@load.test", thread_id, n, math.random(1000000000))
  local body = table.concat({
    "From: Kontakt <" .. sender .. ">",
    "To: podpora@localhost",
    "Subject: Napaka pri obracunu " .. id,
    "Message-ID: <" .. id .. ">",
    "Date: Wed, 25 Nov 2026 10:00:00 +0100",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Pozdravljeni, pri izpisu placilne liste program javi napako. Kaj naj naredim?",
    ""}, "\r\n")
  return wrk.format("POST", "/api/v1/inbound-mail", headers, body)
end
