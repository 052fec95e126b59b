// Redis connections, and a managed redis-server child for machines where none runs yet.
// Workers' connections need maxRetriesPerRequest: null (a BullMQ requirement).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { createServer } from 'node:net';
import { FeedmillError } from './errors.js';
import type { Keys } from './keys.js';
import type { Logger } from './logger.js';

export type { Redis };

export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** True when a Redis answers PING at url within the timeout. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface RedisHandle {
  url: string;
  /** Set when feedmill started its own redis-server for this run. */
  managed?: { pid: number; dir: string };
  stop(): Promise<void>;
}

const HOW_TO_GET_REDIS =
  'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
  'run `docker compose up -d redis`, or point REDIS_URL / redis.url at a running Redis.';

/**
 * Finds the configured Redis; when it does not answer and `redis-server` is on PATH,
 * starts one as a child process (data under <dataDir>/redis, append-only file on) and stops it on exit.
 */
export async function ensureRedis(url: string, logger: Logger, options: { manage: boolean; dataDir?: string }): Promise<RedisHandle> {
  if (await pingRedis(url)) return { url, stop: async () => {} };
  if (!options.manage) {
    throw new FeedmillError('REDIS_UNAVAILABLE', `Redis at ${redactUrl(url)} does not answer. ${HOW_TO_GET_REDIS}`);
  }
  if (!hasRedisServer()) {
    throw new FeedmillError(
      'REDIS_UNAVAILABLE',
      `Redis at ${redactUrl(url)} does not answer, and redis-server was not found on PATH to start one. ${HOW_TO_GET_REDIS}`,
    );
  }
  const target = new URL(url);
  const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname);
  if (!isLocal) {
    throw new FeedmillError(
      'REDIS_UNAVAILABLE',
      `Redis at ${redactUrl(url)} does not answer. feedmill only starts its own redis-server for a local address; check the host, or ${HOW_TO_GET_REDIS}`,
    );
  }
  const port = target.port || '6379';
  const dir = path.resolve(options.dataDir ?? 'data', 'redis');
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const localUrl = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await pingRedis(localUrl, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new FeedmillError(
        'REDIS_UNAVAILABLE',
        `started redis-server on 127.0.0.1:${port} (data in ${dir}) but it did not answer; is the port taken? ${HOW_TO_GET_REDIS}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  logger.warn({ port: Number(port), dir }, `Redis did not answer at ${redactUrl(url)}: started a managed redis-server on 127.0.0.1:${port} (data in ${dir}); it stops when feedmill exits`);
  return {
    url: localUrl,
    managed: { pid: child.pid ?? 0, dir },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
    },
  };
}

function hasRedisServer(): boolean {
  const result = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return result.status === 0;
}

/** A Redis URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}


/** Deletes every key of one installation (one prefix), in SCAN batches; nothing outside it. */
export async function deleteKeysUnder(redis: Redis, keys: Keys): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) deleted += await redis.unlink(...found);
  } while (cursor !== '0');
  return deleted;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
