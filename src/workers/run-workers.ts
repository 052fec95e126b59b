// Starts the BullMQ workers of the requested roles on one runtime, and stops them within a bound:
// no new jobs are taken, the ones in flight get a moment to finish, then their fetches are
// aborted (the source is polled again at its next tick), connections close.
// Locks are short, so that the jobs of a process that died (kill -9, OOM, a lost host) are taken
// over by another worker within seconds rather than minutes (see WORKER_LOCKS).
// While they run, the process sends a heartbeat (`feedmill status`: workers alive) and counts
// each poll's outcome in its metrics.
import { Worker, type Job } from 'bullmq';
import type { Runtime } from '../app/runtime.js';
import { startHeartbeat } from '../ops/heartbeat.js';
import { processMetrics } from '../ops/metrics.js';
import { createPollProcessor, type PollOutcome } from './poll.js';
import { QUEUE_NAMES, type Role } from './queues.js';
import { outageReporter } from '../shared/redis.js';

export interface RunningWorkers {
  workers: Worker[];
  /**
   * Stops taking jobs and waits for the ones in flight; after `abortAfterMs` their fetches are
   * aborted, and after `graceMs` the workers close whatever still runs (those jobs are retried).
   */
  close(graceMs?: number, abortAfterMs?: number): Promise<void>;
}

/**
 * Lock and stall settings of every worker. A job's lock lives 15 s and is renewed every 1.5-3 s
 * while the process runs (BullMQ looks every lockRenewTime/2 and renews locks older than that);
 * every 5 s each worker looks for active jobs whose lock expired (their process is gone) and
 * moves them back to waiting, so another worker takes them over 12-20 s after a crash.
 * A live process loses a lock only when its event loop stands still for 12 s or more: a stopped
 * process (SIGSTOP), or a machine so loaded that a second of work takes ten (issue 9: at load 25,
 * with 10 s locks renewed every 5 s, a `once` run counted 1,314 polls for 1,000 sources). Such a
 * job runs again elsewhere, and must do no harm: a poll records each source once
 * per run (src/workers/run-outcomes-lua.ts), ingest's store script, publish's atomic file writes
 * are idempotent; the worker that lost the lock stops the job's work (lockRenewalFailed). A job
 * may stall twice before it fails, and `once` reports the sources of a poll job that failed so.
 */
export const WORKER_LOCKS = { lockDuration: 15_000, lockRenewTime: 3_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

/**
 * What BullMQ says when a job's lock is gone (taken over, or expired): not a Redis outage. A job
 * removed on completion (`once`'s poll jobs) that another worker took over and finished is gone
 * altogether when the first one finishes it too: BullMQ then says its key is missing.
 */
const LOST_LOCK = /^(could not renew lock for job|Missing lock for job|Lock mismatch for job|Missing key for job)/;

/** The README's shutdown promise: a process exits within this after SIGTERM, with hanging fetches in flight. */
export const SHUTDOWN_GRACE_MS = 30_000;
const CONNECTIONS_CLOSE_WAIT_MS = 2_000;
/** In-flight jobs may finish by themselves for this long; then their fetches are aborted. */
export const SHUTDOWN_ABORT_AFTER_MS = 10_000;

export function startWorkers(runtime: Runtime, roles: Role[]): RunningWorkers {
  const connection = runtime.connection();
  const prefix = runtime.keys.bullPrefix;
  const concurrency: Record<Role, number> = {
    poll: runtime.config.fetch.concurrency,
    ingest: 4,
    publish: 2,
  };
  const jobs = jobsInFlight();
  const processors = {
    poll: jobs.track(createPollProcessor(runtime)),
    // Loaded at their first job: a `once` whose sources all answer 304 has none.
    ingest: jobs.track(loadedAtFirstJob(async () => (await import('./ingest.js')).createIngestProcessor(runtime))),
    publish: jobs.track(loadedAtFirstJob(async () => (await import('./publish.js')).createPublishProcessor(runtime))),
  };
  const metrics = processMetrics();
  const onRedisBack: (() => void)[] = [];
  const workers = roles.map((role) => {
    const worker = new Worker(QUEUE_NAMES[role], processors[role] as never, {
      connection,
      prefix,
      concurrency: concurrency[role],
      ...WORKER_LOCKS,
    });
    worker.on('stalled', (jobId) => runtime.logger.warn({ queue: role, jobId }, `${role} job ${jobId} was left by a process that stopped or stood still; taken over`));
    worker.on('lockRenewalFailed', (jobIds) => {
      for (const jobId of jobIds) {
        runtime.logger.warn({ queue: role, jobId }, `${role} job ${jobId} lost its lock (this process stood still too long); stopping its work, another worker takes it over`);
        worker.cancelJob(jobId, 'lost the job lock');
      }
    });
    worker.on('failed', (job, err) => {
      const sources: string[] = job?.data.sourceIds ?? (job?.data.sourceId ? [job.data.sourceId] : []);
      runtime.logger.error({ queue: role, jobId: job?.id, source: sources.join(',') || undefined, err: err.message }, `${role} job failed`);
      // Poll failures of a feed are outcomes the processor returns; a thrown one is a bug.
      if (role === 'poll') for (const sourceId of sources) metrics.recordPoll({ sourceId, status: 'failed', code: 'INTERNAL', message: err.message });
    });
    if (role === 'poll') {
      worker.on('completed', (_job, outcome: PollOutcome | PollOutcome[]) => {
        for (const one of Array.isArray(outcome) ? outcome : [outcome]) metrics.recordPoll(one);
      });
    }
    // Each worker holds connections of its own: an outage is said once (and then once a minute) per queue, not per retry.
    const outage = outageReporter(runtime.logger.child({ queue: role }), `${role} worker`, 'debug');
    worker.on('error', (err) => {
      // Said once per job by lockRenewalFailed above, or the job finished after its lock was gone.
      if (LOST_LOCK.test(err.message)) runtime.logger.debug({ queue: role, err: err.message }, 'job lock lost');
      else outage.failed(err);
    });
    const back = () => outage.ready();
    runtime.redis.on('ready', back);
    onRedisBack.push(back);
    return worker;
  });
  const heartbeat = startHeartbeat(runtime.redis, runtime.keys, roles, { logger: runtime.logger });
  return {
    workers,
    close: async (graceMs = SHUTDOWN_GRACE_MS - 5_000, abortAfterMs = SHUTDOWN_ABORT_AFTER_MS) => {
      for (const back of onRedisBack) runtime.redis.off('ready', back);
      const closing = Promise.all(workers.map((w) => w.close())).catch((err: unknown) =>
        runtime.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'closing the workers failed; exiting anyway'),
      );
      if ((await jobs.idle(abortAfterMs)) === 'timeout') {
        runtime.logger.warn({ abortAfterMs }, 'jobs still running at shutdown: aborting their fetches (the sources are polled again at their next tick)');
        for (const w of workers) w.cancelAllJobs('feedmill is shutting down');
        if ((await jobs.idle(Math.max(graceMs - abortAfterMs, 0))) === 'timeout') {
          runtime.logger.warn({ graceMs }, 'jobs still running after the grace period: closing anyway (they will be retried)');
          void Promise.all(workers.map((w) => w.close(true))).catch(() => undefined);
        }
      }
      // No job runs any more. Closing the connections gets a bound of its own: BullMQ's close can
      // wait forever on a connection that is reconnecting (taskforcesh/bullmq#4656).
      await Promise.race([closing, sleep(CONNECTIONS_CLOSE_WAIT_MS)]);
      await heartbeat.stop();
    },
  };
}

/**
 * A BullMQ processor. Its three parameters are declared, not spread, in every wrapper: BullMQ hands
 * a processor the abort signal (what cancelJob and cancelAllJobs abort) only when its length is 3.
 */
type Processor<D, R> = (job: Job<D>, token?: string, signal?: AbortSignal) => Promise<R>;

/** A processor whose module (and what it imports: categorize, render, write) loads when its first job comes. */
function loadedAtFirstJob<D, R>(load: () => Promise<Processor<D, R>>): Processor<D, R> {
  let loading: ReturnType<typeof load> | undefined;
  return async (job, token, signal) => (await (loading ??= load()))(job, token, signal);
}

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/** Counts the jobs this process is running, so that shutdown knows when none is left. */
function jobsInFlight() {
  let running = 0;
  const waiting = new Set<() => void>();
  return {
    track<D, R>(processor: Processor<D, R>): Processor<D, R> {
      return async (job, token, signal) => {
        running++;
        try {
          return await processor(job, token, signal);
        } finally {
          running--;
          if (running === 0) for (const wake of waiting) wake();
        }
      };
    },
    idle(withinMs: number): Promise<'idle' | 'timeout'> {
      if (running === 0) return Promise.resolve('idle');
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve('idle');
        };
        const timer = setTimeout(() => {
          waiting.delete(wake);
          resolve('timeout');
        }, withinMs);
        waiting.add(wake);
      });
    },
  };
}
