-- W4: an agent (one per thread: session cookie and CSRF token) presses "take next".
dofile(os.getenv("LOAD_DIR") .. "/common.lua")

function request()
  local headers = identity_headers()
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/workspace/take-next", headers, "csrf=" .. id_extra)
end
