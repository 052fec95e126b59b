// The CLI as a user runs it, in a child process: the demo on the bundled sources, `once --json`,
// a bad config line, SIGTERM in the middle of a run, and Redis missing or started on demand.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { Keys } from '../../src/shared/keys.js';
import { rss, startFeedServer } from '../support/feed-server.js';
import { freePort } from '../support/redis-server.js';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src', 'cli.ts');
const redis = connectTestRedis();
const prefixes: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-cli-'));
  dirs.push(dir);
  return dir;
}

function prefix(): string {
  const p = uniquePrefix('cli');
  prefixes.push(p);
  return p;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function feedmill(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> & { child: ReturnType<typeof spawn> } {
  const child = spawn(TSX, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, FEEDMILL_LOG_FORMAT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  ) as Promise<Run> & { child: ReturnType<typeof spawn> };
  done.child = child;
  return done;
}

function writeConfig(dir: string, settings: Record<string, unknown>): string {
  const file = path.join(dir, 'feedmill.yaml');
  writeFileSync(file, stringify(settings));
  return file;
}

describe('feedmill demo', () => {
  test('writes every category feed from the bundled sources, readable by an independent parser', async () => {
    const dir = tempDir();
    const run = await feedmill(['demo', '--once', '--json', '--port', '0', '--output', path.join(dir, 'public'), '--prefix', prefix()], {
      env: { REDIS_URL: testRedisUrl() },
    });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { sources: number; newStories: number; duplicates: number; failed: number };
    expect(summary.failed).toBe(0);
    expect(summary.newStories).toBeGreaterThan(30);
    expect(summary.duplicates).toBeGreaterThan(0);
    const catalog = JSON.parse(readFileSync(path.join(ROOT, 'demo', 'catalog.json'), 'utf8')) as { categories: { id: string }[] };
    for (const { id } of [...catalog.categories, { id: 'all' }]) {
      for (const ext of ['rss', 'atom', 'json']) expect(existsSync(path.join(dir, 'public', `${id}.${ext}`)), `${id}.${ext}`).toBe(true);
    }
    const check = spawnSync(
      '/usr/bin/python3',
      ['-c', 'import sys, feedparser\nd = feedparser.parse(sys.argv[1])\nprint(int(d.bozo), len(d.entries))', path.join(dir, 'public', 'all.atom')],
      { encoding: 'utf8' },
    );
    expect(check.status, `python3-feedparser is needed (apt-get install python3-feedparser): ${check.stderr}`).toBe(0);
    const [bozo, entries] = check.stdout.trim().split(' ').map(Number);
    expect(bozo).toBe(0);
    expect(entries).toBeGreaterThan(30);
  });
});

describe('feedmill serve', () => {
  test('a port already in use is a clear error naming the address and what to change, not a hang or a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    const dir = tempDir();
    const config = writeConfig(dir, { redis: { url: testRedisUrl(), prefix: prefix() }, server: { host: '127.0.0.1', port }, sources: [] });
    const run = await feedmill(['serve', '--config', config], { timeoutMs: 30_000 });
    blocker.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`127.0.0.1:${port} is already in use`);
    expect(run.stderr).toContain('server.port');
    expect(run.stderr).not.toContain('    at ');
  });
});

describe('feedmill once', () => {
  test('--json prints only the summary, with each failed source, its code and message, and exits 8', async () => {
    const feeds = await startFeedServer({ '/ok.xml': { body: rss('OK', [{ title: 'A story about the senate vote', link: 'https://ok.example/a' }]) } });
    const dir = tempDir();
    const config = writeConfig(dir, {
      redis: { url: testRedisUrl(), prefix: prefix() },
      output: { dir: './public' },
      sources: [
        { id: 'ok', url: `${feeds.url}/ok.xml` },
        { id: 'missing', url: `${feeds.url}/missing.xml` },
      ],
    });
    const run = await feedmill(['once', '--json', '--config', config]);
    await feeds.close();
    // Ran to its end, but a source failed: a cron job hears of it without reading the summary.
    expect(run.code, run.stderr).toBe(8);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ sources: 2, fetched: 1, failed: 1, newStories: 1 });
    expect(summary.errors).toEqual([{ source: 'missing', code: 'HTTP_STATUS', message: expect.stringContaining('404') }]);
    expect(existsSync(path.join(dir, 'public', 'all.rss'))).toBe(true);
  });

  test('a bad config line is refused with the file, line and field, exit 2, and nothing runs', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'feedmill.yaml');
    writeFileSync(file, ['sources:', '  - id: world', '    url: https://example.com/rss.xml', '    interval: 10 minutes', ''].join('\n'));
    const run = await feedmill(['once', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4:`);
    expect(run.stderr).toContain('sources[0].interval');
    expect(run.stderr).toContain('expected a duration like 90s, 15m or 2h');
    expect(existsSync(path.join(dir, 'public'))).toBe(false);
  });

  test('SIGTERM during a run lets the poll in flight finish and exits as interrupted', async () => {
    const feeds = await startFeedServer({
      '/slow.xml': { delayMs: 2500, body: rss('Slow', [{ title: 'Late budget story from the slow desk', link: 'https://slow.example/budget' }]) },
    });
    const dir = tempDir();
    const p = prefix();
    const config = writeConfig(dir, { redis: { url: testRedisUrl(), prefix: p }, output: { dir: './public' }, sources: [{ id: 'slow', url: `${feeds.url}/slow.xml` }] });
    const running = feedmill(['once', '--json', '--config', config]);
    const deadline = Date.now() + 30_000;
    while (feeds.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(feeds.requests).toHaveLength(1);
    running.child.kill('SIGTERM');
    const run = await running;
    await feeds.close();
    expect(run.code, run.stderr).toBe(5);
    const state = await redis.hgetall(new Keys(p).sourceState('slow'));
    expect(state.lastStatus).toBe('fetched');
    expect(Number(state.lastSuccessAt)).toBeGreaterThan(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ interrupted: true, sources: 1 });
  });

  test('without a reachable Redis and no redis-server on PATH it says how to get one, exit 3', async () => {
    const dir = tempDir();
    const port = await freePort();
    const config = writeConfig(dir, { redis: { url: `redis://127.0.0.1:${port}`, prefix: prefix(), managed: true }, sources: [] });
    // A PATH with node and nothing else (no redis-server).
    const bin = tempDir();
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const run = await feedmill(['once', '--json', '--config', config], { env: { PATH: bin, REDIS_URL: '' } });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'REDIS_UNAVAILABLE' } });
    expect(run.stderr).toContain('redis-server was not found');
    expect(run.stderr).toContain('apt-get install redis-server');
    expect(run.stderr).toContain('docker compose up');
  });

  test('with redis-server on PATH it starts a managed Redis under ./data/redis and stops it on exit', async () => {
    const dir = tempDir();
    const port = await freePort();
    const config = writeConfig(dir, { redis: { url: `redis://127.0.0.1:${port}`, prefix: 'feedmill', managed: true }, output: { dir: './public' }, sources: [] });
    const run = await feedmill(['once', '--json', '--config', config], { cwd: dir, env: { REDIS_URL: '' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('started a managed redis-server');
    expect(existsSync(path.join(dir, 'data', 'redis', 'appendonlydir'))).toBe(true);
    const probe = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    expect(probe.stdout.trim()).not.toBe('PONG');
  });
});
