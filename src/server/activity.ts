// Serve stage (data for the index page charts): how many stories each category received per
// hour, kept for the last 14 days. Ingest records counts in its own pipeline; the index
// page reads every category's series in one round trip.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from '../shared/keys.js';

const HOUR_MS = 3_600_000;
export const ACTIVITY_HOURS = 14 * 24;

/**
 * Adds `count` stories to the category's bucket for the hour of `at` (default `now`: ingest
 * passes each story's publication time, so the chart shows when news happened, not when it was
 * polled; a time outside the window is not recorded). Buckets are hash fields named by hour
 * number. Fields older than the window are deleted by the next recording (the window before the
 * window is swept each time) and an idle category's hash expires whole, so the hash never holds
 * much more than ACTIVITY_HOURS fields.
 */
export function recordActivity(pipeline: ChainableCommander, keys: Keys, categoryId: string, now: number, count: number, at = now): void {
  recordActivities(pipeline, keys, categoryId, now, [[at, count]]);
}

/** recordActivity for many stories of one category at once: one count per hour bucket, one sweep of old fields. */
export function recordActivities(pipeline: ChainableCommander, keys: Keys, categoryId: string, now: number, counts: Iterable<[at: number, count: number]>): void {
  const key = keys.activity(categoryId);
  const hour = Math.floor(now / HOUR_MS);
  const buckets = new Map<number, number>();
  for (const [at, count] of counts) {
    const bucket = Math.floor(at / HOUR_MS);
    if (bucket > hour - ACTIVITY_HOURS && bucket <= hour) buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
  }
  if (buckets.size === 0) return;
  for (const [bucket, count] of buckets) pipeline.hincrby(key, String(bucket), count);
  // The sweep deletes ACTIVITY_HOURS fields (about 1 ms of Redis time each call): once an hour per
  // key and process is enough, since nothing falls out of the window in between.
  if (sweptHour.get(key) !== hour) {
    if (sweptHour.size >= MAX_SWEEP_MEMO) sweptHour.clear();
    sweptHour.set(key, hour);
    const stale: string[] = [];
    for (let h = hour - 2 * ACTIVITY_HOURS; h <= hour - ACTIVITY_HOURS; h++) stale.push(String(h));
    pipeline.hdel(key, ...stale);
  }
  pipeline.pexpire(key, ACTIVITY_HOURS * HOUR_MS);
}

/** Per activity key, the hour this process last swept it (bounded: a store has tens of categories). */
const sweptHour = new Map<string, number>();
const MAX_SWEEP_MEMO = 10_000;

/** Per category, ACTIVITY_HOURS counts, oldest first, the last one being the hour of `now`. */
export async function readActivity(redis: Redis, keys: Keys, categoryIds: string[], now: number): Promise<Record<string, number[]>> {
  const hour = Math.floor(now / HOUR_MS);
  const fields = Array.from({ length: ACTIVITY_HOURS }, (_, i) => String(hour - ACTIVITY_HOURS + 1 + i));
  const pipeline = redis.pipeline();
  for (const id of categoryIds) pipeline.hmget(keys.activity(id), ...fields);
  const replies = (await pipeline.exec()) ?? [];
  const result: Record<string, number[]> = {};
  categoryIds.forEach((id, i) => {
    const [err, values] = replies[i] ?? [null, []];
    if (err) throw err;
    result[id] = (values as (string | null)[]).map((v) => Number(v ?? 0) || 0);
  });
  return result;
}
