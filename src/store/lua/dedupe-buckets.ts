// Lua shared by the store's scripts: where dedupe claims and near-duplicate index entries lie.
// Both are fields of 4096 bucket hashes per kind (claimsPrefix / nearIndexPrefix + bucket),
// so that each hash stays a small listpack instead of every entry costing a key. The bucket is
// the last 12 bits of the entry's own hash (index hashes are the smallest of a story's, so their
// first bits are mostly zero) and the field is that hash without its last byte.
//
// Hash fields cannot expire on their own (Redis 7.0), so every value ends with a 2-byte stamp:
// the generation (half the dedupe window) it was written in, modulo 65536. An entry is live for
// the generation it was written in and the two after it, so for one window and up to half
// another; prune() sweeps a slice of the buckets per call and deletes what is no longer live.
//
// Expects `generation` (the current one, a number) to be defined before it.

export const BUCKETS = 4096;
/** Generations an entry stays live after the one it was written in. */
export const LIVE_GENERATIONS = 2;

export const dedupeBucketsLua = `
local stampNow = string.char(math.floor(generation / 256) % 256, generation % 256)

local function locate(prefix, hash)
  local n = #hash
  return prefix .. ((string.byte(hash, n - 1) % 16) * 256 + string.byte(hash, n)), string.sub(hash, 1, n - 1)
end

local function isLive(stamp)
  return (generation - (string.byte(stamp, 1) * 256 + string.byte(stamp, 2))) % 65536 <= ${LIVE_GENERATIONS}
end
`;
