// A `once` poll job can end without polling its sources: BullMQ fails a job that stalled more
// often than allowed (its worker killed again and again). The run must not wait for its
// --timeout then: it ends when none of its own poll jobs is left, and lists those sources with the
// job's fate, even beside a running service whose job schedulers keep poll jobs in the queue.
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

test('beside a service whose scheduled poll jobs never leave the queue, a run whose jobs were lost ends within seconds and lists their sources', async () => {
  // Two poll slots: eight sources make four jobs of two.
  const ids8 = ['g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'];
  const own = await startFeedServer(Object.fromEntries(ids8.map((id) => [`/${id}.xml`, { body: rss(`Desk ${id}`, [{ title: `Harbour works ${id} close the quay`, link: `https://news.example/${id}` }]) }])));
  const beside = await createTestPipeline({
    fetch: { concurrency: 2, hostGap: '0s' },
    categories: [{ id: 'news', title: 'News' }],
    sources: ids8.map((id) => ({ id, url: `${own.url}/${id}.xml` })),
  });
  let running: RunningWorkers | undefined;
  try {
    const { runtime } = beside;
    // What `feedmill start` leaves in the queue between ticks: a source's scheduler and its next, delayed, poll job.
    await runtime.queues.poll.upsertJobScheduler('g', { every: 3_600_000, startDate: Date.now() + 3_600_000 }, { name: 'poll', data: { sourceId: 'g' } });
    expect(await runtime.queues.poll.getDelayedCount()).toBe(1);

    const timeoutMs = 20_000;
    const run = runOnce(runtime, { timeoutMs });
    await until('the run\'s poll jobs', async () => (await runtime.queues.poll.getWaitingCount()) === 4, 10_000);
    const taker = new Worker(QUEUE_NAMES.poll, null, { connection: runtime.connection(), prefix: runtime.keys.bullPrefix });
    // The run's first job fails for good; its second completes without polling (a worker cut short),
    // and is removed as the run's completed jobs are.
    const first = await taker.getNextJob('test-token');
    expect(first?.data.sourceIds).toEqual(['g', 'h']);
    await first?.moveToFailed(new Error('job stalled more than allowable limit'), 'test-token', false);
    const second = await taker.getNextJob('test-token');
    expect(second?.data.sourceIds).toEqual(['i', 'j']);
    await second?.moveToCompleted([], 'test-token', false);
    await taker.close();
    running = startWorkers(runtime, ROLES);

    const summary = await run;
    expect(summary.interrupted).toBe(false);
    expect(summary.durationMs).toBeLessThan(timeoutMs / 2);
    expect(summary).toMatchObject({ sources: 8, fetched: 4, failed: 4, newStories: 4 });
    expect(summary.errors.map((e) => [e.source, e.code])).toEqual([
      ['g', 'INTERNAL'],
      ['h', 'INTERNAL'],
      ['i', 'INTERNAL'],
      ['j', 'INTERNAL'],
    ]);
    expect(summary.errors[0]?.message).toMatch(/^not polled: its poll job once-.+-0 failed: job stalled more than allowable limit$/);
    expect(summary.errors[2]?.message).toMatch(/^not polled: its poll job once-.+-1 ended without polling it/);
    // The service's scheduled poll is left as it was.
    expect(await runtime.queues.poll.getDelayedCount()).toBe(1);
  } finally {
    await running?.close();
    await beside.close();
    await own.close();
  }
});
