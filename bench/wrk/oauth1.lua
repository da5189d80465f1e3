-- OAuth 1.0a requests: every request carries the next pre-signed Authorization header of the file given as the
-- first script argument (each has its own nonce; the service refuses replays). Other headers come from -H.
--   wrk ... -s bench/wrk/oauth1.lua <url> -- <header file>
-- Past the end of the file it starts over: those requests are replays and come back 401 (counted as errors).
dofile("bench/wrk/report.lua")

local requests = {}
local count = 0
local next_index = 0

function init(args)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  for line in io.lines(args[1]) do
    if #line > 0 then
      headers["Authorization"] = line
      count = count + 1
      requests[count] = wrk.format(nil, nil, headers)
    end
  end
end

function request()
  next_index = next_index + 1
  if next_index > count then next_index = 1 end
  return requests[next_index]
end
