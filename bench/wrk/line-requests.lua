-- Requests made beforehand, one per non-empty line of a file, sent in turn (bench/wrk/bodies.lua, oauth1.lua).
-- Past the end of the file it starts over.
local requests = {}
local count = 0
local next_index = 0

-- Reads the file at `path`; `format(line)` answers the request of one line (called in the script's init).
function load_requests(path, format)
  for line in io.lines(path) do
    if #line > 0 then
      count = count + 1
      requests[count] = format(line)
    end
  end
end

function request()
  next_index = next_index + 1
  if next_index > count then next_index = 1 end
  return requests[next_index]
end
