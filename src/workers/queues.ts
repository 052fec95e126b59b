// The three queues of the pipeline and the data their jobs carry:
//   poll (one job scheduler per source) -> ingest (one job per poll job with new items, a `once` batch's
//   in jobs of up to INGEST_HANDOFF_ITEMS, poll.ts) -> publish (one per changed category).
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Keys } from '../shared/keys.js';
import type { ParsedItem } from '../shared/types.js';

export const QUEUE_NAMES = { poll: 'poll', ingest: 'ingest', publish: 'publish' } as const;
export type Role = keyof typeof QUEUE_NAMES;
export const ROLES: Role[] = ['poll', 'ingest', 'publish'];

/**
 * A source's scheduler polls that one source; `feedmill once` polls its sources in batches
 * (`sourceIds`), since most of what a 304 poll costs Redis is the job's own bookkeeping.
 * `runId` is set by `once`: poll even if the source is not due, and count into that run's summary.
 */
export type PollJobData = { sourceId: string; sourceIds?: undefined; runId?: string } | { sourceId?: undefined; sourceIds: string[]; runId: string };

/** One source's new items in an ingest job. */
export interface IngestSourceItems {
  sourceId: string;
  items: ParsedItem[];
}

/**
 * A poll job's new items: one source's (`sourceId`, `items`: a scheduled poll, or a job queued by
 * an earlier feedmill), or those of the sources of a `once` batch that brought new ones, up to
 * INGEST_HANDOFF_ITEMS a job (`sources`, poll.ts), so that BullMQ's own bookkeeping (about 35 Redis commands a job) weighs on a batch,
 * not on each source. Each source's items are stored, counted and fail apart (src/workers/ingest.ts).
 */
export type IngestJobData = (
  | { sourceId: string; items: ParsedItem[]; sources?: undefined }
  | { sources: IngestSourceItems[]; sourceId?: undefined; items?: undefined }
) & {
  polledAt: number;
  runId?: string;
};

export interface PublishJobData {
  categoryId: string;
  /** When ingest stored the change that asked for this render (for latency figures). */
  requestedAt: number;
}

export interface Queues {
  poll: Queue<PollJobData>;
  ingest: Queue<IngestJobData>;
  publish: Queue<PublishJobData>;
  close(): Promise<void>;
}

/** Finished jobs are kept briefly for the dashboard, then trimmed, so queues stay bounded. */
export const KEEP_FINISHED = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86_400, count: 5000 } };
/** Completed ingest jobs kept for the dashboard (their payload is a poll's new items: a whole feed's at a first poll). */
const KEEP_COMPLETED_INGEST = 10;
/**
 * Entries each queue's event stream keeps (BullMQ's default is 10,000): feedmill reads jobs, not
 * events, and at 10,000 the three streams held some 1.2 MB, near 30 bytes a story at 1,000 sources.
 */
const EVENTS_KEPT = 1000;

export function createQueues(connection: ConnectionOptions, keys: Keys): Queues {
  const common = { connection, prefix: keys.bullPrefix, defaultJobOptions: KEEP_FINISHED, streams: { events: { maxLen: EVENTS_KEPT } } };
  const poll = new Queue<PollJobData>(QUEUE_NAMES.poll, common);
  const ingest = new Queue<IngestJobData>(QUEUE_NAMES.ingest, {
    ...common,
    // A finished ingest job still holds its poll's items (tens of KB): at 1,000 kept, they outweighed the
    // stories themselves, and at 50 still weighed some 2 MB after a cold run of 1,000 sources.
    defaultJobOptions: { ...KEEP_FINISHED, removeOnComplete: { age: 3600, count: KEEP_COMPLETED_INGEST }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  });
  const publish = new Queue<PublishJobData>(QUEUE_NAMES.publish, {
    ...common,
    defaultJobOptions: { ...KEEP_FINISHED, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
  });
  for (const queue of [poll, ingest, publish]) queue.on('error', () => {});
  return {
    poll,
    ingest,
    publish,
    close: async () => {
      await Promise.all([poll.close(), ingest.close(), publish.close()]);
    },
  };
}

/**
 * Asks for a render of each category (and of `all`, unless withAll is false). Requests for one category collapse:
 * at most one waiting and one running render per category (BullMQ deduplication, keepLastIfActive),
 * so a burst of stories causes one render and one category is never rendered twice at once.
 */
export async function requestPublish(
  queue: Queue<PublishJobData>,
  categoryIds: Iterable<string>,
  now = Date.now(),
  options: { withAll?: boolean } = {},
): Promise<void> {
  const ids = new Set(categoryIds);
  if (ids.size === 0) return;
  if (options.withAll !== false) ids.add('all');
  await queue.addBulk(
    [...ids].map((categoryId) => ({
      name: 'render',
      data: { categoryId, requestedAt: now },
      opts: { deduplication: { id: `render:${categoryId}`, keepLastIfActive: true } },
    })),
  );
}
