-- Single-use credentials (authorization codes, refresh tokens): every request is a POST carrying the next body of
-- the file given as the first script argument, each sent once; other headers come from -H.
--   wrk ... -s bench/wrk/bodies.lua <url> -- <body file>
-- Past the end of the file it starts over: those requests are replays and fail (counted as errors). Answers other
-- than 200 are counted by status and printed on a line of their own (BENCH_STATUS), which the bench shows.
dofile("bench/wrk/report.lua")
dofile("bench/wrk/line-requests.lua")

local threads = {}
non200 = ""
local by_status = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  load_requests(args[1], function(line) return wrk.format("POST", nil, nil, line) end)
end

function response(status, headers, body)
  if status ~= 200 then
    by_status[status] = (by_status[status] or 0) + 1
    local parts = {}
    for code, n in pairs(by_status) do table.insert(parts, string.format('"%d":%d', code, n)) end
    non200 = table.concat(parts, ",")
  end
end

local report = done
function done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    local counted = thread:get("non200")
    if counted and #counted > 0 then table.insert(parts, counted) end
  end
  io.write("BENCH_STATUS {" .. table.concat(parts, ",") .. "}\n")
  report(summary, latency, requests)
end
