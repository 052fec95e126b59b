// The Lua script that records a batch of polls into a `feedmill once` run, once per source. A
// source can be polled twice in one run: when a worker is starved (a loaded machine, a stopped
// process) past its job's lock, the stalled-job check hands the job to another worker while the
// first may still finish it (issue 9: 1,314 polls counted for 1,000 sources). Its later outcome
// then replaces the earlier one in the counters, so the run counts every source exactly once and
// `once` does not take a double count for the end of the polls.
//
// KEYS[1]: the run's hash (counters, `error:<source>`, `warning:<source>`); KEYS[2]: the run's
// outcomes (source -> JSON of the counters it added). ARGV[1]: TTL (s); then pairs of a source
// id and its outcome as JSON {"counts": {counter: n}, "fields": {name: value}}.
// Nothing is recorded once the run's hash is gone: `once` created it and deletes it at its end,
// and a poll finishing later (its job's lock lost long before) must not bring it back.
// Reply: how many sources were recorded.

export const recordRunOutcomesLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local recorded = 0
for i = 2, #ARGV, 2 do
  local source = ARGV[i]
  local outcome = cjson.decode(ARGV[i + 1])
  local before = redis.call('HGET', KEYS[2], source)
  if before then
    for counter, n in pairs(cjson.decode(before)) do redis.call('HINCRBY', KEYS[1], counter, -n) end
  end
  for counter, n in pairs(outcome.counts) do redis.call('HINCRBY', KEYS[1], counter, n) end
  redis.call('HSET', KEYS[2], source, cjson.encode(outcome.counts))
  redis.call('HDEL', KEYS[1], 'error:' .. source, 'warning:' .. source)
  for name, value in pairs(outcome.fields) do redis.call('HSET', KEYS[1], name .. ':' .. source, value) end
  recorded = recorded + 1
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return recorded
`;
