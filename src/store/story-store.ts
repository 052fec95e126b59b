// The story store: where the dedupe stage decides and the publisher reads. Poll asks it which
// items are already delivered (filterDelivered); ingest hands it categorized items, and one Lua
// script per item (src/store/lua/ingest-item.ts) checks guid, canonical link and near-duplicate
// text, then creates or merges the story and indexes it, atomically; render reads latest().
// prune() enforces retention. Every Redis key comes from Keys.

import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis, Result } from 'ioredis';
import { canonicalLink, readerLink } from '../dedupe/canonical-link.js';
import { bandKeys, encodeSignature, plainText, textSignature } from '../dedupe/near-duplicate.js';
import type { Config } from '../shared/config.js';
import { FeedmillError } from '../shared/errors.js';
import type { Keys } from '../shared/keys.js';
import type { CategoryAssignment, ParsedItem, Story, StorySource } from '../shared/types.js';
import { filterDeliveredLua } from './lua/filter-delivered.js';
import { ingestItemLua } from './lua/ingest-item.js';
import { pruneStoriesLua } from './lua/prune-stories.js';
import { CREATE_FIELDS, decodeStory, encodeFields, TEXT_FIELDS } from './story-record.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillIngestItem(numKeys: number, ...args: (string | number)[]): Result<[string, string, string, ...string[]], Context>;
    feedmillFilterDelivered(numKeys: number, ...args: (string | number)[]): Result<number[], Context>;
    feedmillPruneStories(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
  }
}

/** A bucket with more stories than this holds boilerplate ("Subscribe to our newsletter"), not copies. */
const MAX_BUCKET = 200;
/** Stories whose signatures one item is compared with, at most (bounds the script's run time). */
const MAX_CANDIDATES = 100;
/** Stories one prune() call removes, at most. */
export const PRUNE_BUDGET = 1000;

export interface StoreOptions {
  dedupeWindowMs: number;
  nearThreshold: number;
  trackingParams: string[];
  retentionMaxAgeMs: number;
  maxPerCategory: number;
}

export function storeOptions(config: Config): StoreOptions {
  return {
    dedupeWindowMs: config.dedupe.window,
    nearThreshold: config.dedupe.threshold,
    trackingParams: config.dedupe.trackingParams,
    retentionMaxAgeMs: config.retention.maxAge,
    maxPerCategory: config.retention.maxPerCategory,
  };
}

export interface IngestItem {
  source: { id: string; title: string };
  item: ParsedItem;
  categories: CategoryAssignment[];
}

export interface IngestOutcome {
  status: 'new' | 'updated' | 'unchanged' | 'duplicate';
  duplicateKind?: 'guid' | 'link' | 'near';
  storyId: string;
  /** Category ids whose published feeds change because of this item (new story, edited story, a source added to a story). */
  changedCategories: string[];
}

export class StoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: StoreOptions,
  ) {
    redis.defineCommand('feedmillIngestItem', { lua: ingestItemLua });
    redis.defineCommand('feedmillFilterDelivered', { lua: filterDeliveredLua });
    redis.defineCommand('feedmillPruneStories', { lua: pruneStoriesLua });
  }

  /** Poll stage: drop items this source already delivered unchanged (same guid, same content fingerprint). One round trip. */
  async filterDelivered(sourceId: string, items: ParsedItem[]): Promise<ParsedItem[]> {
    const oldest = Date.now() - this.options.retentionMaxAgeMs;
    const recent = items.filter((item) => !isTooOld(item, oldest));
    if (recent.length === 0) return [];
    const guidKeys = recent.map((item) => this.keys.guid(sourceId, hashOf(item.guid)));
    const verdicts = await this.redis.feedmillFilterDelivered(
      guidKeys.length,
      ...guidKeys,
      this.options.dedupeWindowMs,
      ...recent.map(contentFingerprint),
    );
    return recent.filter((_, i) => verdicts[i] === 1);
  }

  /** Ingest stage: dedupe, claim, store and index a batch atomically per item; one round trip for the batch (pipelined EVALSHA). Items without `published` get `now`. */
  async ingest(items: IngestItem[], now: number): Promise<IngestOutcome[]> {
    const oldest = now - this.options.retentionMaxAgeMs;
    const pipeline = this.redis.pipeline();
    const queued: number[] = [];
    const outcomes: IngestOutcome[] = new Array(items.length);
    items.forEach((entry, i) => {
      // Retention would remove such a story at once; it is not worth a republish.
      if (isTooOld(entry.item, oldest)) {
        outcomes[i] = { status: 'unchanged', storyId: this.identity(entry).storyId, changedCategories: [] };
        return;
      }
      this.queueIngest(pipeline, entry, now);
      queued.push(i);
    });
    const replies = queued.length > 0 ? await pipeline.exec() : [];
    queued.forEach((itemIndex, i) => {
      const [err, reply] = replies?.[i] ?? [new Error('no reply')];
      if (err) throw new FeedmillError('INTERNAL', `storing item ${items[itemIndex]?.item.guid} failed: ${err.message}`, {}, { cause: err });
      outcomes[itemIndex] = toOutcome(reply as string[]);
    });
    return outcomes;
  }

  /** Newest first (by published); 'all' = every category. */
  async latest(categoryId: string, limit: number): Promise<Story[]> {
    if (limit <= 0) return [];
    const index = categoryId === 'all' ? this.keys.allStories : this.keys.category(categoryId);
    const ids = await this.redis.zrevrange(index, 0, limit - 1);
    return this.getMany(ids);
  }

  async get(storyId: string): Promise<Story | undefined> {
    return decodeStory(await this.redis.hgetall(this.keys.story(storyId)));
  }

  /** The story a link belongs to, under any of its spellings (canonicalized first). */
  async findByLink(url: string): Promise<Story | undefined> {
    const canonical = canonicalLink(url, this.options.trackingParams);
    const claimed = await this.redis.get(this.keys.link(hashOf(canonical)));
    // After the dedupe window the claim is gone, but a story first made from this link keeps its id.
    return (claimed ? await this.get(claimed) : undefined) ?? this.get(storyIdOf(canonical));
  }

  /** Retention: stories published more than maxAge ago, then the oldest beyond maxPerCategory. Returns stories removed (at most 1000 per call). */
  async prune(now: number): Promise<number> {
    return this.redis.feedmillPruneStories(
      2,
      this.keys.allStories,
      this.keys.categoryIndex,
      this.keys.story(''),
      now - this.options.retentionMaxAgeMs,
      this.options.maxPerCategory,
      PRUNE_BUDGET,
    );
  }

  async countByCategory(categoryIds: string[]): Promise<Record<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const id of categoryIds) pipeline.zcard(id === 'all' ? this.keys.allStories : this.keys.category(id));
    const replies = (await pipeline.exec()) ?? [];
    return Object.fromEntries(categoryIds.map((id, i) => [id, Number(replies[i]?.[1] ?? 0)]));
  }

  private async getMany(ids: string[]): Promise<Story[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.story(id));
    const replies = (await pipeline.exec()) ?? [];
    // A story pruned between the two reads is simply left out.
    return replies.flatMap(([, hash]) => decodeStory(hash as Record<string, string>) ?? []);
  }

  /** The item's canonical link and the id a story made from it gets (computed once per item). */
  private identity({ source, item }: IngestItem): { canonical?: string; storyId: string } {
    const canonical = item.link ? canonicalLink(item.link, this.options.trackingParams) : undefined;
    return { canonical, storyId: canonical !== undefined ? storyIdOf(canonical) : storyIdOf(`${source.id}\n${item.guid}`) };
  }

  private queueIngest(pipeline: ChainableCommander, entry: IngestItem, now: number): void {
    const { source, item, categories } = entry;
    const { canonical, storyId } = this.identity(entry);
    // Readers get the publisher's link without tracking parameters; the canonical form is only an identity.
    const link = item.link ? readerLink(item.link, this.options.trackingParams) : undefined;
    // A date in the future (a feed's time zone bug) would pin the story to the top of every feed.
    const published = Math.min(item.published ?? now, now);
    const signature = textSignature(item.title, item.content ?? item.summary);
    const buckets = signature ? bandKeys(signature.minhash).map((key, band) => this.keys.lshBucket(band, key)) : [];
    const story = {
      id: storyId,
      title: item.title,
      link,
      canonicalLink: canonical,
      summary: item.summary,
      content: item.content,
      authors: item.authors,
      tags: item.tags,
      enclosures: item.enclosures,
      published,
      updated: Math.min(item.updated ?? published, now),
      firstSeen: now,
    };
    const sourceEntry: StorySource = { id: source.id, title: source.title, link, guid: item.guid, firstSeen: now };
    const keys = [
      this.keys.guid(source.id, hashOf(item.guid)),
      this.keys.link(hashOf(canonical ?? '')),
      this.keys.story(storyId),
      this.keys.allStories,
      this.keys.categoryIndex,
      ...buckets,
      ...categories.map((category) => this.keys.category(category.id)),
    ];
    const textFields = encodeFields(story, TEXT_FIELDS);
    pipeline.feedmillIngestItem(
      keys.length,
      ...keys,
      this.keys.story(''),
      storyId,
      now,
      this.options.dedupeWindowMs,
      this.options.nearThreshold,
      contentFingerprint(item),
      source.id,
      canonical ? '1' : '0',
      signature ? encodeSignature(signature.minhash) : '',
      textLength(item),
      published,
      buckets.length,
      MAX_BUCKET,
      MAX_CANDIDATES,
      JSON.stringify(sourceEntry),
      JSON.stringify(categories),
      textFields.length / 2,
      ...textFields,
      ...encodeFields(story, CREATE_FIELDS),
    );
  }
}

function toOutcome([status, kind, storyId, ...changed]: string[]): IngestOutcome {
  const outcome: IngestOutcome = { status: status as IngestOutcome['status'], storyId: storyId as string, changedCategories: changed };
  if (kind) outcome.duplicateKind = kind as IngestOutcome['duplicateKind'];
  return outcome;
}

function isTooOld(item: ParsedItem, oldest: number): boolean {
  return item.published !== undefined && item.published < oldest;
}

/** Stable, URL-safe and tag:/urn:-safe: 20 hex digits of the first canonical link (or source and guid). */
function storyIdOf(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 20);
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 20);
}

/** What a reader would see change: an edited title, summary or content. */
function contentFingerprint(item: ParsedItem): string {
  return createHash('sha1')
    .update(`${item.title}\u0000${item.summary ?? ''}\u0000${item.content ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

/** How full a version is: the longer of its plain-text summary and content. */
function textLength(item: ParsedItem): number {
  return Math.max(plainText(item.summary ?? '').length, plainText(item.content ?? '').length);
}
