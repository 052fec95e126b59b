// Ingest asks for the renders of the categories it changed, but not again for one whose render it
// already asked for and that has not started: the waiting render reads every story stored until
// it starts. These tests hold what readers rely on: every change is rendered, a change stored
// after a render started gets a render of its own, and a change marker left behind by a process
// that stopped before asking (or a render that failed for good) still gets its render asked for.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { createIngestProcessor } from '../../src/workers/ingest.js';
import { createPublishProcessor } from '../../src/workers/publish.js';
import type { IngestJobData, PublishJobData } from '../../src/workers/queues.js';
import { rss } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await createTestPipeline({
    categories: [{ id: 'news', title: 'News' }],
    categorize: { learn: false },
    sources: [{ id: 'desk', url: 'http://127.0.0.1:9/desk.xml', category: 'news' }],
  });
});

afterAll(async () => {
  await pipeline?.close();
});

let jobs = 0;
async function ingestJob(title: string, slug: string): Promise<Job<IngestJobData>> {
  const feed = await parseFeed(rss('Desk', [{ title, link: `https://news.example/${slug}` }]), { url: 'http://127.0.0.1:9/desk.xml', now: Date.now() });
  return { id: `ingest-${++jobs}`, data: { sourceId: 'desk', items: feed.items, polledAt: Date.now() }, attemptsMade: 0, stalledCounter: 0 } as unknown as Job<IngestJobData>;
}

/** The render requests waiting in the publish queue, by category. */
async function waitingRenders(): Promise<string[]> {
  const waiting = await pipeline.runtime.queues.publish.getJobs(['waiting', 'prioritized']);
  return waiting.map((job) => (job.data as PublishJobData).categoryId).sort();
}

/** Runs the waiting renders as the publish worker would, and empties the queue. */
async function renderWaiting(): Promise<void> {
  const publish = createPublishProcessor(pipeline.runtime);
  const waiting = await pipeline.runtime.queues.publish.getJobs(['waiting', 'prioritized']);
  for (const job of waiting) {
    await publish(job as Job<PublishJobData>);
    await job.remove();
  }
}

const titlesIn = (categoryId: string) =>
  (JSON.parse(readFileSync(path.join(pipeline.outputDir, `${categoryId}.json`), 'utf8')) as { items: { title: string }[] }).items.map((i) => i.title).sort();

test('changes stored while a render waits are all in that render; a change after it started is rendered again', async () => {
  const ingest = createIngestProcessor(pipeline.runtime);
  await ingest(await ingestJob('Harbor ferries change their winter timetable', 'ferries'));
  await ingest(await ingestJob('Council approves the new bridge budget', 'bridge'));
  await ingest(await ingestJob('Library opens a second reading room', 'library'));
  expect(await waitingRenders()).toEqual(['all', 'news']);
  await renderWaiting();
  expect(titlesIn('news')).toEqual(['Council approves the new bridge budget', 'Harbor ferries change their winter timetable', 'Library opens a second reading room']);

  await ingest(await ingestJob('Tram line reopens after repairs', 'tram'));
  expect(await waitingRenders()).toEqual(['all', 'news']);
  await renderWaiting();
  expect(titlesIn('all')).toContain('Tram line reopens after repairs');
});

test('a change marker left by a process that stopped before asking for the render is still asked for', async () => {
  // The marker as a process leaves it when it stops between storing and asking: set, with no render waiting.
  await pipeline.runtime.redis.hset(pipeline.runtime.keys.categoryState('news'), 'pendingSince', Date.now() - 1000);
  await pipeline.runtime.redis.hset(pipeline.runtime.keys.categoryState('all'), 'pendingSince', Date.now() - 1000);
  expect(await waitingRenders()).toEqual([]);
  const ingest = createIngestProcessor(pipeline.runtime);
  await ingest(await ingestJob('Market hall gets a new roof', 'roof'));
  expect(await waitingRenders()).toEqual(['all', 'news']);
  await renderWaiting();
  expect(titlesIn('news')).toContain('Market hall gets a new roof');
});

test('a process that asked before asks again once its request was taken, even while a marker is set', async () => {
  const ingest = createIngestProcessor(pipeline.runtime);
  await ingest(await ingestJob('Park fountain restored', 'fountain'));
  expect(await waitingRenders()).toEqual(['all', 'news']);
  await renderWaiting();
  // A render that failed for good puts the marker back (publish.ts) and no request waits any more.
  await pipeline.runtime.redis.hset(pipeline.runtime.keys.categoryState('news'), 'pendingSince', Date.now() - 1000);
  await ingest(await ingestJob('School choir wins the regional prize', 'choir'));
  expect(await waitingRenders()).toEqual(['all', 'news']);
  await renderWaiting();
  expect(titlesIn('news')).toContain('School choir wins the regional prize');
});
