-- W1: POST /api/v1/requests as the thread's customer token, with an Idempotency-Key as a client that retries sends.
dofile(os.getenv("LOAD_DIR") .. "/common.lua")

function request()
  local subject = next_input()
  local headers = identity_headers()
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("load-%d-%d-%d", thread_id, n, math.random(1000000000))
  local body = string.format(
    '{"program": "PL", "category": "usage", "subject": "%s", "description": "%s. Kako nadaljujem?"}',
    subject, subject)
  return wrk.format("POST", "/api/v1/requests", headers, body)
end
