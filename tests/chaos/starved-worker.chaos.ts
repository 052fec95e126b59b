// Fault: a worker's event loop stands still mid-poll (SIGSTOP here; a machine at load 25 in issue 9)
// past its jobs' locks. Another worker takes the stalled poll jobs over and polls their sources
// again; then the first one wakes up. The run must still count every source exactly once, end
// only when every source was polled, and store every story once.
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createWorkerSetup, type WorkerSetup } from '../ops/worker-process.js';
import { until } from '../ops/until.js';

const PER_FEED = 5;
/**
 * 13 sources in 4 poll jobs at fetch.concurrency 2 (run-once's pollBatches): [slow, f1, f2],
 * [held, f4, f5], [f6, f7, f8], [f9, f10, f11, late]. The victim takes the first two and hangs
 * on `slow` and `held`; the rescuer takes the last two and hangs on `late`, which keeps the run
 * open until both workers have polled the first two jobs.
 */
const SOURCES = ['slow', 'f1', 'f2', 'held', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'late'];
const GATED = ['slow', 'held', 'late'];

let feeds: FeedServer;
let gate: Server;
let setup: WorkerSetup;
/** Requests per gated feed, and the first request of each, held until the test answers it. */
const asked = new Map<string, number>();
const held = new Map<string, ServerResponse>();

function story(source: string, k: number) {
  const words = (createHash('sha256').update(`starved ${source} ${k}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
  return { title: `Report ${source} ${k}: ${words.slice(0, 4).join(' ')}`, description: words.slice(4, 12).join(' '), link: `https://news.example/starved/${source}/${k}` };
}
const feedBody = (source: string) => rss(`Feed ${source}`, Array.from({ length: PER_FEED }, (_, k) => story(source, k)));

function answer(source: string): void {
  held.get(source)?.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody(source));
  held.delete(source);
}

beforeAll(async () => {
  feeds = await startFeedServer(Object.fromEntries(SOURCES.filter((s) => !GATED.includes(s)).map((s) => [`/${s}.xml`, { body: feedBody(s) }])));
  gate = createServer((req, res) => {
    const source = (req.url ?? '').slice(1, -'.xml'.length);
    const n = (asked.get(source) ?? 0) + 1;
    asked.set(source, n);
    if (n === 1) held.set(source, res);
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody(source));
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', () => resolve()));
  const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;
  setup = createWorkerSetup({
    defaults: { interval: '1h' },
    output: { maxItems: 1000 },
    fetch: { concurrency: 2, perHost: 8, hostGap: 0, timeout: '150s', headerTimeout: '150s' },
    categories: [{ id: 'world', title: 'World' }],
    sources: SOURCES.map((id) => ({ id, url: GATED.includes(id) ? `${gateUrl}/${id}.xml` : `${feeds.url}/${id}.xml`, category: 'world' })),
  });
}, 60_000);

afterAll(async () => {
  for (const source of [...held.keys()]) answer(source);
  await setup?.cleanup();
  await feeds?.close();
  gate?.closeAllConnections();
  await new Promise((resolve) => gate?.close(resolve));
});

test('a worker stopped past its locks: its polls are taken over, the run counts each source once, ends after the last poll, stores every story once', async () => {
  const runtime = setup.openRuntime();
  const victim = setup.spawnWorker('poll,ingest,publish');
  await victim.waitForLine((l) => l.msg.startsWith('worker running'), 30_000);
  // The test process only adds the run's jobs and waits for them, as `once` does; the workers are the two processes.
  const run = runOnce(runtime, { timeoutMs: 150_000 });
  await until('the victim to hang on its two gated sources', () => held.has('slow') && held.has('held'), 30_000);
  victim.child.kill('SIGSTOP');

  const rescuer = setup.spawnWorker('poll,ingest,publish');
  // Past the 15 s locks and two stall checks: the rescuer polls `slow` and `held` again (and hangs on `late` meanwhile).
  await until('the rescuer to poll the victim\'s sources again', () => asked.get('slow') === 2 && asked.get('held') === 2 && held.has('late'), 90_000, 100);
  expect(rescuer.lines.filter((l) => l.queue === 'poll' && l.msg.includes('taken over'))).toHaveLength(2);
  // The run's jobs are removed when they complete: what is left active is the one hanging on `late`.
  await until('the rescuer to finish the two jobs it took over', async () => {
    const counts = await runtime.queues.poll.getJobCounts('active', 'waiting', 'delayed');
    return counts.active === 1 && counts.waiting === 0 && counts.delayed === 0;
  }, 30_000, 100);

  // The victim wakes up and gets its answers: it must not count (or end the run) a second time.
  victim.child.kill('SIGCONT');
  answer('slow');
  answer('held');
  await victim.waitForLine((l) => `${l.msg} ${String(l.err)}`.includes('lock'), 15_000);
  // What the victim still writes (the sources it had polled before it stopped) lands now.
  await new Promise((r) => setTimeout(r, 2000));

  answer('late');
  const summary = await run;
  const stored = await runtime.redis.zcard(runtime.keys.allStories);
  console.log(
    `[chaos] starved worker: victim stopped with 2 poll jobs; rescuer took both over and polled their sources again; run counted ${summary.fetched} fetched of ${SOURCES.length} sources, stored ${stored} of ${SOURCES.length * PER_FEED} stories`,
  );
  expect(summary.interrupted).toBe(false);
  expect({ fetched: summary.fetched, failed: summary.failed, skipped: summary.skipped, notModified: summary.notModified }).toEqual({
    fetched: SOURCES.length,
    failed: 0,
    skipped: 0,
    notModified: 0,
  });
  expect(summary.items).toBe(SOURCES.length * PER_FEED);
  expect(summary.newStories).toBe(SOURCES.length * PER_FEED);
  expect(summary.errors).toEqual([]);
  expect(stored).toBe(SOURCES.length * PER_FEED);
  expect(asked.get('late')).toBe(1);
  expect(await runtime.queues.poll.getFailedCount()).toBe(0);
  // A lost lock is said as such, not as a Redis outage.
  expect(victim.lines.filter((l) => l.msg.includes('lost its lock'))).not.toEqual([]);
  expect(victim.lines.filter((l) => l.msg.includes('connection lost'))).toEqual([]);
}, 240_000);
