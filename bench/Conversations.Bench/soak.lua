-- The soak's traffic (SoakBenchmark.cs): 70 % lists across the three dialects with filters, 30 %
-- creates and updates, each request for one of the seeded end users, picked at random.
-- SOAK_KEY is the API key; SOAK_USERS a file with a line per user: the user, then ids of its conversations;
-- SOAK_WRITE_PERCENT (30 unless set) the share of writes, for experiments on what the latency tail is.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("seed", thread_count)
  table.insert(threads, thread)
end

users = {}
writes = 0
local auth = "Bearer " .. os.getenv("SOAK_KEY")
local write_percent = tonumber(os.getenv("SOAK_WRITE_PERCENT") or "30")

function init(args)
  for line in io.lines(os.getenv("SOAK_USERS")) do
    local words = {}
    for word in line:gmatch("%S+") do table.insert(words, word) end
    local name = table.remove(words, 1)
    table.insert(users, { name = name, ids = words })
  end
  math.randomseed(os.time() * 100 + seed)
end

local function pick(list) return list[math.random(#list)] end

local function send(method, path, user, body)
  local headers = { ["Authorization"] = auth }
  if user then headers["x-ms-user-isolation-key"] = user end
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

local inputs = '{"customer_name":"Ada Lovelace","plan":"business","language":"en-GB","order_id":"ORD-2025-004817"}'
local metadata = '{"channel":"web","locale":"en-GB","customer_tier":"gold","ticket_id":"TCK-48213"}'
local settings = '{"model":"gpt-4o-mini","temperature":0.3,"max_tokens":1024,"memory_enabled":true}'
local collections = '["col_2f8a41c7e9b04d17","col_9c03be5d7a6f4e21"]'

local function list(u)
  local dialect = math.random(3)
  if dialect == 1 then
    return send("GET", "/v1/conversations?limit=20&user=" .. u.name .. "&sort_by=" .. pick({ "-updated_at", "created_at", "-created_at", "updated_at" }))
  elseif dialect == 2 then
    return send("GET", "/openai/v1/conversations?limit=20" .. pick({ "", "&agent_name=support-agent", "&order=asc" }), u.name)
  end
  return send("GET", "/api/v1/conversations?limit=20&user_id=" .. u.name .. pick({ "", "&status=active", "&collection_id=col_2f8a41c7e9b04d17", "&search=invoice", "&sort_by=title&sort_order=asc" }))
end

local function create(u, n)
  local dialect = math.random(3)
  if dialect == 1 then
    return send("POST", "/v1/conversations", nil, '{"user":"' .. u.name .. '","name":"Invoice question ' .. n .. '","inputs":' .. inputs .. ',"introduction":"Hi, I\'m the Contoso support assistant. What can I do for you today?"}')
  elseif dialect == 2 then
    return send("POST", "/openai/v1/conversations", u.name, '{"metadata":' .. metadata .. '}')
  end
  return send("POST", "/api/v1/conversations", nil, '{"user_id":"' .. u.name .. '","title":"Shipping delay ' .. n .. '","summary":"The customer asked about a late delivery.","collections":' .. collections .. ',"meta_data":' .. metadata .. ',"settings":' .. settings .. '}')
end

local function update(u, n)
  local id = pick(u.ids)
  local dialect = math.random(3)
  if dialect == 1 then
    return send("POST", "/v1/conversations/" .. id .. "/name", nil, '{"user":"' .. u.name .. '","name":"Renamed ' .. n .. '"}')
  elseif dialect == 2 then
    return send("POST", "/openai/v1/conversations/" .. id, u.name, '{"metadata":{"channel":"web","locale":"en-GB","customer_tier":"gold","ticket_id":"TCK-' .. n .. '"}}')
  end
  return send("PATCH", "/api/v1/conversations/" .. id, nil, '{"user_id":"' .. u.name .. '","summary":"Updated summary ' .. n .. '"}')
end

function request()
  local u = pick(users)
  local r = math.random(100)
  if r > write_percent then return list(u) end
  writes = writes + 1
  if r <= write_percent / 2 then return create(u, writes) end
  return update(u, writes)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("writes") end
  io.write(string.format("soak writes %d\n", total))
  io.write(string.format("soak p50 %d\n", latency:percentile(50)))
  io.write(string.format("soak p99 %d\n", latency:percentile(99)))
  io.write(string.format("soak p99.9 %d\n", latency:percentile(99.9)))
  io.write(string.format("soak max %d\n", latency.max))
  io.write(string.format("soak timeouts %d\n", summary.errors.timeout))
end
