-- wrk script for the ceiling row: GET /search/job/{id} with a Bearer token, cycling over
-- the ids in the file named by WRK_IDS (one per line), each wrk thread from its own offset.
-- A read of one job is the same work for the simulator as a stop, start or remove (route,
-- authorize, look up under the lock, settle, encode one job) minus the state change, so
-- it can be repeated for as long as wrk runs without running out of jobs to act on.
local ids = {}
for line in io.lines(os.getenv("WRK_IDS")) do ids[#ids + 1] = line end
local token = os.getenv("WRK_TOKEN")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

local next_index = 0
function request()
  next_index = next_index + 1
  local id = ids[((offset or 0) + next_index) % #ids + 1]
  return wrk.format("GET", "/search/job/" .. id)
end

