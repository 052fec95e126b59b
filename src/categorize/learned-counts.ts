// The classifier's learned counts in Redis, shared by every worker: one hash per category
// (feature -> number of learned stories that had it, keys.bayesTokens) and one totals hash
// (keys.bayesTotals: "tokens:<category>" and "docs:<category>"). Reading a whole batch is one
// script call, and so is learning one (src/categorize/lua/learned-counts.ts). Counts only ever
// grow with HINCRBY, so concurrent workers never lose each other's updates.

import type { Redis, Result } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import { readLearnedLua, recordLearnedLua } from './lua/learned-counts.js';

export interface LearnedCounts {
  count(categoryId: string, feature: string): number;
  total(categoryId: string): number;
  /** Upper bound of distinct learned features (for smoothing). */
  readonly distinct: number;
}

export const NOTHING_LEARNED: LearnedCounts = { count: () => 0, total: () => 0, distinct: 0 };

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillReadLearned(numKeys: number, ...args: string[]): Result<(string | number | string[])[], Context>;
    feedmillRecordLearned(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
  }
}

/** Registers the scripts on a connection once (ioredis sends EVALSHA, and the script only when Redis lacks it). */
function withScripts(redis: Redis): Redis {
  if (typeof redis.feedmillReadLearned !== 'function') {
    redis.defineCommand('feedmillReadLearned', { lua: readLearnedLua });
    redis.defineCommand('feedmillRecordLearned', { lua: recordLearnedLua });
  }
  return redis;
}

/** Learned counts of the given features for every given category, in one round trip. */
export async function readLearnedCounts(
  redis: Redis,
  keys: Keys,
  categoryIds: readonly string[],
  features: readonly string[],
): Promise<LearnedCounts> {
  const reply = await withScripts(redis).feedmillReadLearned(
    1 + categoryIds.length,
    keys.bayesTotals,
    ...categoryIds.map((id) => keys.bayesTokens(id)),
    ...features,
  );
  const counts = new Map<string, Map<string, number>>();
  let distinct = 0;
  categoryIds.forEach((id, c) => {
    const found = new Map<string, number>();
    const packed = reply[2 * c] as string;
    if (packed) {
      for (const pair of packed.split(',')) {
        const colon = pair.indexOf(':');
        found.set(features[Number(pair.slice(0, colon)) - 1]!, Number(pair.slice(colon + 1)));
      }
    }
    counts.set(id, found);
    distinct += Number(reply[2 * c + 1]);
  });
  const flat = (reply[2 * categoryIds.length] ?? []) as string[];
  const totals = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) totals.set(flat[i]!, Number(flat[i + 1]));
  return {
    count: (id, feature) => counts.get(id)?.get(feature) ?? 0,
    total: (id) => totals.get(`tokens:${id}`) ?? 0,
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
  const args: (string | number)[] = [];
  for (const [categoryId, { docs, tokens, counts }] of byCategory) {
    args.push(categoryId, docs, tokens, counts.size);
    for (const [feature, n] of counts) args.push(feature, n);
  }
  await withScripts(redis).feedmillRecordLearned(1 + byCategory.size, keys.bayesTotals, ...[...byCategory.keys()].map((id) => keys.bayesTokens(id)), ...args);
}
