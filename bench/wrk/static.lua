-- One fixed request: URL and headers come from the wrk command line (-H), method and body from the script
-- arguments:  wrk ... -s bench/wrk/static.lua <url> -- [METHOD [BODY]]
dofile("bench/wrk/report.lua")

function init(args)
  if args[1] then wrk.method = args[1] end
  if args[2] then wrk.body = args[2] end
end
