// Finds a Redis for the tests, in this order: REDIS_URL; a Docker engine through
// testcontainers; a `redis-server` binary started on a free 127.0.0.1 port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../src/shared/redis.js';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  how: 'REDIS_URL' | 'testcontainers' | 'redis-server';
  stop(): Promise<void>;
}

export async function findRedis(): Promise<TestRedis> {
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, how: 'REDIS_URL', stop: async () => {} };
  }
  if (hasDockerEngine()) {
    try {
      const { GenericContainer } = await import('testcontainers');
      const container = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
      return {
        url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
        how: 'testcontainers',
        stop: async () => {
          await container.stop();
        },
      };
    } catch {
      // No usable engine after all (client present, daemon absent): fall through.
    }
  }
  return startRedisServer();
}

function hasDockerEngine(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

export { freePort };

/** A redis-server of its own on a free 127.0.0.1 port, keeping nothing on disk (also used by the scale bench). */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-test-redis-'));
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
  } catch (err) {
    throw new Error(`redis-server not found: install it (apt-get install redis-server), or set REDIS_URL. ${String(err)}`);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) =>
      reject(new Error(`redis-server could not start (${err.message}): install it with apt-get install redis-server, or set REDIS_URL`)),
    );
    child.once('spawn', () => resolve());
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      break;
    } catch {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    how: 'redis-server',
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
