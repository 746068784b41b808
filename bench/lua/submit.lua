-- POST the citizen form; every request carries its own submission id, so each
-- one is a new response (a repeated id would only measure the duplicate path).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local prefix = os.getenv("BENCH_BODY_PREFIX")
local suffix = os.getenv("BENCH_BODY_SUFFIX")
local run = tonumber(os.getenv("BENCH_RUN"))
local next_thread = 1

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

local sent = 0
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}

function request()
  sent = sent + 1
  -- UUID-shaped (version 4 layout): run, thread and sequence make it unique.
  local sid = string.format("%08x-%04x-4000-8000-%012x", run, tid, sent)
  return wrk.format("POST", nil, headers, prefix .. sid .. suffix)
end
