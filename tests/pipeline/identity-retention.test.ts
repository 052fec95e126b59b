// Through the real pipeline (BullMQ queues, Redis, a local feed server): items of one feed that
// share a link stay apart, and a story retention removed is not stored again as new when a
// syndicated copy of it arrives in a later run; the run's summary counts what was stored.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { ROLES } from '../../src/workers/queues.js';
import { type RunningWorkers, startWorkers } from '../../src/workers/run-workers.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toUTCString();
const lede = (n: number) =>
  `The regional council approved plan number ${n} for the harbour district on Monday, after a debate that lasted well into the night. Officials said work on the first phase would begin in the spring and cost about ${n * 10} million euros, with the rest to follow over five years.`;
const deskItems = [1, 2, 3, 4, 5].map((n) => ({
  title: `Council approves harbour plan ${n}`,
  link: `https://desk.example/harbour/${n}`,
  description: lede(n),
  pubDate: hoursAgo(6 - n),
}));

beforeAll(async () => {
  feeds = await startFeedServer({
    '/desk.xml': { body: rss('Desk', deskItems) },
    '/podcast.xml': {
      body: rss(
        'Harbour Talk',
        [1, 2, 3].map((n) => ({ title: `Episode ${n}: guest ${n}`, link: 'https://podcast.example/', guid: `episode-${n}`, pubDate: hoursAgo(n) })),
      ),
    },
    '/outlet.xml': { body: rss('Outlet', []) },
  });
  pipeline = await createTestPipeline({
    categories: [
      { id: 'world', title: 'World' },
      { id: 'audio', title: 'Audio' },
    ],
    retention: { maxPerCategory: 3 },
    sources: [
      { id: 'desk', url: `${feeds.url}/desk.xml`, title: 'Desk', category: 'world' },
      { id: 'podcast', url: `${feeds.url}/podcast.xml`, title: 'Harbour Talk', category: 'audio' },
      { id: 'outlet', url: `${feeds.url}/outlet.xml`, title: 'Outlet', category: 'world' },
    ],
  });
  workers = startWorkers(pipeline.runtime, ROLES);
});

afterAll(async () => {
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

const titlesIn = (name: string) =>
  (JSON.parse(readFileSync(path.join(pipeline.outputDir, name), 'utf8')) as { items: { title: string }[] }).items.map((i) => i.title).sort();

test("a podcast's episodes under one link stay three stories", async () => {
  const summary = await runOnce(pipeline.runtime);
  expect(summary.newStories).toBe(8);
  expect(titlesIn('audio.json')).toEqual(['Episode 1: guest 1', 'Episode 2: guest 2', 'Episode 3: guest 3']);
});

test('copies of stories retention removed are not stored again, and the run counts none as new', async () => {
  // Ingest prunes as it goes; one more call makes sure retention has run after the whole first run.
  await pipeline.runtime.store.prune(Date.now());
  expect(await pipeline.runtime.store.countByCategory(['world'])).toEqual({ world: 3 });
  feeds.routes.set('/outlet.xml', {
    body: rss('Outlet', [
      // The desk's oldest story under its own link with tracking parameters, and a copy of the next one under the outlet's link.
      { ...(deskItems[0] as (typeof deskItems)[number]), link: 'https://desk.example/harbour/1?utm_source=outlet', guid: 'o-1' },
      { title: 'Harbour plan 2 gets the council go-ahead', link: 'https://outlet.example/harbour-2', guid: 'o-2', description: `HARBOUR CITY - ${lede(2)}` },
    ]),
  });
  const summary = await runOnce(pipeline.runtime);
  expect(summary.newStories).toBe(0);
  const stored = await pipeline.runtime.store.latest('world', 10);
  expect(stored.map((story) => story.title).sort()).toEqual(['Council approves harbour plan 3', 'Council approves harbour plan 4', 'Council approves harbour plan 5']);
});
