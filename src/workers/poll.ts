// The poll worker: takes a source's poll job, fetches, decodes and parses the feed, drops what
// the source already delivered, and hands the rest to ingest as one job. It records the outcome
// in the source's state (validators, failures, next poll) and never lets one source's failure
// touch another's.
import { UnrecoverableError, type Job } from 'bullmq';
import type { Runtime } from '../app/runtime.js';
import { readSourceStateAsStored, warningFields, writeSourceState, type SourceState } from '../app/source-state.js';
import { decodeFeedBody } from '../feeds/decode/index.js';
import { fetchFeed } from '../feeds/fetch/index.js';
import { fetchOptionsFrom } from '../feeds/fetch/from-config.js';
import { planNextPoll } from '../feeds/fetch/schedule.js';
import { parseFeed } from '../feeds/parse/index.js';
import { processMetrics } from '../ops/metrics.js';
import { describeError, FeedmillError } from '../shared/errors.js';
import type { FetchResult, ParsedFeed, SourceConfig } from '../shared/types.js';
import type { PollJobData } from './queues.js';

export type PollOutcome =
  | { sourceId: string; status: 'fetched'; items: number; newItems: number }
  | { sourceId: string; status: 'not-modified' }
  | { sourceId: string; status: 'skipped'; reason: string }
  | { sourceId: string; status: 'failed'; code: string; message: string };

const RUN_TTL_SECONDS = 86_400;

export function createPollProcessor(runtime: Runtime) {
  const metrics = processMetrics();
  // `signal` is BullMQ's: aborted when the worker shuts down with this job still in flight.
  return async function processPoll(job: Job<PollJobData>, _token?: string, signal?: AbortSignal): Promise<PollOutcome> {
    const { sourceId, runId } = job.data;
    const source = runtime.source(sourceId);
    if (!source) return { sourceId, status: 'skipped', reason: 'source no longer in the config' };
    const log = runtime.logger.child({ queue: 'poll', jobId: job.id, source: sourceId });
    const now = Date.now();
    const { state, stored } = await readSourceStateAsStored(runtime.redis, runtime.keys, sourceId, source.url);
    // What the server itself asked for binds every poll, `once` (cron) included: a 410 stops
    // polling, a Retry-After defers it. A `once` run otherwise polls every source it is given.
    const refusal = state.stopped
      ? { code: 'GONE', message: 'not polled: the source answered 410 Gone; change its URL in the config to poll it again' }
      : state.retryAt !== undefined && state.retryAt > now
        ? { code: 'RATE_LIMITED', message: `not polled: the server asked to wait until ${new Date(state.retryAt).toISOString()} (Retry-After)` }
        : undefined;
    if (refusal) {
      if (runId) await recordRunSkip(runtime, runId, sourceId, refusal);
      return { sourceId, status: 'skipped', reason: refusal.message };
    }
    if (!runId && state.nextPollAt !== undefined && state.nextPollAt > now + 1000) {
      return { sourceId, status: 'skipped', reason: 'not due yet (backing off or following the feed\'s own hints)' };
    }

    let fetched: FetchResult;
    let feed: ParsedFeed | undefined;
    try {
      const fetchStarted = performance.now();
      // fetchFeed starts at state.permanentUrl itself, but judges private addresses by the configured URL.
      fetched = await fetchFeed(source.url, state, { ...fetchOptionsFrom(runtime.config), signal });
      metrics.recordFetch(fetched, (performance.now() - fetchStarted) / 1000);
      if (fetched.kind === 'ok') {
        const text = decodeFeedBody(fetched.body, fetched.contentType);
        feed = await parseFeed(text, { url: fetched.url, now, maxItems: runtime.config.parse.maxItems });
        metrics.recordItems(feed.items.length);
      }
    } catch (err) {
      // Cut short by shutdown, not the source's fault: nothing recorded, the next tick polls again.
      if (signal?.aborted) return { sourceId, status: 'skipped', reason: 'interrupted by shutdown' };
      return recordFailure(runtime, source, { state, stored }, err, now, runId, log);
    }

    // A source never read before brings its whole current window, however old its dates.
    const fresh = feed ? await runtime.store.filterDelivered(sourceId, feed.items, now, { isFirstPoll: state.lastSuccessAt === undefined }) : [];
    if (fresh.length > 0) {
      await runtime.queues.ingest.add('ingest', { sourceId, items: fresh, polledAt: now, runId });
    }
    const plan = planFor(runtime, source, now, { consecutiveFailures: 0, pollHintMs: feed?.pollHintMs, maxAgeMs: fetched.maxAgeMs });
    const next: SourceState = {
      ...state,
      url: source.url,
      etag: fetched.etag ?? state.etag,
      lastModified: fetched.lastModified ?? state.lastModified,
      permanentUrl: fetched.permanentUrl ?? state.permanentUrl,
      lastPolledAt: now,
      lastSuccessAt: now,
      lastStatus: fetched.kind === 'ok' ? 'fetched' : 'not-modified',
      consecutiveFailures: 0,
      failing: false,
      stopped: false,
      retryAt: undefined,
      nextPollAt: plan.nextPollAt,
      feedTitle: feed?.title ?? state.feedTitle,
      format: feed?.format ?? state.format,
      lastItems: feed ? feed.items.length : state.lastItems,
      lastNew: fresh.length,
      // A 304 keeps what the last parse said; a fresh parse says it anew.
      ...(feed ? warningFields(feed.warnings) : {}),
    };
    const pipeline = runtime.redis.pipeline();
    writeSourceState(pipeline, runtime.keys, sourceId, next, stored);
    if (runId) {
      const run = runtime.keys.run(runId);
      pipeline.hincrby(run, 'polled', 1);
      pipeline.hincrby(run, fetched.kind === 'ok' ? 'fetched' : 'notModified', 1);
      if (feed && feed.items.length > 0) pipeline.hincrby(run, 'items', feed.items.length);
      if (fresh.length > 0) pipeline.hincrby(run, 'ingestJobs', 1);
      if (feed?.warnings) pipeline.hset(run, `warning:${sourceId}`, JSON.stringify(feed.warnings));
      pipeline.expire(run, RUN_TTL_SECONDS);
    }
    await pipeline.exec();
    if (fetched.permanentUrl && fetched.permanentUrl !== state.permanentUrl) {
      log.warn({ from: source.url, to: fetched.permanentUrl }, 'source moved permanently; polling the new URL (update the config to make it stick)');
    }
    for (const warning of feed?.warnings ?? []) log.warn({ code: warning.code, url: fetched.url }, `feed read with a warning: ${warning.message}`);
    log.debug({ status: next.lastStatus, items: feed?.items.length ?? 0, new: fresh.length }, 'polled');
    return fetched.kind === 'ok'
      ? { sourceId, status: 'fetched', items: feed?.items.length ?? 0, newItems: fresh.length }
      : { sourceId, status: 'not-modified' };
  };
}

/** Counts a source a `once` run did not poll (and why) into that run's summary. */
async function recordRunSkip(runtime: Runtime, runId: string, sourceId: string, refusal: { code: string; message: string }): Promise<void> {
  const run = runtime.keys.run(runId);
  await runtime.redis
    .pipeline()
    .hincrby(run, 'polled', 1)
    .hincrby(run, 'skipped', 1)
    .hset(run, `error:${sourceId}`, JSON.stringify(refusal))
    .expire(run, RUN_TTL_SECONDS)
    .exec();
}

/** The next poll of a source, from its interval and the config's bounds, after this poll's outcome. */
function planFor(
  runtime: Runtime,
  source: SourceConfig,
  now: number,
  outcome: Pick<Parameters<typeof planNextPoll>[0], 'consecutiveFailures' | 'error' | 'pollHintMs' | 'maxAgeMs'>,
) {
  const config = runtime.config;
  return planNextPoll({
    now,
    intervalMs: source.intervalMs,
    maxIntervalMs: Math.max(config.defaults.maxInterval, source.intervalMs),
    maxBackoffMs: config.fetch.maxBackoff,
    failingAfter: config.fetch.failingAfter,
    ...outcome,
  });
}

async function recordFailure(
  runtime: Runtime,
  source: SourceConfig,
  { state, stored }: { state: SourceState; stored: Record<string, string> },
  err: unknown,
  now: number,
  runId: string | undefined,
  log: Runtime['logger'],
): Promise<PollOutcome> {
  const { code, message } = describeError(err);
  const failures = state.consecutiveFailures + 1;
  const plan = planFor(runtime, source, now, { consecutiveFailures: failures, error: err instanceof FeedmillError ? err : undefined });
  const next: SourceState = {
    ...state,
    url: source.url,
    lastPolledAt: now,
    lastStatus: 'failed',
    lastErrorCode: code,
    lastErrorMessage: message,
    lastErrorAt: now,
    consecutiveFailures: failures,
    nextPollAt: plan.nextPollAt,
    failing: plan.failing,
    stopped: plan.stopped,
    retryAt: err instanceof FeedmillError && err.code === 'RATE_LIMITED' ? (err.facts.retryAt ?? plan.nextPollAt) : undefined,
  };
  const pipeline = runtime.redis.pipeline();
  writeSourceState(pipeline, runtime.keys, source.id, next, stored);
  if (runId) {
    const run = runtime.keys.run(runId);
    pipeline.hincrby(run, 'polled', 1);
    pipeline.hincrby(run, 'failed', 1);
    pipeline.hset(run, `error:${source.id}`, JSON.stringify({ code, message }));
    pipeline.expire(run, RUN_TTL_SECONDS);
  }
  await pipeline.exec();
  const level = plan.failing || plan.stopped ? 'error' : 'warn';
  log[level](
    { code, failures, nextPollAt: new Date(plan.nextPollAt).toISOString(), failing: plan.failing, stopped: plan.stopped },
    `poll failed: ${message}`,
  );
  if (!(err instanceof FeedmillError)) {
    // A bug rather than a bad feed: let BullMQ record the job as failed (it is not retried: the next tick polls again).
    throw new UnrecoverableError(`${source.id}: ${message}`);
  }
  return { sourceId: source.id, status: 'failed', code, message };
}
