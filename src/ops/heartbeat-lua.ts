// The Lua script behind the worker heartbeat: writes this process's entry and deletes entries
// whose lastSeen is older than the stale limit, atomically, so that two writers cleaning at once
// never delete an entry the other has just refreshed.
//
// KEYS[1]: the workers hash. ARGV[1]: this process's field (host:pid); ARGV[2]: its JSON value;
// ARGV[3]: now (epoch ms); ARGV[4]: stale limit (ms). Reply: how many stale entries were removed.

export const beatHeartbeatLua = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local oldest = tonumber(ARGV[3]) - tonumber(ARGV[4])
local entries = redis.call('HGETALL', KEYS[1])
local removed = 0
for i = 1, #entries, 2 do
  local ok, value = pcall(cjson.decode, entries[i + 1])
  local seen = ok and type(value) == 'table' and tonumber(value.lastSeen) or nil
  if not seen or seen < oldest then
    redis.call('HDEL', KEYS[1], entries[i])
    removed = removed + 1
  end
end
return removed
`;
