// Fault: the disk of output.dir fills up (a small tmpfs mounted there, filled to the last byte;
// where mounting is not allowed, output.dir is replaced by a plain file so that every write fails
// with EEXIST). While it lasts the old feed files stay intact, /readyz answers 503 naming the
// stale categories with the error, and `feedmill status` shows them. Once space is back the
// files catch up by themselves, with no new story needed and no restart.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../src/shared/redis.js';
import { RETRY_MAX_MS } from '../../src/workers/publish-reconcile.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { runCli, startCli, stopAllClis } from '../support/cli.js';
import { createWorkerSetup, type WorkerSetup } from '../ops/worker-process.js';
import { until } from '../ops/until.js';

let feeds: FeedServer;
let setup: WorkerSetup;
let httpPort: number;
let outputDir: string;
let mounted = false;

/** Words drawn from a hash, so that no two stories look alike to the near-duplicate check. */
const story = (feed: number, n: number) => {
  const words = (createHash('sha256').update(`disk ${feed} ${n}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
  return { title: `Report ${feed}.${n}: ${words.slice(0, 5).join(' ')}`, description: words.slice(5, 12).join(' '), link: `https://news.example/${feed}/${n}` };
};

beforeAll(async () => {
  feeds = await startFeedServer({
    '/f/0.xml': { body: rss('Feed 0', [story(0, 1)]) },
    '/f/1.xml': { body: rss('Feed 1', [story(1, 1)]) },
  });
  httpPort = await freePort();
  setup = createWorkerSetup({
    server: { host: '127.0.0.1', port: httpPort },
    defaults: { interval: '1h' },
    categories: [
      { id: 'world', title: 'World' },
      { id: 'sports', title: 'Sports' },
    ],
    sources: [
      { id: 'feed-0', url: `${feeds.url}/f/0.xml`, category: 'world' },
      { id: 'feed-1', url: `${feeds.url}/f/1.xml`, category: 'sports' },
    ],
  });
  outputDir = setup.config.output.dir;
  mkdirSync(outputDir, { recursive: true });
  // FEEDMILL_CHAOS_NO_MOUNT=1 tries the fallback on a machine that could mount.
  mounted = !process.env.FEEDMILL_CHAOS_NO_MOUNT && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', outputDir]).status === 0;
}, 60_000);

afterAll(async () => {
  await stopAllClis();
  if (mounted) spawnSync('umount', ['-l', outputDir]);
  await setup?.cleanup();
  await feeds?.close();
});

const urls = (file: string): string[] => (JSON.parse(readFileSync(path.join(outputDir, file), 'utf8')) as { items: { url: string }[] }).items.map((i) => i.url);
const readyz = async () => {
  const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
  return { status: res.status, body: (await res.json()) as { notReady: string[]; staleFeeds?: { category: string; error?: string }[] } };
};

/** Waits until no render is queued or running and each category's JSON file holds `expected` stories. */
async function rendersSettled(runtime: ReturnType<WorkerSetup['openRuntime']>, expected: Record<string, number>): Promise<void> {
  await until('the renders to settle', async () => {
    const counts = await runtime.queues.publish.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
    if (Object.values(counts).some((n) => n > 0)) return false;
    try {
      return Object.entries(expected).every(([id, n]) => urls(`${id}.json`).length === n);
    } catch {
      return false;
    }
  }, 30_000, 100);
}

/** Fills the tmpfs to the last byte; without one, puts a plain file where the folder was. */
function breakOutput(): () => void {
  if (mounted) {
    const filler = path.join(outputDir, 'filler');
    const chunk = Buffer.alloc(64 * 1024, 1);
    for (let i = 0; ; i++) {
      try {
        writeFileSync(`${filler}-${i}`, chunk);
      } catch {
        // The last chunk did not fit: fill what is left byte by byte would take long; 1 KiB steps will do.
        for (let j = 0; ; j++) {
          try {
            writeFileSync(`${filler}-tail-${j}`, Buffer.alloc(1024, 1));
          } catch {
            break;
          }
        }
        break;
      }
    }
    return () => {
      for (const name of spawnSync('ls', [outputDir], { encoding: 'utf8' }).stdout.split('\n')) if (name.startsWith('filler')) rmSync(path.join(outputDir, name));
    };
  }
  const aside = `${outputDir}.aside`;
  renameSync(outputDir, aside);
  writeFileSync(outputDir, 'not a folder');
  return () => {
    rmSync(outputDir);
    renameSync(aside, outputDir);
  };
}

test('a full disk: old files intact, readyz 503 and status name the stale feeds, files catch up once space is back', async () => {
  const runtime = setup.openRuntime();
  const start = startCli(['--config', setup.configFile, 'start'], { env: { REDIS_URL: '' } });
  await start.waitForLog((l) => l.msg.startsWith('serving feeds'), 30_000);
  await runtime.queues.poll.addBulk([0, 1].map((i) => ({ name: 'poll', data: { sourceId: `feed-${i}`, runId: 'chaos-full-disk' } })));
  await until('the first feeds', () => {
    try {
      return urls('all.json').length === 2;
    } catch {
      return false;
    }
  }, 30_000, 100).catch((err) => {
    throw new Error(`${(err as Error).message}: ${JSON.stringify(start.logs.slice(-8))}`);
  });
  // Every render of the first stories done before the disk fills: one still in flight would
  // rename its file over the old one and free the old file's pages, and a later small render
  // could then fit in them and never fail.
  await rendersSettled(runtime, { world: 1, sports: 1, all: 2 });

  const repair = breakOutput();
  // Without a mount, the writer finds a file where its folder was (ENOTDIR), or EEXIST when it makes the folder anew.
  const fault = mounted ? /ENOSPC/ : /ENOTDIR|EEXIST/;
  feeds.routes.set('/f/0.xml', { body: rss('Feed 0', [story(0, 1), story(0, 2)]) });
  feeds.routes.set('/f/1.xml', { body: rss('Feed 1', [story(1, 1), story(1, 2)]) });
  await runtime.queues.poll.addBulk([0, 1].map((i) => ({ name: 'poll', data: { sourceId: `feed-${i}`, runId: 'chaos-full-disk' } })));

  let lastReadyz: unknown;
  await until('readyz to name the stale feeds', async () => {
    const r = await readyz();
    lastReadyz = r;
    return r.status === 503 && ['all', 'sports', 'world'].every((id) => r.body.staleFeeds?.some((f) => f.category === id));
  }, 30_000, 200).catch((err) => {
    throw new Error(`${(err as Error).message}; last /readyz: ${JSON.stringify(lastReadyz)}; logs: ${JSON.stringify(start.logs.slice(-8))}`);
  });
  const notReady = await readyz();
  expect(notReady.body.notReady).toEqual(['output']);
  const stale = notReady.body.staleFeeds ?? [];
  expect(stale.map((f) => f.category).sort()).toEqual(['all', 'sports', 'world']);
  expect(stale.filter((f) => !fault.test(f.error ?? ''))).toEqual([]);
  const status = await runCli(['--config', setup.configFile, 'status', '--json'], { env: { REDIS_URL: '' } });
  expect(status.code, status.stderr).toBe(0);
  const reported = (JSON.parse(status.stdout) as { staleFeeds: { category: string; error?: string }[] }).staleFeeds;
  expect(reported.some((f) => f.category === 'all' && fault.test(f.error ?? ''))).toBe(true);
  const human = await runCli(['--config', setup.configFile, 'status'], { env: { REDIS_URL: '' } });
  expect(human.stdout).toContain('stale feed all');

  // Longer than BullMQ's own retries of one render (5 attempts, about 8 s): the cause outlasts them.
  await new Promise((r) => setTimeout(r, 15_000));
  if (mounted) expect(urls('all.json')).toHaveLength(2);
  repair();
  const freedAt = Date.now();
  await until('the files to catch up', () => {
    try {
      return urls('all.json').length === 4 && urls('world.json').length === 2 && urls('sports.json').length === 2;
    } catch {
      return false;
    }
  }, RETRY_MAX_MS + 15_000, 200);
  const caughtUpMs = Date.now() - freedAt;
  await until('readyz 200', async () => (await readyz()).status === 200, 10_000, 200);
  const after = await runCli(['--config', setup.configFile, 'status', '--json'], { env: { REDIS_URL: '' } });
  expect((JSON.parse(after.stdout) as { staleFeeds: unknown[] }).staleFeeds).toEqual([]);
  console.log(`[chaos] full disk (${mounted ? 'tmpfs filled: ENOSPC' : 'no mount allowed: output.dir replaced by a file, ENOTDIR'}): files caught up ${(caughtUpMs / 1000).toFixed(1)} s after space was freed, no restart`);

  // Again, but this time feedmill is restarted while the disk is still full: the new process
  // finds the renders still owed and does them, although no new story arrives.
  await rendersSettled(runtime, { world: 2, sports: 2, all: 4 });
  const repairAgain = breakOutput();
  feeds.routes.set('/f/0.xml', { body: rss('Feed 0', [story(0, 1), story(0, 2), story(0, 3)]) });
  // As `once` does: polled although not due yet.
  await runtime.queues.poll.add('poll', { sourceId: 'feed-0', runId: 'chaos-full-disk' });
  await until('the new story to be stored and its render to fail', async () => {
    const r = await readyz();
    return r.status === 503 && (r.body.staleFeeds ?? []).some((f) => f.category === 'world');
  }, 30_000, 200);
  expect(await start.stop()).toBe(0);
  repairAgain();
  const restarted = startCli(['--config', setup.configFile, 'start'], { env: { REDIS_URL: '' } });
  const restartedAt = Date.now();
  await until('the files to catch up after the restart', () => {
    try {
      return urls('all.json').length === 5 && urls('world.json').length === 3;
    } catch {
      return false;
    }
  }, 30_000, 200);
  console.log(`[chaos] full disk, restarted while full: files caught up ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the new start was launched (process start included)`);
  expect(await restarted.stop()).toBe(0);
}, 180_000);
