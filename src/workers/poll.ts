// The poll worker: takes a source's poll job (or a `once` batch of sources), fetches, decodes and
// parses each feed, drops what the source already delivered, and hands the rest to ingest in one
// job per poll job, or per INGEST_HANDOFF_ITEMS of a batch's new items (each source's items apart
// in it). It records each outcome in the source's state (validators, failures, next poll) and
// never lets one source's failure touch another's.
import { UnrecoverableError, type Job } from 'bullmq';
import type { ChainableCommander, Result } from 'ioredis';
import type { Runtime } from '../app/runtime.js';
import { readSourceStatesAsStored, warningFields, writeSourceState, type SourceState } from '../app/source-state.js';
import { fetchFeed, type FetchOptions } from '../feeds/fetch/index.js';
import { fetchOptionsFrom } from '../feeds/fetch/from-config.js';
import { planNextPoll } from '../feeds/fetch/schedule.js';
import { processMetrics } from '../ops/metrics.js';
import { describeError, FeedmillError } from '../shared/errors.js';
import type { FetchResult, ParsedFeed, SourceConfig } from '../shared/types.js';
import type { IngestSourceItems, PollJobData } from './queues.js';
import { recordRunOutcomesLua } from './run-outcomes-lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillRecordRunOutcomes(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
  }
}

export type PollOutcome =
  | { sourceId: string; status: 'fetched'; items: number; newItems: number }
  | { sourceId: string; status: 'not-modified' }
  | { sourceId: string; status: 'skipped'; reason: string }
  | { sourceId: string; status: 'failed'; code: string; message: string };

/**
 * A `once` batch hands its sources' new items to ingest as soon as they add up to this many (and
 * the rest at its end), so that a poll job holds at most this many plus one source's, not all its
 * sources' (up to 20 x 50 on a cold run): holding them all until the batch ended raised the peak
 * RSS of `once` from ~227 to 267-286 MB at 1,000 sources and to 333 MB at 10,000. A job of a few
 * hundred items keeps most of what batching saves: BullMQ's own bookkeeping, about 35 Redis
 * commands a job, weighs some 0.14 a story here against 0.7 with one job a source of 50.
 */
export const INGEST_HANDOFF_ITEMS = 250;

/** How long a `once` run's keys outlive their last write, should `once` die before it deletes them. */
export const RUN_TTL_SECONDS = 86_400;

/**
 * Decoding and parsing (htmlparser2, rss-parser, sanitize-html and what they bring: some 140
 * modules) load at the first feed that changed: a 304 cycle never needs them.
 */
let feedReading: Promise<[typeof import('../feeds/decode/index.js'), typeof import('../feeds/parse/index.js')]> | undefined;
const loadFeedReading = () => (feedReading ??= Promise.all([import('../feeds/decode/index.js'), import('../feeds/parse/index.js')]));

export function createPollProcessor(runtime: Runtime) {
  const metrics = processMetrics();
  runtime.redis.defineCommand('feedmillRecordRunOutcomes', { lua: recordRunOutcomesLua });
  // `signal` is BullMQ's: aborted when the worker shuts down with this job still in flight, or
  // when it lost the job's lock (another worker polls these sources again: run-workers.ts).
  return async function processPoll(job: Job<PollJobData>, _token?: string, signal?: AbortSignal): Promise<PollOutcome | PollOutcome[]> {
    const { sourceIds, runId } = job.data;
    if (sourceIds === undefined) {
      const { outcomes, bug } = await pollBatch(runtime, metrics, [job.data.sourceId], { runId, jobId: job.id, signal });
      // A bug rather than a bad feed: let BullMQ record the job as failed (it is not retried: the next tick polls again).
      if (bug) throw new UnrecoverableError(`${bug.sourceId}: ${bug.message}`);
      return outcomes[0] as PollOutcome;
    }
    return (await pollBatch(runtime, metrics, sourceIds, { runId, jobId: job.id, signal })).outcomes;
  };
}

type Bug = Extract<PollOutcome, { status: 'failed' }>;
type StateAsStored = { state: SourceState; stored: Record<string, string> };

/**
 * Polls sources one after another (the worker's concurrency bounds the polls in flight). Their
 * states are read in one round trip and written, with the run's counters, in another: on a 304
 * cycle those round trips are most of what a poll costs. A bug met on one source (not a feed's
 * fault) fails that source, not the others; the outcomes come back in order, with the bugs apart.
 */
async function pollBatch(
  runtime: Runtime,
  metrics: ReturnType<typeof processMetrics>,
  sourceIds: string[],
  context: { runId?: string; jobId?: string; signal?: AbortSignal },
): Promise<{ outcomes: PollOutcome[]; bug?: Bug }> {
  const sources = sourceIds.map((id) => runtime.source(id));
  const known = sources.filter((s): s is SourceConfig => s !== undefined);
  const states = await readSourceStatesAsStored(runtime.redis, runtime.keys, known);
  const writes = runtime.redis.pipeline();
  const run = context.runId ? new RunOutcomes(context.runId) : undefined;
  // Once per batch: the config cannot change between two of its polls that matter (a reload applies to the next job).
  const fetchOptions: FetchOptions = { ...fetchOptionsFrom(runtime.config), signal: context.signal };
  const outcomes: PollOutcome[] = [];
  // The new items of the batch's sources not yet handed to ingest (at most INGEST_HANDOFF_ITEMS plus one source's).
  const fresh: IngestSourceItems[] = [];
  let bug: Bug | undefined;
  let k = 0;
  for (const [i, sourceId] of sourceIds.entries()) {
    const source = sources[i];
    if (!source) {
      outcomes.push({ sourceId, status: 'skipped', reason: 'source no longer in the config' });
      continue;
    }
    const stored = states[k++] as StateAsStored;
    if (context.signal?.aborted) {
      // Cut short by shutdown or a lost lock, not the source's fault: nothing recorded, the next tick (or the job's new worker) polls again.
      outcomes.push(interrupted(sourceId, context.signal));
      continue;
    }
    try {
      outcomes.push(await pollSource(runtime, metrics, source, stored, writes, run, fresh, { ...context, fetchOptions }));
    } catch (err) {
      const failed = recordFailure(runtime, source, stored, err, Date.now(), writes, run, pollLogger(runtime, context.jobId, sourceId));
      outcomes.push(failed);
      if (!(err instanceof FeedmillError)) bug ??= failed;
    }
    // Outside the source's try: a hand-off that fails fails the job (below), not this source.
    if (freshItems(fresh) >= INGEST_HANDOFF_ITEMS) await handOn(runtime, fresh.splice(0), run);
  }
  // Before the sources' new states: a poll whose items could not be handed on records nothing (this
  // throw, or an earlier hand-off's, fails the job), so the next one fetches them again rather than
  // getting a 304. Sources whose items an earlier hand-off took are fetched again too: ingest's
  // claims store each of their items once, whichever job comes first.
  if (fresh.length > 0) await handOn(runtime, fresh.splice(0), run);
  run?.write(writes, runtime.keys);
  await writes.exec();
  return { outcomes, bug };
}

const freshItems = (fresh: IngestSourceItems[]) => fresh.reduce((n, entry) => n + entry.items.length, 0);

/** Hands new items of one or more sources to ingest in one job. */
async function handOn(runtime: Runtime, fresh: IngestSourceItems[], run: RunOutcomes | undefined): Promise<void> {
  await runtime.queues.ingest.add(
    'ingest',
    fresh.length === 1 ? { ...(fresh[0] as IngestSourceItems), polledAt: Date.now(), runId: run?.runId } : { sources: fresh, polledAt: Date.now(), runId: run?.runId },
    // A run's finished ingest job is of no further use (its counts are in the run's hash), and a
    // batch's holds the new items of several sources: the ten kept had grown a cold run of 300
    // sources x 50 by some 100 bytes a story.
    run ? { removeOnComplete: true } : undefined,
  );
}

/** Polls one source: fetch, decode, parse, add its new items to `handOff`; its new state goes on `writes`. */
async function pollSource(
  runtime: Runtime,
  metrics: ReturnType<typeof processMetrics>,
  source: SourceConfig,
  { state, stored }: StateAsStored,
  writes: ChainableCommander,
  run: RunOutcomes | undefined,
  handOff: IngestSourceItems[],
  { jobId, signal, fetchOptions }: { jobId?: string; signal?: AbortSignal; fetchOptions: FetchOptions },
): Promise<PollOutcome> {
  const sourceId = source.id;
  const now = Date.now();
  // What the server itself asked for binds every poll, `once` (cron) included: a 410 stops
  // polling, a Retry-After defers it. A `once` run otherwise polls every source it is given.
  const refusal = state.stopped
    ? { code: 'GONE', message: 'not polled: the source answered 410 Gone; change its URL in the config to poll it again' }
    : state.retryAt !== undefined && state.retryAt > now
      ? { code: 'RATE_LIMITED', message: `not polled: the server asked to wait until ${new Date(state.retryAt).toISOString()} (Retry-After)` }
      : undefined;
  if (refusal) {
    // Counted into the run's summary as not polled, and why.
    run?.add(sourceId, 'polled').add(sourceId, 'skipped').set(sourceId, 'error', JSON.stringify(refusal));
    return { sourceId, status: 'skipped', reason: refusal.message };
  }
  if (!run && state.nextPollAt !== undefined && state.nextPollAt > now + 1000) {
    return { sourceId, status: 'skipped', reason: 'not due yet (backing off or following the feed\'s own hints)' };
  }

  let fetched: FetchResult;
  let feed: ParsedFeed | undefined;
  try {
    const fetchStarted = performance.now();
    // fetchFeed starts at state.permanentUrl itself, but judges private addresses by the configured URL.
    fetched = await fetchFeed(source.url, state, fetchOptions);
    metrics.recordFetch(fetched, (performance.now() - fetchStarted) / 1000);
    if (fetched.kind === 'ok') {
      const [{ decodeFeedBody }, { parseFeed }] = await loadFeedReading();
      const text = decodeFeedBody(fetched.body, fetched.contentType);
      feed = await parseFeed(text, { url: fetched.url, now, maxItems: runtime.config.parse.maxItems });
      metrics.recordItems(feed.items.length);
    }
  } catch (err) {
    // Cut short by shutdown or a lost lock, not the source's fault: nothing recorded, the next tick (or the job's new worker) polls again.
    if (signal?.aborted) return interrupted(sourceId, signal);
    throw err;
  }

  // A source never read before brings its whole current window, however old its dates.
  const fresh = feed ? await runtime.store.filterDelivered(sourceId, feed.items, now, { isFirstPoll: state.lastSuccessAt === undefined }) : [];
  if (fresh.length > 0) handOff.push({ sourceId, items: fresh });
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
  writeSourceState(writes, runtime.keys, sourceId, next, stored);
  if (run) {
    run.add(sourceId, 'polled').add(sourceId, fetched.kind === 'ok' ? 'fetched' : 'notModified');
    if (feed && feed.items.length > 0) run.add(sourceId, 'items', feed.items.length);
    // Sources handed to ingest (what its runIngested set counts), not jobs.
    if (fresh.length > 0) run.add(sourceId, 'ingestJobs');
    if (feed?.warnings) run.set(sourceId, 'warning', JSON.stringify(feed.warnings));
  }
  const isMoved = fetched.permanentUrl !== undefined && fetched.permanentUrl !== state.permanentUrl;
  // The source's child logger only when something is said: on a 304 cycle making one per poll was a tenth of its CPU.
  if (isMoved || feed?.warnings || runtime.logger.isLevelEnabled('debug')) {
    const log = pollLogger(runtime, jobId, sourceId);
    if (isMoved) log.warn({ from: source.url, to: fetched.permanentUrl }, 'source moved permanently; polling the new URL (update the config to make it stick)');
    for (const warning of feed?.warnings ?? []) log.warn({ code: warning.code, url: fetched.url }, `feed read with a warning: ${warning.message}`);
    log.debug({ status: next.lastStatus, items: feed?.items.length ?? 0, new: fresh.length }, 'polled');
  }
  return fetched.kind === 'ok'
    ? { sourceId, status: 'fetched', items: feed?.items.length ?? 0, newItems: fresh.length }
    : { sourceId, status: 'not-modified' };
}

/** A source's poll cut short by shutdown or a lost job lock: not the source's fault, nothing recorded. */
function interrupted(sourceId: string, signal: AbortSignal): PollOutcome {
  return { sourceId, status: 'skipped', reason: `interrupted (${String(signal.reason ?? 'shutdown')})` };
}

function pollLogger(runtime: Runtime, jobId: string | undefined, sourceId: string): Runtime['logger'] {
  return runtime.logger.child({ queue: 'poll', jobId, source: sourceId });
}

/**
 * A `once` run's counters and fields (errors, warnings) from a batch of polls, per source, written
 * in one script call that counts each source once however often the run polls it (a job taken
 * over from a starved worker: src/workers/run-outcomes-lua.ts).
 */
class RunOutcomes {
  private readonly outcomes = new Map<string, { counts: Record<string, number>; fields: Record<string, string> }>();
  constructor(readonly runId: string) {}

  private of(sourceId: string) {
    let outcome = this.outcomes.get(sourceId);
    if (!outcome) this.outcomes.set(sourceId, (outcome = { counts: {}, fields: {} }));
    return outcome;
  }

  add(sourceId: string, counter: string, n = 1): this {
    const { counts } = this.of(sourceId);
    counts[counter] = (counts[counter] ?? 0) + n;
    return this;
  }

  set(sourceId: string, field: 'error' | 'warning', value: string): this {
    this.of(sourceId).fields[field] = value;
    return this;
  }

  write(pipeline: ChainableCommander, keys: Runtime['keys']): void {
    if (this.outcomes.size === 0) return;
    const args = [...this.outcomes].flatMap(([sourceId, outcome]) => [sourceId, JSON.stringify(outcome)]);
    pipeline.feedmillRecordRunOutcomes(2, keys.run(this.runId), keys.runOutcomes(this.runId), RUN_TTL_SECONDS, ...args);
  }
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

/** Records a failed poll (state, backoff, the run's summary) on `writes`, logs it, and says what failed. */
function recordFailure(
  runtime: Runtime,
  source: SourceConfig,
  { state, stored }: StateAsStored,
  err: unknown,
  now: number,
  writes: ChainableCommander,
  run: RunOutcomes | undefined,
  log: Runtime['logger'],
): Bug {
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
  writeSourceState(writes, runtime.keys, source.id, next, stored);
  run?.add(source.id, 'polled').add(source.id, 'failed').set(source.id, 'error', JSON.stringify({ code, message }));
  const level = plan.failing || plan.stopped ? 'error' : 'warn';
  log[level](
    { code, failures, nextPollAt: new Date(plan.nextPollAt).toISOString(), failing: plan.failing, stopped: plan.stopped },
    `poll failed: ${message}`,
  );
  return { sourceId: source.id, status: 'failed', code, message };
}
