// Extra worker processes for `once --processes N`: each one is
// `feedmill worker` on the same config file and Redis, taking jobs from the same queues as the
// command's own workers, so that parsing, sanitizing, categorizing and storing run on every core.
// They write their logs to this process's stderr (never stdout, which --json keeps for the
// summary) and stop with it: when it asks, and also when it dies (the IPC channel closes).
import { spawn, type ChildProcess } from 'node:child_process';
import { FeedmillError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Role } from '../workers/queues.js';

export interface WorkerProcesses {
  readonly count: number;
  /**
   * Resolves when every process has its workers running (or has exited), or after `withinMs`
   * with those still starting left to join late, or when `signal` aborts: what is left waiting.
   */
  ready(withinMs: number, signal?: AbortSignal): Promise<number>;
  /** How many of the processes are still running (one that crashed or exited no longer counts). */
  running(): number;
  /** SIGTERM to each (they finish the jobs in flight), then waits for them to exit. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 35_000;

/** What a worker process started by `once --processes` sends over IPC once its workers take jobs. */
export const WORKER_READY = { type: 'feedmill-worker-ready' } as const;

/** `--processes` as given on the command line: a whole number of processes, 1 or more. */
export function parseProcessCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new FeedmillError('USAGE', `--processes ${text}: expected a whole number from 1 to 64 (worker processes, counting this one)`);
  }
  return n;
}

/** Starts `count` worker processes (none when count is 0). */
export function startWorkerProcesses(
  count: number,
  options: { configFile: string; redisUrl: string; roles: Role[]; logLevel: string; logger: Logger },
): WorkerProcesses {
  const entry = process.argv[1];
  if (count > 0 && !entry) throw new FeedmillError('INTERNAL', 'cannot start worker processes: the feedmill entry script is unknown');
  const children: ChildProcess[] = [];
  const starting = new Set<ChildProcess>();
  const onStarted: (() => void)[] = [];
  const started = (child: ChildProcess) => {
    if (!starting.delete(child)) return;
    for (const wake of onStarted.splice(0)) wake();
  };
  for (let i = 0; i < count; i++) {
    const child = spawn(
      process.execPath,
      [...process.execArgv, entry as string, '--config', options.configFile, '--log-level', options.logLevel, 'worker', '--roles', options.roles.join(',')],
      // Their own process group: a Ctrl-C on the terminal reaches this process, which stops them once, in order.
      { env: { ...process.env, REDIS_URL: options.redisUrl }, stdio: ['ignore', 2, 2, 'ipc'], detached: true },
    );
    starting.add(child);
    child.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === WORKER_READY.type) started(child);
    });
    child.on('error', (err) => {
      started(child);
      options.logger.error({ err: err.message }, 'a worker process could not start');
    });
    child.on('exit', (code, signal) => {
      started(child);
      if (code !== 0 && signal !== 'SIGTERM') options.logger.warn({ pid: child.pid, code, signal }, 'a worker process exited; the remaining processes take its jobs');
    });
    children.push(child);
  }
  return {
    count,
    ready: async (withinMs, signal) => {
      const deadline = Date.now() + withinMs;
      while (starting.size > 0 && !signal?.aborted && Date.now() < deadline) {
        let wake!: () => void;
        const woken = new Promise<void>((resolve) => (wake = resolve));
        onStarted.push(wake);
        const timer = setTimeout(wake, deadline - Date.now());
        signal?.addEventListener('abort', wake, { once: true });
        await woken;
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
      }
      return starting.size;
    },
    running: () => children.filter((child) => child.exitCode === null && child.signalCode === null).length,
    stop: async () => {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
