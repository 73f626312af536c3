-- GET a random path of LOAD_LINES with the thread's identity (a session cookie): W2 and W3.
dofile(os.getenv("LOAD_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", next_input(), identity_headers())
end
