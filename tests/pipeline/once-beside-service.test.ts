// `feedmill once` beside a running `feedmill start` on the same Redis and prefix: the service's
// queues are never idle (its schedulers keep a delayed poll job a source, and a retrying ingest
// or render waits out its backoff as a delayed job). The run waits for its own jobs and the
// renders of what it stored, not for the service's jobs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { ROLES } from '../../src/workers/queues.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

const HOUR = 3_600_000;
let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers | undefined;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/port.xml': { body: rss('Port Desk', [{ title: 'Night ferry to the islands returns for the summer', link: 'https://news.example/port/ferry' }]) },
    '/rail.xml': { body: rss('Rail Desk', [{ title: 'Signal upgrade closes the coast line for a weekend', link: 'https://news.example/rail/signals' }]) },
  });
  pipeline = await createTestPipeline({
    fetch: { concurrency: 1, hostGap: '0s' },
    categories: [{ id: 'news', title: 'News' }],
    sources: [
      { id: 'port', url: `${feeds.url}/port.xml`, category: 'news' },
      { id: 'rail', url: `${feeds.url}/rail.xml`, category: 'news' },
    ],
  });
});

afterAll(async () => {
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

test('a run beside a service whose queues are never idle ends when its own polls, ingests and renders are done', async () => {
  const { runtime, outputDir } = pipeline;
  const { poll, ingest, publish } = runtime.queues;
  // What the service leaves in the queues: a scheduled poll, and an ingest and a render waiting out a retry's backoff.
  await poll.upsertJobScheduler('port', { every: HOUR, startDate: Date.now() + HOUR }, { name: 'poll', data: { sourceId: 'port' } });
  await ingest.add('ingest', { sourceId: 'elsewhere', items: [], polledAt: Date.now() }, { delay: HOUR });
  await publish.add('render', { categoryId: 'news', requestedAt: Date.now() }, { delay: HOUR });
  workers = startWorkers(runtime, ROLES);

  const timeoutMs = 20_000;
  const summary = await runOnce(runtime, { timeoutMs });
  expect(summary.interrupted).toBe(false);
  expect(summary.durationMs).toBeLessThan(timeoutMs / 2);
  expect(summary).toMatchObject({ sources: 2, fetched: 2, failed: 0, newStories: 2, errors: [] });
  // 'general' (the default category) has no story: its feed, never written before, is asked for by the run.
  expect(summary.categoriesWritten.sort()).toEqual(['all', 'general', 'news']);
  // The renders of what the run stored were written before it ended.
  const news = readFileSync(path.join(outputDir, 'news.rss'), 'utf8');
  expect(news).toContain('Night ferry to the islands returns for the summer');
  expect(news).toContain('Signal upgrade closes the coast line for a weekend');
  // The service's jobs are left as they were.
  expect([await poll.getDelayedCount(), await ingest.getDelayedCount(), await publish.getDelayedCount()]).toEqual([1, 1, 1]);
});
