-- Sends what one instance saw of a circuit since its previous flush, once per sequence number, and
-- trips the circuit when a condition is met; with sequence 0 it only reads.
-- Consecutive failures are counted per instance, exactly as a local breaker counts them: an instance
-- whose own failures in a row (ARGV[6]) reach the threshold (ARGV[7]) opens the circuit for the fleet.
-- With a rate condition the instance's window counts are added to the window shared by the fleet.
-- KEYS[3] is a hash: q:<instance> = '<last applied seq>:<server ms>' per flushing instance (dropped
-- after ARGV[20] ms of silence) and, with a rate condition, the window ring: slots e<i>, c<i>, f<i>,
-- s<i> (epoch, calls, failures, slow calls; a slot of an older epoch is overwritten before reuse) and
-- 'shape' = '<slot ms>/<slots>/<count limit>', the layout the ring was written with: a flush of another
-- shape (the breaker was reconfigured) empties the ring before it adds, a read of another shape sees
-- an empty window.
-- ARGV[5] seq (0: read only), ARGV[6] the sender's failures in a row, ARGV[7] threshold,
-- ARGV[8] ttl ms, ARGV[9] back-off multiplier, ARGV[10] max ttl ms,
-- ARGV[11] calls, ARGV[12] failures, ARGV[13] slow calls (window counts, rate condition only),
-- ARGV[14] slot width ms (0: no rate condition, ARGV[15..19] unused), ARGV[15] number of slots,
-- ARGV[16] count limit (0: time-based, every live slot counts; N: the newest N calls, the oldest slot
-- pro-rated), ARGV[17] minimum calls, ARGV[18] failure-rate threshold % (0: off),
-- ARGV[19] slow-call-rate threshold % (0: off), ARGV[20] seq retention ms.
-- Answers 0 read only, 1 counts added, 2 counts added and the circuit tripped, 3 seq already applied
-- (nothing written: a replayed command), 4 counts dropped because the circuit is not CLOSED; then the
-- reply's usual snapshot, followed by the window's calls, failures and slow calls (0 without a window).
local now = server_now()
local c = load()
local seq = tonumber(ARGV[5])
local ttl, multiplier, max_ttl = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local slot_ms = tonumber(ARGV[14])
local windowed = slot_ms > 0
local slots, limit = tonumber(ARGV[15]), tonumber(ARGV[16])
local epoch = 0
if windowed then epoch = math.floor(now / slot_ms) end

local h = {}
local shape = ARGV[14] .. '/' .. ARGV[15] .. '/' .. ARGV[16]
local other_shape = false
if windowed then
  local flat = redis.call('HGETALL', W)
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  other_shape = h['shape'] ~= nil and h['shape'] ~= shape
  if other_shape then
    for field, _ in pairs(h) do
      if string.sub(field, 1, 2) ~= 'q:' then h[field] = nil end
    end
  end
end

local function totals()
  if not windowed then return 0, 0, 0 end
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

-- Forgets the flush records of instances silent for longer than the retention. Without a window the
-- hash is not read otherwise, so this runs on every 16th flush only.
local function prune(mine)
  local fields = h
  if not windowed then
    if seq % 16 ~= 0 then return end
    fields = {}
    local flat = redis.call('HGETALL', W)
    for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
  end
  for field, value in pairs(fields) do
    local seen = string.match(value, ':(%d+)$')
    if field ~= mine and string.sub(field, 1, 2) == 'q:' and seen and tonumber(seen) < now - tonumber(ARGV[20]) then
      redis.call('HDEL', W, field)
    end
  end
end

local code = 0
if seq > 0 then
  local mine = 'q:' .. INSTANCE
  local applied = h[mine]
  if not windowed then applied = redis.call('HGET', W, mine) end
  local last = tonumber(string.match(applied or '', '^(%d+):')) or 0
  if seq <= last then
    code = 3
  else
    code = 4
    redis.call('HSET', W, mine, int(seq) .. ':' .. int(now))
    prune(mine)
    if windowed then
      if other_shape then clear_window() end
      redis.call('HSET', W, 'shape', shape)
    end
    redis.call('PEXPIRE', W, KEY_TTL)
    if c.state == 'CLOSED' then
      code = 1
      if tonumber(ARGV[6]) >= tonumber(ARGV[7]) then
        open(c, now, 0, 'CONSECUTIVE_FAILURES', ttl, multiplier, max_ttl) -- clears the window
        save(c)
        nudge()
        code = 2
        h = {}
      end
    end
    if code == 1 and windowed then
      local i = epoch % slots
      local dc, df, ds = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
      if tonumber(h['e' .. i]) ~= epoch then
        h['c' .. i], h['f' .. i], h['s' .. i] = dc, df, ds -- a slot of an older round: zeroed by overwriting
      else
        h['c' .. i], h['f' .. i], h['s' .. i] = num(h['c' .. i]) + dc, num(h['f' .. i]) + df, num(h['s' .. i]) + ds
      end
      h['e' .. i] = epoch
      redis.call('HSET', W, 'e' .. i, int(epoch), 'c' .. i, int(h['c' .. i]), 'f' .. i, int(h['f' .. i]),
        's' .. i, int(h['s' .. i]))
    end
  end
end

local calls, failures, slow = totals()
if code == 1 and windowed and calls >= tonumber(ARGV[17]) then
  local failure_threshold, slow_threshold = tonumber(ARGV[18]), tonumber(ARGV[19])
  local cause = nil
  if failure_threshold > 0 and 100 * failures >= failure_threshold * calls then
    cause = 'FAILURE_RATE'
  elseif slow_threshold > 0 and 100 * slow >= slow_threshold * calls then
    cause = 'SLOW_CALL_RATE'
  end
  if cause then
    open(c, now, 0, cause, ttl, multiplier, max_ttl) -- clears the window
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
