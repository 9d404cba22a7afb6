-- Reads the circuit; writes nothing.
local now = server_now()
return reply(0, load(), now)
