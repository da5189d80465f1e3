-- DPoP-bound requests: every request carries the next pre-signed DPoP proof of the file given as the first script
-- argument (each has its own jti; the service refuses replays). The Authorization header comes from -H.
--   wrk ... -s bench/wrk/dpop.lua <url> -- <proof file>
-- Past the end of the file it starts over: those requests are replays and come back 401 (counted as errors).
dofile("bench/wrk/report.lua")
dofile("bench/wrk/line-requests.lua")

function init(args)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  load_requests(args[1], function(line)
    headers["DPoP"] = line
    return wrk.format(nil, nil, headers)
  end)
end
