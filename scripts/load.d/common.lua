-- Shared by every workload: each wrk thread gets its own identity (cookie, token, lines of a file) from
-- setup(), counts answers by status class, and done() prints one JSON line that scripts/load reads.
-- Environment: LOAD_IDENTITIES (file: one identity per line, "header<TAB>value<TAB>extra<TAB>own lines file"), LOAD_LINES (file of
-- paths or inputs; a thread takes every line), LOAD_EXPECT (the status a correct answer has, e.g. 200).
local threads = {}
local counter = 0

local function read_lines(path)
  local lines = {}
  if path == nil or path == "" then return lines end
  for line in io.lines(path) do if line ~= "" then lines[#lines + 1] = line end end
  return lines
end

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  identities = read_lines(os.getenv("LOAD_IDENTITIES"))
  inputs = read_lines(os.getenv("LOAD_LINES"))
  expected = tonumber(os.getenv("LOAD_EXPECT") or "200")
  expected_location = os.getenv("LOAD_EXPECT_LOCATION")
  local identity = identities[((thread_id - 1) % math.max(#identities, 1)) + 1] or ""
  local parts = {}
  for part in string.gmatch(identity .. "\t", "([^\t]*)\t") do parts[#parts + 1] = part end
  id_header, id_value, id_extra = parts[1], parts[2], parts[3]
  -- A fourth field names a file of this identity's own inputs (W2: each contact opens its own requests).
  if parts[4] ~= nil and parts[4] ~= "" then inputs = read_lines(parts[4]) end
  good, bad, n = 0, 0, 0
  bad_status = ""
  math.randomseed(thread_id * 7919 + os.time())
end

function response(status, headers, body)
  local location = headers["location"] or headers["Location"] or ""
  local located = expected_location == nil or expected_location == "" or string.find(location, expected_location, 1, true)
  if status == expected and located then good = good + 1 else
    bad = bad + 1
    if bad <= 3 then bad_status = bad_status .. status .. (located and "" or "(" .. location .. ")") .. " " end
  end
end

function next_input()
  n = n + 1
  if #inputs == 0 then return "" end
  return inputs[math.random(#inputs)]
end

function identity_headers()
  local headers = {}
  if id_header ~= nil and id_header ~= "" then headers[id_header] = id_value end
  return headers
end

function done(summary, latency, requests)
  local good_total, bad_total, statuses = 0, 0, ""
  for _, thread in ipairs(threads) do
    good_total = good_total + (thread:get("good") or 0)
    bad_total = bad_total + (thread:get("bad") or 0)
    statuses = statuses .. (thread:get("bad_status") or "")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"expected": %d, "unexpected": %d, "socket_errors": %d, "unexpected_statuses": "%s"}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    good_total, bad_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, statuses))
end
