// The Lua script behind StoryStore.ingest(): the whole dedupe check-and-claim for ONE item,
// so that workers receiving copies of one story at the same moment make exactly one story.
// Kept as a TypeScript string so that it ships inside the compiled code (no copy step).
//
// Order of tests: same guid from the same source (unchanged / updated in place), then the
// same canonical link (or the same derived story id), then near-duplicate text through the
// LSH buckets, else a new story. The similarity estimate repeats estimateSimilarity() in
// src/dedupe/near-duplicate.ts: signatures are fixed-width hex, 8 digits per MinHash value.
//
// KEYS[1] guid key, KEYS[2] link key, KEYS[3] story key of the derived id, KEYS[4] all stories,
// KEYS[5] category index, KEYS[6 .. 5+bands] LSH buckets, then the item's category zsets.
// ARGV: named at the top, in the order StoryStore.queueIngest() passes them; ARGV[1] is the
// story key prefix from Keys, so that story ids found in buckets and claims become keys.
// Story hash fields are JSON values; fields starting with "_" are the store's own
// bookkeeping (signature, text length, claim and category keys) and never reach a Story.
// Reply: { status, duplicateKind or "", storyId, changed category ids... }

export const ingestItemLua = `
local guidKey, linkKey, derivedKey, allKey, categoryIndexKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local storyPrefix = ARGV[1]
local derivedId = ARGV[2]
local now = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local threshold = tonumber(ARGV[5])
local fingerprint = ARGV[6]
local sourceId = ARGV[7]
local hasLink = ARGV[8] == '1'
local signature = ARGV[9]
local textLength = tonumber(ARGV[10])
local published = tonumber(ARGV[11])
local bandCount = tonumber(ARGV[12])
local maxBucket = tonumber(ARGV[13])
local maxCandidates = tonumber(ARGV[14])
local sourceEntry = ARGV[15]
local categoriesJson = ARGV[16]
local textPairCount = tonumber(ARGV[17])

local categoryIds = {}
for _, c in ipairs(cjson.decode(categoriesJson)) do categoryIds[#categoryIds + 1] = c.id end

local textFields = {}
for i = 18, 17 + textPairCount * 2 do textFields[#textFields + 1] = ARGV[i] end
local createFields = {}
for i = 18 + textPairCount * 2, #ARGV do createFields[#createFields + 1] = ARGV[i] end

local categoryKeys = {}
for i = 6 + bandCount, #KEYS do categoryKeys[#categoryKeys + 1] = KEYS[i] end

local function decodeList(raw)
  if not raw or raw == '' then return {} end
  return cjson.decode(raw)
end

local function contains(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

-- Appends a key name to a JSON list field (the keys prune() must clean up with the story).
local function remember(storyKey, field, key)
  local list = decodeList(redis.call('HGET', storyKey, field))
  if not contains(list, key) then
    list[#list + 1] = key
    redis.call('HSET', storyKey, field, cjson.encode(list))
  end
end

local function listsSource(rawSources)
  for _, s in ipairs(decodeList(rawSources)) do if s.id == sourceId then return true end end
  return false
end

local function storyCategories(storyKey)
  local ids = {}
  for _, c in ipairs(decodeList(redis.call('HGET', storyKey, 'categories'))) do ids[#ids + 1] = c.id end
  return ids
end

local function claimGuid(storyId)
  redis.call('SET', guidKey, storyId .. ' ' .. fingerprint, 'PX', window)
  remember(storyPrefix .. storyId, '_guidKeys', guidKey)
end

local function claimLink(storyId)
  if not hasLink then return end
  redis.call('SET', linkKey, storyId, 'PX', window)
  remember(storyPrefix .. storyId, '_linkKeys', linkKey)
end

local function fileInBuckets(storyId)
  for i = 6, 5 + bandCount do
    if redis.call('SADD', KEYS[i], storyId) == 1 then
      -- Keep a boilerplate bucket from growing without bound (nearestCopy skips it anyway).
      local excess = redis.call('SCARD', KEYS[i]) - maxBucket
      if excess > 0 then redis.call('SPOP', KEYS[i], excess) end
    end
    redis.call('PEXPIRE', KEYS[i], window)
  end
end

local function replaceText(storyKey, storyId)
  redis.call('HSET', storyKey, unpack(textFields))
  redis.call('HSET', storyKey, 'updated', now, '_signature', signature, '_textLength', textLength, '_textSource', sourceId)
  fileInBuckets(storyId)
end

local function reply(status, kind, storyId, changed)
  local out = { status, kind, storyId }
  for _, id in ipairs(changed) do out[#out + 1] = id end
  return out
end

-- Same guid again: the item this source already delivered, maybe edited since.
local function update(storyId, storedFingerprint)
  local storyKey = storyPrefix .. storyId
  if storedFingerprint == fingerprint then
    redis.call('PEXPIRE', guidKey, window)
    return reply('unchanged', '', storyId, {})
  end
  claimGuid(storyId)
  claimLink(storyId)
  local stored = redis.call('HMGET', storyKey, '_textSource', '_textLength')
  -- A merged story shows its fullest version; a shorter edit by another source does not replace it.
  if stored[1] ~= sourceId and textLength < tonumber(stored[2] or '0') then
    return reply('unchanged', '', storyId, {})
  end
  replaceText(storyKey, storyId)
  local changed = storyCategories(storyKey)
  if #categoryIds > 0 then
    -- The edit was categorized afresh: move the story to its new categories.
    for _, key in ipairs(decodeList(redis.call('HGET', storyKey, '_categoryKeys'))) do redis.call('ZREM', key, storyId) end
    local score = redis.call('ZSCORE', allKey, storyId) or published
    for _, key in ipairs(categoryKeys) do
      redis.call('ZADD', key, score, storyId)
      redis.call('SADD', categoryIndexKey, key)
    end
    redis.call('HSET', storyKey, 'categories', categoriesJson, '_categoryKeys', cjson.encode(categoryKeys))
    for _, id in ipairs(categoryIds) do
      if not contains(changed, id) then changed[#changed + 1] = id end
    end
  end
  return reply('updated', '', storyId, changed)
end

-- Another source's copy of a stored story: list the source, keep the fullest text.
local function merge(storyId, kind)
  local storyKey = storyPrefix .. storyId
  local isChanged = false
  local rawSources = redis.call('HGET', storyKey, 'sources')
  if not listsSource(rawSources) then
    local sources = decodeList(rawSources)
    sources[#sources + 1] = cjson.decode(sourceEntry)
    redis.call('HSET', storyKey, 'sources', cjson.encode(sources))
    isChanged = true
  end
  if textLength > tonumber(redis.call('HGET', storyKey, '_textLength') or '0') then
    replaceText(storyKey, storyId)
    isChanged = true
  elseif signature ~= '' then
    -- Later copies may resemble this version more than the stored one.
    fileInBuckets(storyId)
  end
  claimGuid(storyId)
  claimLink(storyId)
  if isChanged then return reply('duplicate', kind, storyId, storyCategories(storyKey)) end
  return reply('duplicate', kind, storyId, {})
end

local function similarity(a, b)
  if #a ~= #b or #a == 0 then return 0 end
  local equal = 0
  for i = 1, #a, 8 do
    if string.sub(a, i, i + 7) == string.sub(b, i, i + 7) then equal = equal + 1 end
  end
  return equal / (#a / 8)
end

local function nearestCopy()
  local seen, checked = {}, 0
  local bestId, bestSimilarity = nil, -1
  for i = 6, 5 + bandCount do
    -- A full bucket is boilerplate ("Subscribe to our newsletter"); its members say nothing.
    if redis.call('SCARD', KEYS[i]) < maxBucket then
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do
        if not seen[id] and checked < maxCandidates then
          seen[id] = true
          checked = checked + 1
          local stored = redis.call('HMGET', storyPrefix .. id, '_signature', 'sources')
          -- A source repeating its own text under a new guid (a daily briefing, a weekly
          -- column) is a new story, not a copy: only other sources' stories are candidates.
          if stored[1] and not listsSource(stored[2]) then
            local s = similarity(signature, stored[1])
            if s >= threshold and s > bestSimilarity then bestId, bestSimilarity = id, s end
          end
        end
      end
    end
  end
  return bestId
end

local function create()
  redis.call('HSET', derivedKey, unpack(createFields))
  redis.call('HSET', derivedKey, unpack(textFields))
  redis.call('HSET', derivedKey, 'categories', categoriesJson, 'sources', '[' .. sourceEntry .. ']',
    '_signature', signature, '_textLength', textLength, '_textSource', sourceId,
    '_categoryKeys', cjson.encode(categoryKeys), '_guidKeys', '[]', '_linkKeys', '[]')
  redis.call('ZADD', allKey, published, derivedId)
  for _, key in ipairs(categoryKeys) do
    redis.call('ZADD', key, published, derivedId)
    redis.call('SADD', categoryIndexKey, key)
  end
  claimGuid(derivedId)
  claimLink(derivedId)
  if signature ~= '' then fileInBuckets(derivedId) end
  return reply('new', '', derivedId, categoryIds)
end

local known = redis.call('GET', guidKey)
if known then
  local storyId, storedFingerprint = string.match(known, '^(%S+) (%S*)$')
  if storyId and redis.call('EXISTS', storyPrefix .. storyId) == 1 then return update(storyId, storedFingerprint) end
end

if hasLink then
  local linked = redis.call('GET', linkKey)
  if linked and redis.call('EXISTS', storyPrefix .. linked) == 1 then return merge(linked, 'link') end
end
if redis.call('EXISTS', derivedKey) == 1 then
  -- The story this link (or this source's guid) once made, whose claim keys have expired.
  return merge(derivedId, hasLink and 'link' or 'guid')
end

if signature ~= '' then
  local copyOf = nearestCopy()
  if copyOf then return merge(copyOf, 'near') end
end

return create()
`;
