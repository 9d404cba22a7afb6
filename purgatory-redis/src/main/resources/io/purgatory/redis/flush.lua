-- Adds one instance's window counts (deltas since its previous flush) to the shared sliding window,
-- evaluates the rate conditions with server time and trips the circuit when one is met.
-- KEYS[3] is a hash: ring slots e<i>, c<i>, f<i>, s<i> (epoch, calls, failures, slow calls; a slot of
-- an older epoch is overwritten before reuse, so the ring never grows) and q:<instance> =
-- '<last applied seq>:<server ms>' per flushing instance, dropped after ARGV[18] ms of silence, and
-- 'shape' = '<slot ms>/<slots>/<count limit>', the layout the ring was written with: a flush of another
-- shape (the breaker was reconfigured) empties the ring before it adds, and a read of another shape sees
-- an empty window.
-- ARGV[5] seq (0: read only, no deltas), ARGV[6] calls, ARGV[7] failures, ARGV[8] slow calls,
-- ARGV[9] slot width ms, ARGV[10] number of slots, ARGV[11] count limit (0: time-based, every live
-- slot counts; N: the newest N calls, the oldest slot pro-rated), ARGV[12] minimum calls,
-- ARGV[13] failure-rate threshold % (0: off), ARGV[14] slow-call-rate threshold % (0: off),
-- ARGV[15] ttl ms, ARGV[16] back-off multiplier, ARGV[17] max ttl ms, ARGV[18] seq retention ms.
-- Answers 0 read only, 1 deltas added, 2 deltas added and the circuit tripped, 3 seq already applied
-- (nothing written), 4 deltas dropped because the circuit is not CLOSED; then the reply's usual
-- snapshot, followed by the window's calls, failures and slow calls.
local now = server_now()
local c = load()
local seq = tonumber(ARGV[5])
local slot_ms, slots, limit = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local epoch = math.floor(now / slot_ms)

local h = {}
local flat = redis.call('HGETALL', W)
for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end

local shape = ARGV[9] .. '/' .. ARGV[10] .. '/' .. ARGV[11]
local other_shape = h['shape'] ~= nil and h['shape'] ~= shape
if other_shape then
  for field, _ in pairs(h) do
    if string.sub(field, 1, 2) ~= 'q:' then h[field] = nil end
  end
end

local function totals()
  local live = {}
  for i = 0, slots - 1 do
    local e = tonumber(h['e' .. i])
    if e and e > epoch - slots and e <= epoch then
      live[#live + 1] = { e, num(h['c' .. i]), num(h['f' .. i]), num(h['s' .. i]) }
    end
  end
  local calls, failures, slow = 0, 0, 0
  if limit > 0 then
    table.sort(live, function(a, b) return a[1] > b[1] end) -- newest first
  end
  for _, s in ipairs(live) do
    local share = 1
    if limit > 0 and calls + s[2] > limit then share = (limit - calls) / s[2] end
    calls = calls + s[2] * share
    failures = failures + s[3] * share
    slow = slow + s[4] * share
    if limit > 0 and calls >= limit then break end
  end
  return math.floor(calls + 0.5), math.floor(failures + 0.5), math.floor(slow + 0.5)
end

local code = 0
if seq > 0 then
  local mine = 'q:' .. INSTANCE
  local last = tonumber(string.match(h[mine] or '', '^(%d+):')) or 0
  if seq <= last then
    code = 3 -- a flush Redis already ran (a timed-out command replayed after a reconnect): count it once
  else
    code = 4
    redis.call('HSET', W, mine, int(seq) .. ':' .. int(now))
    for field, value in pairs(h) do
      local seen = string.match(value, ':(%d+)$')
      if field ~= mine and string.sub(field, 1, 2) == 'q:' and seen and tonumber(seen) < now - tonumber(ARGV[18]) then
        redis.call('HDEL', W, field)
      end
    end
    if other_shape then
      clear_window()
    end
    redis.call('HSET', W, 'shape', shape)
    if c.state == 'CLOSED' then
      code = 1
      local i = epoch % slots
      local dc, df, ds = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
      if tonumber(h['e' .. i]) ~= epoch then
        h['c' .. i], h['f' .. i], h['s' .. i] = dc, df, ds -- a slot of an older round: zeroed by overwriting
      else
        h['c' .. i], h['f' .. i], h['s' .. i] = num(h['c' .. i]) + dc, num(h['f' .. i]) + df, num(h['s' .. i]) + ds
      end
      h['e' .. i] = epoch
      redis.call('HSET', W, 'e' .. i, int(epoch), 'c' .. i, int(h['c' .. i]), 'f' .. i, int(h['f' .. i]),
        's' .. i, int(h['s' .. i]))
    end
    redis.call('PEXPIRE', W, KEY_TTL)
  end
end

local calls, failures, slow = totals()
if code == 1 and calls >= tonumber(ARGV[12]) then
  local failure_threshold, slow_threshold = tonumber(ARGV[13]), tonumber(ARGV[14])
  local cause = nil
  if failure_threshold > 0 and 100 * failures >= failure_threshold * calls then
    cause = 'FAILURE_RATE'
  elseif slow_threshold > 0 and 100 * slow >= slow_threshold * calls then
    cause = 'SLOW_CALL_RATE'
  end
  if cause then
    open(c, now, 0, cause, tonumber(ARGV[15]), tonumber(ARGV[16]), tonumber(ARGV[17])) -- clears the window
    save(c)
    nudge()
    code = 2
    calls, failures, slow = 0, 0, 0
  end
end
local answer = reply(code, c, now)
answer[#answer + 1] = calls
answer[#answer + 1] = failures
answer[#answer + 1] = slow
return answer
