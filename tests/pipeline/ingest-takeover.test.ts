// An ingest job taken over from a worker that stopped (or stood still past its lock) after storing
// its stories, but before asking for their renders: the second run finds every story already
// stored, and must ask for the renders anyway, or the stories wait for the next change to show.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { IngestJobData } from '../../src/workers/queues.js';
import { createIngestProcessor } from '../../src/workers/ingest.js';
import { rss } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await createTestPipeline({
    categories: [{ id: 'news', title: 'News' }],
    sources: [{ id: 'desk', url: 'http://127.0.0.1:9/desk.xml', category: 'news' }],
  });
});

afterAll(async () => {
  await pipeline?.close();
});

test('a taken-over ingest job whose stories are stored already still asks for their categories\' renders', async () => {
  const feed = await parseFeed(rss('Desk', [{ title: 'Harbor ferries change their winter timetable', link: 'https://news.example/ferries' }]), { url: 'http://127.0.0.1:9/desk.xml', now: Date.now() });
  const data: IngestJobData = { sourceId: 'desk', items: feed.items, polledAt: Date.now() };
  const ingest = createIngestProcessor(pipeline.runtime);
  const job = (stalledCounter: number) => ({ id: `ingest-${stalledCounter}`, data, attemptsMade: 0, stalledCounter }) as unknown as Job<IngestJobData>;

  const first = await ingest(job(0));
  expect(first).toMatchObject({ newStories: 1, categories: ['news'] });
  // The same job run again as BullMQ runs a stalled one: same attempt, stalled once.
  expect(await ingest(job(1))).toMatchObject({ newStories: 0, unchanged: 1, categories: ['news'] });
  // A different job that brings nothing new asks for nothing.
  expect(await ingest(job(0))).toMatchObject({ newStories: 0, categories: [] });
});
