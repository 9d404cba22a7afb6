-- The outcome of a trial call. Fenced: only the current half-open round and a live lease count.
-- ARGV[5] lease token, ARGV[6] round, ARGV[7] success|failure|release, ARGV[8] successes that close,
-- ARGV[9] ttl ms, ARGV[10] back-off multiplier, ARGV[11] max ttl ms.
-- Answers 0 for a stale outcome (nothing written), 1 when accepted, 2 when it closed or re-opened the circuit.
local now = server_now()
local c = load()
if not holds_lease(c, ARGV[5], ARGV[6], now) then
  return reply(0, c, now)
end
redis.call('ZREM', P, ARGV[5])
local code = 1
local outcome = ARGV[7]
if outcome == 'success' then
  c.ok = c.ok + 1
  if c.ok >= tonumber(ARGV[8]) then
    close(c, 'TRIAL_SUCCEEDED')
    code = 2
  end
elseif outcome == 'failure' then
  open(c, now, c.reopen + 1, 'TRIAL_FAILED', tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]))
  code = 2
end
save(c)
if redis.call('EXISTS', P) == 1 then redis.call('PEXPIRE', P, KEY_TTL) end
if code == 2 then nudge() end
return reply(code, c, now)
