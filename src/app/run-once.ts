// `feedmill once`: polls every source once through the real queues, waits until ingest and
// publish have drained, and returns a summary. The workers of this process take part; workers
// of other processes sharing the Redis may take some of the jobs too, and their work is counted.
import { randomBytes } from 'node:crypto';
import type { ParseWarning } from '../shared/types.js';
import { FeedmillError } from '../shared/errors.js';
import { redactUrl } from '../shared/redis-url.js';
import { RUN_TTL_SECONDS } from '../workers/poll.js';
import { requestPublish } from '../workers/queues.js';
import type { Runtime } from './runtime.js';
import { missingFeeds } from './missing-feeds.js';

export interface RunSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  /** Not polled because the server asked so (410 Gone earlier, or a Retry-After not yet passed); listed in errors. */
  skipped: number;
  items: number;
  newStories: number;
  updated: number;
  duplicates: number;
  categoriesWritten: string[];
  errors: { source: string; code: string; message: string }[];
  /** Feeds read, but not as published: RECOVERED (repaired XML) or TRUNCATED (cut at parse.maxItems). */
  warnings: { source: string; code: string; message: string }[];
  durationMs: number;
}

export interface RunProgress {
  sources: number;
  polled: number;
  failed: number;
  newStories: number;
}

// A 304 cycle of a few hundred sources takes a few hundred ms: a coarse look would add half its own period to each run.
const DRAIN_POLL_MS = 25;
/**
 * How often a run that still misses outcomes looks whether the run's own poll jobs that should
 * bring them are finished. A poll job can end without them: failed after stalling more often than
 * allowed (a worker killed again and again), or its sources cut short by a worker's shutdown.
 * Waiting for --timeout then would only hide what went wrong. The run judges its own jobs, not the
 * whole poll queue: beside a running `feedmill start`, its job schedulers keep delayed poll jobs
 * in the queue for ever.
 */
const LOST_CHECK_MS = 1000;

/** Sources per poll job at most: a job's sources are polled one after another. */
const MAX_BATCH = 20;
/**
 * Jobs per poll slot of a single process at least, so that every worker keeps busy until the end.
 * Two, not more: each job costs about 35 Redis commands of BullMQ bookkeeping, and on a 304 cycle
 * of 1,000 sources at the default concurrency, four a slot (7 sources a job) made that 8.2 commands
 * a poll; two (15 a job) make it 5.1. Several processes need only one a slot of each (a job goes
 * to whichever process has a slot free), and never fewer jobs than one process: two a slot of each
 * of two processes had made it 7.6 again.
 */
const JOBS_PER_SLOT = 2;

/**
 * The run's sources in poll jobs of several each: a job's own Redis bookkeeping (add, take,
 * finish: about 35 commands) then weighs on several polls instead of one. Batches stay small
 * enough that every poll slot (`slots` in each of `processes`) gets one of them, a single process
 * two, and are made as many as a whole number of rounds of the slots, of sizes differing by one
 * at most: 1,000 sources on 32 slots in 67 jobs of 15 left a third round of 3 jobs polling on an
 * idle process.
 */
export function pollBatches(sourceIds: string[], slots: number, processes = 1): string[][] {
  const perProcess = Math.max(1, slots);
  const rounds = Math.max(perProcess * JOBS_PER_SLOT, perProcess * Math.max(1, processes));
  let count = Math.max(1, Math.ceil(sourceIds.length / MAX_BATCH));
  if (sourceIds.length >= rounds) count = Math.ceil(count / rounds) * rounds;
  else count = sourceIds.length;
  const batches: string[][] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * sourceIds.length) / count);
    const to = Math.floor(((i + 1) * sourceIds.length) / count);
    if (to > from) batches.push(sourceIds.slice(from, to));
  }
  return batches;
}

export async function runOnce(
  runtime: Runtime,
  options: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal; timeoutMs?: number; processes?: number } = {},
): Promise<RunSummary & { interrupted: boolean }> {
  const started = Date.now();
  const runId = `${started.toString(36)}-${randomBytes(3).toString('hex')}`;
  const runKey = runtime.keys.run(runId);
  const config = runtime.config;
  const sources = config.sources;
  const batches = pollBatches(
    sources.map((s) => s.id),
    config.fetch.concurrency,
    options.processes,
  );
  // A command waits for Redis to come back (workers' connections must): a run whose Redis went
  // away would hang past --timeout, so each of the run's reads and writes gives up after redis.wait.
  const ask = <T>(work: Promise<T>) => answeredWithin(work, runtime, runtime.config.redis.wait);
  // The run's hash exists from the start: polls record into it only while it does (src/workers/run-outcomes-lua.ts).
  await ask(runtime.redis.multi().hset(runKey, 'sources', sources.length).expire(runKey, RUN_TTL_SECONDS).exec());
  const jobId = (i: number) => `once-${runId}-${i}`;
  for (let i = 0; i < batches.length; i += 1000) {
    await ask(runtime.queues.poll.addBulk(
      batches.slice(i, i + 1000).map((sourceIds, j) => ({
        name: 'poll',
        data: { sourceIds, runId },
        // A finished job of the run is of no further use (its outcomes are in the run's hash), and
        // keeping it costs the trim of the completed list: 0.27 Redis commands a poll on a 304 cycle.
        // A failed one is kept: LostJobs reads why it failed.
        opts: { jobId: jobId(i + j), removeOnComplete: true },
      })),
    ));
  }

  // Categories that have never been written get their (possibly empty) feeds in this run too.
  const everyCategory = [...config.categories.map((c) => c.id), 'all'];
  const missing = missingFeeds(config);

  const deadline = started + (options.timeoutMs ?? 30 * 60_000);
  let interrupted = false;
  let askedForMissing = false;
  let lostCheckAt = Date.now() + LOST_CHECK_MS;
  const lostJobs = new LostJobs(runtime, runId, batches, jobId);
  let polledAtLostCheck = -1;
  const renders = new OwedRenders(runtime);
  let rendersOwed = false;
  let lost: RunSummary['errors'] = [];
  for (;;) {
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    // The counters only: the run's hash also holds every error and warning met so far.
    const [[, counters], [, ingestedSources]] = ((await ask(
      runtime.redis.multi().hmget(runKey, 'polled', 'failed', 'newStories', 'ingestJobs').scard(runtime.keys.runIngested(runId)).exec(),
    )) ?? [[null, []], [null, 0]]) as [[unknown, (string | null)[]], [unknown, number]];
    const [polled = 0, failed = 0, newStories = 0, ingestJobs = 0] = counters.map(Number);
    // One ingest job a source with new items (src/workers/poll.ts), counted once however often it ran.
    const ingestDone = Number(ingestedSources);
    options.onProgress?.({ sources: sources.length, polled, failed, newStories });
    if (polled + lost.length < sources.length && Date.now() >= lostCheckAt) {
      // Only a run that brought no outcome for a second looks at its jobs (or one that saw some
      // finished and confirms them): while outcomes come in, the run cannot end anyway.
      if (polled === polledAtLostCheck || lostJobs.confirming) lost = await ask(lostJobs.check());
      polledAtLostCheck = polled;
      lostCheckAt = Date.now() + LOST_CHECK_MS;
    }
    if (polled + lost.length >= sources.length) {
      if (!askedForMissing && missing.length > 0) {
        askedForMissing = true;
        // Renders numbered from now on write them.
        renders.owe(await ask(renders.started(missing)), true);
        await ask(requestPublish(runtime.queues.publish, missing));
      }
      if ((await ask(isIdle(runtime, 'ingest'))) && (await ask(isIdle(runtime, 'publish')))) break;
      // Beside a busy service, the queues may not be idle for a while: the run's own ingest jobs
      // done, and the renders of every change stored until then, are enough.
      if (ingestDone >= ingestJobs) {
        if (!rendersOwed) {
          rendersOwed = true;
          renders.owe(await ask(renders.started(everyCategory)), false);
        }
        if (await ask(renders.done())) break;
      }
    }
    if (Date.now() > deadline) {
      interrupted = true;
      break;
    }
    await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  }

  const run = await ask(runtime.redis.hgetall(runKey));
  const written = await ask(writtenSince(runtime, everyCategory, started));
  await ask(runtime.redis.unlink(runKey, runtime.keys.runOutcomes(runId), runtime.keys.runIngested(runId)));
  const errors = Object.entries(run)
    .filter(([field]) => field.startsWith('error:'))
    .map(([field, value]) => ({ source: field.slice('error:'.length), ...(JSON.parse(value) as { code: string; message: string }) }))
    .concat(lost)
    .sort((a, b) => a.source.localeCompare(b.source));
  const warnings = Object.entries(run)
    .filter(([field]) => field.startsWith('warning:'))
    .flatMap(([field, value]) => (JSON.parse(value) as ParseWarning[]).map((w) => ({ source: field.slice('warning:'.length), ...w })))
    .sort((a, b) => a.source.localeCompare(b.source));
  return {
    sources: sources.length,
    fetched: Number(run.fetched ?? 0),
    notModified: Number(run.notModified ?? 0),
    failed: Number(run.failed ?? 0) + lost.length,
    skipped: Number(run.skipped ?? 0),
    items: Number(run.items ?? 0),
    newStories: Number(run.newStories ?? 0),
    updated: Number(run.updated ?? 0),
    duplicates: Number(run.duplicates ?? 0),
    categoriesWritten: written,
    errors,
    warnings,
    durationMs: Date.now() - started,
    interrupted,
  };
}

/**
 * `work`, or a REDIS_UNAVAILABLE error (exit code 3) once Redis has been away for waitMs (at least
 * a second; at most what a timer holds). A Redis that is connected but slow to answer is waited
 * for, as is this process's own event loop standing still: only a lost connection counts.
 */
async function answeredWithin<T>(work: Promise<T>, runtime: Runtime, waitMs: number): Promise<T> {
  const ms = Math.min(Math.max(waitMs, 1000), 2 ** 31 - 1);
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    const check = () => {
      if (runtime.redis.status === 'ready') {
        timer = setTimeout(check, ms);
        return;
      }
      reject(
        new FeedmillError(
          'REDIS_UNAVAILABLE',
          `Redis at ${redactUrl(runtime.redisUrl)} stopped answering during the run (no connection for ${Math.round(ms / 1000)} s, redis.wait). ` +
            'What was stored before stays; run once again when Redis is back.',
        ),
      );
    };
    timer = setTimeout(check, ms);
  });
  try {
    return await Promise.race([work, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The run's sources whose poll job finished without their outcomes, each with what became of its
 * job. Each check reads which sources have outcomes, then the state of only the jobs of batches
 * still missing some, in one pipeline: a job's hash without `finishedOn` is waiting, delayed or
 * active; with it, the job failed for good; gone, it completed (removeOnComplete) or was removed.
 * A batch is lost only when its job was seen finished at an earlier check and its outcomes are
 * still missing at this one, read after that: a job that finishes between the two reads of one
 * check, its outcomes just written, is not taken for lost.
 */
class LostJobs {
  private readonly open: Set<number>;
  private readonly finished = new Map<number, string>();
  private readonly lost: RunSummary['errors'] = [];

  /** Whether a job was seen finished without all its outcomes, to be confirmed at the next check. */
  get confirming(): boolean {
    return this.finished.size > 0;
  }

  constructor(
    private readonly runtime: Runtime,
    private readonly runId: string,
    private readonly batches: string[][],
    private readonly jobId: (i: number) => string,
  ) {
    this.open = new Set(batches.keys());
  }

  async check(): Promise<RunSummary['errors']> {
    const { runtime, batches, jobId } = this;
    const recorded = new Set(await runtime.redis.hkeys(runtime.keys.runOutcomes(this.runId)));
    const missing = new Map<number, string[]>();
    for (const i of this.open) {
      const sources = (batches[i] as string[]).filter((id) => !recorded.has(id));
      if (sources.length === 0) {
        this.open.delete(i);
        this.finished.delete(i);
        continue;
      }
      const fate = this.finished.get(i);
      if (fate === undefined) {
        missing.set(i, sources);
        continue;
      }
      this.open.delete(i);
      this.finished.delete(i);
      for (const source of sources) this.lost.push({ source, code: 'INTERNAL', message: `not polled: its poll job ${jobId(i)} ${fate}` });
    }
    if (missing.size > 0) {
      const queue = runtime.queues.poll;
      const pipeline = runtime.redis.pipeline();
      for (const i of missing.keys()) pipeline.hmget(queue.toKey(jobId(i)), 'timestamp', 'finishedOn', 'failedReason');
      const states = (await pipeline.exec()) ?? [];
      [...missing.keys()].forEach((i, k) => {
        const [err, fields] = states[k] ?? [];
        if (err) throw err;
        const [timestamp, finishedOn, failedReason] = fields as (string | null)[];
        if (timestamp !== null && finishedOn === null) return;
        this.finished.set(i, failedReason ? `failed: ${failedReason}` : 'ended without polling it (a worker shut down in the middle?)');
      });
    }
    return this.lost;
  }
}

/**
 * The renders a run waits for when the queues are not idle: publish numbers each render of a
 * category as it takes the category's pending marker (renderStarted) and says which one finished
 * last (renderDone). Once the run's own ingest jobs are done, every change they stored was either
 * taken by a render numbered up to renderStarted, or still pends (pendingSince) and is taken by a
 * later one, which ingest asked for; both read in one MULTI, so no render falls between them.
 */
class OwedRenders {
  private readonly owed = new Map<string, number>();

  constructor(private readonly runtime: Runtime) {}

  /** Per category: the number of the last render started, and whether a change pends. */
  async started(categoryIds: string[]): Promise<Map<string, { started: number; pending: boolean }>> {
    const multi = this.runtime.redis.multi();
    for (const id of categoryIds) multi.hmget(this.runtime.keys.categoryState(id), 'renderStarted', 'pendingSince');
    const results = (await multi.exec()) ?? [];
    return new Map(
      categoryIds.map((id, i) => {
        const [started, pending] = (results[i]?.[1] ?? [null, null]) as (string | null)[];
        return [id, { started: Number(started ?? 0), pending: pending !== null }];
      }),
    );
  }

  /**
   * Each category owes the renders started so far, and one more when a change pends or when the
   * run asked for a render itself (`asked`: its request is taken by a render not started yet).
   */
  owe(states: Map<string, { started: number; pending: boolean }>, asked: boolean): void {
    for (const [id, { started, pending }] of states) this.owed.set(id, Math.max(this.owed.get(id) ?? 0, started + (asked || pending ? 1 : 0)));
  }

  async done(): Promise<boolean> {
    const ids = [...this.owed.keys()];
    const pipeline = this.runtime.redis.pipeline();
    for (const id of ids) pipeline.hget(this.runtime.keys.categoryState(id), 'renderDone');
    const results = (await pipeline.exec()) ?? [];
    return ids.every((id, i) => Number(results[i]?.[1] ?? 0) >= (this.owed.get(id) ?? 0));
  }
}

async function isIdle(runtime: Runtime, queue: 'ingest' | 'publish'): Promise<boolean> {
  const counts = await runtime.queues[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).every((n) => n === 0);
}

async function writtenSince(runtime: Runtime, categoryIds: string[], since: number): Promise<string[]> {
  const pipeline = runtime.redis.pipeline();
  for (const id of categoryIds) pipeline.hget(runtime.keys.categoryState(id), 'lastWrittenAt');
  const results = (await pipeline.exec()) ?? [];
  return categoryIds.filter((_, i) => Number(results[i]?.[1] ?? 0) >= since);
}
