// Story-store speed and memory: how fast the dedupe signature is computed, how many items a
// second ingest stores (distinct stories, and syndicated copies that go through the
// near-duplicate check), how fast poll's filterDelivered answers, what prune costs, and how many
// Redis bytes and keys one story holds inside the dedupe window (story, indexes, claims,
// near-duplicate index). The farm section ingests sources x 50 items shaped like
// bench/generate-feeds.ts (headline, ~0.5 KB summary, a share syndicated with tracking
// parameters) and reads Redis's own accounting: used_memory, MEMORY USAGE, INFO commandstats.
// Called by bench/run.ts as benchStore(redisUrl); also runnable alone with
// `npx tsx bench/store.ts [--sources 300] [--scale-farm]` (a private redis-server unless REDIS_URL is
// set; --scale-farm runs the scale farm section alone).
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { textSignature } from '../src/dedupe/near-duplicate.js';
import { Keys } from '../src/shared/keys.js';
import type { ParsedItem } from '../src/shared/types.js';
import { type IngestItem, StoryStore, SWEEP_ENTRIES } from '../src/store/story-store.js';
import { findRedis } from '../tests/support/redis-server.js';
import { farm, TOPIC_IDS, truthOf } from './scale/farm-data.js';

/** A vocabulary of 4096 made-up words, so that distinct items share no more than real news does. */
const SYLLABLES = 'ka to ri mel san dor vi lun pa ber os tem gra nu fel cho'.split(' ');
const WORDS = Array.from({ length: 4096 }, (_, i) => [i & 15, (i >> 4) & 15, (i >> 8) & 15].map((s) => SYLLABLES[s]).join(''));

/** Deterministic pseudo-random news-like text, so that distinct items are not near-duplicates. */
function text(seed: number, words: number): string {
  let state = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + i) >>> 0;
    out.push(WORDS[state % WORDS.length] as string);
  }
  return `${out.join(' ')}.`;
}

function story(n: number, sourceId = 'bench'): IngestItem {
  const item: ParsedItem = {
    guid: `${sourceId}-${n}`,
    title: text(n, 9),
    link: `https://${sourceId}.example/news/${n}?utm_source=rss`,
    summary: text(n + 1_000_000, 70),
    authors: [],
    tags: [],
    enclosures: [],
  };
  return { source: { id: sourceId, title: sourceId }, item, categories: [{ id: `cat-${n % 8}`, score: 1, layer: 'rules', reason: 'bench' }] };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export async function benchStore(
  redisUrl: string,
  options: { stories?: number; batch?: number; farmSources?: number } = {},
): Promise<Record<string, unknown>> {
  const count = options.stories ?? 2000;
  const batch = options.batch ?? 50;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(`bench-store-${process.pid}`);
  const store = new StoryStore(redis, keys, {
    dedupeWindowMs: 72 * 3_600_000,
    nearThreshold: 0.23,
    trackingParams: [],
    retentionMaxAgeMs: 30 * 86_400_000,
    maxPerCategory: 1000,
  });
  const now = Date.now();
  const items = Array.from({ length: count }, (_, n) => story(n));
  try {
    const signatures = await timed(async () => {
      for (const { item } of items) textSignature(item.title, item.summary);
    });

    const distinct = await timed(async () => {
      for (let i = 0; i < count; i += batch) await store.ingest(items.slice(i, i + batch), now);
    });

    const memory = await bytesUnder(redis, keys);

    // Another outlet's copies of the first stories: other links, a dateline, the last words cut.
    const copies = items.slice(0, Math.min(500, count)).map(({ item, categories }, n) => ({
      source: { id: 'copy', title: 'copy' },
      item: { ...item, guid: `copy-${n}`, link: `https://copy.example/${n}`, summary: `CITY (Wire) - ${item.summary?.slice(0, -60)}` },
      categories,
    }));
    const merged = await timed(async () => {
      let near = 0;
      for (let i = 0; i < copies.length; i += batch) {
        near += (await store.ingest(copies.slice(i, i + batch), now)).filter((o) => o.duplicateKind === 'near').length;
      }
      return near;
    });

    const polled = await timed(async () => {
      let passed = 0;
      for (let i = 0; i < count; i += 100) passed += (await store.filterDelivered('bench', items.slice(i, i + 100).map((s) => s.item))).length;
      return passed;
    });

    const pruned = await timed(() => store.prune(now + 31 * 86_400_000));

    return {
      stories: count,
      batch,
      signaturesPerSecond: Math.round(count / (signatures.ms / 1000)),
      ingestDistinctPerSecond: Math.round(count / (distinct.ms / 1000)),
      ingestCopiesPerSecond: Math.round(copies.length / (merged.ms / 1000)),
      copiesMergedAsNear: `${merged.result}/${copies.length}`,
      filterDeliveredPerSecond: Math.round(count / (polled.ms / 1000)),
      filterDeliveredPassed: polled.result,
      pruneMs: Math.round(pruned.ms),
      pruneRemoved: pruned.result,
      redisBytesPerStory: Math.round(memory.bytes / count),
      redisKeysPerStory: Math.round((memory.keys / count) * 10) / 10,
      farm: await benchFarm(redisUrl, { sources: options.farmSources }),
      scaleFarm: await benchScaleFarm(redisUrl, { sources: options.farmSources }),
      churn: await benchChurn(redisUrl),
    };
  } finally {
    await deleteUnder(redis, keys);
    redis.disconnect();
  }
}

/** Category reasons as the categorizer writes them, so that stored records have their real size. */
const TOPICS = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];

/**
 * One source's feed as ingest receives it: `perSource` items, about a fifth of them copies of a
 * shared wire story (same link with the source's tracking parameters, the source's own guid),
 * the rest its own, each with a headline and a ~0.5 KB HTML summary, as bench/generate-feeds.ts.
 */
export function farmSource(s: number, perSource: number, wireStories: number, now: number): IngestItem[] {
  const id = `src-${String(s).padStart(4, '0')}`;
  let state = (s + 1) * 2654435761;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x6d2b79f5) >>> 0;
    return state;
  };
  return Array.from({ length: perSource }, (_, i) => {
    const isWire = next() % 5 === 0;
    const n = isWire ? next() % wireStories : 1_000_000 + s * perSource + i;
    const topic = TOPICS[n % TOPICS.length] as string;
    // Distinct seeds for every piece of text, so that no two stories share a passage by accident.
    const headline = text(n * 3, 9);
    const item: ParsedItem = {
      guid: isWire ? `${id}-wire-${n}` : `${id}-${i}`,
      title: headline.charAt(0).toUpperCase() + headline.slice(1, -1),
      link: isWire ? `https://wire.example/story/${n}?utm_source=${id}&utm_medium=rss` : `https://${id}.example/news/${i}`,
      summary: `<p>${text(n * 3 + 1, 40)} ${text(n * 3 + 2, 30)}</p>`,
      published: now - (next() % (3 * 86_400_000)),
      authors: [],
      tags: [],
      enclosures: [],
    };
    const words = item.title.split(' ');
    return {
      source: { id, title: `Source ${id}` },
      item,
      categories: [{ id: topic, score: 0.8, layer: 'rules' as const, reason: `keywords: ${words[1]}, ${words[4]} (x2), ${words[7]}` }],
    };
  });
}

/** Redis's own memory figure (bytes), after letting the allocator settle. */
async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Calls per command since the server started, and the microseconds Redis spent in them all, from INFO commandstats. */
async function commandCalls(redis: Redis): Promise<{ calls: Record<string, number>; usec: number }> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  let usec = 0;
  for (const [, name, count, spent] of info.matchAll(/cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/g)) {
    calls[name as string] = Number(count);
    // Commands a script makes are counted under their own names and again in the script's time.
    if (name === 'evalsha' || name === 'eval') usec += Number(spent);
  }
  return { calls, usec };
}

/** Commands per item between two INFO commandstats readings (those a script makes included), the bench's own left out. */
function callsPerItem(before: Record<string, number>, after: Record<string, number>, items: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, (count - (before[name] ?? 0)) / items] as const)
      .filter(([name, calls]) => calls >= 0.05 && !['info', 'zcard', 'ping'].includes(name))
      .sort((a, b) => b[1] - a[1])
      .map(([name, calls]) => [name, Math.round(calls * 100) / 100]),
  );
}

/**
 * The farm: `sources` x `perSource` items ingested one source (one ingest job) at a time, then
 * Redis's accounting per stored story: used_memory growth, MEMORY USAGE of every key under the
 * prefix, keys, and the commands the store sent per item (INFO commandstats, before and after).
 */
export async function benchFarm(redisUrl: string, options: { sources?: number; perSource?: number } = {}): Promise<Record<string, unknown>> {
  const sources = options.sources ?? 300;
  const perSource = options.perSource ?? 50;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(`bench-farm-${process.pid}`);
  const store = new StoryStore(redis, keys, {
    dedupeWindowMs: 72 * 3_600_000,
    nearThreshold: 0.23,
    trackingParams: [],
    retentionMaxAgeMs: 30 * 86_400_000,
    maxPerCategory: 1_000_000,
  });
  const now = Date.now();
  const wireStories = Math.max(10, Math.round((sources * perSource) / 15));
  const jobs = Array.from({ length: sources }, (_, s) => farmSource(s, perSource, wireStories, now));
  try {
    await redis.ping();
    const memoryBefore = await usedMemory(redis);
    const callsBefore = await commandCalls(redis);
    const ingest = await timed(async () => {
      for (const job of jobs) await store.ingest(job, now);
    });
    const callsAfter = await commandCalls(redis);
    const memoryAfter = await usedMemory(redis);
    const stories = await redis.zcard(keys.allStories);
    const usage = await bytesUnder(redis, keys);
    const items = sources * perSource;
    // The farm's truth: one story per distinct page (wire copies differ only in tracking parameters).
    const distinct = new Set(jobs.flat().map(({ item }) => item.link?.split('?')[0])).size;
    return {
      sources,
      perSource,
      items,
      storiesStored: stories,
      storiesExpected: distinct,
      ingestItemsPerSecond: Math.round(items / (ingest.ms / 1000)),
      usedMemoryBytesPerStory: Math.round((memoryAfter - memoryBefore) / stories),
      memoryUsageBytesPerStory: Math.round(usage.bytes / stories),
      keysPerStory: Math.round((usage.keys / stories) * 100) / 100,
      redisScriptMicrosPerItem: Math.round(((callsAfter.usec - callsBefore.usec) / items) * 10) / 10,
      redisCallsPerItem: callsPerItem(callsBefore.calls, callsAfter.calls, items),
    };
  } finally {
    await deleteUnder(redis, keys);
    redis.disconnect();
  }
}

/**
 * The scale bench's farm (bench/scale/farm-data.ts: seed 42, a fifth of the items wire copies with
 * their text lightly edited) ingested straight into the store, one source (one ingest job) at a
 * time, without fetching or parsing: what the ingest script costs Redis per item on the texts the
 * scale bench stores, and what a story costs in memory, in seconds instead of a whole scale run.
 */
/** The store's settings for the scale farm's stories: the defaults' threshold and window, retention out of the way. */
export const SCALE_FARM_STORE = {
  dedupeWindowMs: 72 * 3_600_000,
  nearThreshold: 0.23,
  trackingParams: [],
  retentionMaxAgeMs: 30 * 86_400_000,
  maxPerCategory: 10_000_000,
};

export async function benchScaleFarm(redisUrl: string, options: { sources?: number; perSource?: number } = {}): Promise<Record<string, unknown>> {
  const sources = options.sources ?? 200;
  const perSource = options.perSource ?? 50;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(`bench-scale-farm-${process.pid}`);
  const store = new StoryStore(redis, keys, SCALE_FARM_STORE);
  const now = Date.now();
  const generated = farm({ sources, items: perSource, syndicated: 0.2, seed: 42, now });
  try {
    await redis.ping();
    const memoryBefore = await usedMemory(redis);
    const callsBefore = await commandCalls(redis);
    let ingested = 0;
    const ingest = await timed(async () => {
      for (let s = 0; s < sources; s++) {
        const source = generated.source(s);
        const job = source.items.map(({ title, link, guid, summary, published }, i): IngestItem => {
          const topic = TOPIC_IDS[(s + i) % TOPIC_IDS.length] as string;
          const words = title.split(' ');
          return {
            source: { id: source.id, title: source.id },
            item: { guid, title, link, summary, published, authors: [], tags: [], enclosures: [] },
            categories: [{ id: topic, score: 0.8, layer: 'rules', reason: `keywords: ${words[1]}, ${words[4]} (x2), ${words[7]}` }],
          };
        });
        await store.ingest(job, now);
        ingested += job.length;
      }
    });
    const callsAfter = await commandCalls(redis);
    const memoryAfter = await usedMemory(redis);
    const stories = await redis.zcard(keys.allStories);
    return {
      sources,
      perSource,
      items: ingested,
      storiesStored: stories,
      storiesExpected: truthOf(generated).size,
      ingestItemsPerSecond: Math.round(ingested / (ingest.ms / 1000)),
      redisScriptMicrosPerItem: Math.round(((callsAfter.usec - callsBefore.usec) / ingested) * 10) / 10,
      usedMemoryBytesPerStory: Math.round((memoryAfter - memoryBefore) / stories),
      redisCallsPerItem: callsPerItem(callsBefore.calls, callsAfter.calls, ingested),
    };
  } finally {
    await deleteUnder(redis, keys);
    redis.disconnect();
  }
}

/**
 * Memory with churn: `cycles` rounds of new items from every source (each new item a new story,
 * a fifth of them syndicated), retention keeping `maxPerCategory` stories per category, prune
 * run as the ingest worker runs it, and a dedupe window short enough that several windows pass.
 * Memory must stay flat once the first window has passed: removed stories leave nothing behind.
 */
export async function benchChurn(
  redisUrl: string,
  options: { cycles?: number; sources?: number; windowMs?: number; maxPerCategory?: number } = {},
): Promise<Record<string, unknown>> {
  const cycles = options.cycles ?? 10;
  const sources = options.sources ?? 40;
  const windowMs = options.windowMs ?? 2000;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(`bench-churn-${process.pid}`);
  const store = new StoryStore(redis, keys, {
    dedupeWindowMs: windowMs,
    nearThreshold: 0.23,
    trackingParams: [],
    retentionMaxAgeMs: 30 * 86_400_000,
    maxPerCategory: options.maxPerCategory ?? 100,
  });
  try {
    await redis.ping();
    const base = await usedMemory(redis);
    const kilobytes: number[] = [];
    for (let cycle = 0; cycle < cycles; cycle++) {
      const now = Date.now();
      // Each cycle's items are new: their seeds (and so their links and texts) move on by one farm.
      for (let s = 0; s < sources; s++) await store.ingest(farmSource(s + cycle * sources, 10, 1_000_000, now), now);
      for (let call = 0; call <= Math.ceil((await dedupeEntries(redis, keys)) / SWEEP_ENTRIES); call++) await store.prune(now);
      kilobytes.push(Math.round((await usedMemory(redis)) - base) / 1000);
      await new Promise((resolve) => setTimeout(resolve, windowMs / 2));
    }
    // Entries live at most a window and a half (three cycles) and tombstones a window: from then on, flat.
    const settled = kilobytes.slice(4);
    return {
      cycles,
      itemsPerCycle: sources * 10,
      windowMs,
      storiesKept: await redis.zcard(keys.allStories),
      usedMemoryKilobytesPerCycle: kilobytes,
      growthAfterFirstWindowsKilobytes: Math.round((Math.max(...settled) - Math.min(...settled)) * 10) / 10,
    };
  } finally {
    await deleteUnder(redis, keys);
    redis.disconnect();
  }
}

/** Calls `use` with each batch of keys under the bench's prefix. */
async function eachKeyBatch(redis: Redis, keys: Keys, use: (batch: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await use(found);
  } while (cursor !== '0');
}

async function bytesUnder(redis: Redis, keys: Keys): Promise<{ bytes: number; keys: number }> {
  const total = { bytes: 0, keys: 0 };
  await eachKeyBatch(redis, keys, async (batch) => {
    const pipeline = redis.pipeline();
    // SAMPLES 0: measure every field of a story hash, not an estimate from five.
    for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [, usage] of (await pipeline.exec()) ?? []) total.bytes += Number(usage ?? 0);
    total.keys += batch.length;
  });
  return total;
}

async function deleteUnder(redis: Redis, keys: Keys): Promise<void> {
  await eachKeyBatch(redis, keys, async (batch) => {
    await redis.unlink(...batch);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const sourcesAt = args.indexOf('--sources');
  const redis = await findRedis();
  try {
    const farmSources = sourcesAt >= 0 ? Number(args[sourcesAt + 1]) : undefined;
    // --scale-farm: that section alone (the ingest script's cost on the scale bench's texts).
    const report = args.includes('--scale-farm') ? await benchScaleFarm(redis.url, { sources: farmSources }) : await benchStore(redis.url, { farmSources });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await redis.stop();
  }
}

/** The larger kind's count of dedupe entries, as the bucket state holds it: prune() sweeps SWEEP_ENTRIES of each kind a call. */
async function dedupeEntries(redis: Redis, keys: Keys): Promise<number> {
  const states = await redis.hmget(keys.dedupeBuckets, 'claim', 'near');
  return Math.max(0, ...states.map((state) => Number(state?.split(' ')[2] ?? 0)));
}
