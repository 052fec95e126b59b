// Redis connections, and a managed redis-server child for machines where none runs yet (only
// when no Redis was configured: a configured one that is down is waited for, never replaced).
// Workers' connections need maxRetriesPerRequest: null (a BullMQ requirement).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { connect, createServer } from 'node:net';
import { FeedmillError } from './errors.js';
import type { Keys } from './keys.js';
import { redactUrl } from './redis-url.js';
import type { Logger } from './logger.js';

export type { Redis };

export interface ConnectionLog {
  logger: Logger;
  /** Names the connection in log lines, e.g. "Redis" or "Redis (serve)". */
  what?: string;
}

/**
 * A Redis connection that retries forever (ioredis' default) and never raises an unhandled
 * error event: with a logger, an outage is logged once when it starts, then at most once a
 * minute while it lasts, and its end ("connection back") once.
 */
export function connectRedis(url: string, options: RedisOptions = {}, log?: ConnectionLog): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  if (!log) {
    client.on('error', () => {});
    return client;
  }
  const report = outageReporter(log.logger, `${log.what ?? 'Redis'} at ${redactUrl(url)}`);
  client.on('error', (err) => report.failed(err));
  // A server that goes away between commands may not raise an error before ioredis reconnects
  // (a quick restart): the reconnect itself says the connection was lost.
  client.on('reconnecting', () => report.failed(new Error('connection closed by the server')));
  client.on('ready', () => report.ready());
  return client;
}

const OUTAGE_REPEAT_MS = 60_000;

export interface OutageReporter {
  failed(err: unknown): void;
  ready(): void;
}

/**
 * Says once that a connection is down, then once a minute while it stays down, and once that it
 * is back (at `backLevel`: connections that share one outage say it once, at info, between them).
 */
export function outageReporter(logger: Logger, what: string, backLevel: 'info' | 'debug' = 'info'): OutageReporter {
  let downSince: number | undefined;
  let lastSaid = 0;
  return {
    failed(err) {
      const now = Date.now();
      const problem = describeRedisError(err);
      if (downSince === undefined) {
        downSince = now;
        lastSaid = now;
        logger.warn({ err: problem.message, code: problem.code }, `${what}: connection lost (${problem.message}); retrying`);
      } else if (now - lastSaid >= OUTAGE_REPEAT_MS) {
        lastSaid = now;
        logger.warn({ err: problem.message, code: problem.code, downForS: Math.round((now - downSince) / 1000) }, `${what}: still unreachable (${problem.message}); retrying`);
      }
    },
    ready() {
      if (downSince === undefined) return;
      logger[backLevel]({ downForS: Math.round((Date.now() - downSince) / 1000) }, `${what}: connection back`);
      downSince = undefined;
    },
  };
}

export type RedisProblem = { code: 'REDIS_UNAVAILABLE' | 'REDIS_AUTH' | 'REDIS_TLS'; message: string };

const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH.*(failed|called without any password)/i;
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|EPROTO$|HOSTNAME_MISMATCH)/;

/** What kind of failure a Redis client error is: down (worth waiting for), wrong credentials, or TLS. */
export function describeRedisError(err: unknown): RedisProblem {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | undefined)?.code ?? '';
  if (AUTH_FAILURE.test(message)) return { code: 'REDIS_AUTH', message };
  if (TLS_CODES.test(code) || /SSL routines|wrong version number|certificate/i.test(message)) return { code: 'REDIS_TLS', message };
  return { code: 'REDIS_UNAVAILABLE', message: message || code || 'no answer' };
}

/** Asks Redis at url for PONG once; says why not when it does not answer. */
export async function probeRedis(url: string, timeoutMs = 1500): Promise<{ ok: true } | { ok: false; problem: RedisProblem }> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  let firstError: unknown;
  client.on('error', (err) => {
    firstError ??= err;
  });
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? { ok: true } : { ok: false, problem: { code: 'REDIS_UNAVAILABLE', message: `PING answered ${reply}` } };
  } catch (err) {
    // ioredis reports the first cause on the error event and a generic one ("Connection is closed") on connect().
    const problem = describeRedisError(firstError ?? err);
    // rediss:// against a plain port: the server never answers the TLS hello, which looks like a timeout.
    if (problem.code === 'REDIS_UNAVAILABLE' && /ETIMEDOUT/.test(problem.message) && new URL(url).protocol === 'rediss:' && (await acceptsTcp(url, timeoutMs))) {
      return { ok: false, problem: { code: 'REDIS_TLS', message: `the port accepts connections but no TLS handshake completed within ${timeoutMs} ms (a plain, non-TLS Redis port?)` } };
    }
    return { ok: false, problem };
  } finally {
    client.disconnect();
  }
}

function acceptsTcp(url: string, timeoutMs: number): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 6379), timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** True when a Redis answers PING at url within the timeout. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  return (await probeRedis(url, timeoutMs)).ok;
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

export interface EnsureOptions {
  /** Start a redis-server child when none answers (only when no Redis was configured, or redis.managed asks for it). */
  manage: boolean;
  dataDir?: string;
  /** How long to wait for a configured Redis that does not answer: 0 fails at once, 'forever' waits (with backoff). */
  waitMs: number | 'forever';
  /** Called once when the wait starts (e.g. to answer /readyz with 503); its result is called when it ends. */
  whileWaiting?: (lastProblem: () => string) => Promise<() => Promise<void>>;
  signal?: AbortSignal;
}

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 15_000;

/**
 * Finds the Redis at url. Wrong credentials and TLS failures end at once with their own error (no
 * wait fixes them). A Redis that does not answer is started as a child process when feedmill
 * manages it (data under <dataDir>/redis, append-only file on, stopped on exit); a configured one
 * is never replaced: feedmill waits for it, retrying with backoff, saying so once and then every
 * minute, for `waitMs`.
 */
export async function ensureRedis(url: string, logger: Logger, options: EnsureOptions): Promise<RedisHandle> {
  const first = await probeRedis(url);
  if (first.ok) return { url, stop: async () => {} };
  refuseIfPermanent(url, first.problem);
  if (options.manage) return startManagedRedis(url, logger, options.dataDir);
  if (options.waitMs !== 'forever' && options.waitMs <= 0) {
    throw new FeedmillError('REDIS_UNAVAILABLE', `Redis at ${redactUrl(url)} does not answer (${first.problem.message}). ${HOW_TO_GET_REDIS}`);
  }
  const started = Date.now();
  let problem = first.problem;
  const bound = options.waitMs === 'forever' ? 'until it answers' : `for up to ${Math.round(options.waitMs / 1000)} s`;
  logger.warn({ err: problem.message }, `Redis at ${redactUrl(url)} does not answer (${problem.message}): waiting for it ${bound}, retrying with backoff`);
  const stopWaiting = options.whileWaiting ? await options.whileWaiting(() => problem.message) : async () => {};
  try {
    let delay = BACKOFF_START_MS;
    let lastSaid = started;
    for (;;) {
      const left = options.waitMs === 'forever' ? Number.POSITIVE_INFINITY : started + options.waitMs - Date.now();
      if (left <= 0) {
        throw new FeedmillError(
          'REDIS_UNAVAILABLE',
          `Redis at ${redactUrl(url)} did not answer within ${Math.round((Date.now() - started) / 1000)} s (${problem.message}). ${HOW_TO_GET_REDIS}`,
        );
      }
      await sleep(Math.min(delay, left), options.signal);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      const probe = await probeRedis(url);
      if (probe.ok) {
        logger.info({ waitedS: Math.round((Date.now() - started) / 1000) }, `Redis at ${redactUrl(url)} answers: going on`);
        return { url, stop: async () => {} };
      }
      problem = probe.problem;
      refuseIfPermanent(url, problem);
      if (Date.now() - lastSaid >= OUTAGE_REPEAT_MS) {
        lastSaid = Date.now();
        logger.warn({ err: problem.message, waitedS: Math.round((lastSaid - started) / 1000) }, `still waiting for Redis at ${redactUrl(url)} (${problem.message})`);
      }
    }
  } finally {
    await stopWaiting();
  }
}

function refuseIfPermanent(url: string, problem: RedisProblem): void {
  if (problem.code === 'REDIS_AUTH') {
    throw new FeedmillError(
      'REDIS_AUTH',
      `Redis at ${redactUrl(url)} refused the credentials (${problem.message}): check the user name and password in REDIS_URL or redis.url (redis://user:password@host:port).`,
    );
  }
  if (problem.code === 'REDIS_TLS') {
    throw new FeedmillError(
      'REDIS_TLS',
      `TLS with Redis at ${redactUrl(url)} failed (${problem.message}): use rediss:// only for a TLS port, redis:// for a plain one, and check the server's certificate.`,
    );
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FeedmillError('INTERRUPTED', 'interrupted while waiting for Redis'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FeedmillError('INTERRUPTED', 'interrupted while waiting for Redis'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function startManagedRedis(url: string, logger: Logger, dataDir: string | undefined): Promise<RedisHandle> {
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
  const dir = path.resolve(dataDir ?? 'data', 'redis');
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
  logger.warn({ port: Number(port), dir }, `no Redis configured and none answers at ${redactUrl(url)}: started a managed redis-server on 127.0.0.1:${port} (data in ${dir}); it stops when feedmill exits`);
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
