// A `once` poll job hands the new items of all its sources to ingest in one job: each source's
// items are still stored and counted apart, and a source whose items fail is retried alone.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { IngestJobData, IngestSourceItems } from '../../src/workers/queues.js';
import { createIngestProcessor, type IngestSummary } from '../../src/workers/ingest.js';
import { rss } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await createTestPipeline({
    categories: [{ id: 'news', title: 'News' }],
    sources: ['desk', 'wire', 'post'].map((id) => ({ id, url: `http://127.0.0.1:9/${id}.xml`, category: 'news' })),
  });
});

afterAll(async () => {
  await pipeline?.close();
});

async function itemsOf(sourceId: string, title: string): Promise<IngestSourceItems> {
  const url = `http://127.0.0.1:9/${sourceId}.xml`;
  const feed = await parseFeed(rss(sourceId, [{ title, link: `https://${sourceId}.example/${title.length}` }]), { url, now: Date.now() });
  return { sourceId, items: feed.items };
}

test('one source failing in a batched ingest job fails and is retried alone; the others are stored and counted once', async () => {
  const runtime = pipeline.runtime;
  const runId = 'batch-run';
  await runtime.redis.hset(runtime.keys.run(runId), 'sources', 3);
  const sources = [
    await itemsOf('desk', 'Harbor ferries change their winter timetable'),
    await itemsOf('wire', 'Council approves the new library on Mill Street'),
    await itemsOf('post', 'Orchestra opens its season with a free concert'),
  ];
  const ingest = createIngestProcessor(runtime);
  const original = runtime.store.ingest.bind(runtime.store);
  let failWire = true;
  const spy = vi.spyOn(runtime.store, 'ingest').mockImplementation(async (items, now) => {
    if (failWire && items.some((i) => i.source.id === 'wire')) throw new Error('wire: a bad item');
    return original(items, now);
  });
  let data: IngestJobData = { sources, polledAt: Date.now(), runId };
  const job = (attemptsMade: number) =>
    ({ id: 'ingest-batch', data, attemptsMade, stalledCounter: 0, updateData: async (next: IngestJobData) => void (data = next) }) as unknown as Job<IngestJobData>;
  try {
    await expect(ingest(job(0))).rejects.toThrow('wire: a bad item');
    // The retry carries only the source that failed.
    expect(data.sources?.map((s) => s.sourceId)).toEqual(['wire']);
    expect((await runtime.redis.smembers(runtime.keys.runIngested(runId))).sort()).toEqual(['desk', 'post']);
    expect(await runtime.redis.hget(runtime.keys.run(runId), 'newStories')).toBe('2');

    failWire = false;
    const retried = (await ingest(job(1))) as IngestSummary[];
    expect(retried.map((s) => [s.sourceId, s.newStories])).toEqual([['wire', 1]]);
    expect((await runtime.redis.smembers(runtime.keys.runIngested(runId))).sort()).toEqual(['desk', 'post', 'wire']);
    expect(await runtime.redis.hget(runtime.keys.run(runId), 'newStories')).toBe('3');
    expect((await runtime.store.countByCategory(['all'])).all).toBe(3);
  } finally {
    spy.mockRestore();
  }
});
