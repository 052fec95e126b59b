// The classifier's learned counts in Redis, shared by every worker: one hash per category
// (feature -> number of learned stories that had it, keys.bayesTokens) and one totals hash
// (keys.bayesTotals: "tokens:<category>" and "docs:<category>"). Reading a whole batch is a
// single pipeline; so is learning one. Counts only ever grow with HINCRBY, so concurrent
// workers never lose each other's updates.

import type { Redis } from 'ioredis';
import type { Keys } from '../shared/keys.js';

export interface LearnedCounts {
  count(categoryId: string, feature: string): number;
  total(categoryId: string): number;
  /** Upper bound of distinct learned features (for smoothing). */
  readonly distinct: number;
}

export const NOTHING_LEARNED: LearnedCounts = { count: () => 0, total: () => 0, distinct: 0 };

/** Learned counts of the given features for every given category, in one round trip. */
export async function readLearnedCounts(
  redis: Redis,
  keys: Keys,
  categoryIds: readonly string[],
  features: readonly string[],
): Promise<LearnedCounts> {
  const pipeline = redis.pipeline();
  for (const id of categoryIds) {
    if (features.length > 0) pipeline.hmget(keys.bayesTokens(id), ...features);
    pipeline.hlen(keys.bayesTokens(id));
  }
  pipeline.hgetall(keys.bayesTotals);
  const replies = (await pipeline.exec()) ?? [];
  const values = replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });

  const counts = new Map<string, Map<string, number>>();
  let distinct = 0;
  let at = 0;
  for (const id of categoryIds) {
    if (features.length > 0) {
      const row = values[at++] as (string | null)[];
      const found = new Map<string, number>();
      row.forEach((value, i) => {
        if (value !== null) found.set(features[i]!, Number(value));
      });
      counts.set(id, found);
    }
    distinct += values[at++] as number;
  }
  const totals = (values[at] ?? {}) as Record<string, string>;
  return {
    count: (id, feature) => counts.get(id)?.get(feature) ?? 0,
    total: (id) => Number(totals[`tokens:${id}`] ?? 0),
    distinct,
  };
}

/** Adds stories' features to their categories' counts, in one atomic round trip. */
export async function recordLearned(
  redis: Redis,
  keys: Keys,
  stories: readonly { categoryId: string; features: Iterable<string> }[],
): Promise<void> {
  const byCategory = new Map<string, { docs: number; tokens: number; counts: Map<string, number> }>();
  for (const { categoryId, features } of stories) {
    let entry = byCategory.get(categoryId);
    if (!entry) byCategory.set(categoryId, (entry = { docs: 0, tokens: 0, counts: new Map() }));
    entry.docs++;
    for (const feature of features) {
      entry.tokens++;
      entry.counts.set(feature, (entry.counts.get(feature) ?? 0) + 1);
    }
  }
  if (byCategory.size === 0) return;
  const multi = redis.multi();
  for (const [categoryId, { docs, tokens, counts }] of byCategory) {
    for (const [feature, n] of counts) multi.hincrby(keys.bayesTokens(categoryId), feature, n);
    multi.hincrby(keys.bayesTotals, `tokens:${categoryId}`, tokens);
    multi.hincrby(keys.bayesTotals, `docs:${categoryId}`, docs);
  }
  const replies = (await multi.exec()) ?? [];
  for (const [err] of replies) if (err) throw err;
}
