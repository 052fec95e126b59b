// Starts the BullMQ workers of the requested roles on one runtime, and stops them gracefully:
// no new jobs are taken, the ones in flight finish (within a bound), connections close.
// While they run, the process sends a heartbeat (`feedmill status`: workers alive) and counts
// each poll's outcome in its metrics.
import { Worker } from 'bullmq';
import type { Runtime } from '../app/runtime.js';
import { startHeartbeat } from '../ops/heartbeat.js';
import { processMetrics } from '../ops/metrics.js';
import { createIngestProcessor } from './ingest.js';
import { createPollProcessor, type PollOutcome } from './poll.js';
import { createPublishProcessor } from './publish.js';
import { QUEUE_NAMES, type Role } from './queues.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for the ones in flight (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export function startWorkers(runtime: Runtime, roles: Role[]): RunningWorkers {
  const connection = runtime.connection();
  const prefix = runtime.keys.bullPrefix;
  const concurrency: Record<Role, number> = {
    poll: runtime.config.fetch.concurrency,
    ingest: 4,
    publish: 2,
  };
  const processors = {
    poll: createPollProcessor(runtime),
    ingest: createIngestProcessor(runtime),
    publish: createPublishProcessor(runtime),
  };
  const metrics = processMetrics();
  const workers = roles.map((role) => {
    const worker = new Worker(QUEUE_NAMES[role], processors[role] as never, {
      connection,
      prefix,
      concurrency: concurrency[role],
      // Jobs keep CPU work bounded; a longer lock still protects a slow fetch from being taken as stalled.
      lockDuration: 60_000,
    });
    worker.on('failed', (job, err) => {
      runtime.logger.error({ queue: role, jobId: job?.id, source: job?.data.sourceId, err: err.message }, `${role} job failed`);
      // Poll failures of a feed are outcomes the processor returns; a thrown one is a bug.
      if (role === 'poll' && job) metrics.recordPoll({ sourceId: job.data.sourceId, status: 'failed', code: 'INTERNAL', message: err.message });
    });
    if (role === 'poll') worker.on('completed', (_job, outcome: PollOutcome) => metrics.recordPoll(outcome));
    worker.on('error', (err) => runtime.logger.warn({ queue: role, err: err.message }, `${role} worker error`));
    return worker;
  });
  const heartbeat = startHeartbeat(runtime.redis, runtime.keys, roles, { logger: runtime.logger });
  return {
    workers,
    close: async (graceMs = 30_000) => {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if ((await Promise.race([closing, timeout])) === 'timeout') {
        runtime.logger.warn({ graceMs }, 'jobs still running after the grace period: closing anyway (they will be retried)');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await heartbeat.stop();
    },
  };
}
