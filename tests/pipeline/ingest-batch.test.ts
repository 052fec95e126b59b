// A `once` poll job hands the new items of its sources to ingest in one job, or in one per
// INGEST_HANDOFF_ITEMS of them: each source's items are still stored and counted apart, and a
// source whose items fail is retried alone.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { INGEST_HANDOFF_ITEMS } from '../../src/workers/poll.js';
import { ROLES, type IngestJobData, type IngestSourceItems } from '../../src/workers/queues.js';
import { createIngestProcessor, type IngestSummary } from '../../src/workers/ingest.js';
import { startWorkers } from '../../src/workers/run-workers.js';
import { rss, startFeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { rng } from '../../bench/scale/farm-data.js';

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

/** Words for titles and summaries no two of which the dedupe takes for the same story. */
function storyText(seed: number, words: number): string {
  const vocabulary = (
    'harbor ferry council library orchestra season tide bridge market school budget railway museum garden ' +
    'stadium festival river clinic bakery theater airport vineyard quarry lighthouse tramway orchard glacier ' +
    'parliament election drought harvest satellite volcano archive cathedral canal factory hospital prison ' +
    'university laboratory reservoir pipeline tunnel highway forest meadow island desert mountain valley ' +
    'copper timber cotton grain cattle salmon granite marble silver engine turbine battery reactor telescope'
  ).split(' ');
  // The scale farm's seeded generator: the same words for the same seed.
  const next = rng(seed);
  return Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string).join(' ');
}

test('a batch whose new items pass the bound is handed to ingest in several jobs, every story stored once', async () => {
  // One poll slot: 12 sources make two batches of six; 50 items each pass the bound after five.
  const perSource = 50;
  const ids = Array.from({ length: 12 }, (_, i) => `desk-${String(i).padStart(2, '0')}`);
  expect(6 * perSource).toBeGreaterThan(INGEST_HANDOFF_ITEMS);
  const feeds = await startFeedServer(
    Object.fromEntries(
      ids.map((id, s) => [
        `/${id}.xml`,
        {
          body: rss(
            `Desk ${id}`,
            Array.from({ length: perSource }, (_, i) => ({
              title: storyText(s * 1000 + i, 8),
              link: `https://news.example/${id}/${i}`,
              description: storyText(s * 1000 + i + 500_000, 30),
            })),
          ),
        },
      ]),
    ),
  );
  const batched = await createTestPipeline({
    fetch: { concurrency: 1, hostGap: '0s', perHost: 4 },
    categories: [{ id: 'news', title: 'News' }],
    sources: ids.map((id) => ({ id, url: `${feeds.url}/${id}.xml`, category: 'news' })),
  });
  const workers = startWorkers(batched.runtime, ROLES);
  const handedOn: number[] = [];
  const add = batched.runtime.queues.ingest.add.bind(batched.runtime.queues.ingest);
  const spy = vi.spyOn(batched.runtime.queues.ingest, 'add').mockImplementation(async (name, data, opts) => {
    handedOn.push((data.sources ?? [data]).reduce((n, entry) => n + (entry.items?.length ?? 0), 0));
    return add(name, data, opts);
  });
  try {
    const summary = await runOnce(batched.runtime, { timeoutMs: 60_000 });
    expect(summary).toMatchObject({ sources: ids.length, fetched: ids.length, failed: 0, items: ids.length * perSource, interrupted: false });
    // Each batch: five sources' items as soon as they reach the bound, the sixth's at its end.
    expect(handedOn).toEqual([250, 50, 250, 50]);
    expect(summary).toMatchObject({ newStories: ids.length * perSource, duplicates: 0 });
    expect((await batched.runtime.store.countByCategory(['all'])).all).toBe(ids.length * perSource);
  } finally {
    spy.mockRestore();
    await workers.close();
    await batched.close();
    await feeds.close();
  }
});
