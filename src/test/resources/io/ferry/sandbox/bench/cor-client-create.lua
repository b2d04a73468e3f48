-- wrk script: COR client POST with a fresh external id per request, so every call really creates.
-- Needs COR_TOKEN; see README.md here.
local counter = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("COR_TOKEN"),
}

function setup(thread)
  thread:set("prefix", "t" .. tostring(math.random(1, 1000000000)))
end

function init(args)
  prefix = prefix or "t0"
end

function request()
  counter = counter + 1
  local body = string.format('{"metadata":{"source":"SAP"},"id":"%s-%d","name":"Client %d","email_contact":"c%d@example.com"}',
    prefix, counter, counter, counter)
  return wrk.format("POST", "/cor/v2/integrations/clients", headers, body)
end
