// `feedmill once`: poll every source once, wait for ingest and publish, print a summary, exit.
import { parseDuration } from '../shared/duration.js';
import { FeedmillError } from '../shared/errors.js';
import { runOnce, type RunSummary } from '../app/run-once.js';
import { parseProcessCount, startWorkerProcesses } from '../app/worker-processes.js';
import { startWorkers } from '../workers/run-workers.js';
import { ROLES } from '../workers/queues.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type CommandContext, type GlobalOptions } from './context.js';
import { onShutdownSignal, progressLine } from './terminal.js';

/** How long `once --processes` waits for its other processes to start before its run starts without them. */
const WORKERS_START_WAIT_MS = 30_000;

export interface OnceOptions extends GlobalOptions {
  timeout?: string;
  /** Worker processes, counting this one (`--processes`). */
  processes?: string;
}

export async function onceCommand(options: OnceOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options, true);
  const context = await openContext(config, logger, { manageRedis: true, waitForRedis: config.redis.wait });
  return runOnceIn(context, options);
}

/** Runs `once` inside an open context (also used by `demo`); closes the context. */
export async function runOnceIn(context: CommandContext, options: OnceOptions, print = true): Promise<number> {
  const timeoutMs = options.timeout ? parseDuration(options.timeout) : undefined;
  if (options.timeout && timeoutMs === undefined) {
    throw new FeedmillError('USAGE', `--timeout ${options.timeout}: expected a duration like 90s, 15m or 2h`);
  }
  const processes = parseProcessCount(options.processes);
  if (processes > 1 && !context.config.file) throw new FeedmillError('USAGE', `--processes ${processes}: the worker processes read the config from a file, and this run has none; pass --config PATH or run without --processes`);
  const workers = startWorkers(context.runtime, ROLES);
  // The other processes take poll and ingest jobs from the same queues (the run's counters are
  // shared in Redis); publishing stays here. Renders of one category collapse anyway, and each
  // process keeps its own cache of rendered entries: renders spread over two processes rendered
  // each new entry twice, and the second process also ran a publish reconciler of its own.
  const others = startWorkerProcesses(processes - 1, {
    configFile: context.config.file ?? '',
    redisUrl: context.redis.url,
    roles: ['poll', 'ingest'],
    logLevel: context.logger.level,
    logger: context.logger,
  });
  const abort = new AbortController();
  const stopListening = onShutdownSignal((signal) => {
    context.logger.warn({ signal }, 'interrupted: finishing the jobs in flight, then exiting');
    abort.abort();
  });
  const progress = progressLine(print && !options.json);
  let redisGone = false;
  try {
    // The run (its jobs, and the duration it reports) starts when the other processes can take
    // jobs: before, this process took every job while they loaded, and at 1,000 sources a 304
    // cycle was over before they could help, their start only slowing this process down.
    // --timeout bounds the whole command, this wait included.
    const waitStarted = Date.now();
    const waitMs = Math.min(WORKERS_START_WAIT_MS, timeoutMs ?? WORKERS_START_WAIT_MS);
    if (processes > 1) progress.update(`starting ${processes - 1} worker process${processes > 2 ? 'es' : ''}`);
    const late = await others.ready(waitMs, abort.signal);
    // Interrupted while the others started, or --timeout spent waiting for them: nothing was
    // queued yet, and nothing is left behind.
    if (abort.signal.aborted) return EXIT.INTERRUPTED;
    if (timeoutMs !== undefined && Date.now() - waitStarted >= timeoutMs) {
      context.logger.error({ late }, `--timeout ${options.timeout} passed while the worker processes started; nothing was polled. Give a longer --timeout, or fewer --processes`);
      return EXIT.INTERRUPTED;
    }
    if (late > 0) context.logger.warn({ late }, `${late} worker process${late > 1 ? 'es are' : ' is'} not running after ${Math.round(waitMs / 1000)}s; the run starts without, they take jobs when they can`);
    const summary = await runOnce(context.runtime, {
      signal: abort.signal,
      timeoutMs: timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - (Date.now() - waitStarted)),
      processes,
      onProgress: (p) =>
        progress.update(`polling ${p.polled}/${p.sources} sources · ${p.failed} failed · ${p.newStories} new stories`),
    });
    progress.done();
    if (print) printSummary(summary, options.json === true);
    // A cron job or script learns of a failed source from the exit code, not only from the summary it may not read.
    return summary.interrupted ? EXIT.INTERRUPTED : summary.failed > 0 ? EXIT.SOURCES_FAILED : EXIT.OK;
  } catch (err) {
    redisGone = err instanceof FeedmillError && err.code === 'REDIS_UNAVAILABLE';
    throw err;
  } finally {
    progress.done();
    stopListening();
    await others.stop();
    // With Redis gone nothing in flight can be stored: its jobs are cut short at once, not after the shutdown grace.
    await (redisGone ? workers.close(0, 0) : workers.close());
    await context.close();
  }
}

export function printSummary(summary: RunSummary & { interrupted?: boolean }, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const lines = [
    `${summary.interrupted ? 'interrupted after' : 'polled'} ${summary.sources} source${summary.sources === 1 ? '' : 's'} in ${(summary.durationMs / 1000).toFixed(1)}s`,
    `  fetched ${summary.fetched} · not modified ${summary.notModified} · failed ${summary.failed}${summary.skipped > 0 ? ` · not polled ${summary.skipped}` : ''}`,
    `  items ${summary.items} · new stories ${summary.newStories} · updated ${summary.updated} · duplicates ${summary.duplicates}`,
    `  feeds written: ${summary.categoriesWritten.length > 0 ? summary.categoriesWritten.join(', ') : 'none (nothing changed)'}`,
  ];
  if (summary.errors.length > 0) {
    lines.push('  errors:');
    for (const e of summary.errors) lines.push(`    ${e.source}: ${e.code}: ${e.message}`);
  }
  if (summary.warnings.length > 0) {
    lines.push('  warnings (read, but tell the publisher):');
    for (const w of summary.warnings) lines.push(`    ${w.source}: ${w.code}: ${w.message}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
