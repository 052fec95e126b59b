// Schedules synced together must not all tick in the same millisecond: new sources are polled at
// once, and their later polls fall at points spread over the interval, each source at its own.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { syncSchedulers } from '../../src/app/schedulers.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

const SOURCES = 60;
const INTERVAL_MS = 10 * 60_000;
let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await createTestPipeline({
    defaults: { interval: '10m' },
    categories: [{ id: 'news', title: 'News' }],
    sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `feed-${i}`, url: `http://127.0.0.1:9/${i}.xml` })),
  });
});

afterAll(async () => {
  await pipeline?.close();
});

test('new sources are polled at once, then tick at points spread over their interval', async () => {
  const before = Date.now();
  const sync = await syncSchedulers(pipeline.runtime);
  expect(sync.added).toHaveLength(SOURCES);
  const queue = pipeline.runtime.queues.poll;
  const now = await queue.getJobs(['waiting']);
  expect(now.map((j) => j.data.sourceId).sort()).toEqual(pipeline.config.sources.map((s) => s.id).sort());

  const schedulers = await queue.getJobSchedulers(0, -1, true);
  const next = schedulers.map((s) => Number(s.next) - before);
  expect(next).toHaveLength(SOURCES);
  // The first tick comes one interval after the poll made now, at the source's own point of the next one.
  expect(Math.min(...next)).toBeGreaterThanOrEqual(INTERVAL_MS);
  expect(Math.max(...next)).toBeLessThan(2 * INTERVAL_MS + 5_000);
  // Spread: each tenth of the interval holds some of the 60 sources, none holds most of them.
  const tenths = new Map<number, number>();
  for (const ms of next) {
    const tenth = Math.floor(((ms - INTERVAL_MS) / INTERVAL_MS) * 10);
    tenths.set(tenth, (tenths.get(tenth) ?? 0) + 1);
  }
  expect(tenths.size).toBeGreaterThanOrEqual(8);
  expect(Math.max(...tenths.values())).toBeLessThan(SOURCES / 3);

  // Synced again (a restart): nothing added, nothing polled twice.
  const again = await syncSchedulers(pipeline.runtime);
  expect(again).toMatchObject({ added: [], updated: [], removed: [], unchanged: SOURCES });
  expect(await queue.getWaitingCount()).toBe(SOURCES);
});
