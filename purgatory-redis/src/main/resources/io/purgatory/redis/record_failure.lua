-- A counted failure of a call admitted without a trial permit.
-- ARGV[5] threshold, ARGV[6] ttl ms, ARGV[7] back-off multiplier, ARGV[8] max ttl ms.
-- Answers 0 when not CLOSED (nothing counted), 1 when counted, 2 when this failure opened the circuit.
local now = server_now()
local c = load()
if c.state ~= 'CLOSED' then
  return reply(0, c, now)
end
c.fail = c.fail + 1
local code = 1
if c.fail >= tonumber(ARGV[5]) then
  open(c, now, 0, 'CONSECUTIVE_FAILURES', tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
  code = 2
end
save(c)
if code == 2 then nudge() end
return reply(code, c, now)
