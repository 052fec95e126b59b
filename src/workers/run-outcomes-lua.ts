// The Lua script that records a batch of polls into a `feedmill once` run, once per source. A
// source can be polled twice in one run: when a worker is starved (a loaded machine, a stopped
// process) past its job's lock, the stalled-job check hands the job to another worker while the
// first may still finish it (issue 9: 1,314 polls counted for 1,000 sources). Its later outcome
// then replaces the earlier one in the counters, so the run counts every source exactly once and
// `once` does not take a double count for the end of the polls; except that an outcome which
// fetched the feed is never replaced by one which did not (the second poll finds the feed unchanged
// because the first stored its validators, and the summary must still say what was fetched).
//
// KEYS[1]: the run's hash (counters, `error:<source>`, `warning:<source>`); KEYS[2]: the run's
// outcomes (source -> JSON of the counters it added). ARGV[1]: TTL (s); then pairs of a source
// id and its outcome as JSON {"counts": {counter: n}, "fields": {name: value}}.
// Nothing is recorded once the run's hash is gone: `once` created it and deletes it at its end,
// and a poll finishing later (its job's lock lost long before) must not bring it back.
// Reply: how many sources were recorded.

export const recordRunOutcomesLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local sources, outcomes = {}, {}
for i = 2, #ARGV, 2 do
  sources[#sources + 1] = ARGV[i]
  outcomes[#outcomes + 1] = cjson.decode(ARGV[i + 1])
end
-- One read, one write of the outcomes and one increment per counter for the whole batch: a
-- second poll of a source is rare, and only then are its earlier counts and fields taken back.
local before = redis.call('HMGET', KEYS[2], unpack(sources))
local delta, fields, recorded = {}, {}, {}
for i, source in ipairs(sources) do
  local earlier = before[i] and cjson.decode(before[i])
  if not (earlier and (earlier.fetched or 0) > 0 and (outcomes[i].counts.fetched or 0) == 0) then
    if earlier then
      for counter, n in pairs(earlier) do delta[counter] = (delta[counter] or 0) - n end
      redis.call('HDEL', KEYS[1], 'error:' .. source, 'warning:' .. source)
    end
    for counter, n in pairs(outcomes[i].counts) do delta[counter] = (delta[counter] or 0) + n end
    for name, value in pairs(outcomes[i].fields) do
      fields[#fields + 1] = name .. ':' .. source
      fields[#fields + 1] = value
    end
    recorded[#recorded + 1] = source
    recorded[#recorded + 1] = cjson.encode(outcomes[i].counts)
  end
end
for counter, n in pairs(delta) do
  if n ~= 0 then redis.call('HINCRBY', KEYS[1], counter, n) end
end
if #recorded > 0 then redis.call('HSET', KEYS[2], unpack(recorded)) end
if #fields > 0 then redis.call('HSET', KEYS[1], unpack(fields)) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return #sources
`;
