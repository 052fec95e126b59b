// The story store: where the dedupe stage decides and the publisher reads. Poll asks it which
// items are already delivered (filterDelivered); ingest hands it categorized items, and one Lua
// script call per batch (src/store/lua/ingest-items.ts) checks guid, canonical link and
// near-duplicate text, then creates or merges each story and indexes it, atomically per item;
// render reads latest(). prune() enforces retention. Every Redis key comes from Keys.
//
// What a story costs in Redis: its record (one string, src/store/story-record.ts), a member of
// the all-stories zset and of its category zsets, 16 bytes in the first-seen list, and a few
// dozen bytes in shared bucketed hashes (two claims; INDEX_HASHES near-duplicate entries, and up to
// three more for its whole text's smallest name and figure and its smallest quote shingle) that
// prune() sweeps once they are past the dedupe window. A story that copies merged into with texts
// of their own also has up to MAX_ALIASES aliases (story-record.ts), each a small string key holding
// a version's signature for as long as the index entries naming it live.

import crypto from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import { canonicalLink, linkForms } from '../dedupe/canonical-link.js';
import { encodeSignature, plainText, plainTextSignature } from '../dedupe/near-duplicate.js';
import type { Config } from '../shared/config.js';
import { FeedmillError } from '../shared/errors.js';
import type { Keys } from '../shared/keys.js';
import type { CategoryAssignment, ParsedItem, Story, StorySource } from '../shared/types.js';
import { LIVE_GENERATIONS } from './lua/dedupe-buckets.js';
import { filterDeliveredLua } from './lua/filter-delivered.js';
import { ingestItemsLua } from './lua/ingest-items.js';
import { pruneStoriesLua } from './lua/prune-stories.js';
import { readClaimLua } from './lua/read-claim.js';
import { decodeStory, encodeCategories, encodeSource, encodeText } from './story-record.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillIngestItems(numKeys: number, ...args: (string | number | Buffer)[]): Result<string[][], Context>;
    feedmillFilterDelivered(numKeys: number, ...args: (string | number | Buffer)[]): Result<number[], Context>;
    feedmillPruneStories(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
    feedmillReadClaimBuffer(numKeys: number, ...args: (string | number | Buffer)[]): Result<Buffer | null, Context>;
  }
}

/** Stories whose signatures one item is compared with, at most (bounds the script's run time). */
const MAX_CANDIDATES = 48;
/** Items one script call takes, at most: a larger batch is split into calls sent in one pipeline. */
export const MAX_ITEMS_PER_CALL = 100;
/** Stories one prune() call removes, at most. */
export const PRUNE_BUDGET = 1000;
/** Generations the dedupe window is cut into: claims and index entries live one window and up to half another. */
const GENERATIONS_PER_WINDOW = LIVE_GENERATIONS;
/** Dedupe entries (of each kind, in whole buckets) one prune() call reads while sweeping: a few ms of Redis time. */
export const SWEEP_ENTRIES = 16_384;

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
    redis.defineCommand('feedmillIngestItems', { lua: ingestItemsLua });
    redis.defineCommand('feedmillFilterDelivered', { lua: filterDeliveredLua });
    redis.defineCommand('feedmillPruneStories', { lua: pruneStoriesLua });
    redis.defineCommand('feedmillReadClaim', { lua: readClaimLua });
  }

  /**
   * Poll stage: drop items this source already delivered unchanged (same guid, same content
   * fingerprint), and items dated before retention.maxAge, except at a source's first poll: a
   * feed just added brings its whole current window, however old (retention then counts from
   * when a story was stored), while an old-dated item that turns up later is not news. One round trip.
   */
  async filterDelivered(sourceId: string, items: ParsedItem[], now = Date.now(), { isFirstPoll = false } = {}): Promise<ParsedItem[]> {
    const oldest = now - this.options.retentionMaxAgeMs;
    const recent = isFirstPoll ? items : items.filter((item) => !isTooOld(item, oldest));
    if (recent.length === 0) return [];
    const verdicts = await this.redis.feedmillFilterDelivered(
      ...this.bucketArgs(now),
      ...recent.flatMap((item) => [guidClaim(sourceId, item.guid), contentFingerprint(item)]),
    );
    return recent.filter((_, i) => verdicts[i] === 1);
  }

  /**
   * Ingest stage: dedupe, claim, store and index a batch, each item atomically; one round trip
   * (one script call per MAX_ITEMS_PER_CALL items, pipelined). Items without `published` get `now`.
   * Whatever poll passed on is stored, however old its date (filterDelivered decides that).
   */
  async ingest(items: IngestItem[], now: number): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = new Array(items.length);
    if (items.length === 0) return outcomes;
    const indexes = items.map((_, i) => i);
    const generation = this.generation(now);
    const pipeline = this.redis.pipeline();
    const calls: number[][] = [];
    for (let start = 0; start < items.length; start += MAX_ITEMS_PER_CALL) {
      const call = indexes.slice(start, start + MAX_ITEMS_PER_CALL);
      calls.push(call);
      pipeline.feedmillIngestItems(
        5,
        this.keys.allStories,
        this.keys.categoryIndex,
        this.keys.storiesFirstSeen,
        this.keys.dedupeBuckets,
        this.keys.legacyDedupeSweep,
        this.keys.story(''),
        this.keys.claimsPrefix,
        this.keys.nearIndexPrefix,
        this.keys.category(''),
        now,
        generation,
        this.options.nearThreshold,
        MAX_CANDIDATES,
        call.length,
        this.aliasLifetime(),
        ...call.flatMap((i) => this.itemArgs(items[i] as IngestItem, now)),
      );
    }
    const replies = (await pipeline.exec()) ?? [];
    calls.forEach((call, c) => {
      const [err, reply] = replies[c] ?? [new Error('no reply')];
      if (err) {
        const guids = call.map((i) => items[i]?.item.guid).join(', ');
        throw new FeedmillError('INTERNAL', `storing items ${guids} failed: ${err.message}`, {}, { cause: err });
      }
      call.forEach((itemIndex, k) => {
        outcomes[itemIndex] = toOutcome((reply as string[][])[k] as string[]);
      });
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
    return (await this.getMany([storyId]))[0];
  }

  /** The story a link belongs to, under any of its spellings (canonicalized first). */
  async findByLink(url: string): Promise<Story | undefined> {
    const canonical = canonicalLink(url, this.options.trackingParams);
    const owner = await this.redis.feedmillReadClaimBuffer(...this.bucketArgs(Date.now()), linkClaim(canonical));
    // After the dedupe window the claim is gone, but a story first made from this link keeps its id.
    return (owner ? await this.get(owner.subarray(0, 10).toString('hex')) : undefined) ?? this.get(storyIdOf(canonical));
  }

  /** Retention: stories first stored more than maxAge ago, then the oldest (by published) beyond maxPerCategory (at most 1000 per call, the number returned); and a slice of the dedupe buckets (SWEEP_ENTRIES entries of each kind) swept of entries past the window. */
  async prune(now: number): Promise<number> {
    return this.redis.feedmillPruneStories(
      7,
      this.keys.allStories,
      this.keys.categoryIndex,
      this.keys.dedupeBuckets,
      this.keys.legacyStoriesByFirstSeen,
      this.keys.legacyDedupeSweep,
      this.keys.storiesFirstSeen,
      this.keys.storiesFirstSeenCompaction,
      this.keys.story(''),
      this.keys.category(''),
      now - this.options.retentionMaxAgeMs,
      this.options.maxPerCategory,
      PRUNE_BUDGET,
      this.options.dedupeWindowMs,
      this.keys.claimsPrefix,
      this.keys.nearIndexPrefix,
      this.generation(now),
      SWEEP_ENTRIES,
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
    for (const id of ids) pipeline.getBuffer(this.keys.story(id));
    const replies = (await pipeline.exec()) ?? [];
    // A story pruned between the two reads is simply left out, and so is one an older release
    // stored as a hash (the reply is an error), until a copy replaces it or retention removes it.
    return replies.flatMap(([, record], i) => this.decode(ids[i] as string, record as Buffer | null) ?? []);
  }

  private decode(id: string, record: Buffer | null): Story | undefined {
    return decodeStory(id, record, (link) => canonicalLink(link, this.options.trackingParams));
  }

  /** The key count and the keys and arguments every script that reads the dedupe buckets starts with (3 keys, then prefixes and generation; the Lua side is bucketArgsPreludeLua). */
  private bucketArgs(now: number): [numKeys: 3, ...args: (string | number)[]] {
    const { keys } = this;
    return [3, keys.dedupeBuckets, keys.allStories, keys.legacyDedupeSweep, keys.claimsPrefix, keys.nearIndexPrefix, this.generation(now)];
  }

  /** How long an alias (a merged version of a story, story-record.ts) lives: as long as the index entries naming it, the generation written in and LIVE_GENERATIONS after. */
  private aliasLifetime(): number {
    return this.generationMs() * (LIVE_GENERATIONS + 1);
  }

  /** The generation (a part of the dedupe window) `now` falls in: what dedupe entries written now are stamped with. */
  private generation(now: number): number {
    return Math.floor(now / this.generationMs());
  }

  /** How long one generation lasts: the dedupe window cut in GENERATIONS_PER_WINDOW, at least 1 ms. */
  private generationMs(): number {
    return Math.max(1, Math.ceil(this.options.dedupeWindowMs / GENERATIONS_PER_WINDOW));
  }

  /**
   * The ids a story made from this item may get: from its canonical link (so that every source
   * linking the page finds it), and from the source and guid (for an item without a link, or one
   * whose link the source already gave another item).
   */
  private identity({ source, item }: IngestItem): { canonical?: string; link?: string; linkId: string; guidId: string } {
    // Readers get the publisher's link without tracking parameters; the canonical form is only an identity.
    const forms = item.link ? linkForms(item.link, this.options.trackingParams) : undefined;
    const guidId = storyIdOf(`${source.id}\n${item.guid}`);
    return { canonical: forms?.canonical, link: forms?.reader, linkId: forms !== undefined ? storyIdOf(forms.canonical) : guidId, guidId };
  }

  /** One item's arguments to the ingest script, in the order ingest-items.ts reads them. */
  private itemArgs(entry: IngestItem, now: number): (string | number | Buffer)[] {
    const { source, item, categories } = entry;
    const { canonical, link, linkId, guidId } = this.identity(entry);
    // A date in the future (a feed's time zone bug) would pin the story to the top of every feed.
    const published = Math.min(item.published ?? now, now);
    const updated = Math.min(item.updated ?? published, now);
    // Each text made plain once: the signature reads the body's, the version's length both.
    const plainSummary = plainText(item.summary ?? '');
    const plainContent = item.content === undefined ? '' : plainText(item.content);
    const signature = plainTextSignature(item.title, item.content !== undefined ? plainContent : plainSummary);
    const sourceEntry: StorySource = { id: source.id, title: source.title, link, guid: item.guid, firstSeen: now };
    const key = itemKey(link, item.title);
    return [
      linkId,
      guidId,
      guidClaim(source.id, item.guid),
      canonical !== undefined ? linkClaim(canonical) : '',
      contentFingerprint(item),
      source.id,
      key,
      signature ? encodeSignature(signature) : '',
      signature ? indexBytes(signature.index) : '',
      // How full this version is: the longer of its plain-text summary and content.
      Math.max(plainSummary.length, plainContent.length),
      published,
      // Left out when it is the published time, which it is for most items (readers take that one then).
      updated === published ? '' : updated,
      encodeSource(sourceEntry, key),
      encodeCategories(categories),
      encodeText(item),
    ];
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

/**
 * The first `bytes` bytes of a hash of `text`: every id, claim and fingerprint the store derives.
 * One-shot hash(), not a Hash object: about eight of these per item (poll and ingest), each at half
 * the CPU of createHash().update().digest() on texts this short.
 */
function digest(text: string, bytes: number, algorithm: 'sha1' | 'sha256' = 'sha1'): Buffer {
  return oneShot(algorithm, text, 'buffer').subarray(0, bytes);
}

/**
 * The first `bytes` bytes of a hash of `text` as hex digits: hash() writes hex itself, with no
 * Buffer made and read back (two ids and an item key per item).
 */
function hexDigest(text: string, bytes: number, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  return oneShot(algorithm, text, 'hex').slice(0, 2 * bytes);
}

// crypto.hash() came with Node 20.12; on an older Node 20 the same bytes come from a Hash object.
function oneShot(algorithm: string, text: string, encoding: 'buffer'): Buffer;
function oneShot(algorithm: string, text: string, encoding: 'hex'): string;
function oneShot(algorithm: string, text: string, encoding: 'buffer' | 'hex'): Buffer | string {
  if (typeof crypto.hash === 'function') return crypto.hash(algorithm, text, encoding);
  const hash = crypto.createHash(algorithm).update(text);
  return encoding === 'hex' ? hash.digest('hex') : hash.digest();
}

/** Stable, URL-safe and tag:/urn:-safe: 20 hex digits of the first canonical link (or source and guid). */
function storyIdOf(identity: string): string {
  return hexDigest(identity, 10, 'sha256');
}

/** 8 bytes naming a claim: a source's guid, or a canonical link. */
function guidClaim(sourceId: string, guid: string): Buffer {
  return digest(`g\n${sourceId}\n${guid}`, 8);
}

function linkClaim(canonical: string): Buffer {
  return digest(`l\n${canonical}`, 8);
}

/** Tells apart items of one source that share a link: the link as readers get it (fragment kept) and the title. */
function itemKey(link: string | undefined, title: string): string {
  return hexDigest(`${link ?? ''}\n${title}`, 4);
}

function indexBytes(hashes: Uint32Array): Buffer {
  const bytes = Buffer.allocUnsafe(hashes.length * 4);
  hashes.forEach((hash, i) => bytes.writeUInt32BE(hash, i * 4));
  return bytes;
}

/** What a reader would see change: an edited title, summary or content (8 bytes). */
function contentFingerprint(item: ParsedItem): Buffer {
  return digest(`${item.title}\u0000${item.summary ?? ''}\u0000${item.content ?? ''}`, 8);
}
