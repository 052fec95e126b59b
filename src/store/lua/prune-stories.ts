// The Lua script behind StoryStore.prune(): retention by age, then by count per category,
// with each removed story's index entries (category zsets, all stories, and the guid and link
// claims that still point at it). At most `budget` stories per call, so one call never blocks
// Redis for long; the caller calls again while a call removes its full budget.
//
// KEYS[1] all stories, KEYS[2] category index. ARGV[1] story key prefix, ARGV[2] cutoff
// (published before it is too old), ARGV[3] max stories per category, ARGV[4] budget.
// Reply: number of stories removed.

export const pruneStoriesLua = `
local allKey, categoryIndexKey = KEYS[1], KEYS[2]
local storyPrefix = ARGV[1]
local cutoff = ARGV[2]
local maxPerCategory = tonumber(ARGV[3])
local budget = tonumber(ARGV[4])
local removed = 0

local function decodeList(raw)
  if not raw or raw == '' then return {} end
  return cjson.decode(raw)
end

local function remove(storyId)
  local storyKey = storyPrefix .. storyId
  local stored = redis.call('HMGET', storyKey, '_categoryKeys', '_linkKeys', '_guidKeys')
  for _, key in ipairs(decodeList(stored[1])) do redis.call('ZREM', key, storyId) end
  redis.call('ZREM', allKey, storyId)
  for _, key in ipairs(decodeList(stored[2])) do
    if redis.call('GET', key) == storyId then redis.call('DEL', key) end
  end
  for _, key in ipairs(decodeList(stored[3])) do
    local claim = redis.call('GET', key)
    if claim and string.match(claim, '^(%S+)') == storyId then redis.call('DEL', key) end
  end
  redis.call('DEL', storyKey)
  removed = removed + 1
end

for _, storyId in ipairs(redis.call('ZRANGEBYSCORE', allKey, '-inf', '(' .. cutoff, 'LIMIT', 0, budget)) do
  remove(storyId)
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

return removed
`;
