// `once --processes N` waits for its worker processes before it queues the run: a process that
// never says it takes jobs must not hold the run for longer than asked, and one that crashed at
// start must neither hold it nor count as running.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startWorkerProcesses, type WorkerProcesses } from '../../src/app/worker-processes.js';
import { silentLogger } from '../../src/shared/logger.js';

let dir: string;
const entry = process.argv[1];
let started: WorkerProcesses | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-processes-'));
  // Stand-ins for the feedmill entry script: one that starts and never reports, one that dies at start.
  writeFileSync(path.join(dir, 'silent.mjs'), 'setTimeout(() => {}, 60_000);\n');
  writeFileSync(path.join(dir, 'crash.mjs'), 'process.exit(7);\n');
});

afterEach(async () => {
  await started?.stop();
  started = undefined;
  process.argv[1] = entry as string;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startWith(script: string, count: number): WorkerProcesses {
  process.argv[1] = path.join(dir, script);
  started = startWorkerProcesses(count, { configFile: 'unused.yaml', redisUrl: 'redis://127.0.0.1:1', roles: ['poll'], logLevel: 'warn', logger: silentLogger });
  return started;
}

test('a worker process that never reports is waited for only as long as asked, and is still running', async () => {
  const others = startWith('silent.mjs', 2);
  const t0 = Date.now();
  expect(await others.ready(300)).toBe(2);
  expect(Date.now() - t0).toBeLessThan(5_000);
  expect(others.running()).toBe(2);
});

test('a worker process that dies at start ends the wait at once and is not counted as running', async () => {
  const others = startWith('crash.mjs', 1);
  const t0 = Date.now();
  expect(await others.ready(20_000)).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(others.running()).toBe(0);
});

test('an abort ends the wait for processes that have not reported', async () => {
  const others = startWith('silent.mjs', 1);
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 200);
  const t0 = Date.now();
  expect(await others.ready(20_000, abort.signal)).toBe(1);
  expect(Date.now() - t0).toBeLessThan(10_000);
});
