// The Lua script behind StoryStore.filterDelivered(): one round trip that says, per item of a
// poll, whether this source already delivered it with the same content fingerprint.
// It only reads, and restamps the claim of a guid still in the feed with the current
// generation so that an item that stays in a feed for weeks is never taken for new; it claims
// nothing (ingest does, when it stores), so a crash between poll and ingest loses no item.
// Claims lie as dedupe-buckets.ts describes; a guid claim is story id (10 bytes), content
// fingerprint (8 bytes) and stamp.
//
// KEYS[1] bucket state, KEYS[2] all stories, KEYS[3] the old release's sweep cursor
// (dedupe-buckets.ts). ARGV[1] claims prefix, ARGV[2] index prefix, ARGV[3] current generation,
// then per item its guid claim hash (8 bytes) and content fingerprint (8 bytes).
// Reply: one integer per item, 1 = pass on to ingest, 0 = already delivered unchanged.

import { bucketArgsPreludeLua } from './dedupe-buckets.js';

export const filterDeliveredLua = `
${bucketArgsPreludeLua}
local out = {}
for i = 4, #ARGV, 2 do
  local key, field = locate('claim', ARGV[i])
  local claim = redis.call('HGET', key, field)
  local verdict = 1
  if claim and isLive(string.sub(claim, 19, 20)) and string.sub(claim, 11, 18) == ARGV[i + 1] then
    verdict = 0
    if string.sub(claim, 19, 20) ~= stampNow then redis.call('HSET', key, field, string.sub(claim, 1, 18) .. stampNow) end
  end
  out[#out + 1] = verdict
end
saveBuckets()
return out
`;
