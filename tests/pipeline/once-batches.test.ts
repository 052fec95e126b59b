// `feedmill once` polls its sources in batches (several per poll job) when there are many more
// sources than poll slots: every source is still polled exactly once per run, a source that fails
// costs its batch nothing, and the summary and each source's state say what happened to each.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pollBatches, runOnce } from '../../src/app/run-once.js';
import { readSourceStates } from '../../src/app/source-state.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { ROLES } from '../../src/workers/queues.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

const SOURCES = 24;
const ids = Array.from({ length: SOURCES }, (_, i) => `feed-${String(i).padStart(2, '0')}`);
// One in six answers 404: two in every batch of twelve, neither at its end.
const failing = ids.filter((_, i) => i % 6 === 3);
const good = ids.filter((id) => !failing.includes(id));

let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers;

beforeAll(async () => {
  feeds = await startFeedServer(
    Object.fromEntries(
      good.map((id) => [
        `/${id}.xml`,
        { body: rss(`Desk ${id}`, [{ title: `Harbor report number ${id} on tides and ferries`, link: `https://news.example/${id}` }]), headers: { etag: `"${id}"` } },
      ]),
    ),
  );
  pipeline = await createTestPipeline({
    // One poll slot: 24 sources make batches of twelve.
    fetch: { concurrency: 1, hostGap: '0s', perHost: 4 },
    categories: [{ id: 'news', title: 'News' }],
    sources: ids.map((id) => ({ id, url: `${feeds.url}/${id}.xml` })),
  });
  workers = startWorkers(pipeline.runtime, ROLES);
});

afterAll(async () => {
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

/** Poll jobs this process's poll worker finished during `during` (a run's finished jobs are not kept). */
async function pollJobsFinished(during: () => Promise<unknown>): Promise<number> {
  const poll = workers.workers.find((w) => w.name === 'poll');
  let finished = 0;
  const count = () => finished++;
  poll?.on('completed', count);
  try {
    await during();
  } finally {
    poll?.off('completed', count);
  }
  return finished;
}

const requestsPerFeed = () => {
  const counts = new Map<string, number>();
  for (const r of feeds.requests) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  return ids.map((id) => counts.get(`/${id}.xml`) ?? 0);
};

test('the sources are polled in batches, each exactly once, a failing one costing its batch nothing', async () => {
  expect(pollBatches(ids, 1).map((b) => b.length)).toEqual([12, 12]);
  // Whole rounds of the slots, sizes one apart: no last round of a few jobs polling on an otherwise idle process.
  const many = pollBatches(Array.from({ length: 1000 }, (_, i) => `s${i}`), 32);
  expect(many).toHaveLength(64);
  expect(new Set(many.map((b) => b.length))).toEqual(new Set([15, 16]));
  expect(many.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => `s${i}`));
  // Several processes: one job a slot of each, and never fewer than one process gets.
  expect(pollBatches(Array.from({ length: 1000 }, (_, i) => `s${i}`), 32, 2)).toHaveLength(64);
  expect(pollBatches(Array.from({ length: 1000 }, (_, i) => `s${i}`), 32, 4)).toHaveLength(128);
  let summary!: Awaited<ReturnType<typeof runOnce>>;
  const jobs = await pollJobsFinished(async () => (summary = await runOnce(pipeline.runtime, { timeoutMs: 30_000 })));
  expect(summary).toMatchObject({ sources: SOURCES, fetched: good.length, failed: failing.length, items: good.length, newStories: good.length, interrupted: false });
  expect(summary.errors.map((e) => e.source)).toEqual(failing);
  expect(requestsPerFeed()).toEqual(ids.map(() => 1));
  expect(jobs).toBe(2);
  // Nothing of the run is left in the queue: its jobs' outcomes are in the summary.
  expect(await pipeline.runtime.queues.poll.getJobCounts('completed', 'failed', 'waiting', 'active')).toEqual({ completed: 0, failed: 0, waiting: 0, active: 0 });

  const states = await readSourceStates(pipeline.runtime.redis, pipeline.runtime.keys, ids);
  expect(ids.map((id) => states.get(id)?.lastStatus)).toEqual(ids.map((id) => (failing.includes(id) ? 'failed' : 'fetched')));
  expect(good.map((id) => states.get(id)?.etag)).toEqual(good.map((id) => `"${id}"`));
  const all = JSON.parse(readFileSync(path.join(pipeline.outputDir, 'all.json'), 'utf8')) as { items: unknown[] };
  expect(all.items).toHaveLength(good.length);
});

test('a second run sends each source its validators and counts every 304', async () => {
  feeds.requests.length = 0;
  for (const id of good) feeds.routes.set(`/${id}.xml`, { status: 304, body: '' });
  const summary = await runOnce(pipeline.runtime, { timeoutMs: 30_000 });
  expect(summary).toMatchObject({ sources: SOURCES, fetched: 0, notModified: good.length, failed: failing.length, newStories: 0 });
  expect(requestsPerFeed()).toEqual(ids.map(() => 1));
  const validators = feeds.requests.filter((r) => good.some((id) => r.path === `/${id}.xml`)).map((r) => r.headers['if-none-match']);
  expect(validators.sort()).toEqual(good.map((id) => `"${id}"`));
  const states = await readSourceStates(pipeline.runtime.redis, pipeline.runtime.keys, good);
  expect(good.map((id) => states.get(id)?.lastStatus)).toEqual(good.map(() => 'not-modified'));
});

test('a run for two processes makes no more poll jobs than one for a single process', async () => {
  let summary!: Awaited<ReturnType<typeof runOnce>>;
  const jobs = await pollJobsFinished(async () => (summary = await runOnce(pipeline.runtime, { timeoutMs: 30_000, processes: 2 })));
  expect(summary).toMatchObject({ sources: SOURCES, notModified: good.length, failed: failing.length, interrupted: false });
  expect(jobs).toBe(2);
});
