-- Shared first part of every Purgatory script; RedisScripts prepends it to each operation script.
-- KEYS[1] = the circuit's state hash, KEYS[2] = its lease sorted set, KEYS[3] = its window hash
-- (one hash tag, so one slot).
-- ARGV[1] = instance id, ARGV[2] = key TTL in ms, ARGV[3] = nudge channel, ARGV[4] = circuit name;
-- operation arguments start at ARGV[5]. No shebang and no flags: the scripts must run on Redis 6.2.
local S, P, W = KEYS[1], KEYS[2], KEYS[3]
local INSTANCE, KEY_TTL, CHANNEL, NAME = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]

-- Server time only: instance clocks may be skewed by any amount. Scripts decide in milliseconds;
-- replies carry microseconds, so that an instance can order two replies read in the same millisecond.
local NOW_US = 0
local function server_now()
  local t = redis.call('TIME')
  NOW_US = tonumber(t[1]) * 1000000 + tonumber(t[2])
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function num(v)
  return tonumber(v or '0') or 0
end

-- A missing hash is a CLOSED circuit with no failures (new, expired or lost state).
local function load()
  local v = redis.call('HMGET', S, 'state', 'ver', 'fail', 'opened_at', 'open_until', 'round', 'ok', 'reopen', 'by', 'cause')
  return { state = v[1] or 'CLOSED', ver = num(v[2]), fail = num(v[3]), opened_at = num(v[4]),
           open_until = num(v[5]), round = num(v[6]), ok = num(v[7]), reopen = num(v[8]),
           by = v[9] or '', cause = v[10] or '', new = not v[2] }
end

local function int(x)
  return string.format('%d', x)
end

-- A forced state (FORCED_OPEN, DISABLED) never expires: nothing rewrites it until an operator releases
-- it, and an expired hash would read as CLOSED on every instance. Every other state keeps its TTL.
-- A hash written for the first time (new circuit, expired or lost state) counts its versions from the
-- server time in microseconds, not from 0: each write takes more than a microsecond, so a version seen
-- before the state was lost can never come round again and let a stale fenced write through.
local function save(c)
  if c.new then
    c.ver = c.ver + NOW_US
    c.new = false
  end
  redis.call('HSET', S, 'state', c.state, 'ver', int(c.ver), 'fail', int(c.fail), 'opened_at', int(c.opened_at),
    'open_until', int(c.open_until), 'round', int(c.round), 'ok', int(c.ok), 'reopen', int(c.reopen),
    'by', c.by, 'cause', c.cause)
  if c.state == 'FORCED_OPEN' or c.state == 'DISABLED' then
    redis.call('PERSIST', S)
  else
    redis.call('PEXPIRE', S, KEY_TTL)
  end
end

-- Forgets the window's slots (a closed period starts empty, as the local window does) but keeps the
-- 'q:<instance>' records of applied flushes, so a replayed flush stays a duplicate across a trip.
local function clear_window()
  local stale = {}
  for _, field in ipairs(redis.call('HKEYS', W)) do
    if string.sub(field, 1, 2) ~= 'q:' then stale[#stale + 1] = field end
  end
  if #stale > 0 then redis.call('HDEL', W, unpack(stale)) end
end

-- Every transition bumps the version (which fences stale writers) and records who made it and why,
-- so that each instance can tell its own transitions from those it merely observes.
local function transition(c, state, cause)
  clear_window()
  c.state = state
  c.ver = c.ver + 1
  c.by = INSTANCE
  c.cause = cause
end

-- Open period with back-off: ttl * multiplier ^ reopenings, capped at max ttl.
local function open(c, now, reopen, cause, ttl, multiplier, max_ttl)
  local period = ttl * (multiplier ^ reopen)
  if period > max_ttl then period = max_ttl end
  transition(c, 'OPEN', cause)
  c.fail = 0
  c.ok = 0
  c.reopen = reopen
  c.opened_at = now
  c.open_until = now + math.floor(period)
  redis.call('DEL', P)
end

local function close(c, cause)
  transition(c, 'CLOSED', cause)
  c.fail = 0
  c.ok = 0
  c.reopen = 0
  redis.call('DEL', P)
end

-- The nudge goes out from inside the script, so it is sent exactly once per transition. It names
-- the instance that made the change, which needs no refresh: the script's reply already told it.
-- pcall: a user without rights on the channel (Redis 7 gives new users none) must still change
-- state; the other instances then learn of it by polling.
local function nudge()
  redis.pcall('PUBLISH', CHANNEL, INSTANCE .. ' ' .. NAME)
end

-- Whether a token holds a live lease of the current half-open round: trial outcomes and lease renewals
-- are fenced by it, so a stale holder (an earlier round, an expired lease) changes nothing.
local function holds_lease(c, token, round, now)
  if c.state ~= 'HALF_OPEN' or c.round ~= tonumber(round) then
    return false
  end
  local expiry = redis.call('ZSCORE', P, token)
  return expiry and tonumber(expiry) > now
end

-- Every script answers with the whole snapshot, so every round trip also refreshes the cache.
local function reply(code, c, now)
  local live = redis.call('ZCOUNT', P, '(' .. int(now), '+inf')
  return { code, c.state, c.ver, c.fail, c.opened_at, c.open_until, NOW_US, c.round, c.ok, live, c.reopen, c.by,
           c.cause }
end
