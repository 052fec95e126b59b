// The classifier's learned counts in Redis, shared by every worker: one hash per category
// (feature -> number of learned stories that had it, keys.bayesTokens) and one totals hash
// (keys.bayesTotals: "tokens:<category>", "docs:<category>" and the generation), and how many
// stories each source has taught each category (keys.bayesSources). Reading a whole batch is one
// script call (lua/learned-counts.ts: the features travel once, each category's counts come back
// as one string); each Categorizer remembers what it read until learning, in any process, bumps
// the generation (LearnedCountsCache), so a batch looks up only the features no earlier batch
// asked about. Learning is another script call (lua/learn-stories.ts), atomic, so concurrent
// workers never lose each other's updates nor overrun the bounds: at most `perSource` stories per
// source and category (past it, the category's counts are halved, so learning keeps adapting),
// at most `maxWords` learned features per category.

import type { Redis, Result } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import { learnStoriesLua } from './lua/learn-stories.js';
import { readLearnedLua } from './lua/learned-counts.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillReadLearned(numKeys: number, ...args: (string | number)[]): Result<(string | number | string[])[], Context>;
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

/** Features a LearnedCountsCache remembers; past it, the longest remembered are forgotten first. */
const CACHED_FEATURES = 100_000;

/**
 * A Categorizer's view of the learned counts: what it read stays valid until learning (in any
 * process) bumps the generation, so a batch looks up only the features no earlier batch asked
 * about, and one round trip per batch still says whether anything changed. At most `capacity`
 * features are remembered (learned or not), the oldest forgotten first. defineLearnedCountCommands first.
 */
export class LearnedCountsCache {
  private generation = '';
  /** Feature -> its counts by category (categoryIds' order), or null when no category learned it. */
  private readonly rows = new Map<string, number[] | null>();
  private readonly tokenKeys: string[];
  private readonly position: Map<string, number>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly categoryIds: readonly string[],
    private readonly capacity = CACHED_FEATURES,
  ) {
    this.tokenKeys = categoryIds.map((id) => keys.bayesTokens(id));
    this.position = new Map(categoryIds.map((id, c) => [id, c]));
  }

  /** Learned counts of the given features for every category, as of one moment, in one round trip. */
  async read(features: Iterable<string>): Promise<LearnedCounts> {
    this.forgetOldest();
    const unread: string[] = [];
    const remembered: string[] = [];
    // Counts of the features this batch needs that some category learned: most features never were.
    const byFeature = new Map<string, number[]>();
    for (const feature of features) {
      const row = this.rows.get(feature);
      if (row === undefined) unread.push(feature);
      else {
        remembered.push(feature);
        if (row) byFeature.set(feature, row);
      }
    }
    const asked = unread.concat(remembered);
    const sentGeneration = this.generation;
    // Features are stems and pairs of stems ([a-z0-9 ]), so one newline-joined argument carries them
    // all: a thousand arguments cost the client more to encode than the script takes to split them.
    const reply = await this.redis.feedmillReadLearned(
      1 + this.categoryIds.length,
      this.keys.bayesTotals,
      ...this.tokenKeys,
      sentGeneration,
      unread.length,
      asked.join('\n'),
    );
    const categories = this.categoryIds.length;
    const flat = (reply[2 * categories] ?? []) as string[];
    // Only "tokens:<category>" fields (by category id) and the generation are read.
    const totals = new Map<string, number>();
    let generation = '0';
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i]!;
      if (field.startsWith('tokens:')) totals.set(field.slice(7), Number(flat[i + 1]));
      else if (field === 'generation') generation = flat[i + 1]!;
    }
    // The script looked up every feature when the generation was not the one the cache was of.
    const lookedUp = generation === sentGeneration ? unread : asked;
    if (lookedUp === asked) byFeature.clear();
    let distinct = 0;
    for (let c = 0; c < categories; c++) {
      const packed = reply[2 * c] as string;
      if (packed) {
        for (const pair of packed.split(',')) {
          const colon = pair.indexOf(':');
          const feature = lookedUp[Number(pair.slice(0, colon)) - 1]!;
          let row = byFeature.get(feature);
          if (!row) byFeature.set(feature, (row = new Array<number>(categories).fill(0)));
          row[c] = Number(pair.slice(colon + 1));
        }
      }
      distinct += Number(reply[2 * c + 1]);
    }
    this.remember(generation, lookedUp, byFeature);
    const { position } = this;
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

  /**
   * Keeps what a reply of `generation` said about `lookedUp`. Replies on one connection arrive in
   * order and generations only grow, so a newer generation replaces everything remembered.
   */
  private remember(generation: string, lookedUp: readonly string[], byFeature: ReadonlyMap<string, number[]>): void {
    if (generation !== this.generation) {
      this.rows.clear();
      this.generation = generation;
    }
    for (const feature of lookedUp) this.rows.set(feature, byFeature.get(feature) ?? null);
  }

  /** Past capacity, forgets the features remembered longest ago (a Map iterates in insertion order). */
  private forgetOldest(): void {
    let excess = this.rows.size - this.capacity;
    if (excess <= 0) return;
    for (const feature of this.rows.keys()) {
      if (excess-- <= 0) break;
      this.rows.delete(feature);
    }
  }
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
