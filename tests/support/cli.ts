// Runs the feedmill CLI as a child process, the way an operator or a script does: through
// tsx on the sources, with a time limit. `startCli` keeps a long-running command (start) and
// lets the test wait for its JSON log lines; every process it starts is killed by stopAll().
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'src/cli.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function spawnCli(args: string[], options: CliOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, FEEDMILL_LOG_FORMAT: 'json', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs one command to its end (killed after timeoutMs, default 30s). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface RunningCli {
  child: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line (past or future) that matches; rejects after timeoutMs. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number, from?: number): Promise<LogLine>;
  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawnCli(args, options);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stderr?.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 0, msg: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stdout?.resume();
  return {
    child,
    logs,
    waitForLog(match, timeoutMs = 20_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.slice(from).find(match);
          if (!found) return false;
          done();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching log line within ${timeoutMs}ms; last lines:\n${logs.slice(-10).map((l) => JSON.stringify(l)).join('\n')}`));
        }, timeoutMs);
        const onExit = () => {
          if (check()) return;
          done();
          reject(new Error(`process exited before a matching log line; last lines:\n${logs.slice(-10).map((l) => JSON.stringify(l)).join('\n')}`));
        };
        const wake = () => void check();
        const done = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off('close', onExit);
        };
        waiters.add(wake);
        child.on('close', onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

/** Kills every process startCli started that is still running (afterAll). */
export async function stopAllClis(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
