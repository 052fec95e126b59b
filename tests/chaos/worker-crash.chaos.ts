// Fault: a worker process is killed with SIGKILL in the middle of a batch (a poll hanging on a
// slow source, ingest jobs in flight). Another worker must take its jobs over within 30 s, store
// every story exactly once, and republish every affected category.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createWorkerSetup, type WorkerSetup } from '../ops/worker-process.js';
import { until } from '../ops/until.js';

const FEEDS = 30;
const PER_FEED = 10;
/** Feed i carries stories 8i .. 8i+9: two of them are also in feed i+1. */
const STEP = 8;
/** One source with many items, so that an ingest job is in flight long enough to be killed in the middle. */
const BIG = 400;
const DISTINCT = (FEEDS - 1) * STEP + PER_FEED + BIG;
const RECOVERY_BOUND_MS = 30_000;

let feeds: FeedServer;
let setup: WorkerSetup;
let slow: Server;
let slowAsked = 0;

function story(k: number) {
  const words = (createHash('sha256').update(`crash story ${k}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
  return { title: `Bulletin ${k}: ${words.slice(0, 4).join(' ')}`, description: words.slice(4, 12).join(' '), link: `https://news.example/crash/${k}` };
}

function feedBody(i: number): string {
  return rss(`Feed ${i}`, Array.from({ length: PER_FEED }, (_, j) => story(i * STEP + j)));
}

beforeAll(async () => {
  feeds = await startFeedServer({
    ...Object.fromEntries(Array.from({ length: FEEDS - 1 }, (_, i) => [`/f/${i}.xml`, { body: feedBody(i) }])),
    '/big.xml': { body: rss('Big', Array.from({ length: BIG }, (_, j) => story(100_000 + j))) },
  });
  // The last feed hangs on its first request (the one the killed worker makes), and answers the next at once.
  slow = createServer((_req, res) => {
    slowAsked++;
    if (slowAsked > 1) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody(FEEDS - 1));
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
  const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/f/${FEEDS - 1}.xml`;
  setup = createWorkerSetup({
    defaults: { interval: '1h' },
    output: { maxItems: 1000 },
    fetch: { perHost: 8, hostGap: 0, timeout: '120s' },
    categories: [
      { id: 'world', title: 'World' },
      { id: 'sports', title: 'Sports' },
    ],
    sources: [
      { id: 'big', url: `${feeds.url}/big.xml`, category: 'world' },
      ...Array.from({ length: FEEDS }, (_, i) => ({ id: `feed-${i}`, url: i === FEEDS - 1 ? slowUrl : `${feeds.url}/f/${i}.xml`, category: i % 2 === 0 ? 'world' : 'sports' })),
    ],
  });
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
  await feeds?.close();
  slow?.closeAllConnections();
  await new Promise((resolve) => slow?.close(resolve));
});

const itemsIn = (file: string): string[] => {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { items: { url: string }[] }).items.map((i) => i.url);
  } catch {
    return [];
  }
};

test('SIGKILL mid-batch: another worker takes over within 30 s, every story stored once, every category republished', async () => {
  const runtime = setup.openRuntime();
  const victim = setup.spawnWorker('poll,ingest,publish');
  await victim.waitForLine((l) => l.msg.startsWith('worker running'), 30_000);
  const rescuer = setup.spawnWorker('poll,ingest,publish');
  await rescuer.waitForLine((l) => l.msg.startsWith('worker running'), 30_000);
  // The rescuer only watches for now: it must not take the victim's work before the kill.
  rescuer.child.kill('SIGSTOP');
  await runtime.queues.poll.addBulk(['big', ...Array.from({ length: FEEDS }, (_, i) => `feed-${i}`)].map((sourceId) => ({ name: 'poll', data: { sourceId } })));
  // Mid-batch: the slow poll hanging in the victim and, most runs, the big source's ingest in flight.
  await until('the victim to be mid-batch', async () => slowAsked === 1 && (await runtime.queues.ingest.getActiveCount()) > 0, 30_000, 5).catch(() => undefined);
  const active = await runtime.queues.poll.getActiveCount();
  const activeIngest = await runtime.queues.ingest.getActiveCount();
  victim.child.kill('SIGKILL');
  rescuer.child.kill('SIGCONT');
  const killedAt = Date.now();
  expect(await victim.exited).toBeNull();
  expect(active).toBeGreaterThanOrEqual(1);

  const dir = setup.config.output.dir;
  const expected = new Set([...Array.from({ length: DISTINCT - BIG }, (_, k) => story(k).link), ...Array.from({ length: BIG }, (_, j) => story(100_000 + j).link)]);
  const complete = () => {
    const all = new Set(itemsIn(path.join(dir, 'all.json')));
    const world = itemsIn(path.join(dir, 'world.json'));
    const sports = itemsIn(path.join(dir, 'sports.json'));
    return all.size === expected.size && world.length + sports.length >= expected.size;
  };
  await until('every story to be published after the kill', complete, 90_000, 100).catch(async (err) => {
    const counts = await Promise.all([runtime.queues.poll.getJobCounts(), runtime.queues.ingest.getJobCounts(), runtime.queues.publish.getJobCounts()]);
    const seen = { all: itemsIn(path.join(dir, 'all.json')).length, world: itemsIn(path.join(dir, 'world.json')).length, sports: itemsIn(path.join(dir, 'sports.json')).length };
    throw new Error(`${(err as Error).message}: slow asked ${slowAsked}, files ${JSON.stringify(seen)}, queues ${JSON.stringify(counts)}, rescuer warnings ${JSON.stringify(rescuer.lines.filter((l) => l.level >= 40).slice(-5))}`);
  });
  const recoveredMs = Date.now() - killedAt;

  const stored = await runtime.redis.zcard(runtime.keys.allStories);
  const published = itemsIn(path.join(dir, 'all.json'));
  expect(new Set(published)).toEqual(expected);
  expect(published).toHaveLength(DISTINCT);
  expect(stored).toBe(DISTINCT);
  // The poll the victim held was taken over (stall detected), not lost.
  expect(slowAsked).toBe(2);
  expect(rescuer.lines.some((l) => l.msg.includes('taken over'))).toBe(true);
  expect(await runtime.queues.ingest.getFailedCount()).toBe(0);
  console.log(
    `[chaos] worker crash: killed with ${active} poll and ${activeIngest} ingest jobs active; recovered (all ${DISTINCT} stories published) ${(recoveredMs / 1000).toFixed(1)} s after SIGKILL; stored ${stored} of ${DISTINCT} distinct`,
  );
  expect(recoveredMs).toBeLessThan(RECOVERY_BOUND_MS);
}, 150_000);
