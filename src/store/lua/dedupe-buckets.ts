// Lua shared by the store's scripts: where dedupe claims and near-duplicate index entries lie.
// Both are fields of bucket hashes (claimsPrefix / nearIndexPrefix + bucket number), so that
// each hash stays a small listpack instead of every entry costing a key. The field is the entry's
// own hash without its last byte; the bucket comes from the hash's last 32 bits by linear
// hashing: each kind has a level L (at least 8, so that the bucket number holds the dropped
// byte) and a split pointer p, the bucket is h mod 2^L, or h mod 2^(L+1) when that is below p,
// and there are 2^L + p buckets. Whenever a kind averages more than MAX_LOAD entries per bucket,
// bucket p is split (its entries whose bit L is set move to bucket p + 2^L) and p advances, so
// the store grows one small bucket at a time, never rehashing everything at once, and every
// bucket stays well under hash-max-listpack-entries (128) from a new store's 256 buckets up to
// millions of stories. Index hashes are the smallest of a story's, so their high bits are mostly
// zero: only low bits address buckets.
//
// The state ("level split entries sweepCursor" per kind) lives in one small hash (Keys.dedupeBuckets),
// read once per script call. A store written by a release with 4,096 fixed buckets per kind (the
// same h mod 4096 addresses) has no state but has stories or a sweep cursor: the first script
// call that meets it takes it as level 12, counts its entries once and goes on growing from there.
//
// Hash fields cannot expire on their own (Redis 7.0), so every value ends with a 2-byte stamp:
// the generation (half the dedupe window) it was written in, modulo 65536. An entry is live for
// the generation it was written in and the two after it, so for one window and up to half
// another; prune() sweeps a bounded number of entries per call and deletes what is no longer live.
//
// Expects, defined before it: `generation` (the current one, a number), `bucketsKey`, `allKey`
// and `legacySweepKey` (the all-stories zset and the old release's cursor: how an old store is
// recognized), `claimsPrefix` and `indexPrefix`. Scripts call readBuckets() first, write through
// setEntry() / deleteEntries(), and call saveBuckets() last.

/** Level of a new store: 2^8 buckets of each kind. */
export const INITIAL_LEVEL = 8;
/** Level of a store written with the old fixed 4096 buckets. */
export const LEGACY_LEVEL = 12;
/** Entries per bucket, on average, above which a bucket is split (the unsplit ones hold up to twice this). */
export const MAX_LOAD = 40;
/** Buckets one script call splits at most: a larger debt is paid by the next calls. */
export const MAX_SPLITS = 64;
/** Generations an entry stays live after the one it was written in. */
export const LIVE_GENERATIONS = 2;

export const dedupeBucketsLua = `
local stampNow = string.char(math.floor(generation / 256) % 256, generation % 256)
local buckets = {}

local function readBuckets()
  local stored = redis.call('HMGET', bucketsKey, 'claim', 'near')
  local level, cursor, isLegacy = ${INITIAL_LEVEL}, 0, false
  if not stored[1] and (redis.call('EXISTS', allKey) == 1 or redis.call('EXISTS', legacySweepKey) == 1) then
    level, cursor, isLegacy = ${LEGACY_LEVEL}, tonumber(redis.call('GET', legacySweepKey) or '0'), true
  end
  for i, kind in ipairs({ 'claim', 'near' }) do
    local b = { prefix = i == 1 and claimsPrefix or indexPrefix, added = 0, keys = {} }
    local l, p, n, c = string.match(stored[i] or '', '^(%d+) (%d+) (%d+) (%d+)$')
    if l then
      b.level, b.split, b.entries, b.sweep = tonumber(l), tonumber(p), tonumber(n), tonumber(c)
    else
      b.level, b.split, b.entries, b.sweep, b.isChanged = level, 0, 0, cursor, true
      -- Once, for a store of the old layout: how many entries its buckets hold.
      if isLegacy then
        for a = 0, 2 ^ level - 1 do b.entries = b.entries + redis.call('HLEN', b.prefix .. a) end
      end
    end
    buckets[kind] = b
  end
  if isLegacy then redis.call('DEL', legacySweepKey) end
end

local function bucketCount(b) return 2 ^ b.level + b.split end

-- The last 32 bits of a hash (4 bytes or more), as a number.
local function low32(hash, n)
  local b1, b2, b3, b4 = string.byte(hash, n - 3, n)
  return ((b1 * 256 + b2) * 256 + b3) * 256 + b4
end

-- Bucket key and field of an entry's hash ('claim' or 'near'). Keys are kept by bucket number, and
-- made with %d: Lua makes a number a string through sprintf (as a float, '%.14g', when concatenated),
-- which costs as much as a Redis call.
local function locate(kind, hash)
  local b, n = buckets[kind], #hash
  local h, size = low32(hash, n), 2 ^ b.level
  local a = h % size
  if a < b.split then a = h % (2 * size) end
  local key = b.keys[a]
  if not key then
    key = string.format('%s%d', b.prefix, a)
    b.keys[a] = key
  end
  return key, string.sub(hash, 1, n - 1)
end

local function setEntry(kind, key, field, value)
  local b = buckets[kind]
  b.added = b.added + redis.call('HSET', key, field, value)
end

local function deleteEntries(kind, key, fields)
  local b = buckets[kind]
  b.added = b.added - redis.call('HDEL', key, unpack(fields))
end

-- Whether the stamp at byte \`at\` of a value is live (read in place: no 2-byte string made per entry).
local function isLiveAt(value, at)
  local high, low = string.byte(value, at, at + 1)
  return (generation - (high * 256 + low)) % 65536 <= ${LIVE_GENERATIONS}
end

local function isLive(stamp) return isLiveAt(stamp, 1) end

-- Whether every stamp of an index entry (12-byte pairs) is live, read in place without a call per pair.
local function areAllLive(value)
  for at = 11, #value, 12 do
    local high, low = string.byte(value, at, at + 1)
    if (generation - (high * 256 + low)) % 65536 > ${LIVE_GENERATIONS} then return false end
  end
  return true
end

-- Bucket p's entries whose bit L is set move to bucket p + 2^L (a field is its hash without the
-- last byte, which is the bucket number's, since L >= 8). Bit L of the hash is bit L - 8 of the
-- field's last three bytes, read in place: no string made per field (a split reads a whole
-- bucket, and splits are most of what filing an entry costs while the store grows).
local function split(b)
  local size = 2 ^ b.level
  local from, to = b.prefix .. b.split, b.prefix .. (b.split + size)
  local fields = redis.call('HGETALL', from)
  local moved, names, m, k, scale = {}, {}, 0, 0, size / 256
  for i = 1, #fields, 2 do
    local f = fields[i]
    local n = #f
    local b1, b2, b3 = string.byte(f, n - 2, n)
    if math.floor(((b1 * 256 + b2) * 256 + b3) / scale) % 2 == 1 then
      moved[m + 1], moved[m + 2], m = f, fields[i + 1], m + 2
      k = k + 1
      names[k] = f
    end
  end
  if #names > 0 then
    redis.call('HSET', to, unpack(moved))
    redis.call('HDEL', from, unpack(names))
  end
  b.split = b.split + 1
  if b.split == size then b.level, b.split = b.level + 1, 0 end
end

-- Splits what grew past MAX_LOAD (at most MAX_SPLITS per call) and stores the state if it changed.
local function saveBuckets()
  for _, kind in ipairs({ 'claim', 'near' }) do
    local b = buckets[kind]
    if b.added ~= 0 then b.entries, b.added, b.isChanged = math.max(0, b.entries + b.added), 0, true end
    local splits = 0
    while b.entries > ${MAX_LOAD} * bucketCount(b) and splits < ${MAX_SPLITS} do
      split(b)
      splits, b.isChanged = splits + 1, true
    end
    if b.isChanged then
      redis.call('HSET', bucketsKey, kind, string.format('%d %d %d %d', b.level, b.split, b.entries, b.sweep))
      b.isChanged = false
    end
  end
end
`;

/**
 * Start of a script called with StoryStore.bucketArgs(): KEYS[1] bucket state, KEYS[2] all
 * stories, KEYS[3] the old release's sweep cursor; ARGV[1] claims prefix, ARGV[2] index prefix,
 * ARGV[3] current generation (its own arguments start at ARGV[4]). Buckets are read; the script
 * calls saveBuckets() last.
 */
export const bucketArgsPreludeLua = `
local bucketsKey, allKey, legacySweepKey = KEYS[1], KEYS[2], KEYS[3]
local claimsPrefix, indexPrefix = ARGV[1], ARGV[2]
local generation = tonumber(ARGV[3])
${dedupeBucketsLua}
readBuckets()
`;
