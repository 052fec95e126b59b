// Fault: six sources on one origin (127.0.0.1, port A) take the request and never answer; two
// healthy sources live on another origin of the same host (127.0.0.1, port B). Politeness is per
// origin, so the healthy ones are fetched at once; the header timeout frees each hanging slot
// long before the whole-fetch timeout; and once that origin times out it gets a single slot.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempConfig, type TempConfig } from '../cli/temp-config.js';
import { runCli } from '../support/cli.js';
import { rss } from '../support/feed-server.js';

const HANGING = 6;
const HEADER_TIMEOUT_MS = 2000;
const FETCH_TIMEOUT_MS = 60_000;

let hanging: Server;
let healthy: Server;
let config: TempConfig;
const events: { at: number; kind: 'healthy' | 'hang-open' | 'hang-close' }[] = [];
let hangInFlight = 0;
const hangPeaks: { at: number; inFlight: number }[] = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  hanging = createServer((req) => {
    events.push({ at: Date.now(), kind: 'hang-open' });
    hangInFlight++;
    hangPeaks.push({ at: Date.now(), inFlight: hangInFlight });
    req.socket.once('close', () => {
      hangInFlight--;
      events.push({ at: Date.now(), kind: 'hang-close' });
    });
  });
  healthy = createServer((req, res) => {
    events.push({ at: Date.now(), kind: 'healthy' });
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(`Healthy ${req.url}`, [{ title: `Fresh from ${req.url}`, link: `https://healthy.example${req.url}` }]));
  });
  const [a, b] = [await listen(hanging), await listen(healthy)];
  config = tempConfig({
    fetch: { perHost: 2, hostGap: '0s', timeout: `${FETCH_TIMEOUT_MS / 1000}s`, headerTimeout: `${HEADER_TIMEOUT_MS / 1000}s` },
    // The hanging sources come first, so that without per-origin slots they take the host's two slots.
    sources: [
      ...Array.from({ length: HANGING }, (_, i) => ({ id: `hang-${i}`, url: `${a}/hang/${i}.xml` })),
      { id: 'good-0', url: `${b}/good/0.xml` },
      { id: 'good-1', url: `${b}/good/1.xml` },
    ],
  });
});

afterAll(async () => {
  for (const server of [hanging, healthy]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  await config?.cleanup();
});

test('a hanging origin does not hold back another origin of the same host, frees slots at the header timeout, and gets one slot', async () => {
  const started = Date.now();
  const run = await runCli(['once', '--json', '--config', config.file], { env: { REDIS_URL: '' }, timeoutMs: 5 * FETCH_TIMEOUT_MS });
  const tookMs = Date.now() - started;
  // Ran to its end, with failed sources: exit code 8.
  expect(run.code, run.stderr).toBe(8);
  const summary = JSON.parse(run.stdout) as { fetched: number; failed: number; errors: { source: string; code: string; message: string }[] };
  expect(summary.fetched).toBe(2);
  expect(summary.failed).toBe(HANGING);
  expect(summary.errors.every((e) => e.code === 'FETCH_TIMEOUT' && e.message.includes('no response headers within'))).toBe(true);

  // Both healthy sources were fetched before the first hanging request was given up.
  const firstGivenUp = events.find((e) => e.kind === 'hang-close')?.at ?? Number.POSITIVE_INFINITY;
  const healthyAt = events.filter((e) => e.kind === 'healthy').map((e) => e.at);
  expect(healthyAt).toHaveLength(2);
  expect(Math.max(...healthyAt)).toBeLessThan(firstGivenUp);
  // After the first timeouts the hanging origin had one request in flight at a time.
  expect(hangPeaks.filter((p) => p.at > firstGivenUp).every((p) => p.inFlight <= 1)).toBe(true);
  // Every hanging request ended at the header timeout, far from the whole-fetch timeout.
  expect(tookMs).toBeLessThan(FETCH_TIMEOUT_MS);
  console.log(
    `[chaos] hanging origin: healthy sources fetched ${((Math.max(...healthyAt) - started) / 1000).toFixed(1)} s after once started (process start included); ${HANGING} hanging sources given up at the ${HEADER_TIMEOUT_MS / 1000} s header timeout; whole run ${(tookMs / 1000).toFixed(1)} s (fetch.timeout ${FETCH_TIMEOUT_MS / 1000} s)`,
  );
}, 6 * FETCH_TIMEOUT_MS);
