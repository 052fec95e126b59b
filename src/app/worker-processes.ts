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
  /** SIGTERM to each (they finish the jobs in flight), then waits for them to exit. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 35_000;

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
  for (let i = 0; i < count; i++) {
    const child = spawn(
      process.execPath,
      [...process.execArgv, entry as string, '--config', options.configFile, '--log-level', options.logLevel, 'worker', '--roles', options.roles.join(',')],
      // Their own process group: a Ctrl-C on the terminal reaches this process, which stops them once, in order.
      { env: { ...process.env, REDIS_URL: options.redisUrl }, stdio: ['ignore', 2, 2, 'ipc'], detached: true },
    );
    child.on('error', (err) => options.logger.error({ err: err.message }, 'a worker process could not start'));
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') options.logger.warn({ pid: child.pid, code, signal }, 'a worker process exited; the remaining processes take its jobs');
    });
    children.push(child);
  }
  return {
    count,
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
