// Keeps BullMQ's job schedulers (one per source, id = source id) in step with the config:
// new sources added (and polled at once), changed intervals updated, removed sources' schedulers
// removed. Each schedule ticks at its own point of the interval (spreadOf), not all at once.
// Idempotent, and one process at a time (a short Redis lock), since concurrent upserts have raced.
import { randomUUID } from 'node:crypto';
import type { SourceConfig } from '../shared/types.js';
import { KEEP_FINISHED } from '../workers/queues.js';
import type { Runtime } from './runtime.js';

export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
}

const LOCK_MS = 60_000;
const BATCH = 200;
/**
 * Where in its interval a source's scheduled polls fall: a fixed share of it, from a hash of the
 * source id. Schedules synced together would otherwise all fire in the same millisecond, every
 * interval: a burst of every source's poll that delays the ingest and publish of the few that changed.
 */
export function spreadOf(sourceId: string, intervalMs: number): number {
  let hash = 2166136261;
  for (let i = 0; i < sourceId.length; i++) hash = Math.imul(hash ^ sourceId.charCodeAt(i), 16777619);
  return (hash >>> 0) % Math.max(1, intervalMs);
}

export async function syncSchedulers(runtime: Runtime, sources: SourceConfig[] = runtime.config.sources): Promise<SyncResult> {
  const token = randomUUID();
  const lockKey = runtime.keys.schedulerLock;
  const deadline = Date.now() + LOCK_MS;
  while ((await runtime.redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new Error('could not take the scheduler lock within 60s (another feedmill is syncing?)');
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    const queue = runtime.queues.poll;
    const existing = new Map<string, number | undefined>();
    for (let start = 0; ; start += 1000) {
      const page = await queue.getJobSchedulers(start, start + 999, true);
      for (const scheduler of page) existing.set(scheduler.key, scheduler.every ?? undefined);
      if (page.length < 1000) break;
    }
    const result: SyncResult = { added: [], updated: [], removed: [], unchanged: 0 };
    const wanted = new Set(sources.map((s) => s.id));
    const upserts: SourceConfig[] = [];
    for (const source of sources) {
      if (!existing.has(source.id)) result.added.push(source.id);
      else if (Number(existing.get(source.id)) !== source.intervalMs) result.updated.push(source.id);
      else {
        result.unchanged++;
        continue;
      }
      upserts.push(source);
    }
    const now = Date.now();
    const isNew = new Set(result.added);
    for (let i = 0; i < upserts.length; i += BATCH) {
      await Promise.all(
        upserts.slice(i, i + BATCH).map((source) => {
          // A new source is polled now (below), so its schedule starts one interval later.
          const startDate = now + (isNew.has(source.id) ? source.intervalMs : 0) + spreadOf(source.id, source.intervalMs);
          return queue.upsertJobScheduler(
            source.id,
            { every: source.intervalMs, startDate },
            { name: 'poll', data: { sourceId: source.id }, opts: KEEP_FINISHED },
          );
        }),
      );
    }
    for (let i = 0; i < result.added.length; i += 1000) {
      await queue.addBulk(result.added.slice(i, i + 1000).map((sourceId) => ({ name: 'poll', data: { sourceId } })));
    }
    const stale = [...existing.keys()].filter((id) => !wanted.has(id));
    for (let i = 0; i < stale.length; i += BATCH) {
      await Promise.all(stale.slice(i, i + BATCH).map((id) => queue.removeJobScheduler(id)));
    }
    result.removed = stale;
    return result;
  } finally {
    // Release only our own lock.
    await runtime.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, lockKey, token);
  }
}
