-- A success of a call admitted without a trial permit: resets a non-zero count in CLOSED.
-- Answers 1 when it reset the count, 0 otherwise (and then writes nothing).
local now = server_now()
local c = load()
if c.state ~= 'CLOSED' or c.fail == 0 then
  return reply(0, c, now)
end
c.fail = 0
save(c)
return reply(1, c, now)
