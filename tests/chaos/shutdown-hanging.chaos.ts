// Fault: SIGTERM to `feedmill start` while its polls hang on sources that never answer (and
// whose fetch timeout is far away). The README promises an exit within 30 s: jobs in flight get
// a moment, then their fetches are aborted, connections close, exit 0.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readSourceState } from '../../src/app/source-state.js';
import { startCli, stopAllClis } from '../support/cli.js';
import { createWorkerSetup, type WorkerSetup } from '../ops/worker-process.js';
import { until } from '../ops/until.js';

const HANGING = 6;
const PROMISED_MS = 30_000;

let origin: Server;
let setup: WorkerSetup;
const held: ServerResponse[] = [];

beforeAll(async () => {
  // Accepts every request and never answers it.
  origin = createServer((_req, res) => {
    held.push(res);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  setup = createWorkerSetup({
    server: { port: 0 },
    fetch: { timeout: '5m', perHost: HANGING, hostGap: 0 },
    sources: Array.from({ length: HANGING }, (_, i) => ({ id: `hang-${i}`, url: `${base}/hang/${i}.xml` })),
  });
});

afterAll(async () => {
  await stopAllClis();
  await setup?.cleanup();
  origin?.closeAllConnections();
  await new Promise((resolve) => origin?.close(resolve));
});

test(`SIGTERM with ${HANGING} hanging fetches in flight: exit 0 within 30 s, the hanging sources are not marked failed`, async () => {
  const runtime = setup.openRuntime();
  const start = startCli(['--config', setup.configFile, 'start'], { env: { REDIS_URL: '' } });
  await start.waitForLog((l) => l.msg.startsWith('serving feeds'), 30_000);
  await until('every hanging request to reach the origin', () => held.length >= HANGING, 30_000);
  const exited = new Promise<number | null>((resolve) => start.child.once('close', (code) => resolve(code)));
  const asked = Date.now();
  start.child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 2 * PROMISED_MS))]);
  const tookMs = Date.now() - asked;
  console.log(`[chaos] shutdown: exit ${code} ${(tookMs / 1000).toFixed(1)} s after SIGTERM with ${HANGING} hanging fetches in flight`);
  expect(code).toBe(0);
  expect(tookMs).toBeLessThan(PROMISED_MS);
  expect(start.logs.some((l) => l.msg.startsWith('jobs still running at shutdown'))).toBe(true);
  // Cut short by the shutdown, not by the source: no failure is held against it.
  for (let i = 0; i < HANGING; i++) {
    const state = await readSourceState(runtime.redis, runtime.keys, `hang-${i}`, '');
    expect(state.consecutiveFailures).toBe(0);
  }
}, 90_000);
