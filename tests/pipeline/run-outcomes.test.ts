// The script that records a batch of polls into a `once` run: a source polled twice in one run
// (its job taken over from a starved worker) counts once, with its later outcome.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Keys } from '../../src/shared/keys.js';
import { recordRunOutcomesLua } from '../../src/workers/run-outcomes-lua.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';

let redis: Redis;
const prefix = uniquePrefix('run');
const keys = new Keys(prefix);
const run = keys.run('r1');

beforeAll(() => {
  redis = connectTestRedis();
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

type Outcome = { counts: Record<string, number>; fields: Record<string, string> };
const record = (outcomes: Record<string, Outcome>) =>
  redis.eval(recordRunOutcomesLua, 2, run, keys.runOutcomes('r1'), 60, ...Object.entries(outcomes).flatMap(([id, o]) => [id, JSON.stringify(o)]));

const fetched = (items: number): Outcome => ({ counts: { polled: 1, fetched: 1, items }, fields: {} });
const notModified: Outcome = { counts: { polled: 1, notModified: 1 }, fields: {} };
const failed: Outcome = { counts: { polled: 1, failed: 1 }, fields: { error: '{"code":"CONNECTION","message":"reset"}' } };

test('nothing is recorded before the run starts or after it ended', async () => {
  expect(await record({ a: fetched(3) })).toBe(0);
  expect(await redis.exists(run, keys.runOutcomes('r1'))).toBe(0);
});

test('a source polled again replaces its counts and its error; the others add up', async () => {
  await redis.hset(run, 'sources', 3);
  expect(await record({ a: fetched(3), b: failed })).toBe(2);
  expect(await redis.hgetall(run)).toEqual({ sources: '3', polled: '2', fetched: '1', items: '3', failed: '1', 'error:b': failed.fields.error });
  // The same job run again by the worker that took it over: b now fetched, a fetched with one more item.
  expect(await record({ a: fetched(4), b: fetched(2) })).toBe(2);
  expect(await record({ c: failed })).toBe(1);
  expect(await redis.hgetall(run)).toEqual({ sources: '3', polled: '3', fetched: '2', items: '6', failed: '1', 'error:c': failed.fields.error });
  expect(await redis.ttl(run)).toBeGreaterThan(0);
});

test('a second poll that finds the feed unchanged, because the first stored its validators, leaves the fetch counted', async () => {
  const second = keys.run('r2');
  await redis.hset(second, 'sources', 1);
  const recordIn = (outcomes: Record<string, Outcome>) =>
    redis.eval(recordRunOutcomesLua, 2, second, keys.runOutcomes('r2'), 60, ...Object.entries(outcomes).flatMap(([id, o]) => [id, JSON.stringify(o)]));
  expect(await recordIn({ a: fetched(5) })).toBe(1);
  expect(await recordIn({ a: notModified })).toBe(1);
  expect(await redis.hgetall(second)).toEqual({ sources: '1', polled: '1', fetched: '1', items: '5' });
});
