// The ingest worker: categorizes a poll's new items, hands them to the story store (which
// dedupes and stores each one in a single atomic step), learns from the certain ones,
// and asks for a publish of every category whose feed changed.
import type { Job } from 'bullmq';
import type { Runtime } from '../app/runtime.js';
import { Categorizer, type CategorizeInput } from '../categorize/index.js';
import { processMetrics } from '../ops/metrics.js';
import { recordActivities } from '../server/activity.js';
import { PRUNE_BUDGET, type IngestOutcome } from '../store/story-store.js';
import { RUN_TTL_SECONDS } from './poll.js';
import { requestPublish, type IngestJobData, type IngestSourceItems } from './queues.js';

export interface IngestSummary {
  sourceId: string;
  items: number;
  newStories: number;
  updated: number;
  duplicates: number;
  unchanged: number;
  categories: string[];
}

const PRUNE_EVERY_MS = 60_000;
const PRUNE_ROUNDS = 10;

export function createIngestProcessor(runtime: Runtime) {
  const metrics = processMetrics();
  // The categorizer lives with the one worker that uses it, so that a process polling 304s never
  // loads it (its rules and vocabulary cost a `once` some 150 ms of CPU to load); a reload builds a new one.
  let current = new Categorizer(runtime.redis, runtime.keys, runtime.config);
  runtime.onConfig((config) => {
    current = new Categorizer(runtime.redis, runtime.keys, config);
  });
  let lastPrune = 0;
  const publishRequests = new PublishRequests(runtime);
  /** One source's items: categorized, stored (each atomically), counted. A throw here is this source's alone. */
  async function ingestSource(categorizer: Categorizer, { sourceId, items }: IngestSourceItems, now: number, rerun: boolean, into: JobTotals): Promise<IngestSummary> {
    const source = runtime.source(sourceId);
    const inputs: CategorizeInput[] = items.map((item) => ({
      title: item.title,
      summary: item.summary,
      tags: item.tags,
      sourceCategory: source?.category,
      sourceId,
    }));
    const categories = await categorizer.classify(inputs);
    const outcomes = await runtime.store.ingest(
      items.map((item, i) => ({
        source: { id: sourceId, title: source?.title ?? sourceId },
        item,
        categories: categories[i] ?? [],
      })),
      now,
    );
    metrics.recordIngest(outcomes);

    const changed = new Set<string>();
    const counts = { newStories: 0, updated: 0, duplicates: 0, unchanged: 0 };
    outcomes.forEach((outcome: IngestOutcome, i) => {
      for (const id of outcome.changedCategories) changed.add(id);
      if (outcome.status === 'new') {
        counts.newStories++;
        into.learnInputs.push(inputs[i] as CategorizeInput);
        into.learnResults.push(categories[i] ?? []);
        const at = Math.min(items[i]?.published ?? now, now);
        for (const id of outcome.changedCategories) {
          const list = into.activity.get(id) ?? [];
          list.push([at, 1]);
          into.activity.set(id, list);
        }
      } else if (outcome.status === 'updated') counts.updated++;
      else if (outcome.status === 'duplicate') counts.duplicates++;
      else counts.unchanged++;
    });
    if (rerun) {
      // A retry, or a job taken over from a worker that stopped or stood still past its lock, may
      // find its stories already stored: publish their categories anyway.
      for (const list of categories) for (const c of list) changed.add(c.id);
    }
    for (const id of changed) into.changed.add(id);
    return { sourceId, items: items.length, ...counts, categories: [...changed] };
  }

  return async function processIngest(job: Job<IngestJobData>): Promise<IngestSummary | IngestSummary[]> {
    const { runId } = job.data;
    const sources: IngestSourceItems[] = job.data.sources ?? [{ sourceId: job.data.sourceId, items: job.data.items }];
    const categorizer = current;
    const now = Date.now();
    const rerun = job.attemptsMade > 0 || job.stalledCounter > 0;
    const totals: JobTotals = { changed: new Set(), activity: new Map(), learnInputs: [], learnResults: [] };
    const summaries: IngestSummary[] = [];
    const failures: { entry: IngestSourceItems; err: unknown }[] = [];
    for (const entry of sources) {
      try {
        summaries.push(await ingestSource(categorizer, entry, now, rerun, totals));
      } catch (err) {
        // This source's items are retried (below); the others' stay stored and counted.
        failures.push({ entry, err });
      }
    }
    const { changed, activity, learnInputs, learnResults } = totals;
    const counts = { newStories: 0, updated: 0, duplicates: 0 };
    for (const summary of summaries) {
      counts.newStories += summary.newStories;
      counts.updated += summary.updated;
      counts.duplicates += summary.duplicates;
    }

    if (runtime.config.categorize.learn && learnInputs.length > 0) {
      await categorizer.learnFrom(learnInputs, learnResults);
    }
    const pipeline = runtime.redis.pipeline();
    for (const [categoryId, counts] of activity) recordActivities(pipeline, runtime.keys, categoryId, now, counts);
    // The oldest change not yet published, per category: publish measures its latency from here.
    // With it, the number of the last render started, to tell whether this process's own last
    // request for the category still waits (see publishRequests).
    const publishIds = [...changed, ...(changed.size > 0 ? ['all'] : [])];
    const markAt = pipeline.length;
    for (const categoryId of publishIds) {
      const state = runtime.keys.categoryState(categoryId);
      pipeline.hsetnx(state, 'pendingSince', now).hget(state, 'renderStarted');
    }
    if (runId && summaries.length > 0) {
      const run = runtime.keys.run(runId);
      // A set, not a counter: a job that runs twice (retried after this pipeline, or taken over
      // from a stalled worker) must not count for another source's job still waiting.
      const ingested = runtime.keys.runIngested(runId);
      pipeline.sadd(ingested, ...summaries.map((summary) => summary.sourceId)).expire(ingested, RUN_TTL_SECONDS);
      pipeline.hincrby(run, 'newStories', counts.newStories);
      pipeline.hincrby(run, 'updated', counts.updated);
      pipeline.hincrby(run, 'duplicates', counts.duplicates);
      // An ingest that ends after its run did (its --timeout passed) must not leave the hash for ever.
      pipeline.expire(run, RUN_TTL_SECONDS);
    }
    const replies = (await pipeline.exec()) ?? [];
    const marks = publishIds.map((categoryId, i) => {
      const [[markError, isNewMark], [startedError, started]] = [replies[markAt + 2 * i] ?? [null, 1], replies[markAt + 2 * i + 1] ?? [null, null]];
      // A reply that failed tells nothing of a request still waiting: the render is asked for.
      const isKnown = !markError && !startedError;
      return { categoryId, isNewMark: !isKnown || Number(isNewMark) === 1, started: Number(started ?? 0) };
    });
    await publishRequests.request(marks, now);

    if (now - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now;
      // Each call removes a bounded batch; a few more calls catch up after a burst.
      let removed = 0;
      for (let round = 0; round < PRUNE_ROUNDS; round++) {
        const batch = await runtime.store.prune(now);
        removed += batch;
        if (batch < PRUNE_BUDGET) break;
      }
      if (removed > 0) runtime.logger.child({ queue: 'ingest', jobId: job.id }).info({ removed }, 'retention: removed old stories');
    }
    if (runtime.logger.isLevelEnabled('debug')) {
      for (const summary of summaries) {
        const { sourceId, categories, ...rest } = summary;
        runtime.logger.child({ queue: 'ingest', jobId: job.id, source: sourceId }).debug({ ...rest, categories }, 'ingested');
      }
    }
    const [failure] = failures;
    if (failure) {
      if (job.data.sources && summaries.length > 0) {
        // A retry takes only the sources that failed: the others' stories are stored and counted.
        runtime.logger
          .child({ queue: 'ingest', jobId: job.id, source: failures.map((f) => f.entry.sourceId).join(',') })
          .warn({ err: failure.err instanceof Error ? failure.err.message : String(failure.err), stored: summaries.length }, 'ingest failed for some of the job\'s sources; only theirs are retried');
        await job.updateData({ sources: failures.map((f) => f.entry), polledAt: job.data.polledAt, runId });
      }
      throw failure.err;
    }
    return job.data.sources ? summaries : (summaries[0] as IngestSummary);
  };
}

interface JobTotals {
  changed: Set<string>;
  /** Stories per category and time of publication, for the activity charts. */
  activity: Map<string, [at: number, count: number][]>;
  learnInputs: CategorizeInput[];
  learnResults: Awaited<ReturnType<Categorizer['classify']>>;
}

/**
 * Asks for the renders of the categories an ingest changed, leaving out those this process
 * already asked for and no render has started since: that request still waits in the queue
 * (publish numbers each render as it starts, renderStarted, and no number passed), and the render
 * that takes it reads the stories stored until then. A busy cold run stores some 200 batches
 * for the same 11 categories; asking again each time cost a queue script call per category and
 * batch, for requests the queue then dropped as duplicates. Only a category whose change marker
 * (pendingSince) was already set is left out: a marker this ingest set anew is always asked for.
 */
class PublishRequests {
  /** Per category: the render number read just before this process's last request that succeeded. */
  private readonly waiting = new Map<string, number>();

  constructor(private readonly runtime: Runtime) {}

  async request(marks: { categoryId: string; isNewMark: boolean; started: number }[], now: number): Promise<void> {
    const ask = marks.filter((m) => m.isNewMark || this.waiting.get(m.categoryId) !== m.started);
    if (ask.length === 0) return;
    for (const m of ask) this.waiting.delete(m.categoryId);
    await requestPublish(
      this.runtime.queues.publish,
      ask.map((m) => m.categoryId),
      now,
      { withAll: false },
    );
    for (const m of ask) this.waiting.set(m.categoryId, m.started);
  }
}
