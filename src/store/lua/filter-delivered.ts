// The Lua script behind StoryStore.filterDelivered(): one round trip that says, per item of a
// poll, whether this source already delivered it with the same content fingerprint.
// It only reads, and refreshes the TTL of guids still in the feed so that an item that stays
// in a feed for weeks is never taken for new; it claims nothing (ingest does, when it stores),
// so a crash between poll and ingest loses no item.
//
// KEYS: the guid key of each item. ARGV[1]: dedupe window (ms); ARGV[1 + i]: item i's fingerprint.
// Reply: one integer per item, 1 = pass on to ingest, 0 = already delivered unchanged.

export const filterDeliveredLua = `
local window = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local known = redis.call('GET', key)
  if known and string.match(known, ' (%S*)$') == ARGV[i + 1] then
    redis.call('PEXPIRE', key, window)
    out[i] = 0
  else
    out[i] = 1
  end
end
return out
`;
