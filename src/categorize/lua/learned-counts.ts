// The Lua script that reads the classifier's learned counts (src/categorize/learned-counts.ts).
// Each Categorizer keeps a copy of every category's learned counts and the generation it copied
// (the totals hash's "generation:<category>", which learning bumps for each category it changes):
// a batch costs one call that returns the totals, and for a category whose generation moved on
// since the copy, what changed: from the category's change list (lua/learn-stories.ts) the times
// it was halved and the current counts of the features learning changed, or, when the copy is
// further behind than the list reaches, the whole hash. A reader never sends the batch's features:
// with nothing learned since the last batch, the call does the same small work however long the batch.
//
// KEYS[1]: totals hash; KEYS[1 + c]: token hash of category c; KEYS[1 + C + c]: its change list.
// ARGV[2c - 1]: category c's id; ARGV[2c]: the generation of the reader's copy ('' for none).
// Reply: the totals as HGETALL; then for each category, its HLEN and
//   0 when the copy is current,
//   { 'all', feature, count, ... } (HGETALL) to replace it, or
//   { halvings, feature, count, ... } to update it (count '0': the feature was dropped).
export const readLearnedLua = `
local categories = (#KEYS - 1) / 2
local out = { redis.call('HGETALL', KEYS[1]) }
for c = 1, categories do
  local tokens, changes = KEYS[1 + c], KEYS[1 + categories + c]
  local generation = tonumber(redis.call('HGET', KEYS[1], 'generation:' .. ARGV[2 * c - 1]) or '0')
  local copied = tonumber(ARGV[2 * c])
  out[#out + 1] = redis.call('HLEN', tokens)
  if copied == generation then
    out[#out + 1] = 0
  elseif copied and generation > copied and generation - copied <= redis.call('LLEN', changes) then
    local halvings, seen, features = 0, {}, {}
    for _, entry in ipairs(redis.call('LRANGE', changes, copied - generation, -1)) do
      local first = true
      for line in string.gmatch(entry, '[^\\n]+') do
        if first then
          halvings = halvings + tonumber(line)
          first = false
        elseif not seen[line] then
          seen[line] = true
          features[#features + 1] = line
        end
      end
    end
    local reply = { tostring(halvings) }
    -- HMGET in slices: unpack() of many thousand values would overflow Lua's stack.
    for from = 1, #features, 1000 do
      local to = math.min(from + 999, #features)
      local values = redis.call('HMGET', tokens, unpack(features, from, to))
      for i = 1, to - from + 1 do
        reply[#reply + 1] = features[from + i - 1]
        reply[#reply + 1] = values[i] or '0'
      end
    end
    out[#out + 1] = reply
  else
    local all = redis.call('HGETALL', tokens)
    table.insert(all, 1, 'all')
    out[#out + 1] = all
  end
end
return out
`;
