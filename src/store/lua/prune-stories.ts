// The Lua script behind StoryStore.prune(): retention by age, then by count per category, and a
// sweep of the dedupe buckets. Age counts from when a story was first stored, not from the date
// its feed gives it: a feed a user has just added shows its current entries, however old, for
// maxAge. The count cap removes the oldest by published date first. A removed story leaves its
// indexes (category zsets, all stories; its first-seen entry goes when the list's head reaches
// it, or by compaction) and its record becomes a tombstone (signature and sources, no text) that
// expires after the dedupe window: the claims and index entries that still point at it make
// later copies of the story count as seen, not new. The
// sweep deletes claims and index entries that are no longer live (dedupe-buckets.ts), reading
// about `sweepFields` entries of each kind per call (whole buckets, going round from a cursor
// kept with the bucket state), so that what a removed story left in them goes too and one call's
// work stays bounded however large the store grows.
// At most `budget` stories per call, so one call never blocks Redis for long; the caller calls
// again while a call removes its full budget.
//
// KEYS[1] all stories, KEYS[2] category index, KEYS[3] dedupe bucket state, KEYS[4] the old
// releases' first-seen zset, KEYS[5] the old release's sweep cursor, KEYS[6] the first-seen list,
// KEYS[7] its compaction cursor.
// ARGV[1] story key prefix, ARGV[2] category key prefix, ARGV[3] cutoff (first stored before it
// is too old), ARGV[4] max stories per category, ARGV[5] budget, ARGV[6] tombstone lifetime (ms),
// ARGV[7] claims prefix, ARGV[8] index prefix, ARGV[9] current generation, ARGV[10] entries of
// each kind to sweep.
// Reply: number of stories removed.

import { aliasIdLua, MAX_ALIASES, TOMBSTONE_STATE } from '../story-record.js';
import { dedupeBucketsLua } from './dedupe-buckets.js';

/** First-seen entries one call may walk per story it may remove (most are of stories removed by count). */
const SEEN_EXAMINED_PER_BUDGET = 4;
/** First-seen entries beyond twice the stories kept before the list is compacted... */
const COMPACT_SLACK = 1024;
/** ...and how many entries one call looks at then. */
const COMPACT_SLICE = 2000;

export const pruneStoriesLua = `
local allKey, categoryIndexKey, firstSeenKey, firstSeenListKey, compactCursorKey = KEYS[1], KEYS[2], KEYS[4], KEYS[6], KEYS[7]
local storyPrefix, categoryPrefix = ARGV[1], ARGV[2]
local cutoff = ARGV[3]
local maxPerCategory = tonumber(ARGV[4])
local budget = tonumber(ARGV[5])
local tombstoneTtl = tonumber(ARGV[6])
local claimsPrefix, indexPrefix = ARGV[7], ARGV[8]
local generation = tonumber(ARGV[9])
local sweepFields = tonumber(ARGV[10])
local bucketsKey, legacySweepKey = KEYS[3], KEYS[5]
local removed = 0
${aliasIdLua}
${dedupeBucketsLua}
readBuckets()
-- Where a record's sections start: after its signature, whose length is one byte, or 255 and
-- two bytes (story-record.ts).
local function sectionsStart(raw)
  local n = string.byte(raw, 1)
  if n == 255 then return 4 + string.byte(raw, 2) * 256 + string.byte(raw, 3) end
  return n + 2
end
-- raw: the record if the caller has read it already.
local function remove(storyId, raw)
  local key = storyPrefix .. storyId
  raw = raw or redis.pcall('GET', key)
  redis.call('ZREM', allKey, storyId)
  redis.call('ZREM', firstSeenKey, storyId)
  if type(raw) == 'table' then
    -- Stored by an older release (a hash): its category entries name it, and nothing else will.
    for _, categoryKey in ipairs(redis.call('SMEMBERS', categoryIndexKey)) do redis.call('ZREM', categoryKey, storyId) end
    redis.call('DEL', key)
  elseif raw then
    local start = sectionsStart(raw)
    local stateEnd = string.find(raw, '\\n', start, true)
    local sourcesEnd = stateEnd and string.find(raw, '\\n', stateEnd + 1, true)
    local categoriesEnd = sourcesEnd and string.find(raw, '\\n', sourcesEnd + 1, true)
    if categoriesEnd then
      -- A category is [id, score, layer, reason], or an object an older release wrote.
      for _, c in ipairs(cjson.decode(string.sub(raw, sourcesEnd + 1, categoriesEnd - 1))) do
        redis.call('ZREM', categoryPrefix .. (c[1] or c.id), storyId)
      end
      redis.call('SET', key, string.sub(raw, 1, start - 1) .. '${TOMBSTONE_STATE}\\n' .. string.sub(raw, stateEnd + 1, sourcesEnd - 1), 'PX', tombstoneTtl)
      -- Versions of it that copies merged (aliases, ids as ingest-items.ts derives them): only a
      -- story of two or more sources can have any.
      if string.find(string.sub(raw, stateEnd + 1, sourcesEnd - 1), '[%]}],[%[{]') then
        local aliases = {}
        for k = 1, ${MAX_ALIASES} do aliases[k] = storyPrefix .. aliasIdOf(storyId, k) end
        redis.call('DEL', unpack(aliases))
      end
    end
  end
  removed = removed + 1
end

-- Story ids are hex in keys, 10 raw bytes in the first-seen list.
local hexOf = {}
for b = 0, 255 do hexOf[string.char(b)] = string.format('%02x', b) end
local function toHex(bytes) return (string.gsub(bytes, '.', hexOf)) end

-- Stories stored by a release that kept no first-seen time count from their published time
-- (never later than first seen), once: after the union every story in all is in the old
-- first-seen zset or the list, and both scripts keep it so (ingest lists every story it makes),
-- so the test stays false. A story left only in the zset leaves it when the loop below reaches it.
if redis.call('ZCARD', firstSeenKey) + redis.call('LLEN', firstSeenListKey) < redis.call('ZCARD', allKey) then
  redis.call('ZUNIONSTORE', firstSeenKey, 2, firstSeenKey, allKey, 'AGGREGATE', 'MAX')
  local listed = {}
  for _, entry in ipairs(redis.call('LRANGE', firstSeenListKey, 0, -1)) do listed[#listed + 1] = toHex(string.sub(entry, 1, 10)) end
  for i = 1, #listed, 1000 do redis.call('ZREM', firstSeenKey, unpack(listed, i, math.min(i + 999, #listed))) end
end

for _, storyId in ipairs(redis.call('ZRANGEBYSCORE', firstSeenKey, '-inf', '(' .. cutoff, 'LIMIT', 0, budget)) do
  remove(storyId)
end

-- The first-seen list, oldest first: an entry is the story it was made for while that story's
-- record is live and says it was first seen then (a story stored again after retention removed
-- it has a newer entry). Entries of stories removed otherwise (by count) are dropped as the head
-- reaches them; a story that is old is removed; the first young one ends the walk.
local function firstSeenOf(raw)
  if type(raw) ~= 'string' then return nil end
  local start = sectionsStart(raw)
  if string.sub(raw, start, start + ${TOMBSTONE_STATE.length} - 1) == '${TOMBSTONE_STATE}' then return nil end
  -- The first source's: it leads its entry ([firstSeen, ...]), or is a field of an older release's object.
  return tonumber(string.match(raw, '^[^\\n]*\\n%[%[(%d+)', start) or string.match(raw, '"firstSeen":(%d+)', start))
end
local function entryTime(entry)
  local b1, b2, b3, b4, b5, b6 = string.byte(entry, 11, 16)
  return ((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6
end
local cutoffMs, examined, isYoung = tonumber(cutoff), 0, false
while not isYoung and removed < budget and examined < ${SEEN_EXAMINED_PER_BUDGET} * budget do
  local head = redis.call('LRANGE', firstSeenListKey, 0, 99)
  if #head == 0 then break end
  local dropped = 0
  for _, entry in ipairs(head) do
    local at = entryTime(entry)
    local id = toHex(string.sub(entry, 1, 10))
    local raw = redis.pcall('GET', storyPrefix .. id)
    if firstSeenOf(raw) == at then
      if at >= cutoffMs or removed >= budget then isYoung = true break end
      remove(id, raw)
    end
    dropped, examined = dropped + 1, examined + 1
  end
  if dropped > 0 then redis.call('LTRIM', firstSeenListKey, dropped, -1) end
end

for _, categoryKey in ipairs(redis.call('SMEMBERS', categoryIndexKey)) do
  local count = redis.call('ZCARD', categoryKey)
  if count == 0 then
    redis.call('SREM', categoryIndexKey, categoryKey)
  elseif count > maxPerCategory and removed < budget then
    local excess = math.min(count - maxPerCategory, budget - removed)
    -- Oldest first: scores are published times.
    for _, storyId in ipairs(redis.call('ZRANGE', categoryKey, 0, excess - 1)) do remove(storyId) end
  end
end

-- Entries of stories removed by count wait behind the head's live stories. Once they could
-- outnumber the stories, each call compacts the next slice of the list (a cursor goes round):
-- stale entries are blanked and then dropped in one LREM, so the list stays within about twice
-- the stories kept.
local listed = redis.call('LLEN', firstSeenListKey)
if listed > 2 * redis.call('ZCARD', allKey) + ${COMPACT_SLACK} then
  local from = tonumber(redis.call('GET', compactCursorKey) or '0')
  if from >= listed then from = 0 end
  local blanked = 0
  for i, entry in ipairs(redis.call('LRANGE', firstSeenListKey, from, from + ${COMPACT_SLICE} - 1)) do
    if firstSeenOf(redis.pcall('GET', storyPrefix .. toHex(string.sub(entry, 1, 10)))) ~= entryTime(entry) then
      redis.call('LSET', firstSeenListKey, from + i - 1, '')
      blanked = blanked + 1
    end
  end
  if blanked > 0 then redis.call('LREM', firstSeenListKey, 0, '') end
  redis.call('SET', compactCursorKey, from + ${COMPACT_SLICE} - blanked)
end

-- Claims end with their stamp; index entries are (story id, stamp) pairs of 12 bytes.
-- Returns how many fields it read.
local function sweep(kind, key)
  local fields = redis.call('HGETALL', key)
  local stale = {}
  for i = 1, #fields, 2 do
    local value = fields[i + 1]
    if kind == 'near' then
      local kept = {}
      for j = 1, #value, 12 do
        if isLiveAt(value, j + 10) then kept[#kept + 1] = string.sub(value, j, j + 11) end
      end
      if #kept == 0 then stale[#stale + 1] = fields[i]
      elseif #kept * 12 < #value then redis.call('HSET', key, fields[i], table.concat(kept)) end
    elseif not isLive(string.sub(value, -2)) then
      stale[#stale + 1] = fields[i]
    end
  end
  if #stale > 0 then deleteEntries(kind, key, stale) end
  return #fields / 2
end

-- Each kind's buckets from its cursor on, until sweepFields entries are read or every bucket once.
for _, kind in ipairs({ 'claim', 'near' }) do
  local b = buckets[kind]
  local count, read, visited = bucketCount(b), 0, 0
  while read < sweepFields and visited < count do
    local a = b.sweep % count
    read = read + sweep(kind, b.prefix .. a)
    b.sweep, visited, b.isChanged = (a + 1) % count, visited + 1, true
  end
end
saveBuckets()

return removed
`;
