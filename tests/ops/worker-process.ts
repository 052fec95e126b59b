// Real `feedmill worker` processes for the scale-out and shutdown tests: a config file of their
// own (test Redis, unique prefix, temporary output folder), their JSON log lines collected, and
// every process killed and every key deleted at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Runtime } from '../../src/app/runtime.js';
import { parseConfig, type Config } from '../../src/shared/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

export interface LogLine {
  level: number;
  msg: string;
  pid: number;
  [field: string]: unknown;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  lines: LogLine[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Waits (bounded) for a log line that matches. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface WorkerSetup {
  config: Config;
  configFile: string;
  prefix: string;
  /** Runtimes opened by the test itself on the same config (closed by cleanup). */
  openRuntime(): Runtime;
  spawnWorker(roles: string): WorkerProcess;
  cleanup(): Promise<void>;
}

export function createWorkerSetup(settings: Record<string, unknown>): WorkerSetup {
  const prefix = uniquePrefix('ops');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-test-ops-'));
  const configFile = path.join(dir, 'feedmill.yaml');
  const text = stringify({ ...settings, redis: { url: testRedisUrl(), prefix }, output: { ...(settings.output as object), baseUrl: 'http://feeds.test', dir: path.join(dir, 'public') } });
  writeFileSync(configFile, text);
  const config = parseConfig(text, configFile, {});
  const processes: WorkerProcess[] = [];
  const runtimes: Runtime[] = [];

  return {
    config,
    configFile,
    prefix,
    openRuntime() {
      const runtime = new Runtime(config, testRedisUrl(), silentLogger);
      runtimes.push(runtime);
      return runtime;
    },
    spawnWorker(roles) {
      const env: NodeJS.ProcessEnv = { ...process.env, FEEDMILL_LOG_FORMAT: 'json' };
      // The config file names the test Redis; an inherited REDIS_URL would override it.
      delete env.REDIS_URL;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', configFile, '--log-level', 'debug', 'worker', '--roles', roles], {
        cwd: process.cwd(),
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const worker = watch(child);
      processes.push(worker);
      return worker;
    },
    async cleanup() {
      for (const p of processes) {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await p.exited;
      }
      for (const runtime of runtimes) await runtime.close();
      const redis = connectTestRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function watch(child: ChildProcess): WorkerProcess {
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ level: 60, msg: part, pid: child.pid ?? 0 });
      }
    }
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid ?? 0,
    lines,
    exited,
    waitForLine(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) {
            done();
            resolve(found);
          } else if (child.exitCode !== null) {
            done();
            reject(new Error(`worker exited (${child.exitCode}) before the expected log line; last lines: ${JSON.stringify(lines.slice(-5))}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching log line within ${timeoutMs} ms; last lines: ${JSON.stringify(lines.slice(-5))}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
