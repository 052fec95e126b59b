// The Lua script that reads the classifier's learned counts (src/categorize/learned-counts.ts).
// It exists for the client's sake: a batch asks about a thousand features in nine category
// hashes, and as plain commands that is nine thousand arguments to build and nine thousand
// replies to decode per ingest job. Here the features travel once, as one string, and each
// category's counts come back as one string of "index:count" pairs for the features it knows.
// The client keeps what it read while the learned counts' generation (the totals hash's
// "generation" field, which every learning call bumps) stays the same: it lists the features it
// has not read yet first, and only those are looked up; when the generation moved on, all are.
//
// KEYS[1]: totals hash; KEYS[1 + c]: token hash of category c. ARGV[1]: the generation the
// client's cache is of; ARGV[2]: how many of the features, from the first, it has not read at that
// generation; ARGV[3]: the features, one a line.
// Reply: for each category, its "i:count,..." string (1-based feature index, of the features
// looked up) and its HLEN; then the totals as HGETALL (with the current generation).
export const readLearnedLua = `
local generation = redis.call('HGET', KEYS[1], 'generation') or '0'
local wanted = math.huge
if generation == ARGV[1] then wanted = tonumber(ARGV[2]) end
local features = {}
if wanted > 0 then
  for feature in string.gmatch(ARGV[3], '[^\\n]+') do
    features[#features + 1] = feature
    if #features >= wanted then break end
  end
end
local out = {}
local n = #features
for k = 2, #KEYS do
  local parts = {}
  local size = redis.call('HLEN', KEYS[k])
  -- A category that learned nothing yet (or a fresh install) has nothing to look up.
  if size > 0 then
    -- HMGET in slices: unpack() of many thousand values would overflow Lua's stack.
    for from = 1, n, 1000 do
      local to = math.min(from + 999, n)
      local values = redis.call('HMGET', KEYS[k], unpack(features, from, to))
      for i = 1, to - from + 1 do
        local v = values[i]
        if v then parts[#parts + 1] = (from + i - 1) .. ':' .. v end
      end
    end
  end
  out[#out + 1] = table.concat(parts, ',')
  out[#out + 1] = size
end
out[#out + 1] = redis.call('HGETALL', KEYS[1])
return out
`;
