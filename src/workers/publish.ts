// The publish worker: renders one category's feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) from the
// stored stories, writes the files atomically, and pings the WebSub hub when bytes really changed.
// Requests for one category are collapsed by the queue (see requestPublish), so this never runs
// twice at once for one category. Entries rendered before are reused (RenderedEntries): a render
// costs about its new entries, not the whole feed. A failed write leaves the change owed and the
// error on record (see publish-reconcile.ts), so the files catch up once the cause is gone.
import type { Job } from 'bullmq';
import type { Runtime } from '../app/runtime.js';
import { feedUrl, RenderedEntries, renderFeedBytes, type FeedCategory } from '../feeds/render/index.js';
import { writeFeedFiles } from '../feeds/write/index.js';
import { processMetrics } from '../ops/metrics.js';
import { notifyHub } from '../server/websub.js';
import { describeError } from '../shared/errors.js';
import type { Config } from '../shared/config.js';
import type { OutputFormat, Story } from '../shared/types.js';
import type { PublishJobData } from './queues.js';

export interface PublishSummary {
  categoryId: string;
  stories: number;
  changed: OutputFormat[];
  /** From the oldest change stored but not yet published (ingest) to the files renamed. */
  latencyMs: number;
}

/** Every feed's entries twice over: the current ones, and room for those an update replaces. */
function keptEntries(config: Config): number {
  return 2 * config.output.maxItems * (config.categories.length + 1);
}

export function feedCategory(runtime: Runtime, categoryId: string): FeedCategory | undefined {
  const config = runtime.config;
  if (categoryId === 'all') return { id: 'all', title: 'All stories', description: `Every story from ${config.output.title}` };
  const category = config.categories.find((c) => c.id === categoryId);
  return category ? { id: category.id, title: category.title, description: category.description } : undefined;
}

export function createPublishProcessor(runtime: Runtime) {
  const metrics = processMetrics();
  const kept = new RenderedEntries(keptEntries(runtime.config));
  return async function processPublish(job: Job<PublishJobData>): Promise<PublishSummary> {
    const { categoryId, requestedAt } = job.data;
    const config = runtime.config;
    const category = feedCategory(runtime, categoryId);
    if (!category) return { categoryId, stories: 0, changed: [], latencyMs: 0 };
    const log = runtime.logger.child({ queue: 'publish', jobId: job.id, category: categoryId });
    const started = Date.now();
    const state = runtime.keys.categoryState(categoryId);
    // Take the pending marker before reading: a change stored from now on sets a new one and gets its own render.
    // The render is numbered as it takes it: `once` waits for the renders of changes stored before its end (renderDone).
    const [[, pendingSince], , [, renderNumber]] = ((await runtime.redis
      .multi()
      .hget(state, 'pendingSince')
      .hdel(state, 'pendingSince')
      .hincrby(state, 'renderStarted', 1)
      .exec()) ?? [[null, null], [null, 0], [null, 0]]) as [[unknown, string | null], [unknown, number], [unknown, number]];
    const changeAt = pendingSince ? Number(pendingSince) : requestedAt;
    let stories: Story[];
    let changed: OutputFormat[];
    try {
      stories = await runtime.store.latest(categoryId, config.output.maxItems);
      const extras = { categories: config.categories, sources: config.sources };
      kept.capacity = keptEntries(config);
      const rendered = renderFeedBytes(config.output.formats, category, stories, config.output, extras, kept);
      ({ changed } = await writeFeedFiles(config.output.dir, categoryId, rendered));
    } catch (err) {
      // The change is still owed: the marker goes back (unless a newer change set one), and the
      // error is kept for /readyz and `status` until a write succeeds; the reconciler retries.
      const { message } = describeError(err);
      // Its last try ends the render for a `once` that waits for it (renderDone): the error stays
      // on the category for `status`, and the reconciler renders the owed change later.
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await runtime.redis
        .multi()
        .hsetnx(state, 'pendingSince', changeAt)
        .hset(state, { publishError: message, publishErrorAt: Date.now(), ...(lastTry ? { renderDone: renderNumber } : {}) })
        .hincrby(state, 'publishFailures', 1)
        .exec();
      log.error({ err: message, attempt: job.attemptsMade + 1 }, `publishing ${categoryId} failed: ${message}`);
      throw err;
    }
    const finished = Date.now();
    const latencyMs = finished - changeAt;
    metrics.recordPublish((finished - started) / 1000, changed.length > 0 ? latencyMs / 1000 : undefined);
    const pipeline = runtime.redis.pipeline();
    pipeline.hset(state, { lastPublishAt: finished, stories: stories.length, renderMs: finished - started, renderDone: renderNumber });
    pipeline.hdel(state, 'publishError', 'publishErrorAt', 'publishFailures');
    if (changed.length > 0) pipeline.hset(state, { lastWrittenAt: finished, latencyMs });
    await pipeline.exec();
    if (changed.length > 0) {
      log.info({ stories: stories.length, changed, latencyMs, renderMs: finished - started }, `published ${categoryId}`);
      if (config.output.websubHub) {
        const urls = changed.map((format) => feedUrl(config.output.baseUrl, categoryId, format));
        await notifyHub(config.output.websubHub, urls, { logger: log });
      }
    }
    return { categoryId, stories: stories.length, changed, latencyMs };
  };
}
