// Faults of Redis itself, as an operator meets them: a configured Redis that is down (feedmill
// waits for it and never replaces it with an empty one of its own), a Redis restart under a
// running `start` and `serve` (logged as lost and back, JSON lines only), a wrong password, TLS
// against a plain port, and a malformed URL: each with its own message and exit code, and the
// password never shown.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, expect, test } from 'vitest';
import { Keys } from '../../src/shared/keys.js';
import { rss, startFeedServer } from '../support/feed-server.js';
import { freePort } from '../../src/shared/redis.js';
import { tempConfig, type TempConfig } from '../cli/temp-config.js';
import { runCli, startCli, stopAllClis } from '../support/cli.js';
import { until } from '../ops/until.js';
import { privateRedis, type PrivateRedis } from './private-redis.js';

const PASSWORD = 'hunter2-secret';
const configs: TempConfig[] = [];
const servers: PrivateRedis[] = [];

function config(settings: Record<string, unknown>): TempConfig {
  const c = tempConfig(settings);
  configs.push(c);
  return c;
}

async function serverOn(port: number, args: string[] = []): Promise<PrivateRedis> {
  const redis = privateRedis(port, args);
  servers.push(redis);
  await redis.start();
  return redis;
}

const noEnvRedis = { REDIS_URL: '' };

afterAll(async () => {
  await stopAllClis();
  for (const s of servers) await s.remove();
  for (const c of configs) await c.cleanup();
});

test('once with a configured Redis that is down waits redis.wait, exits 3, and starts no redis-server of its own', async () => {
  const port = await freePort();
  const c = config({ redis: { url: `redis://127.0.0.1:${port}`, prefix: 'chaos-down', wait: '2s' } });
  const started = Date.now();
  const run = await runCli(['once', '--json', '--config', c.file], { env: noEnvRedis, timeoutMs: 30_000 });
  expect(run.code, run.stderr).toBe(3);
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'REDIS_UNAVAILABLE' } });
  expect(run.stderr).toContain('did not answer within 2 s');
  expect(run.stderr).not.toContain('started a managed redis-server');
  // The port stays free for the real Redis to come back.
  const redis = await serverOn(port);
  await redis.stop();
});

test('start waits for a configured Redis (readyz 503, said once), goes on when it comes, and logs a restart as lost and back', async () => {
  const port = await freePort();
  const httpPort = await freePort();
  const c = config({ redis: { url: `redis://127.0.0.1:${port}`, prefix: 'chaos-restart' }, server: { host: '127.0.0.1', port: httpPort } });
  const start = startCli(['--config', c.file, 'start'], { env: noEnvRedis });
  await start.waitForLog((l) => l.msg.includes('does not answer') && l.msg.includes('waiting for it'), 20_000);
  await start.waitForLog((l) => l.msg.includes('while waiting for Redis'), 20_000);
  const waiting = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
  expect(waiting.status).toBe(503);
  expect(await waiting.json()).toMatchObject({ ready: false, notReady: ['redis'] });
  expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);
  // Backoff retries say nothing more within the first minute.
  await new Promise((r) => setTimeout(r, 3000));
  expect(start.logs.filter((l) => l.msg.includes('does not answer')).length).toBe(1);

  const redis = await serverOn(port);
  await start.waitForLog((l) => l.msg.startsWith('serving feeds'), 30_000);
  await until('readyz 200', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, 10_000, 200);

  // Only lines after the restart count: a worker connection may have logged a reset while Redis was starting.
  const beforeOutage = start.logs.length;
  await redis.stop();
  await start.waitForLog((l) => l.msg.includes('connection lost'), 20_000, beforeOutage);
  await until('readyz 503 during the outage', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 503, 10_000, 200);
  await redis.start();
  const backAt = Date.now();
  await start.waitForLog((l) => l.msg.includes('connection back'), 30_000, beforeOutage);
  await until('readyz 200 after the restart', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, 30_000, 200);
  console.log(`[chaos] redis restart: /readyz 503 while down, 200 again ${((Date.now() - backAt) / 1000).toFixed(1)} s after Redis came back`);
  expect(start.logs.every((l) => l.level > 0)).toBe(true);
  expect(JSON.stringify(start.logs)).not.toContain('Unhandled error event');
  const exited = new Promise<number | null>((resolve) => start.child.once('close', resolve));
  const stopAsked = Date.now();
  start.child.kill('SIGTERM');
  // Right after a reconnect, as an orchestrator might: the shutdown bound holds here too.
  const code = await exited;
  if (code !== 0) console.log(JSON.stringify(start.logs.slice(-6)));
  expect(code).toBe(0);
  expect(Date.now() - stopAsked).toBeLessThan(30_000);
  console.log(`[chaos] redis restart: start exited ${((Date.now() - stopAsked) / 1000).toFixed(1)} s after SIGTERM`);
}, 120_000);

test('a Redis restart mid-cycle (append-only file): every story stored exactly once and published', async () => {
  const FEEDS = 20;
  const PER_FEED = 10;
  const port = await freePort();
  const httpPort = await freePort();
  const redis = await serverOn(port);
  const story = (k: number) => {
    const words = (createHash('sha256').update(`restart ${k}`).digest('hex').match(/.{5}/g) ?? []).map((w) => `w${w}`);
    return { title: `Item ${k}: ${words.slice(0, 5).join(' ')}`, description: words.slice(5, 12).join(' '), link: `https://news.example/restart/${k}` };
  };
  // Feed i carries stories 8i .. 8i+9: neighbours share two.
  const feeds = await startFeedServer(
    Object.fromEntries(Array.from({ length: FEEDS }, (_, i) => [`/f/${i}.xml`, { body: rss(`Feed ${i}`, Array.from({ length: PER_FEED }, (_, j) => story(i * 8 + j))), delayMs: 50 * (i % 5) }])),
  );
  const distinct = (FEEDS - 1) * 8 + PER_FEED;
  const c = config({
    redis: { url: redis.url, prefix: 'chaos-midcycle' },
    server: { host: '127.0.0.1', port: httpPort },
    output: { dir: './public', baseUrl: 'http://feeds.test', maxItems: 1000 },
    fetch: { perHost: 4, hostGap: '0s' },
    sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `feed-${i}`, url: `${feeds.url}/f/${i}.xml` })),
  });
  const start = startCli(['--config', c.file, 'start'], { env: noEnvRedis });
  try {
    await start.waitForLog((l) => l.msg.startsWith('serving feeds'), 30_000);
    // Mid-cycle: a few sources polled, most not yet.
    await until('the first stories', () => feeds.requests.length >= 3, 30_000, 10);
    await redis.stop();
    await redis.start();
    const restartedAt = Date.now();
    const allFile = path.join(c.dir, 'public', 'all.json');
    const published = () => {
      try {
        return (JSON.parse(readFileSync(allFile, 'utf8')) as { items: { url: string }[] }).items.map((i) => i.url);
      } catch {
        return [];
      }
    };
    await until('every story published after the restart', () => published().length === distinct, 60_000, 200);
    const client = new Redis(redis.url);
    const stored = await client.zcard(new Keys('chaos-midcycle').allStories);
    client.disconnect();
    expect(stored).toBe(distinct);
    expect(new Set(published()).size).toBe(distinct);
    console.log(`[chaos] redis restart mid-cycle: stored ${stored} of ${distinct} distinct, all published ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`);
  } finally {
    await start.stop();
    await feeds.close();
  }
}, 120_000);

test('serve logs a Redis outage as JSON lines, never an unhandled ioredis error', async () => {
  const port = await freePort();
  const httpPort = await freePort();
  const redis = await serverOn(port);
  const c = config({ redis: { url: redis.url, prefix: 'chaos-serve' }, server: { host: '127.0.0.1', port: httpPort } });
  const serve = startCli(['--config', c.file, 'serve'], { env: noEnvRedis });
  await serve.waitForLog((l) => l.msg.startsWith('serving'), 20_000);
  await redis.stop();
  await serve.waitForLog((l) => l.msg.includes('connection lost'), 20_000);
  await redis.start();
  await serve.waitForLog((l) => l.msg.includes('connection back'), 30_000);
  expect(serve.logs.filter((l) => l.level === 0)).toEqual([]);
  expect(JSON.stringify(serve.logs)).not.toContain('Unhandled error event');
  expect(await serve.stop()).toBe(0);
}, 90_000);

test('a wrong password is its own error (exit 6), with the password redacted', async () => {
  const port = await freePort();
  await serverOn(port, ['--requirepass', PASSWORD]);
  const c = config({ redis: { prefix: 'chaos-auth' } });
  const run = await runCli(['once', '--json', '--config', c.file], { env: { REDIS_URL: `redis://:wrong-${PASSWORD}@127.0.0.1:${port}` } });
  expect(run.code, run.stderr).toBe(6);
  expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'REDIS_AUTH' } });
  expect(run.stderr).toContain('refused the credentials');
  expect(run.stderr + run.stdout).not.toContain(PASSWORD);
  const none = await runCli(['once', '--json', '--config', c.file], { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  expect(none.code, none.stderr).toBe(6);
  expect(none.stderr).toContain('NOAUTH');
});

test('TLS against a plain Redis port is its own error (exit 7)', async () => {
  const port = await freePort();
  await serverOn(port);
  const c = config({ redis: { prefix: 'chaos-tls' } });
  const run = await runCli(['once', '--json', '--config', c.file], { env: { REDIS_URL: `rediss://:${PASSWORD}@127.0.0.1:${port}` } });
  expect(run.code, run.stderr).toBe(7);
  expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'REDIS_TLS' } });
  expect(run.stderr + run.stdout).not.toContain(PASSWORD);
});

test('a malformed REDIS_URL is a usage error (exit 2) that names it, with no stack trace and no password', async () => {
  const c = config({ redis: { prefix: 'chaos-url' } });
  const run = await runCli(['once', '--json', '--config', c.file], { env: { REDIS_URL: `redis://admin:${PASSWORD}@redis host:port/x` } });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain('REDIS_URL');
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr + run.stdout).not.toContain(PASSWORD);
});

test('once whose Redis goes away mid-run exits 3 after redis.wait with what to do, instead of hanging', async () => {
  const port = await freePort();
  const redis = await serverOn(port);
  // One source answers at once, the other only after a long while: the run is in flight when Redis goes.
  const feeds = await startFeedServer({
    '/quick.xml': { body: rss('Quick', [{ title: 'Harbour ferry timetable changes from Monday', link: 'https://news.example/gone/1' }]) },
    '/slow.xml': { body: rss('Slow', [{ title: 'Council approves new cycle lanes downtown', link: 'https://news.example/gone/2' }]), delayMs: 25_000 },
  });
  const c = config({
    redis: { url: redis.url, prefix: 'chaos-gone', wait: '2s' },
    fetch: { timeout: '60s' },
    sources: [
      { id: 'quick', url: `${feeds.url}/quick.xml` },
      { id: 'slow', url: `${feeds.url}/slow.xml` },
    ],
  });
  try {
    const run = runCli(['once', '--json', '--config', c.file], { env: noEnvRedis, timeoutMs: 60_000 });
    const probe = new Redis(redis.url);
    await until('the run has started', async () => (await probe.keys('{chaos-gone}*')).length > 0, 20_000, 100);
    probe.disconnect();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.stop();
    const stoppedAt = Date.now();
    const result = await run;
    expect(result.code, result.stderr).toBe(3);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ error: { code: 'REDIS_UNAVAILABLE' } });
    expect(result.stderr).toContain('stopped answering during the run');
    expect(result.stderr).toContain('run once again when Redis is back');
    // redis.wait (2 s) and the shutdown of what was in flight, far from the 25 s the slow source takes.
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
  } finally {
    await feeds.close();
  }
}, 90_000);
