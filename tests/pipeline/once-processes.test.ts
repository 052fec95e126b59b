// `feedmill once --processes 2`: a second worker process takes part in the run (polling and
// ingesting; `once` itself publishes), the summary counts the work of both, every story is stored
// once however many processes ingest its copies, and the extra process is gone when `once` exits.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { Keys } from '../../src/shared/keys.js';
import { rss } from '../support/feed-server.js';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FEEDS = 40;
const redis = connectTestRedis();
const prefix = uniquePrefix('procs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-procs-'));
let server: Server;

/** Words from a hash of the story number, so that no two stories look alike to the near-duplicate check. */
function storyText(k: number): { title: string; description: string } {
  const words = (createHash('sha256').update(`story ${k}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
  return { title: `Dispatch ${k}: ${words.slice(0, 4).join(' ')}`, description: words.slice(4, 12).join(' ') };
}

beforeAll(async () => {
  // Each story is carried by three feeds, under links that differ by tracking parameters.
  const bodies = new Map(
    Array.from({ length: FEEDS }, (_, i) => [
      `/f/${i}.xml`,
      rss(
        `Feed ${i}`,
        [i, i + 1, i + 2].map((n) => ({ ...storyText(n % FEEDS), link: `https://news.example/story/${n % FEEDS}?utm_source=feed${i}`, guid: `feed-${i}-${n % FEEDS}` })),
      ),
    ]),
  );
  // No answer until three requests are in flight at once: with two fetches per process, that
  // proves the second process is polling too, however slowly it started.
  let released = false;
  const held: (() => void)[] = [];
  server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    const answer = () => (body ? res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body) : res.writeHead(404).end());
    if (released) return answer();
    held.push(answer);
    if (held.length >= 3) {
      released = true;
      for (const release of held.splice(0)) release();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    path.join(dir, 'feedmill.yaml'),
    stringify({
      redis: { url: testRedisUrl(), prefix },
      output: { dir: path.join(dir, 'public') },
      fetch: { perHost: 64, hostGap: '0s', concurrency: 2 },
      categories: [{ id: 'news', title: 'News' }],
      sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `feed-${i}`, url: `${url}/f/${i}.xml` })),
    }),
  );
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

test('two processes share the polls, store each story once, and the second one exits with once', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), '--config', path.join(dir, 'feedmill.yaml'), '--log-level', 'debug', 'once', '--json', '--processes', '2'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: testRedisUrl(), FEEDMILL_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr.slice(-2000)).toBe(0);

  const summary = JSON.parse(stdout) as { sources: number; fetched: number; items: number; newStories: number; duplicates: number };
  expect(summary).toMatchObject({ sources: FEEDS, fetched: FEEDS, items: FEEDS * 3, newStories: FEEDS, duplicates: FEEDS * 2 });
  expect(await redis.zcard(new Keys(prefix).allStories)).toBe(FEEDS);

  const lines = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; pid: number; roles?: string[] });
  const polledBy = lines.filter((line) => line.msg === 'polled').map((line) => line.pid);
  expect(polledBy).toHaveLength(FEEDS);
  const pids = [...new Set(polledBy)];
  expect(pids).toContain(child.pid);
  expect(pids).toHaveLength(2);
  // The second process polls and ingests; publishing (and its reconciler) stays with `once` itself.
  const second = lines.find((line) => line.msg.startsWith('worker running') && line.pid !== child.pid);
  expect(second?.roles).toEqual(['poll', 'ingest']);
  // The run started once the second process said it was taking jobs, not after waiting it out.
  expect(lines.filter((line) => /not running after/.test(line.msg))).toEqual([]);
  const alive = pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  expect(alive).toEqual([]);
}, 90_000);
