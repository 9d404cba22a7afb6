-- Extends a trial lease whose call is still running, so a slow trial is neither raced by another
-- instance's nor discarded when it ends. Fenced like record_trial: only a live lease of the current
-- half-open round is extended. ARGV[5] lease token, ARGV[6] round, ARGV[7] lease duration ms.
-- Answers 1 when extended, 0 otherwise (nothing written).
local now = server_now()
local c = load()
if not holds_lease(c, ARGV[5], ARGV[6], now) then
  return reply(0, c, now)
end
redis.call('ZADD', P, 'XX', int(now + tonumber(ARGV[7])), ARGV[5])
redis.call('PEXPIRE', P, KEY_TTL)
redis.call('PEXPIRE', S, KEY_TTL)
return reply(1, c, now)
