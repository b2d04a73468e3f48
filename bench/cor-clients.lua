-- wrk script of the benchmark's native ceiling, row (1) (see Benchmark.nativeCeiling and docs/performance.md).
--
--   wrk -t T -c C -d 3600s -s bench/cor-clients.lua <sandbox>/cor/v2/integrations/clients -- \
--       <template file> <marker> <token> <rows> <threads>
--
-- Posts <rows> COR client creates, each once: the payload of record i is the template file's text with every <marker>
-- replaced by i, byte for byte what the JDK loop (1b) posts for the same i (Benchmark checks this). Thread t of T
-- takes i = t, t + T, t + 2T, ...: every external id is posted exactly once. When a thread has issued its share, its
-- connections send a filler GET to an admin path the sandbox answers 404 and never counts, until the thread's last
-- create is answered; then it prints "ferry-bench thread done" and stops. wrk's main thread only stops at -d or at
-- SIGINT, so Benchmark sends SIGINT once every thread said done, and done() prints one "ferry-bench" summary line.
-- Each thread's first request() call gets the filler too (see request).

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local pieces, marker_text, token, rows, nthreads
local index, issued, share = 0, 0, 0
created, failed, fillers = 0, 0, 0
local answered = 0
local checked = false
local post_headers, filler

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local template = file:read("*a")
   file:close()
   marker_text = args[2]
   token = args[3]
   rows = tonumber(args[4])
   nthreads = tonumber(args[5])
   -- The template split at each marker: the payload of i is the pieces joined by i.
   pieces = {}
   local from = 1
   while true do
      local at, to = string.find(template, marker_text, from, true)
      if not at then break end
      table.insert(pieces, string.sub(template, from, at - 1))
      from = to + 1
   end
   table.insert(pieces, string.sub(template, from))
   index = tid
   share = 0
   for i = tid, rows - 1, nthreads do share = share + 1 end
   filler = wrk.format("GET", "/__sandbox/ferry-bench-filler", {})
end

function request()
   -- wrk calls request() once on the first thread's state to check the request before any connection opens: that
   -- first call (in every thread, to be safe) gets the filler, so no payload is used up unsent.
   if not checked then
      checked = true
      return filler
   end
   if issued >= share then
      fillers = fillers + 1
      return filler
   end
   local body = table.concat(pieces, tostring(index))
   index = index + nthreads
   issued = issued + 1
   return wrk.format("POST", nil, {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
   }, body)
end

function response(status, headers, body)
   if status == 404 then
      return -- a filler (a create never answers 404)
   end
   answered = answered + 1
   if status == 200 then
      created = created + 1
   else
      failed = failed + 1
   end
   if answered == share then
      io.write("ferry-bench thread done\n")
      io.flush()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local c, f, fill = 0, 0, 0
   for _, thread in ipairs(threads) do
      c = c + thread:get("created")
      f = f + thread:get("failed")
      fill = fill + thread:get("fillers")
   end
   local e = summary.errors
   io.write(string.format("ferry-bench created=%d failed=%d fillers=%d requests=%d duration_us=%d"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      c, f, fill, summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout))
   io.flush()
end
