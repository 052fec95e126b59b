// Scale-out: three `feedmill worker` processes share one Redis and one set of schedules, against
// a local server of 300 small feeds whose stories overlap (each story is in three feeds, under
// spellings of its link that differ by tracking parameters). Each source must be fetched once per
// tick, whichever process takes it, and each story stored once, however many processes ingest it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { syncSchedulers } from '../../src/app/schedulers.js';
import { readWorkers } from '../../src/ops/heartbeat.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createWorkerSetup, type WorkerProcess, type WorkerSetup } from './worker-process.js';
import { until } from './until.js';

const FEEDS = 300;
const PROCESSES = 3;

let feeds: FeedServer;
let setup: WorkerSetup;
const workers: WorkerProcess[] = [];

/** Words drawn from a hash of the story number, so no two stories look alike to the near-duplicate check. */
function storyText(k: number): { title: string; description: string } {
  const words = (createHash('sha256').update(`story ${k}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
  return { title: `Dispatch ${k}: ${words.slice(0, 4).join(' ')}`, description: words.slice(4, 12).join(' ') };
}

function feedBody(i: number): string {
  const items = [i, i + 1, i + 2].map((n) => {
    const k = n % FEEDS;
    const link = i % 2 === 0 ? `https://news.example/story/${k}` : `https://news.example/story/${k}?utm_source=feed${i}&utm_medium=rss`;
    return { ...storyText(k), link, guid: `feed-${i}-story-${k}` };
  });
  return rss(`Feed ${i}`, items);
}

beforeAll(async () => {
  feeds = await startFeedServer(Object.fromEntries(Array.from({ length: FEEDS }, (_, i) => [`/f/${i}.xml`, { body: feedBody(i) }])));
  setup = createWorkerSetup({
    defaults: { interval: '10m' },
    fetch: { perHost: 64, hostGap: 0, concurrency: 16 },
    sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `feed-${i}`, url: `${feeds.url}/f/${i}.xml` })),
  });
  for (let i = 0; i < PROCESSES; i++) workers.push(setup.spawnWorker('poll,ingest,publish'));
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
  await feeds?.close();
});

test('three worker processes poll each source once per tick and store each story once', async () => {
  const runtime = setup.openRuntime();
  await until('three worker heartbeats', async () => (await readWorkers(runtime.redis, runtime.keys)).length === PROCESSES, 20_000, 100);
  const alive = await readWorkers(runtime.redis, runtime.keys);
  expect(alive.map((w) => w.pid).sort()).toEqual(workers.map((w) => w.pid).sort());
  expect(alive.every((w) => w.roles.join(',') === 'poll,ingest,publish')).toBe(true);

  // Two `start`s syncing at the same moment, as after a deploy.
  const other = setup.openRuntime();
  await Promise.all([syncSchedulers(runtime), syncSchedulers(other)]);
  expect(await runtime.queues.poll.getJobSchedulersCount()).toBe(FEEDS);

  const idle = async () => {
    const [poll, ingest] = await Promise.all([
      runtime.queues.poll.getJobCounts('completed', 'waiting', 'active', 'delayed', 'prioritized'),
      runtime.queues.ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
    ]);
    const busy = (c: Record<string, number>) => (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
    // A poll adds its ingest job before it completes, and only the last few completed ingest jobs are kept: an empty ingest queue after every poll means all were ingested.
    return poll.completed === FEEDS && busy(poll) === 0 && busy(ingest) === 0 && ingest.delayed === 0;
  };
  await until('the first tick to be polled and ingested', idle, 45_000, 100);

  const perPath = new Map<string, number>();
  for (const r of feeds.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
  expect(perPath.size).toBe(FEEDS);
  expect([...perPath.values()].filter((n) => n !== 1)).toEqual([]);

  // The work really was shared, and each poll's log line carries its queue, job and source.
  const polled = workers.flatMap((w) => w.lines.filter((l) => l.msg === 'polled').map((l) => ({ worker: w.pid, queue: l.queue, jobId: l.jobId, source: l.source })));
  expect(polled).toHaveLength(FEEDS);
  expect(polled.every((l) => l.queue === 'poll' && typeof l.jobId === 'string' && typeof l.source === 'string')).toBe(true);
  expect(new Set(polled.map((l) => l.source)).size).toBe(FEEDS);
  expect(new Set(polled.map((l) => l.worker)).size).toBeGreaterThanOrEqual(2);

  const ids = await runtime.redis.zrange(runtime.keys.allStories, 0, -1);
  expect(ids).toHaveLength(FEEDS);
  const stories = await Promise.all(ids.map((id) => runtime.store.get(id)));
  const links = stories.map((s) => s?.canonicalLink);
  expect(new Set(links).size).toBe(FEEDS);
  expect(links.filter((l) => !l || l.includes('utm_'))).toEqual([]);
  expect(stories.filter((s) => s?.sources.length !== 3).map((s) => s?.canonicalLink)).toEqual([]);
}, 90_000);

test('SIGTERM stops every worker cleanly and takes it off the list of processes alive', async () => {
  const runtime = setup.openRuntime();
  for (const w of workers) w.child.kill('SIGTERM');
  const codes = await Promise.all(workers.map((w) => w.exited));
  expect(codes).toEqual(workers.map(() => 0));
  expect(await readWorkers(runtime.redis, runtime.keys)).toEqual([]);
}, 40_000);
