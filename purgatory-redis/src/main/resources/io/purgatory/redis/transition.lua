-- Forces a state (API, actuator). ARGV[5] target state, ARGV[6] expected version (-1: any), ARGV[7] ttl ms.
-- Fenced: with an expected version that is no longer current nothing changes.
-- Answers 0 when fenced off, 1 when the state was re-entered, 2 when the state changed.
local now = server_now()
local c = load()
local expected = tonumber(ARGV[6])
if expected >= 0 and c.ver ~= expected then
  return reply(0, c, now)
end
local target = ARGV[5]
local from = c.state
if target == 'CLOSED' then
  close(c, 'FORCED')
elseif target == 'OPEN' then
  open(c, now, 0, 'FORCED', tonumber(ARGV[7]), 1, tonumber(ARGV[7]))
elseif target == 'HALF_OPEN' then
  transition(c, 'HALF_OPEN', 'FORCED')
  c.round = c.round + 1
  c.ok = 0
  c.fail = 0
  redis.call('DEL', P)
elseif target == 'FORCED_OPEN' or target == 'DISABLED' then
  transition(c, target, 'FORCED')
  c.fail = 0
  c.ok = 0
  c.opened_at = now
  redis.call('DEL', P)
else
  return redis.error_reply('unknown circuit state ' .. tostring(target))
end
save(c)
nudge()
local code = 1
if from ~= target then code = 2 end
return reply(code, c, now)
