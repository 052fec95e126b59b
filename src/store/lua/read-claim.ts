// The Lua script behind StoryStore.findByLink(): one claim's value, wherever the dedupe buckets
// (dedupe-buckets.ts) put it today, or nil.
//
// KEYS[1] bucket state, KEYS[2] all stories, KEYS[3] the old release's sweep cursor.
// ARGV[1] claims prefix, ARGV[2] index prefix, ARGV[3] current generation, ARGV[4] the claim's hash.

import { bucketArgsPreludeLua } from './dedupe-buckets.js';

export const readClaimLua = `
${bucketArgsPreludeLua}
local value = redis.call('HGET', locate('claim', ARGV[4]))
saveBuckets()
return value
`;
