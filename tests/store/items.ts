// Items and stores for the story-store tests: one prefix per test, only its own keys deleted.
import type { Redis } from 'ioredis';
import { Keys } from '../../src/shared/keys.js';
import type { CategoryAssignment, ParsedItem } from '../../src/shared/types.js';
import { type IngestItem, type StoreOptions, StoryStore } from '../../src/store/story-store.js';
import { uniquePrefix } from '../support/redis.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const defaultOptions: StoreOptions = {
  dedupeWindowMs: 72 * HOUR,
  nearThreshold: 0.35,
  trackingParams: [],
  retentionMaxAgeMs: 30 * DAY,
  maxPerCategory: 1000,
};

export function newStore(redis: Redis, options: Partial<StoreOptions> = {}): { store: StoryStore; keys: Keys; prefix: string } {
  const prefix = uniquePrefix('store');
  const keys = new Keys(prefix);
  return { store: new StoryStore(redis, keys, { ...defaultOptions, ...options }), keys, prefix };
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
