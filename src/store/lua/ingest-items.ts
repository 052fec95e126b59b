// The Lua script behind StoryStore.ingest(): the whole dedupe check-and-claim for a batch of
// items (one poll job's, at most MAX_ITEMS_PER_CALL), each item atomically, so that workers
// receiving copies of one story at the same moment make exactly one story, in one round trip.
// Kept as a TypeScript string so that it ships inside the compiled code (no copy step).
//
// Order of tests per item: the same guid from the same source (unchanged / updated in place),
// then the same canonical link (or the story that link once made), then near-duplicate text
// through the shingle index, else a new story. Within one source a shared link is no identity:
// an item under a link the source already used for another item (a podcast's home page, a
// landing page, a #fragment) is its own story unless it also has that item's title.
// A tombstone (a story retention removed) absorbs its copies: nothing is stored again.
//
// Claims and index entries lie as dedupe-buckets.ts describes. Guid claim: story id (10 bytes),
// content fingerprint (8 bytes), stamp; link claim: story id, stamp; index entry: up to
// MAX_PER_ENTRY (story id, stamp) pairs, newest last. Every Redis call counts (a few dozen per
// item): index values read while looking for copies are reused when the story is filed.
// similarity() (similarity.ts) repeats isCopy() in src/dedupe/near-duplicate.ts and the record layout
// repeats src/store/story-record.ts.
//
// The versions a story merged stay comparable: a copy that merges with a signature of its own (an
// outlet's rewrite, a cut) is kept as an alias of the story (story-record.ts, ALIAS_STATE), its
// index entries naming the alias, so that a later item resembling that version more than the
// stored one (a deck matching an outlet's rewrite but not the wire) finds and merges into the
// story. The story's record keeps the fullest version's signature, as before (see merge).
//
// KEYS[1] all stories, KEYS[2] category index, KEYS[3] the first-seen list (retention's clock),
// KEYS[4] dedupe bucket state, KEYS[5] the old release's sweep cursor (dedupe-buckets.ts).
// ARGV[1..10]: story key prefix, claims prefix, index prefix, category key prefix, now,
// generation, threshold, max candidates, item count, an alias's lifetime (ms: as long as the
// index entries naming it live); then ITEM_ARGS per item in the order StoryStore.itemArgs() passes them.
// Reply: per item { status, duplicateKind or "", storyId, changed category ids... }.

import { MAX_SIGNATURE_BYTES, SUMMARY_RATIO } from '../../dedupe/near-duplicate.js';
import { ALIAS_STATE, aliasIdLua, MAX_ALIASES, TOMBSTONE_STATE } from '../story-record.js';
import { dedupeBucketsLua } from './dedupe-buckets.js';
import { similarityLua } from './similarity.js';

export const ITEM_ARGS = 15;
/** Story ids one index entry holds (12 bytes each with its stamp: within a listpack value's 64 bytes). */
export const MAX_PER_ENTRY = 5;
/**
 * Stories an item is compared with that it meets only in full index entries (see nearestCopy), at
 * most: on the scale bench's farm an item met 9 such stories at 50,000 stories stored and 14 at
 * 120,000 (of 12 and 15 candidates in all), each a signature read and compared for nothing, since
 * the farm's only copies are its wire stories, found by link.
 */
export const CROWDED_CANDIDATES = 4;

/** Lua table constructors: each byte (as a one-byte string) to its two hex digits, and back. */
const HEX_TABLES = (() => {
  const hex = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
  return `{ ${hex.map((h, b) => `["\\${b}"] = "${h}"`).join(', ')} }, { ${hex.map((h, b) => `["${h}"] = "\\${b}"`).join(', ')} }`;
})();

export const ingestItemsLua = `
local allKey, categoryIndexKey, firstSeenKey, bucketsKey, legacySweepKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local storyPrefix, claimsPrefix, indexPrefix, categoryPrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = tonumber(ARGV[5])
local generation = tonumber(ARGV[6])
local threshold = tonumber(ARGV[7])
local maxCandidates = tonumber(ARGV[8])
local itemCount = tonumber(ARGV[9])
local aliasTtl = ARGV[10]
local maxPerEntry = ${MAX_PER_ENTRY}
-- Sorted-set members this call adds, written once per key at its end (one ZADD per key per
-- call, not per story): key -> { member -> score }, and the order keys were first met in.
local pending, pendingKeys = {}, {}
local function addLater(key, score, member)
  if not pending[key] then
    pending[key] = {}
    pendingKeys[#pendingKeys + 1] = key
  end
  pending[key][member] = score
end
local function removeNow(key, member)
  if pending[key] then pending[key][member] = nil end
  redis.call('ZREM', key, member)
end
-- The stories this call makes, as entries of the first-seen list: story id (10 bytes), now (6 bytes, ms).
local firstSeen = {}
local nowBytes = ''
for shift = 5, 0, -1 do nowBytes = nowBytes .. string.char(math.floor(now / 256 ^ shift) % 256) end
local function writePending()
  if #firstSeen > 0 then redis.call('RPUSH', firstSeenKey, unpack(firstSeen)) end
  for _, key in ipairs(pendingKeys) do
    local args = {}
    for member, score in pairs(pending[key]) do
      args[#args + 1] = score
      args[#args + 1] = member
    end
    if #args > 0 then redis.call('ZADD', key, unpack(args)) end
  end
end
${dedupeBucketsLua}
readBuckets()
-- Story ids are hex in keys and replies, 10 raw bytes in claims and index entries. The two tables
-- are written out in the script (HEX_TABLES): built by a loop, they cost every call 512 C calls.
local hexOf, byteOf = ${HEX_TABLES}
local function toHex(bytes) return (string.gsub(bytes, '.', hexOf)) end
-- A story's id is needed as bytes several times per item (claims, index, first-seen list), and a
-- gsub costs as much as a Redis call: each is converted once per call.
local bytesOfId = {}
local function toBytes(hex)
  local bytes = bytesOfId[hex]
  if not bytes then
    bytes = string.gsub(hex, '..', byteOf)
    bytesOfId[hex] = bytes
  end
  return bytes
end

-- A claim's value without its stamp, if it is live.
local function lookup(hash)
  local key, field = locate('claim', hash)
  local value = redis.call('HGET', key, field)
  if value and isLive(string.sub(value, -2)) then return string.sub(value, 1, -3), value end
  return nil, value
end

local function claim(hash, value, stored)
  if stored == value .. stampNow then return end
  local key, field = locate('claim', hash)
  setEntry('claim', key, field, value .. stampNow)
end

-- A record's signature and where the rest starts: its length in one byte, or 255 and two bytes
-- for a longer one. A signature of even length is an older release's (its shingles alone): it
-- reads as one without words, as encodeSignature() in near-duplicate.ts would write it.
local function signatureOf(raw)
  local n, start = string.byte(raw, 1), 2
  if n == 255 then n, start = string.byte(raw, 2) * 256 + string.byte(raw, 3), 4 end
  local signature = string.sub(raw, start, start + n - 1)
  if n > 0 and n % 2 == 0 then signature = '\0' .. signature end
  return signature, start + n
end

local function readRecord(id)
  -- A story stored by an older release (a hash) reads as none: a copy stores it afresh over it.
  local raw = redis.pcall('GET', storyPrefix .. id)
  if not raw or type(raw) == 'table' then return nil end
  local signature, pos = signatureOf(raw)
  local r = { signature = signature }
  local parts = {}
  for i = 1, 5 do
    local stop = string.find(raw, '\\n', pos, true)
    if not stop or i == 5 then parts[i] = string.sub(raw, pos) break end
    parts[i] = string.sub(raw, pos, stop - 1)
    pos = stop + 1
  end
  r.state, r.sources, r.categories, r.published, r.text = parts[1], parts[2], parts[3], parts[4], parts[5]
  r.isTombstone = r.state == '${TOMBSTONE_STATE}'
  -- An alias names its story where a story's sources lie.
  if r.state == '${ALIAS_STATE}' then
    r.isAlias, r.story = true, r.sources
    return r
  end
  if not r.isTombstone then
    local textLength, updated, textSource = string.match(r.state, '^(%d+) (%d*) (.*)$')
    r.textLength, r.updated, r.textSource = tonumber(textLength), updated, textSource
  end
  return r
end

-- Index entries as last read or written by this call, and their bucket key and field (located
-- once): the items of one source share some (its names, its stock phrases), and this script is
-- the only writer while it runs (buckets are split only after the last item).
local entries, places = {}, {}
-- Candidates this call has read (story id bytes -> candidateOf(), or false for no record):
-- the items of one call often meet the same stories. Dropped when the call rewrites the record.
local candidates = {}
-- The signatures of the candidates read, as stored (story id bytes -> signature).
local signatures = {}

-- A signature as a record starts with it: its length, then its bytes.
local function lengthOf(signature)
  local n = #signature
  return n < 255 and string.char(n) or string.char(255, math.floor(n / 256), n % 256)
end

local function writeRecord(id, r)
  candidates[toBytes(id)] = nil
  local state = r.textLength .. ' ' .. r.updated .. ' ' .. r.textSource
  redis.call('SET', storyPrefix .. id, lengthOf(r.signature) .. r.signature .. state .. '\\n' .. r.sources .. '\\n' ..
    r.categories .. '\\n' .. r.published .. '\\n' .. r.text)
end

-- The ids a story's aliases may take (prune-stories.ts derives the same ones).
${aliasIdLua}
-- A version of a story, kept under the story's first free alias id; nil when all are taken.
local function newAlias(storyId, signature)
  local record = lengthOf(signature) .. signature .. '${ALIAS_STATE}\\n' .. storyId
  for k = 1, ${MAX_ALIASES} do
    local id = aliasIdOf(storyId, k)
    if redis.call('SET', storyPrefix .. id, record, 'PX', aliasTtl, 'NX') then
      candidates[toBytes(id)] = nil
      return id
    end
  end
  return nil
end

-- Whose text the story shows: the state names the source, or leaves it empty for the story's first.
local function textSourceOf(r)
  if r.textSource ~= '' then return r.textSource end
  local first = cjson.decode(r.sources)[1]
  return first[2] or first.id
end

-- A category is [id, score, layer, reason], or an object an older release wrote.
local function categoryIdsOf(json)
  local ids = {}
  for _, c in ipairs(cjson.decode(json)) do ids[#ids + 1] = c[1] or c.id end
  return ids
end

local function contains(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

${similarityLua}

local function ingestOne(base)
  local linkId, guidId = ARGV[base], ARGV[base + 1]
  local guidClaim, linkClaim, fingerprint = ARGV[base + 2], ARGV[base + 3], ARGV[base + 4]
  local sourceId, itemKey = ARGV[base + 5], ARGV[base + 6]
  local signature, indexHashes = ARGV[base + 7], ARGV[base + 8]
  local textLength, published = tonumber(ARGV[base + 9]), ARGV[base + 10]
  local itemUpdated, sourceEntry, categoriesJson, textJson = ARGV[base + 11], ARGV[base + 12], ARGV[base + 13], ARGV[base + 14]
  local hasLink = linkClaim ~= ''
  local categoryIds = categoryIdsOf(categoriesJson)
  local storedGuid, storedLink, owner, words, shingles, facts, figures, textWords

  local function reply(status, kind, storyId, changed)
    local out = { status, kind, storyId }
    for _, id in ipairs(changed) do out[#out + 1] = id end
    return out
  end

  -- This source's entry in a story's sources, if it has one, as { id, item }: an entry is
  -- [firstSeen, id, title, link, guid, item], or an object an older release wrote.
  local function entryOf(r)
    for _, s in ipairs(cjson.decode(r.sources)) do
      if s[2] then s = { id = s[2], item = s[6] } end
      if s.id == sourceId then return s end
    end
    return nil
  end

  local function claimGuid(storyId)
    claim(guidClaim, toBytes(storyId) .. fingerprint, storedGuid)
  end

  local function claimLink(storyId, owner)
    -- The first story under a link keeps it: other sources' copies merge into that one.
    if hasLink then claim(linkClaim, owner or toBytes(storyId), storedLink) end
  end

  -- An index entry as last read (looking for copies reads most of them), else from Redis.
  local function entryAt(hash)
    if entries[hash] == nil then
      local key, field = locate('near', hash)
      entries[hash], places[hash] = redis.call('HGET', key, field) or '', { key, field }
    end
    return entries[hash]
  end

  local function fileInIndex(storyId)
    local id = toBytes(storyId)
    for i = 1, #indexHashes, 4 do
      local hash = string.sub(indexHashes, i, i + 3)
      local old, value = entryAt(hash), nil
      -- Boilerplate ("Subscribe to our newsletter") is in many stories: keep the newest few.
      if #old % 12 == 0 and not string.find(old, id, 1, true) and areAllLive(old) then
        -- Most entries (all live, without this story): their newest ones kept as they lie.
        value = string.sub(old, math.max(1, #old - 12 * (maxPerEntry - 1) + 1)) .. id .. stampNow
      else
        local kept = {}
        for j = 1, #old, 12 do
          local other = string.sub(old, j, j + 9)
          if other ~= id and isLiveAt(old, j + 10) then kept[#kept + 1] = string.sub(old, j, j + 11) end
        end
        while #kept >= maxPerEntry do table.remove(kept, 1) end
        kept[#kept + 1] = id .. stampNow
        value = table.concat(kept)
      end
      if value ~= old then
        local place = places[hash]
        setEntry('near', place[1], place[2], value)
        entries[hash] = value
      end
    end
  end

  local function addToCategories(storyId, score)
    for _, id in ipairs(categoryIds) do
      local key = categoryPrefix .. id
      if not pending[key] then redis.call('SADD', categoryIndexKey, key) end
      addLater(key, score, storyId)
    end
  end

  local function replaceText(r, storyId)
    local isSameText = r.signature == signature
    r.signature, r.text, r.textLength, r.textSource, r.updated = signature, textJson, textLength, sourceId, now
    if not isSameText then fileInIndex(storyId) end
  end

  -- Same guid again: the item this source already delivered, maybe edited since.
  local function update(storyId, r, storedFingerprint)
    claimGuid(storyId)
    if storedFingerprint == fingerprint then return reply('unchanged', '', storyId, {}) end
    claimLink(storyId, owner)
    -- A merged story shows its fullest version; a shorter edit by another source does not replace it.
    if textSourceOf(r) ~= sourceId and textLength < r.textLength then
      return reply('unchanged', '', storyId, {})
    end
    replaceText(r, storyId)
    local changed = categoryIdsOf(r.categories)
    if #categoryIds > 0 then
      -- The edit was categorized afresh: move the story to its new categories, scored by its
      -- record's published time (the one its zsets already hold).
      for _, id in ipairs(changed) do
        if not contains(categoryIds, id) then removeNow(categoryPrefix .. id, storyId) end
      end
      addToCategories(storyId, r.published)
      for _, id in ipairs(categoryIds) do
        if not contains(changed, id) then changed[#changed + 1] = id end
      end
      r.categories = categoriesJson
    end
    writeRecord(storyId, r)
    return reply('updated', '', storyId, changed)
  end

  -- Another source's copy of a stored story: list the source, keep the fullest text. matched:
  -- the signature of the version the item was found by, if any, and matchedId the alias holding it
  -- (nil for the story's own).
  local function merge(storyId, r, kind, linkOwner, matched, matchedId)
    local isChanged = false
    if not entryOf(r) then
      if r.sources == '[]' then r.sources = '[' .. sourceEntry .. ']'
      else r.sources = string.sub(r.sources, 1, -2) .. ',' .. sourceEntry .. ']' end
      isChanged = true
    end
    if textLength > r.textLength then
      replaceText(r, storyId)
      isChanged = true
    elseif signature ~= '' and signature ~= r.signature and signature ~= matched then
      -- Later copies may resemble this version more than the stored one: it becomes an alias,
      -- which its index entries name, if it is a copy of the story's own version (one found by
      -- an alias is a step further from it, and steps drift to follow-ups) and no deck or summary
      -- next to the story's text (a follow-up telling the same facts resembles a summary as much
      -- as a copy does). Else its entries (and any, once every alias is taken) name the version it
      -- was found by, so that an item sharing only them is compared with that one. On the rewrite
      -- sets' tuning parts through the store (scripts/eval/dedupe-store.ts), aliases of decks, of
      -- versions found by an alias, or of fuller copies (the record keeping the first version's
      -- signature) made more false merges for as many stories joined, or not many more.
      local alias
      if not matchedId and textLength * ${SUMMARY_RATIO} >= r.textLength then alias = newAlias(storyId, signature) end
      fileInIndex(alias or matchedId or storyId)
    end
    if isChanged then writeRecord(storyId, r) end
    claimGuid(storyId)
    claimLink(storyId, linkOwner)
    if isChanged then return reply('duplicate', kind, storyId, categoryIdsOf(r.categories)) end
    return reply('duplicate', kind, storyId, {})
  end

  local function create(storyId, linkOwner)
    local r = {
      signature = signature, textLength = textLength, updated = itemUpdated, textSource = '',
      sources = '[' .. sourceEntry .. ']', categories = categoriesJson, published = published, text = textJson,
    }
    writeRecord(storyId, r)
    addLater(allKey, published, storyId)
    firstSeen[#firstSeen + 1] = toBytes(storyId) .. nowBytes
    addToCategories(storyId, published)
    claimGuid(storyId)
    claimLink(storyId, linkOwner)
    if signature ~= '' then fileInIndex(storyId) end
    return reply('new', '', storyId, categoryIds)
  end

  -- What a story found by link does with this item: merge a copy, or tell this source's own items apart.
  local function byLink(storyId, r, owner)
    local entry = entryOf(r)
    if entry and entry.item ~= itemKey then return nil end
    if r.isTombstone then return reply('unchanged', 'link', storyId, {}) end
    return merge(storyId, r, 'link', owner)
  end

  -- The candidate's similarity to the item, if it has a record (its signature read first).
  local item
  local function compared(raw)
    local candidate = candidates[raw]
    if candidate == nil then
      -- The signature first (it leads the record, after its length: MAX_SIGNATURE_BYTES at
      -- most, 255 for records an older release wrote), the whole record only for a copy. The
      -- offsets as strings: Redis would format numbers with sprintf('%.17g') on every call.
      local head = redis.pcall('GETRANGE', storyPrefix .. toHex(raw), '0', '${MAX_SIGNATURE_BYTES + 2}')
      candidate = false
      if type(head) == 'string' and #head > 1 then
        local stored = signatureOf(head)
        candidate, signatures[raw] = candidateOf(split(stored)), stored
      end
      candidates[raw] = candidate
    end
    if not candidate then return 0 end
    -- The item's values, once it meets its first candidate.
    item = item or itemOf(words, shingles, facts, figures, textWords)
    return similarity(item, candidate)
  end

  -- Candidates are the live stories of the item's index entries, each compared once, at most
  -- maxCandidates. A full entry (maxPerEntry live stories) is a phrase or a name many stories
  -- share (boilerplate, a stock phrase, a common name): the more stories the store holds, the more
  -- of an item's entries are full, and reading every story they hold made the work per item grow
  -- with the store. So a story held by full entries alone and by no other of the item's entries is
  -- compared only among the newest CROWDED_CANDIDATES of them (newest first, across those
  -- entries); the rest, stories of sparse entries and stories sharing two entries with the item,
  -- are all compared, in the order the entries hold them, first.
  local function nearestCopy()
    local held, isSparse, order, crowded = {}, {}, {}, {}
    for i = 1, #indexHashes, 4 do
      local ids = entryAt(string.sub(indexHashes, i, i + 3))
      local live = {}
      for j = 1, #ids, 12 do
        if isLiveAt(ids, j + 10) then live[#live + 1] = string.sub(ids, j, j + 9) end
      end
      local isFull = #live >= maxPerEntry
      if isFull then crowded[#crowded + 1] = live end
      for _, raw in ipairs(live) do
        if not held[raw] then
          held[raw] = 1
          order[#order + 1] = raw
        else held[raw] = held[raw] + 1 end
        if not isFull then isSparse[raw] = true end
      end
    end
    local bestId, best, bestSimilarity, bestRaw = nil, nil, -1, nil
    local checked = 0
    local function check(raw)
      checked = checked + 1
      local s = compared(raw)
      -- A source repeating its own text under a new guid (a daily briefing, a weekly
      -- column) is a new story, not a copy: only other sources' stories are candidates.
      if s > 0 and s > bestSimilarity then
        local id = toHex(raw)
        local r = readRecord(id)
        -- A version merged into a story: the story it names.
        if r and r.isAlias then
          id = r.story
          r = readRecord(id)
          if r and r.isAlias then r = nil end
        end
        if r and not entryOf(r) then bestId, best, bestSimilarity, bestRaw = id, r, s, raw end
      end
    end
    local function found()
      if not bestRaw then return bestId, best end
      local matchedId = toHex(bestRaw)
      return bestId, best, signatures[bestRaw], matchedId ~= bestId and matchedId or nil
    end
    for _, raw in ipairs(order) do
      if checked >= maxCandidates then return found() end
      if isSparse[raw] or held[raw] > 1 then check(raw) end
    end
    local budget = math.min(maxCandidates - checked, ${CROWDED_CANDIDATES})
    for back = 0, maxPerEntry - 1 do
      for _, live in ipairs(crowded) do
        if budget <= 0 then return found() end
        local raw = live[#live - back]
        if raw and held[raw] == 1 and not isSparse[raw] then
          held[raw] = 0
          budget = budget - 1
          check(raw)
        end
      end
    end
    return found()
  end

  if hasLink then owner, storedLink = lookup(linkClaim) end
  local known
  known, storedGuid = lookup(guidClaim)
  if known then
    local storyId = toHex(string.sub(known, 1, 10))
    local r = readRecord(storyId)
    if r and not r.isTombstone then return update(storyId, r, string.sub(known, 11)) end
    -- Retention removed the story: the same item again is nothing new; an edit is stored afresh.
    if r and string.sub(known, 11) == fingerprint then return reply('unchanged', 'guid', storyId, {}) end
    if r then return create(storyId, owner) end
  end

  local ownerId, ownerRecord
  if owner then
    ownerId = toHex(owner)
    ownerRecord = readRecord(ownerId)
    -- A claim outliving its story's tombstone names nothing: the link is free again.
    if not ownerRecord then owner = nil end
  end
  if ownerRecord then
    local outcome = byLink(ownerId, ownerRecord, owner)
    if outcome then return outcome end
  end
  local derived
  if ownerId == linkId then derived = ownerRecord else derived = readRecord(linkId) end
  if derived and linkId ~= guidId and ownerId ~= linkId then
    -- The story this link once made, whose claim is gone.
    local outcome = byLink(linkId, derived, owner)
    if outcome then return outcome end
  end

  if signature ~= '' then
    words, shingles, facts, figures, textWords = split(signature)
    local copyOf, r, matched, matchedId = nearestCopy()
    if copyOf then
      if r.isTombstone then return reply('unchanged', 'near', copyOf, {}) end
      return merge(copyOf, r, 'near', owner, matched, matchedId)
    end
  end

  -- The story this source's guid once made, whose claim is gone (only such an item can have one).
  local own = derived
  if linkId ~= guidId then own = derived and readRecord(guidId) end
  if own and own.isTombstone then return reply('unchanged', 'guid', guidId, {}) end
  if own then return update(guidId, own, '') end
  -- The link's own id is taken by another item of this source: this item's id comes from its guid.
  if derived then return create(guidId, owner) end
  return create(linkId, owner)
end

local out = {}
for i = 0, itemCount - 1 do
  out[#out + 1] = ingestOne(11 + i * ${ITEM_ARGS})
end
writePending()
saveBuckets()
return out
`;
