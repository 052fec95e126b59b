// The classifier's learned counts in Redis, shared by every worker: one hash per category
// (feature -> number of learned stories that had it, keys.bayesTokens) and one totals hash
// (keys.bayesTotals: "tokens:<category>" and "docs:<category>"), and how many stories each
// source has taught each category (keys.bayesSources). Reading a whole batch is one script call
// (lua/learned-counts.ts: the features travel once, each category's counts come back as one
// string); learning one is another (lua/learn-stories.ts), atomic, so concurrent workers never
// lose each other's updates nor overrun the bounds: at most `perSource` stories per source and
// category (past it, the category's counts are halved, so learning keeps adapting), at most
// `maxWords` learned features per category.

import type { Redis, Result } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import { learnStoriesLua } from './lua/learn-stories.js';
import { readLearnedLua } from './lua/learned-counts.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillReadLearned(numKeys: number, ...args: string[]): Result<(string | number | string[])[], Context>;
    feedmillLearnStories(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
  }
}

/** Registers the read and the learning script on a connection, once per connection (as the story store does its own). */
export function defineLearnedCountCommands(redis: Redis): void {
  redis.defineCommand('feedmillReadLearned', { lua: readLearnedLua });
  redis.defineCommand('feedmillLearnStories', { lua: learnStoriesLua });
}

export interface LearnedCounts {
  count(categoryId: string, feature: string): number;
  /** Whether any category has learned the feature (else every count of it is 0). */
  knows(feature: string): boolean;
  total(categoryId: string): number;
  /** Upper bound of distinct learned features (for smoothing). */
  readonly distinct: number;
}

export const NOTHING_LEARNED: LearnedCounts = { count: () => 0, knows: () => false, total: () => 0, distinct: 0 };

/** Learned counts of the given features for every given category, in one round trip (defineLearnedCountCommands first). */
export async function readLearnedCounts(
  redis: Redis,
  keys: Keys,
  categoryIds: readonly string[],
  features: readonly string[],
): Promise<LearnedCounts> {
  // Features are stems and pairs of stems ([a-z0-9 ]), so one newline-joined argument carries them
  // all: a thousand arguments cost the client more to encode than the script takes to split them.
  const reply = await redis.feedmillReadLearned(
    1 + categoryIds.length,
    keys.bayesTotals,
    ...categoryIds.map((id) => keys.bayesTokens(id)),
    features.join('\n'),
  );
  // Most features of a batch were never learned: one lookup by feature says so.
  const byFeature = new Map<string, number[]>();
  let distinct = 0;
  categoryIds.forEach((_, c) => {
    const packed = reply[2 * c] as string;
    if (packed) {
      for (const pair of packed.split(',')) {
        const colon = pair.indexOf(':');
        const feature = features[Number(pair.slice(0, colon)) - 1]!;
        let row = byFeature.get(feature);
        if (!row) byFeature.set(feature, (row = new Array<number>(categoryIds.length).fill(0)));
        row[c] = Number(pair.slice(colon + 1));
      }
    }
    distinct += Number(reply[2 * c + 1]);
  });
  const flat = (reply[2 * categoryIds.length] ?? []) as string[];
  // Only the "tokens:<category>" fields are read, by category id.
  const totals = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i]!.startsWith('tokens:')) totals.set(flat[i]!.slice(7), Number(flat[i + 1]));
  const position = new Map(categoryIds.map((id, c) => [id, c]));
  return {
    count: (id, feature) => {
      const row = byFeature.get(feature);
      const c = row && position.get(id);
      return c === undefined ? 0 : row![c]!;
    },
    knows: (feature) => byFeature.has(feature),
    total: (id) => totals.get(id) ?? 0,
    distinct,
  };
}

export interface LearnedStory {
  categoryId: string;
  /** Who taught it: the per-source cap counts stories by this id. */
  sourceId: string;
  features: Iterable<string>;
}

export interface LearningBounds {
  /** Stories one source counts for in one category; teaching past it halves the category's counts. */
  perSource: number;
  /** Learned features kept per category. */
  maxWords: number;
}

/**
 * Adds stories' features to their categories' counts, within the bounds, in one atomic round
 * trip (defineLearnedCountCommands first). Returns how many were learned.
 */
export async function recordLearned(redis: Redis, keys: Keys, stories: readonly LearnedStory[], bounds: LearningBounds): Promise<number> {
  if (stories.length === 0) return 0;
  const categoryIds = [...new Set(stories.map((s) => s.categoryId))];
  const args: (string | number)[] = [bounds.perSource, bounds.maxWords, categoryIds.length, ...categoryIds];
  for (const { categoryId, sourceId, features } of stories) {
    const list = [...features];
    args.push(categoryIds.indexOf(categoryId) + 1, sourceId, list.length, ...list);
  }
  const scriptKeys = [keys.bayesTotals, keys.bayesSources, ...categoryIds.map((id) => keys.bayesTokens(id))];
  return redis.feedmillLearnStories(scriptKeys.length, ...scriptKeys, ...args);
}
