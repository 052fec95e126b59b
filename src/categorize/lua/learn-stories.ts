// The Lua script behind recordLearned(): teaches the classifier a batch of certain stories in
// one atomic round trip, within two bounds. Each source counts for at most `cap` stories in each
// category (a prolific fixed source cannot outweigh every other source, or pull other sources'
// stories into its category with its own habits of phrase): when a source at its cap teaches
// again, the category's learned counts, its totals and every source's count in it are halved
// first, so learning keeps following what sources say now, old stories weighing half at each
// halving, and no count ever passes what `cap` stories per source could give. Each category keeps
// at most `maxWords` learned features: past that, the rarest are dropped until 90% remain (a word
// seen once carries no evidence anyway, see LEARNED_DISCOUNT), and the totals lose their counts;
// among equally rare words the first in byte order go, so that which go does not depend on the
// order a hash happens to list its fields in.
//
// Each category whose counts a call changes gets its "generation:<category>" in the totals hash
// bumped, and one entry on its change list (LEARNED_CHANGES_KEPT kept): how many times the call
// halved the category, then every feature whose count the call changed, one a line. Readers keep a
// copy of the counts (learned-counts.ts) and bring it up to date from those entries.
//
// KEYS[1] totals hash, KEYS[2] per-source hash ("<category>\t<source>" -> stories taught),
// KEYS[2 + i] token hash and KEYS[2 + n + i] change list of the i-th category of ARGV.
// ARGV[1] cap, ARGV[2] maxWords, ARGV[3] number of categories n, ARGV[4 .. 3 + n] their ids,
// then per story: category index (1-based), source id, feature count k, k features.
// Reply: number of stories learned.

/** Entries each category's change list keeps: a reader further behind reads the whole category again. */
export const LEARNED_CHANGES_KEPT = 16;

export const learnStoriesLua = `
local totalsKey, sourcesKey = KEYS[1], KEYS[2]
local cap = tonumber(ARGV[1])
local maxWords = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local categories = {}
for i = 1, n do categories[i] = ARGV[3 + i] end
-- Halves what a category has learned: its word counts (rounded down; a word at zero goes), its
-- totals, and each source's story count in it (rounded up, so that a word's count never exceeds
-- the stories its sources are still charged with).
local function halve(index)
  local category = categories[index]
  local tokens = KEYS[2 + index]
  local flat = redis.call('HGETALL', tokens)
  local kept = 0
  for i = 1, #flat, 2 do
    local half = math.floor(tonumber(flat[i + 1]) / 2)
    if half == 0 then
      redis.call('HDEL', tokens, flat[i])
    else
      redis.call('HSET', tokens, flat[i], half)
      kept = kept + half
    end
  end
  redis.call('HSET', totalsKey, 'tokens:' .. category, kept)
  redis.call('HSET', totalsKey, 'docs:' .. category, math.floor(tonumber(redis.call('HGET', totalsKey, 'docs:' .. category) or '0') / 2))
  local prefix = category .. '\\t'
  local sources = redis.call('HGETALL', sourcesKey)
  for i = 1, #sources, 2 do
    if string.sub(sources[i], 1, #prefix) == prefix then
      redis.call('HSET', sourcesKey, sources[i], math.ceil(tonumber(sources[i + 1]) / 2))
    end
  end
end

local touched = {}
-- Per category index: how many times it was halved, and the features whose counts changed (as a set and in order).
local halvings, changed, changedList = {}, {}, {}
local function note(index, feature)
  if not changed[index][feature] then
    changed[index][feature] = true
    changedList[index][#changedList[index] + 1] = feature
  end
end
local learned = 0
local at = 4 + n
while at <= #ARGV do
  local index, source, k = tonumber(ARGV[at]), ARGV[at + 1], tonumber(ARGV[at + 2])
  local category = categories[index]
  local field = category .. '\\t' .. source
  if not touched[index] then
    touched[index], halvings[index], changed[index], changedList[index] = true, 0, {}, {}
  end
  if tonumber(redis.call('HGET', sourcesKey, field) or '0') >= cap then
    halve(index)
    halvings[index] = halvings[index] + 1
  end
  redis.call('HINCRBY', sourcesKey, field, 1)
  local tokens = KEYS[2 + index]
  for j = 1, k do
    redis.call('HINCRBY', tokens, ARGV[at + 2 + j], 1)
    note(index, ARGV[at + 2 + j])
  end
  redis.call('HINCRBY', totalsKey, 'tokens:' .. category, k)
  redis.call('HINCRBY', totalsKey, 'docs:' .. category, 1)
  learned = learned + 1
  at = at + 3 + k
end

for index in pairs(touched) do
  local tokens = KEYS[2 + index]
  if redis.call('HLEN', tokens) > maxWords then
    local flat = redis.call('HGETALL', tokens)
    local entries = {}
    for i = 1, #flat, 2 do entries[#entries + 1] = { flat[i], tonumber(flat[i + 1]) } end
    table.sort(entries, function(a, b) return a[2] < b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local excess = #entries - math.floor(maxWords * 0.9)
    local dropped = 0
    for i = 1, excess do
      redis.call('HDEL', tokens, entries[i][1])
      note(index, entries[i][1])
      dropped = dropped + entries[i][2]
    end
    redis.call('HINCRBY', totalsKey, 'tokens:' .. categories[index], -dropped)
  end
end
for index in pairs(touched) do
  local changes = KEYS[2 + n + index]
  redis.call('RPUSH', changes, halvings[index] .. '\\n' .. table.concat(changedList[index], '\\n'))
  redis.call('LTRIM', changes, -${LEARNED_CHANGES_KEPT}, -1)
  redis.call('HINCRBY', totalsKey, 'generation:' .. categories[index], 1)
end
return learned
`;
