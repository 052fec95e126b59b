// Story-store speed and memory: how fast the dedupe signature is computed, how many items a
// second ingest stores (distinct stories, and syndicated copies that go through the LSH
// candidate check), how fast poll's filterDelivered answers, what prune costs, and how many
// Redis bytes one story holds inside the dedupe window (story hash, claims, LSH buckets).
// Called by bench/run.ts as benchStore(redisUrl); also runnable alone with `npx tsx bench/store.ts`.
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { textSignature } from '../src/dedupe/near-duplicate.js';
import { Keys } from '../src/shared/keys.js';
import type { ParsedItem } from '../src/shared/types.js';
import { type IngestItem, StoryStore } from '../src/store/story-store.js';
import { findRedis } from '../tests/support/redis-server.js';

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

export async function benchStore(redisUrl: string, options: { stories?: number; batch?: number } = {}): Promise<Record<string, unknown>> {
  const count = options.stories ?? 2000;
  const batch = options.batch ?? 50;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(`bench-store-${process.pid}`);
  const store = new StoryStore(redis, keys, {
    dedupeWindowMs: 72 * 3_600_000,
    nearThreshold: 0.35,
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
  const redis = await findRedis();
  try {
    process.stdout.write(`${JSON.stringify(await benchStore(redis.url), null, 2)}\n`);
  } finally {
    await redis.stop();
  }
}
