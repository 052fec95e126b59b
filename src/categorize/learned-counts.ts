// The classifier's learned counts in Redis, shared by every worker: one hash per category
// (feature -> number of learned stories that had it, keys.bayesTokens) and one totals hash
// (keys.bayesTotals: "tokens:<category>", "docs:<category>" and "generation:<category>"), how
// many stories each source has taught each category (keys.bayesSources), and per category a list
// of the last changes learning made (keys.bayesChanges). Each Categorizer keeps a copy of the
// counts (LearnedCountsCache), and reading them for a batch is one script call
// (lua/learned-counts.ts) that returns what learning, in any process, changed since the copy.
// Learning is another script call (lua/learn-stories.ts), atomic, so concurrent workers never lose
// each other's updates nor overrun the bounds: at most `perSource` stories per source and category
// (past it, the category's counts are halved, so learning keeps adapting), at most `maxWords`
// learned features per category.

import type { Redis, Result } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import { learnStoriesLua } from './lua/learn-stories.js';
import { readLearnedLua } from './lua/learned-counts.js';
import { pairStart } from './tokenize.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillReadLearned(numKeys: number, ...args: string[]): Result<(number | string | string[])[], Context>;
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
  /** Whether any category has learned a pair of stems ("stem other") that starts with this stem. */
  pairsFrom(stem: string): boolean;
  /** The feature's counts by category, in the order of the category ids read; undefined when no category learned it. */
  counts(feature: string): readonly number[] | undefined;
  total(categoryId: string): number;
  /** Upper bound of distinct learned features (for smoothing). */
  readonly distinct: number;
}

/**
 * A Categorizer's copy of every category's learned counts, brought up to date category by
 * category when learning (in any process) bumps that category's generation: a batch costs one
 * small round trip when nothing was learned since the last one, and what learning changed when
 * something was; the batch's features never travel. The copy holds what Redis holds, so it is
 * bounded as the learned counts are (categorize.maxLearnedWords per category).
 * defineLearnedCountCommands first.
 */
export class LearnedCountsCache {
  /** Per category (categoryIds' order): the generation copied, and the features it has learned. */
  private readonly copied: { generation: string; features: Set<string> }[];
  /** Feature -> its counts by category, for every feature some category learned. */
  private readonly rows = new Map<string, number[]>();
  /** The first stem of each pair in rows, with how many pairs of rows start with it. */
  private readonly pairStarts = new Map<string, number>();
  private readonly scriptKeys: string[];
  private readonly position: Map<string, number>;
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    keys: Keys,
    private readonly categoryIds: readonly string[],
  ) {
    this.copied = categoryIds.map(() => ({ generation: '', features: new Set<string>() }));
    this.scriptKeys = [keys.bayesTotals, ...categoryIds.map((id) => keys.bayesTokens(id)), ...categoryIds.map((id) => keys.bayesChanges(id))];
    this.position = new Map(categoryIds.map((id, c) => [id, c]));
  }

  /**
   * The learned counts as of this call, in one round trip. The result reads the copy: use it
   * before the next read() resolves (classify does, synchronously). Reads of concurrent batches
   * take turns: a change list applied twice would halve the copy twice.
   */
  read(): Promise<LearnedCounts> {
    const next = this.previous.then(() => this.readNow());
    this.previous = next.catch(() => undefined);
    return next;
  }

  private async readNow(): Promise<LearnedCounts> {
    const reply = await this.redis.feedmillReadLearned(
      this.scriptKeys.length,
      ...this.scriptKeys,
      ...this.categoryIds.flatMap((id, c) => [id, this.copied[c]!.generation]),
    );
    const flat = reply[0] as string[];
    // Only the "tokens:<category>" and "generation:<category>" fields are read, by category id.
    const totals = new Map<string, number>();
    const generations = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i]!;
      if (field.startsWith('tokens:')) totals.set(field.slice(7), Number(flat[i + 1]));
      else if (field.startsWith('generation:')) generations.set(field.slice(11), flat[i + 1]!);
    }
    let distinct = 0;
    this.categoryIds.forEach((id, c) => {
      distinct += Number(reply[1 + 2 * c]);
      const changes = reply[2 + 2 * c];
      if (!Array.isArray(changes)) return;
      if (changes[0] === 'all') this.forget(c, () => true);
      else {
        // Halving rounds down each time, and a word that reaches zero goes (lua/learn-stories.ts).
        const divisor = 2 ** Number(changes[0]);
        if (divisor > 1) this.forget(c, (row) => (row[c] = Math.floor(row[c]! / divisor)) === 0);
      }
      for (let i = 1; i + 1 < changes.length; i += 2) this.set(c, changes[i]!, Number(changes[i + 1]));
      this.copied[c]!.generation = generations.get(id) ?? '0';
    });
    const { rows, position } = this;
    return {
      count: (id, feature) => {
        const row = rows.get(feature);
        const c = row && position.get(id);
        return c === undefined ? 0 : row![c]!;
      },
      knows: (feature) => rows.has(feature),
      pairsFrom: (stem) => this.pairStarts.has(stem),
      counts: (feature) => rows.get(feature),
      total: (id) => totals.get(id) ?? 0,
      distinct,
    };
  }

  /** Category c's count of a feature in the copy (0: not learned). */
  private set(c: number, feature: string, count: number): void {
    const { features } = this.copied[c]!;
    let row = this.rows.get(feature);
    if (count === 0) {
      if (!row || !features.delete(feature)) return;
      row[c] = 0;
      if (row.every((n) => n === 0)) this.deleteRow(feature);
      return;
    }
    if (!row) {
      this.rows.set(feature, (row = new Array<number>(this.categoryIds.length).fill(0)));
      const start = pairStart(feature);
      if (start !== undefined) this.pairStarts.set(start, (this.pairStarts.get(start) ?? 0) + 1);
    }
    row[c] = count;
    features.add(feature);
  }

  /** Drops from category c's copy each feature for which `drop(row)` says so (it may change row[c]). */
  private forget(c: number, drop: (row: number[]) => boolean): void {
    const { features } = this.copied[c]!;
    for (const feature of features) {
      const row = this.rows.get(feature)!;
      if (!drop(row)) continue;
      features.delete(feature);
      row[c] = 0;
      if (row.every((n) => n === 0)) this.deleteRow(feature);
    }
  }

  private deleteRow(feature: string): void {
    this.rows.delete(feature);
    const start = pairStart(feature);
    if (start === undefined) return;
    const left = (this.pairStarts.get(start) ?? 1) - 1;
    if (left > 0) this.pairStarts.set(start, left);
    else this.pairStarts.delete(start);
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
  const scriptKeys = [
    keys.bayesTotals,
    keys.bayesSources,
    ...categoryIds.map((id) => keys.bayesTokens(id)),
    ...categoryIds.map((id) => keys.bayesChanges(id)),
  ];
  return redis.feedmillLearnStories(scriptKeys.length, ...scriptKeys, ...args);
}
