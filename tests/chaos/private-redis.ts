// A redis-server of the chaos tests' own, on a port they choose, with an append-only file in a
// temp folder: it can be stopped, restarted on the same port and data, or given a password,
// without disturbing the Redis the other tests share.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pingRedis } from '../../src/shared/redis.js';

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGTERM (Redis flushes its AOF) and wait for the exit. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export function privateRedis(port: number, extraArgs: string[] = []): PrivateRedis {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-chaos-redis-'));
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', ...extraArgs], {
        stdio: 'ignore',
      });
      const deadline = Date.now() + 10_000;
      // With a password PING is refused until AUTH; an answer of any kind means the server is up.
      const probeUrl = extraArgs.includes('--requirepass') ? `redis://:${extraArgs[extraArgs.indexOf('--requirepass') + 1]}@127.0.0.1:${port}` : url;
      while (!(await pingRedis(probeUrl, 300))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`private redis-server on port ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
