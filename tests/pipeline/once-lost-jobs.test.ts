// A `once` poll job can end without polling its sources: BullMQ fails a job that stalled more
// often than allowed (its worker killed again and again). The run must not wait for its
// --timeout then: it ends when no poll job is left, and lists those sources with the job's fate.
import { Worker } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { QUEUE_NAMES, ROLES } from '../../src/workers/queues.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { until } from '../ops/until.js';

// One poll slot: six sources make two jobs of three.
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers | undefined;

beforeAll(async () => {
  feeds = await startFeedServer(Object.fromEntries(ids.map((id) => [`/${id}.xml`, { body: rss(`Desk ${id}`, [{ title: `Ferry timetable ${id} changes for winter`, link: `https://news.example/${id}` }]) }])));
  pipeline = await createTestPipeline({
    fetch: { concurrency: 1, hostGap: '0s' },
    categories: [{ id: 'news', title: 'News' }],
    sources: ids.map((id) => ({ id, url: `${feeds.url}/${id}.xml` })),
  });
});

afterAll(async () => {
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

test('a poll job that failed without polling its sources ends the run with them listed, not at its timeout', async () => {
  const { runtime } = pipeline;
  const timeoutMs = 20_000;
  const run = runOnce(runtime, { timeoutMs });
  await until('the run\'s poll jobs', async () => (await runtime.queues.poll.getWaitingCount()) === 2, 10_000);
  // What the stalled-job check does to a job past maxStalledCount, done by hand to the run's first job.
  const taker = new Worker(QUEUE_NAMES.poll, null, { connection: runtime.connection(), prefix: runtime.keys.bullPrefix });
  const job = await taker.getNextJob('test-token');
  expect(job?.data.sourceIds).toEqual(['a', 'b', 'c']);
  await job?.moveToFailed(new Error('job stalled more than allowable limit'), 'test-token', false);
  await taker.close();
  workers = startWorkers(runtime, ROLES);

  const summary = await run;
  expect(summary.interrupted).toBe(false);
  expect(summary.durationMs).toBeLessThan(timeoutMs / 2);
  expect(summary).toMatchObject({ sources: 6, fetched: 3, failed: 3, newStories: 3 });
  expect(summary.errors.map((e) => [e.source, e.code])).toEqual([
    ['a', 'INTERNAL'],
    ['b', 'INTERNAL'],
    ['c', 'INTERNAL'],
  ]);
  expect(summary.errors[0]?.message).toMatch(/^not polled: its poll job once-.+ failed: job stalled more than allowable limit$/);
});
