// The Lua script that reads the classifier's learned counts (src/categorize/learned-counts.ts).
// It exists for the client's sake: a batch asks about a thousand features in nine category
// hashes, and as plain commands that is nine thousand arguments to build and nine thousand
// replies to decode per ingest job. Here the features travel once, as one string, and each
// category's counts come back as one string of "index:count" pairs for the features it knows.
//
// KEYS[1]: totals hash; KEYS[1 + c]: token hash of category c. ARGV[1]: the features, one a line.
// Reply: for each category, its "i:count,..." string (1-based feature index) and its HLEN; then the totals as HGETALL.
export const readLearnedLua = `
local features = {}
for feature in string.gmatch(ARGV[1], '[^\\n]+') do features[#features + 1] = feature end
local out = {}
local n = #features
for k = 2, #KEYS do
  local parts = {}
  -- HMGET in slices: unpack() of many thousand values would overflow Lua's stack.
  for from = 1, n, 1000 do
    local to = math.min(from + 999, n)
    local values = redis.call('HMGET', KEYS[k], unpack(features, from, to))
    for i = 1, to - from + 1 do
      local v = values[i]
      if v then parts[#parts + 1] = (from + i - 1) .. ':' .. v end
    end
  end
  out[#out + 1] = table.concat(parts, ',')
  out[#out + 1] = redis.call('HLEN', KEYS[k])
end
out[#out + 1] = redis.call('HGETALL', KEYS[1])
return out
`;
