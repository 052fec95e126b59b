// Items and stores for the story-store tests: one prefix per store, only its own keys deleted.
import type { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { Keys } from '../../src/shared/keys.js';
import type { CategoryAssignment, ParsedItem } from '../../src/shared/types.js';
import { type IngestItem, type StoreOptions, StoryStore } from '../../src/store/story-store.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const defaultOptions: StoreOptions = {
  dedupeWindowMs: 72 * HOUR,
  nearThreshold: 0.23,
  trackingParams: [],
  retentionMaxAgeMs: 30 * DAY,
  maxPerCategory: 1000,
};

/** One Redis connection per test file, and stores on fresh prefixes whose keys (only theirs) go after the file. */
export function useTestStores(): { redis: Redis; store(options?: Partial<StoreOptions>): { store: StoryStore; keys: Keys } } {
  const redis = connectTestRedis();
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    redis.disconnect();
  });
  return {
    redis,
    store(options = {}) {
      const prefix = uniquePrefix('store');
      prefixes.push(prefix);
      const keys = new Keys(prefix);
      return { store: new StoryStore(redis, keys, { ...defaultOptions, ...options }), keys };
    },
  };
}

export function item(fields: Partial<ParsedItem> & { guid: string }): ParsedItem {
  return { title: `Story ${fields.guid}`, authors: [], tags: [], enclosures: [], ...fields };
}

export function category(id: string): CategoryAssignment {
  return { id, score: 1, layer: 'source', reason: `source is filed under ${id}` };
}

export function from(sourceId: string, parsed: ParsedItem, categories = ['world']): IngestItem {
  return { source: { id: sourceId, title: `Source ${sourceId}` }, item: parsed, categories: categories.map(category) };
}

/** Every key of a store's claim buckets, near-duplicate index buckets or stories. */
export async function keysOf(redis: Redis, keys: Keys, kind: 'claim' | 'near' | 'story'): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${keys.root}:${kind}:*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

/** Claims or index entries: fields of the bucket hashes (one pipelined HLEN per bucket). */
export async function entriesOf(redis: Redis, keys: Keys, kind: 'claim' | 'near'): Promise<number> {
  const pipeline = redis.pipeline();
  for (const key of await keysOf(redis, keys, kind)) pipeline.hlen(key);
  return ((await pipeline.exec()) ?? []).reduce((sum, [, n]) => sum + Number(n), 0);
}
