// `feedmill status`: one look at a running installation, read from Redis only: queue depths,
// workers alive, sources by health, stories per category and when each feed was last published.
import type { Runtime } from '../app/runtime.js';
import { countByHealth, HEALTH_WORDS, reportSources, type SourceHealth } from '../ops/source-report.js';
import { relativeTime } from '../ops/relative-time.js';
import { renderTable } from '../ops/text-table.js';
import { readActivity } from '../server/activity.js';
import { ROLES, type Role } from '../workers/queues.js';
import { EXIT } from './exit-codes.js';
import { readFeedStates, staleFeeds, type StaleFeed } from '../workers/publish-reconcile.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';

export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Worker connections BullMQ sees on this queue (any process). */
  workers: number;
}

export interface CategoryStatus {
  id: string;
  title: string;
  stories: number;
  lastPublishAt?: number;
  lastWrittenAt?: number;
  /** From the store change that asked for the render to the files being written, last time. */
  latencyMs?: number;
  /** New stories per day of publication over the last 14 days, oldest first. */
  storiesPerDay: number[];
}

export interface Status {
  queues: Record<Role, QueueStatus>;
  sources: { total: number } & Record<SourceHealth, number>;
  categories: CategoryStatus[];
  /** Categories whose files lag behind the stored stories, with the write error when there is one. */
  staleFeeds: StaleFeed[];
}

export async function statusCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const context = await openContext(config, commandLogger(options, true));
  try {
    const status = await readStatus(context.runtime);
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${describeStatus(status, Date.now())}\n`);
    return EXIT.OK;
  } finally {
    await context.close();
  }
}

export async function readStatus(runtime: Runtime): Promise<Status> {
  const categories = [...runtime.config.categories.map((c) => ({ id: c.id, title: c.title })), { id: 'all', title: 'All stories' }];
  const configured = runtime.config.categories.map((c) => c.id);
  const [queues, reports, counts, published, activity, feedStates] = await Promise.all([
    Promise.all(ROLES.map((role) => queueStatus(runtime, role))),
    reportSources(runtime),
    runtime.store.countByCategory(categories.map((c) => c.id)),
    readPublishStates(runtime, categories.map((c) => c.id)),
    readActivity(runtime.redis, runtime.keys, configured, Date.now()),
    readFeedStates(runtime, categories.map((c) => c.id)),
  ]);
  const perDay = (hours: number[]) => Array.from({ length: hours.length / 24 }, (_, d) => hours.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0));
  const daily: Record<string, number[]> = Object.fromEntries(configured.map((id) => [id, perDay(activity[id] ?? [])]));
  // `all` has no series of its own: the sum of the categories' (exact when a story has one category).
  daily.all = configured.reduce<number[]>((sum, id) => (daily[id] ?? []).map((n, i) => n + (sum[i] ?? 0)), []);
  return {
    queues: Object.fromEntries(ROLES.map((role, i) => [role, queues[i]!])) as Record<Role, QueueStatus>,
    sources: { total: reports.length, ...countByHealth(reports) },
    categories: categories.map((c, i) => ({ ...c, stories: counts[c.id] ?? 0, ...published[i], storiesPerDay: daily[c.id] ?? [] })),
    staleFeeds: staleFeeds(feedStates),
  };
}

async function queueStatus(runtime: Runtime, role: Role): Promise<QueueStatus> {
  const queue = runtime.queues[role];
  const [counts, workers] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), queue.getWorkers()]);
  return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, workers: workers.length };
}

async function readPublishStates(runtime: Runtime, ids: string[]): Promise<Pick<CategoryStatus, 'lastPublishAt' | 'lastWrittenAt' | 'latencyMs'>[]> {
  const pipeline = runtime.redis.pipeline();
  for (const id of ids) pipeline.hmget(runtime.keys.categoryState(id), 'lastPublishAt', 'lastWrittenAt', 'latencyMs');
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, i) => {
    const [publishAt, writtenAt, latency] = (replies[i]?.[1] as (string | null)[] | undefined) ?? [];
    const num = (v: string | null | undefined) => (v ? Number(v) : undefined);
    return { lastPublishAt: num(publishAt), lastWrittenAt: num(writtenAt), latencyMs: num(latency) };
  });
}

export function describeStatus(status: Status, now: number): string {
  const queues = renderTable(
    [{ header: 'QUEUE' }, ...['WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'WORKERS'].map((header) => ({ header, right: true }))],
    ROLES.map((role) => {
      const q = status.queues[role];
      return [role, String(q.waiting), String(q.active), String(q.delayed), String(q.failed), String(q.workers)];
    }),
  );
  const sources = `sources: ${status.sources.total} (${HEALTH_WORDS.map((w) => `${w} ${status.sources[w]}`).join(', ')})`;
  const categories = renderTable(
    [
      { header: 'CATEGORY' },
      { header: 'STORIES', right: true },
      { header: 'PUBLISHED', right: true },
      { header: 'CHANGED', right: true },
      { header: 'LATENCY', right: true },
      { header: 'NEW PER DAY (14 DAYS)' },
    ],
    status.categories.map((c) => [
      c.id,
      String(c.stories),
      relativeTime(c.lastPublishAt, now),
      relativeTime(c.lastWrittenAt, now),
      c.latencyMs === undefined ? '-' : `${(c.latencyMs / 1000).toFixed(1)}s`,
      sparkline(c.storiesPerDay),
    ]),
  );
  const idle = ROLES.every((role) => status.queues[role].workers === 0);
  const warning = idle ? '\nno workers are running: start `feedmill start` (or `feedmill worker`)' : '';
  const stale = status.staleFeeds.map(
    (f) => `stale feed ${f.category}: behind the stored stories since ${relativeTime(f.since, now)}${f.error ? `: ${f.error}` : ''}`,
  );
  return `${queues}${warning}\n\n${sources}\n\n${categories}${stale.length > 0 ? `\n\n${stale.join('\n')}` : ''}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the row's maximum; a day with nothing is the lowest bar. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? BARS[0] : BARS[Math.max(1, Math.ceil((v / max) * (BARS.length - 1)))])).join('');
}
