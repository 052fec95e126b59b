// Per-category activity in a real Redis: hourly buckets, a bounded window, one read for all
// categories, and the chart it feeds on the index page.
import { afterAll, expect, test } from 'vitest';
import { ACTIVITY_HOURS, readActivity, recordActivities, recordActivity } from '../../src/server/activity.js';
import { Keys } from '../../src/shared/keys.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';
import { get, makeConfig, publish, startServer } from './serve.js';
import { story } from '../output/stories.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12, 30);

const redis = connectTestRedis();
const prefixes: string[] = [];
function freshKeys(): Keys {
  const prefix = uniquePrefix('activity');
  prefixes.push(prefix);
  return new Keys(prefix);
}
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

test('counts land in the hour they happened, newest hour last', async () => {
  const keys = freshKeys();
  const pipeline = redis.pipeline();
  recordActivity(pipeline, keys, 'tech', NOW, 3);
  recordActivity(pipeline, keys, 'tech', NOW - 10 * 60_000, 2);
  recordActivity(pipeline, keys, 'tech', NOW - 5 * HOUR, 4);
  recordActivity(pipeline, keys, 'world', NOW - 24 * HOUR, 1);
  await pipeline.exec();

  const activity = await readActivity(redis, keys, ['tech', 'world', 'quiet'], NOW);
  expect(Object.keys(activity)).toEqual(['tech', 'world', 'quiet']);
  const tech = activity.tech!;
  expect(tech).toHaveLength(ACTIVITY_HOURS);
  expect(tech.at(-1)).toBe(5);
  expect(tech.at(-6)).toBe(4);
  expect(tech.reduce((a, b) => a + b, 0)).toBe(9);
  expect(activity.world!.at(-25)).toBe(1);
  expect(activity.quiet!.every((n) => n === 0)).toBe(true);
});

test('a batch of stories records the same counts as one call per story, in a few commands', async () => {
  const keys = freshKeys();
  const times = [NOW, NOW - 10 * 60_000, NOW - 5 * HOUR, NOW - 5 * HOUR - 60_000, NOW - (ACTIVITY_HOURS + 3) * HOUR];
  const pipeline = redis.pipeline();
  recordActivities(pipeline, keys, 'tech', NOW, times.map((at) => [at, 1]));
  // One HINCRBY per hour bucket in the window, one sweep, one expiry.
  expect(pipeline.length).toBe(2 + 2);
  await pipeline.exec();
  const tech = (await readActivity(redis, keys, ['tech'], NOW)).tech!;
  expect([tech.at(-1), tech.at(-6), tech.reduce((a, b) => a + b, 0)]).toEqual([2, 2, 4]);
});

test('within one hour only the first recording sweeps old buckets: later ingest jobs send no sweep', async () => {
  const keys = freshKeys();
  const first = redis.pipeline();
  recordActivity(first, keys, 'tech', NOW, 1);
  expect(first.length).toBe(3); // HINCRBY, sweep, expiry
  await first.exec();
  const later = redis.pipeline();
  recordActivity(later, keys, 'tech', NOW + 60_000, 1);
  expect(later.length).toBe(2); // HINCRBY, expiry
  await later.exec();
  const nextHour = redis.pipeline();
  recordActivity(nextHour, keys, 'tech', NOW + HOUR, 1);
  expect(nextHour.length).toBe(3);
  await nextHour.exec();
  const tech = (await readActivity(redis, keys, ['tech'], NOW + HOUR)).tech!;
  expect(tech.reduce((a, b) => a + b, 0)).toBe(3);
});

test('old buckets are dropped: the hash stays within the window and expires when idle', async () => {
  const keys = freshKeys();
  // A busy category recording every 7 hours for 40 days.
  for (let t = NOW - 40 * 24 * HOUR; t <= NOW; t += 7 * HOUR) {
    const pipeline = redis.pipeline();
    recordActivity(pipeline, keys, 'tech', t, 1);
    await pipeline.exec();
  }
  const fields = (await redis.hkeys(keys.activity('tech'))).map(Number);
  const nowHour = Math.floor(NOW / HOUR);
  expect(Math.min(...fields)).toBeGreaterThan(nowHour - ACTIVITY_HOURS - 1);
  expect(fields.length).toBeLessThanOrEqual(ACTIVITY_HOURS / 7 + 1);
  const ttl = await redis.pttl(keys.activity('tech'));
  expect(ttl).toBeGreaterThan(13 * 24 * HOUR);
  expect(ttl).toBeLessThanOrEqual(ACTIVITY_HOURS * HOUR);
});

test('the index page draws one chart per category when Redis is given, none without', async () => {
  const keys = freshKeys();
  const now = Date.now();
  const pipeline = redis.pipeline();
  recordActivity(pipeline, keys, 'tech', now - 2 * HOUR, 6);
  recordActivity(pipeline, keys, 'world', now, 1);
  await pipeline.exec();

  const config = await makeConfig();
  await publish(config, { id: 'tech', title: 'Tech & Science' }, [story('a', { published: now - 60_000, updated: now - 60_000 })]);
  const withRedis = await startServer(config, { redis, keys });
  try {
    const html = (await get(`${withRedis.url}/`)).body.toString('utf8');
    expect(html.match(/<svg class="activity"/g)).toHaveLength(3);
    expect(html).toContain('Tech &amp; Science: 6 stories in the last 14 days');
    expect(html).toContain('World: 1 story in the last 14 days');
  } finally {
    withRedis.server.closeAllConnections();
    await new Promise((resolve) => withRedis.server.close(resolve));
  }
  const withoutRedis = await startServer(config);
  try {
    const html = (await get(`${withoutRedis.url}/`)).body.toString('utf8');
    expect(html).not.toContain('<svg');
    expect(html).toContain('Story a');
  } finally {
    await withoutRedis.close();
  }
});
