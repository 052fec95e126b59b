// Graceful shutdown of a real `feedmill worker` process: SIGTERM while a poll is in flight (the
// source answers slowly) must let that poll finish and be recorded, take no new job, close its
// connections and exit 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readSourceState } from '../../src/app/source-state.js';
import { readWorkers } from '../../src/ops/heartbeat.js';
import { rss } from '../support/feed-server.js';
import { createWorkerSetup, type WorkerSetup } from './worker-process.js';
import { until } from './until.js';

const SLOW_MS = 1500;

let server: Server;
let baseUrl: string;
let setup: WorkerSetup;
const seen: { path: string; at: number }[] = [];
const slowFinished: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, at: Date.now() });
    const body = rss(`Feed ${path}`, [{ title: `Late edition from ${path}`, link: `https://news.example${path.replace('.xml', '')}/late` }]);
    const answer = () => {
      res.on('finish', () => slowFinished.push(Date.now()));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    };
    if (path === '/slow.xml') setTimeout(answer, SLOW_MS);
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setup = createWorkerSetup({
    sources: [
      { id: 'slow', url: `${baseUrl}/slow.xml` },
      { id: 'later', url: `${baseUrl}/later.xml` },
    ],
  });
});

afterAll(async () => {
  await setup?.cleanup();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const openConnections = () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

test('SIGTERM during a slow poll: the poll completes and is recorded, nothing new is taken, exit code 0', async () => {
  const runtime = setup.openRuntime();
  const worker = setup.spawnWorker('poll,ingest,publish');
  await worker.waitForLine((l) => l.msg.startsWith('worker running'), 30_000);
  await until('the worker heartbeat', async () => (await readWorkers(runtime.redis, runtime.keys)).length === 1, 10_000);

  expect(await runtime.queues.poll.getWorkersCount()).toBeGreaterThanOrEqual(1);
  await runtime.queues.poll.add('poll', { sourceId: 'slow' });
  await until('the slow request to reach the source', () => seen.some((s) => s.path === '/slow.xml'), 20_000);
  const asked = Date.now();
  worker.child.kill('SIGTERM');
  await worker.waitForLine((l) => l.msg.startsWith('SIGTERM'), 10_000);
  // Closing drops the worker's blocking connection (BullMQ's job listener) within milliseconds of
  // the signal; a job queued in those milliseconds may still be taken (and finished) before exit.
  // From then on, anything queued is left for another process or the next start.
  await until('the worker to stop listening for jobs', async () => (await runtime.queues.poll.getWorkersCount()) === 0, 5000);
  const later = await runtime.queues.poll.add('poll', { sourceId: 'later' });
  const laterAddedAt = Date.now();

  expect(await worker.exited).toBe(0);
  const exitedAt = Date.now();
  // The answer took its time and the worker waited for all of it.
  expect(slowFinished).toHaveLength(1);
  expect(slowFinished[0]!).toBeLessThanOrEqual(exitedAt);
  // The later job was queued while the process was still running its poll, and was left alone.
  expect(laterAddedAt).toBeLessThan(slowFinished[0]!);
  expect(exitedAt - asked).toBeGreaterThanOrEqual(SLOW_MS - 500);

  const slow = await readSourceState(runtime.redis, runtime.keys, 'slow', `${baseUrl}/slow.xml`);
  expect(slow.lastStatus).toBe('fetched');
  expect(slow.lastSuccessAt).toBeGreaterThanOrEqual(asked - SLOW_MS);
  expect(slow.consecutiveFailures).toBe(0);

  expect(seen.filter((s) => s.path === '/later.xml')).toEqual([]);
  expect(await later.getState()).toBe('waiting');
  expect(await readWorkers(runtime.redis, runtime.keys)).toEqual([]);
  await until('the worker connections to close', async () => (await openConnections()) === 0, 5000);
  expect(worker.lines.filter((l) => l.level >= 50)).toEqual([]);
}, 60_000);
