-- Asks for a trial permit: a lease that expires, so a holder that dies cannot block the circuit.
-- ARGV[5] lease token, ARGV[6] lease duration ms, ARGV[7] half-open calls, ARGV[8] successes that close.
-- Answers a bit set: 1 = lease granted, 2 = this call moved the circuit from OPEN to HALF_OPEN,
-- 4 = this call closed a round whose successes already reach ARGV[8] (the breaker was reconfigured
-- with fewer: no lease could be granted or decide the round any more).
local now = server_now()
local c = load()
local code = 0
if c.state == 'OPEN' and now > c.open_until then
  transition(c, 'HALF_OPEN', 'OPEN_PERIOD_ELAPSED')
  c.round = c.round + 1
  c.ok = 0
  redis.call('DEL', P)
  save(c)
  nudge()
  code = 2
end
if c.state == 'HALF_OPEN' and ARGV[8] and c.ok >= tonumber(ARGV[8]) then
  close(c, 'TRIAL_SUCCEEDED')
  save(c)
  nudge()
  return reply(code + 4, c, now)
end
if c.state == 'HALF_OPEN' then
  redis.call('ZREMRANGEBYSCORE', P, '-inf', int(now))
  if redis.call('ZCARD', P) + c.ok < tonumber(ARGV[7]) then
    redis.call('ZADD', P, int(now + tonumber(ARGV[6])), ARGV[5])
    redis.call('PEXPIRE', P, KEY_TTL)
    redis.call('PEXPIRE', S, KEY_TTL)
    code = code + 1
  end
end
return reply(code, c, now)
