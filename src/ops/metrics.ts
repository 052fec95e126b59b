// Observability: feedmill's Prometheus metrics, one Registry per process. The workers count what
// happens as it happens (polls, bytes, items, stories, publishes), so those counters are per
// process and Prometheus sums them across processes. What lives in Redis (stories per category,
// queue depths, failing sources) is shared state: it is read when /metrics is scraped, a few
// round trips per scrape, so any process that serves /metrics reports the whole installation.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Runtime } from '../app/runtime.js';
import { readSourceStates } from '../app/source-state.js';
import type { IngestOutcome } from '../store/story-store.js';
import type { FetchResult } from '../shared/types.js';
import type { PollOutcome } from '../workers/poll.js';

/** A scrape that waits on an unreachable Redis must not hang Prometheus: the shared gauges are left out instead. */
const SCRAPE_TIMEOUT_MS = 2000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

export class PipelineMetrics {
  readonly registry = new Registry();

  private readonly polls = new Counter({
    name: 'feedmill_polls_total',
    help: 'Source polls by outcome (fetched, not-modified, failed, skipped); failed polls carry the error code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });
  private readonly fetchSeconds = new Histogram({
    name: 'feedmill_fetch_duration_seconds',
    help: 'Time to fetch one source feed, for fetches the server answered (200 or 304).',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly bytes = new Counter({
    name: 'feedmill_fetched_bytes_total',
    help: 'Feed body bytes fetched from sources (after decompression).',
    registers: [this.registry],
  });
  private readonly items = new Counter({
    name: 'feedmill_items_seen_total',
    help: 'Items found in fetched source feeds, before dedupe.',
    registers: [this.registry],
  });
  private readonly newStories = new Counter({
    name: 'feedmill_new_stories_total',
    help: 'Stories stored for the first time.',
    registers: [this.registry],
  });
  private readonly updatedStories = new Counter({
    name: 'feedmill_updated_stories_total',
    help: 'Stored stories changed by a later item (edited text, another source carrying them).',
    registers: [this.registry],
  });
  private readonly duplicates = new Counter({
    name: 'feedmill_duplicates_total',
    help: 'Items recognised as a story already stored, by how: guid, link (canonical link) or near (near-duplicate text).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly publishSeconds = new Histogram({
    name: 'feedmill_publish_duration_seconds',
    help: 'Time to render and write one category feed (all formats).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly publishLatency = new Histogram({
    name: 'feedmill_publish_latency_seconds',
    help: 'From ingest storing a change to the category feed file being written with it.',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  private readonly categoryStories = new Gauge({
    name: 'feedmill_category_stories',
    help: 'Stories stored per category (read from Redis at scrape time).',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });
  private readonly storedStories = new Gauge({
    name: 'feedmill_stories_stored',
    help: 'Stories stored in every category together (read from Redis at scrape time).',
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'feedmill_queue_jobs',
    help: 'Jobs per queue (poll, ingest, publish) and state (read from Redis at scrape time).',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly failingSources = new Gauge({
    name: 'feedmill_sources_failing',
    help: 'Configured sources marked failing (fetch.failingAfter consecutive failures) or stopped by 410 Gone (read at scrape time).',
    registers: [this.registry],
  });
  private readonly configuredSources = new Gauge({
    name: 'feedmill_sources_configured',
    help: 'Sources in the current config.',
    registers: [this.registry],
  });

  constructor() {
    // Node's own metrics keep their standard names (process_*, nodejs_*) so stock dashboards work.
    collectDefaultMetrics({ register: this.registry });
  }

  recordPoll(outcome: PollOutcome): void {
    if (outcome.status === 'failed') this.polls.inc({ outcome: 'failed', code: outcome.code });
    else this.polls.inc({ outcome: outcome.status });
  }

  recordFetch(result: FetchResult, seconds: number): void {
    this.fetchSeconds.observe(seconds);
    if (result.kind === 'ok') this.bytes.inc(result.body.length);
  }

  recordItems(count: number): void {
    this.items.inc(count);
  }

  recordIngest(outcomes: readonly IngestOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.status === 'new') this.newStories.inc();
      else if (outcome.status === 'updated') this.updatedStories.inc();
      else if (outcome.status === 'duplicate') this.duplicates.inc({ kind: outcome.duplicateKind ?? 'guid' });
    }
  }

  /** `latencySeconds` only when files were really written (an unchanged render has no latency to speak of). */
  recordPublish(seconds: number, latencySeconds?: number): void {
    this.publishSeconds.observe(seconds);
    if (latencySeconds !== undefined) this.publishLatency.observe(latencySeconds);
  }

  /** The Prometheus text exposition, with the shared gauges read fresh from this runtime's Redis. */
  async render(runtime: Runtime): Promise<string> {
    await Promise.all([
      this.scrape(() => this.readStories(runtime), [this.categoryStories, this.storedStories]),
      this.scrape(() => this.readQueues(runtime), [this.queueJobs]),
      this.scrape(() => this.readSources(runtime), [this.failingSources, this.configuredSources]),
    ]);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** On failure or timeout the gauges are emptied: a missing series is honest, a stale one is not. */
  private async scrape(read: () => Promise<void>, gauges: Gauge[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), SCRAPE_TIMEOUT_MS);
    });
    try {
      if ((await Promise.race([read().then(() => 'done' as const), timeout])) === 'timeout') gauges.forEach((g) => g.reset());
    } catch {
      gauges.forEach((g) => g.reset());
    } finally {
      clearTimeout(timer);
    }
  }

  private async readStories(runtime: Runtime): Promise<void> {
    const ids = runtime.config.categories.map((c) => c.id);
    const counts = await runtime.store.countByCategory([...ids, 'all']);
    this.categoryStories.reset();
    for (const id of ids) this.categoryStories.set({ category: id }, counts[id] ?? 0);
    this.storedStories.set(counts.all ?? 0);
  }

  private async readQueues(runtime: Runtime): Promise<void> {
    const { poll, ingest, publish } = runtime.queues;
    const counts = await Promise.all([poll, ingest, publish].map((queue) => queue.getJobCounts(...QUEUE_STATES)));
    [poll, ingest, publish].forEach((queue, i) => {
      for (const state of QUEUE_STATES) this.queueJobs.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
    });
  }

  private async readSources(runtime: Runtime): Promise<void> {
    const sources = runtime.config.sources;
    const states = await readSourceStates(runtime.redis, runtime.keys, sources.map((s) => s.id));
    // A source whose URL changed in the config starts afresh (see readSourceState), whatever its old state said.
    const failing = sources.filter((s) => {
      const state = states.get(s.id);
      return state && (state.url === undefined || state.url === s.url) && (state.failing || state.stopped);
    }).length;
    this.failingSources.set(failing);
    this.configuredSources.set(sources.length);
  }
}

let instance: PipelineMetrics | undefined;

/** The process's metrics (created on first use, so commands that never count pay nothing). */
export function processMetrics(): PipelineMetrics {
  instance ??= new PipelineMetrics();
  return instance;
}
