// The worker heartbeat in a real Redis: what `feedmill status` reads as "workers alive".
import { hostname } from 'node:os';
import { afterAll, expect, test } from 'vitest';
import { HEARTBEAT_STALE_MS, readWorkers, startHeartbeat } from '../../src/ops/heartbeat.js';
import { Keys } from '../../src/shared/keys.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';
import { until } from './until.js';

const redis = connectTestRedis();
const prefixes: string[] = [];
function freshKeys(): Keys {
  const prefix = uniquePrefix('beat');
  prefixes.push(prefix);
  return new Keys(prefix);
}
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

test('a running process is listed with its roles, and removed on a clean stop', async () => {
  const keys = freshKeys();
  const started = Date.now();
  const heartbeat = startHeartbeat(redis, keys, ['poll', 'ingest']);
  await until('the first beat', async () => (await readWorkers(redis, keys)).length === 1, 3000);
  const [entry] = await readWorkers(redis, keys);
  expect(entry).toMatchObject({ id: `${hostname()}:${process.pid}`, host: hostname(), pid: process.pid, roles: ['poll', 'ingest'] });
  expect(entry!.startedAt).toBeGreaterThanOrEqual(started);
  expect(entry!.lastSeen).toBeGreaterThanOrEqual(entry!.startedAt);

  await heartbeat.stop();
  expect(await readWorkers(redis, keys)).toEqual([]);
  expect(await redis.hlen(keys.workers)).toBe(0);
});

test('lastSeen moves on with every beat', async () => {
  const keys = freshKeys();
  const heartbeat = startHeartbeat(redis, keys, ['publish'], { intervalMs: 50 });
  await until('the first beat', async () => (await readWorkers(redis, keys)).length === 1, 3000);
  const first = (await readWorkers(redis, keys))[0]!.lastSeen;
  await until('a later beat', async () => ((await readWorkers(redis, keys))[0]?.lastSeen ?? 0) > first, 3000);
  await heartbeat.stop();
});

test('a process that died without cleaning up is ignored by readers and deleted by the next writer', async () => {
  const keys = freshKeys();
  const now = Date.now();
  const dead = JSON.stringify({ roles: ['poll'], startedAt: now - 3_600_000, lastSeen: now - HEARTBEAT_STALE_MS - 1000 });
  const recent = JSON.stringify({ roles: ['ingest'], startedAt: now - 5000, lastSeen: now - 5000 });
  await redis.hset(keys.workers, { 'gone-host:41': dead, 'other-host:7': recent, 'garbled-host:9': 'not json' });

  const live = await readWorkers(redis, keys, now);
  expect(live.map((w) => w.id)).toEqual(['other-host:7']);
  expect(live[0]).toMatchObject({ host: 'other-host', pid: 7, roles: ['ingest'] });

  const heartbeat = startHeartbeat(redis, keys, ['poll']);
  await until('the stale entry to be cleaned', async () => (await redis.hexists(keys.workers, 'gone-host:41')) === 0, 3000);
  expect((await redis.hkeys(keys.workers)).sort()).toEqual([`${hostname()}:${process.pid}`, 'other-host:7'].sort());
  await heartbeat.stop();
  expect(await redis.hkeys(keys.workers)).toEqual(['other-host:7']);
});
