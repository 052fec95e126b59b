// The dedupe buckets grow with the store (linear hashing, src/store/lua/dedupe-buckets.ts): every
// claim and index entry stays findable while buckets split, each bucket stays a small listpack,
// and a store written with the old 4096 fixed buckets is taken over once, without losing what it knows.
import { describe, expect, test } from 'vitest';
import type { Keys } from '../../src/shared/keys.js';
import { INITIAL_LEVEL, LEGACY_LEVEL } from '../../src/store/lua/dedupe-buckets.js';
import { StoryStore } from '../../src/store/story-store.js';
import { defaultOptions, entriesOf, from, item, keysOf, useTestStores } from './items.js';

const { redis, store } = useTestStores();

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'bri', 'del', 'fan', 'gor', 'hu', 'jen', 'kel', 'mar', 'nos', 'pra'];

/** A headline of made-up words, different for every n: long enough for a signature, unlike any other. */
function headline(n: number): string {
  const words: string[] = [];
  let x = n * 2654435761 + 12345;
  for (let i = 0; i < 12; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i * 0x9e3779b9) >>> 0;
    words.push(`${SYLLABLES[x % 16]}${SYLLABLES[(x >>> 4) % 16]}${SYLLABLES[(x >>> 8) % 16]}`);
  }
  return words.join(' ');
}

function story(n: number) {
  return item({ guid: `g-${n}`, link: `https://city.example/news/${n}`, title: headline(n) });
}

interface BucketState {
  level: number;
  split: number;
  entries: number;
}

async function stateOf(keys: Keys): Promise<Record<'claim' | 'near', BucketState>> {
  const [claim, near] = (await redis.hmget(keys.dedupeBuckets, 'claim', 'near')).map((state) => {
    const [level = 0, split = 0, entries = 0] = (state ?? '').split(' ').map(Number);
    return { level, split, entries };
  });
  return { claim: claim as BucketState, near: near as BucketState };
}

describe('dedupe buckets', () => {
  test('grow as the store fills: every story stays findable, every bucket a small listpack', async () => {
    const { store: s, keys } = store();
    const count = 6000;
    const stories = Array.from({ length: count }, (_, n) => story(n));
    const now = Date.now();
    for (let start = 0; start < count; start += 500) {
      const outcomes = await s.ingest(stories.slice(start, start + 500).map((parsed) => from('city', parsed)), now);
      expect(outcomes.every((outcome) => outcome.status === 'new')).toBe(true);
    }

    const state = await stateOf(keys);
    for (const kind of ['claim', 'near'] as const) {
      const found = await keysOf(redis, keys, kind);
      // 6,000 stories: 12,000 claims and about 54,000 index entries, past 256 buckets of 40.
      expect(2 ** state[kind].level + state[kind].split).toBeGreaterThan(2 ** INITIAL_LEVEL);
      expect(found.length).toBeLessThanOrEqual(2 ** state[kind].level + state[kind].split);
      expect(await entriesOf(redis, keys, kind)).toBe(state[kind].entries);
      const pipeline = redis.pipeline();
      for (const key of found) pipeline.object('ENCODING', key);
      const encodings = new Set(((await pipeline.exec()) ?? []).map(([, encoding]) => encoding));
      expect(encodings).toEqual(new Set(['listpack']));
    }

    // Every guid claim is found where the buckets now put it...
    expect(await s.filterDelivered('city', stories, now)).toEqual([]);
    // ...and so are links and index entries written before the splits that moved them.
    const early = stories.slice(0, 50);
    const byLink = await s.ingest(early.map((parsed) => from('wire', { ...parsed, guid: `w-${parsed.guid}`, title: `${parsed.title} update` })), now);
    expect(byLink.map((outcome) => outcome.duplicateKind)).toEqual(early.map(() => 'link'));
    const byText = await s.ingest(early.map((parsed) => from('other', { ...parsed, guid: `o-${parsed.guid}`, link: `https://other.example/${parsed.guid}` })), now);
    expect(byText.map((outcome) => outcome.duplicateKind)).toEqual(early.map(() => 'near'));
    expect(await s.countByCategory(['all'])).toEqual({ all: count });
    expect((await s.findByLink('https://city.example/news/7'))?.title).toBe(headline(7));
  });

  test('a store written with 4096 fixed buckets is taken over once, and keeps deduplicating', async () => {
    const { store: s, keys } = store();
    const stories = Array.from({ length: 200 }, (_, n) => story(n));
    const now = Date.now();
    await s.ingest(stories.map((parsed) => from('city', parsed)), now);
    // Lay the entries out as the old release did (bucket = the hash's last 12 bits) and drop the state.
    for (const kind of ['claim', 'near'] as const) {
      for (const key of await keysOf(redis, keys, kind)) {
        const bucket = Number(key.slice(key.lastIndexOf(':') + 1));
        const entries = (await redis.callBuffer('HGETALL', key)) as Buffer[];
        await redis.del(key);
        for (let i = 0; i < entries.length; i += 2) {
          const field = entries[i] as Buffer;
          const legacy = ((field[field.length - 1] as number) & 15) * 256 + (bucket % 256);
          await redis.hset(`${keys.root}:${kind}:${legacy}`, field, entries[i + 1] as Buffer);
        }
      }
    }
    await redis.del(keys.dedupeBuckets);
    await redis.set(keys.legacyDedupeSweep, '17');
    const claims = await entriesOf(redis, keys, 'claim');
    const indexEntries = await entriesOf(redis, keys, 'near');

    // A new process (a new StoryStore on the same keys) polls first: nothing is delivered twice.
    const upgraded = new StoryStore(redis, keys, defaultOptions);
    expect(await upgraded.filterDelivered('city', stories, now)).toEqual([]);
    expect(await stateOf(keys)).toEqual({
      claim: { level: LEGACY_LEVEL, split: 0, entries: claims },
      near: { level: LEGACY_LEVEL, split: 0, entries: indexEntries },
    });
    expect(await redis.exists(keys.legacyDedupeSweep)).toBe(0);
    const [copy] = await upgraded.ingest([from('other', { ...(stories[3] as ReturnType<typeof story>), guid: 'o-3', link: 'https://other.example/3' })], now);
    expect(copy).toMatchObject({ status: 'duplicate', duplicateKind: 'near' });
    const [relinked] = await upgraded.ingest([from('wire', { ...(stories[4] as ReturnType<typeof story>), guid: 'w-4', title: 'Something else' })], now);
    expect(relinked).toMatchObject({ status: 'duplicate', duplicateKind: 'link' });
    // Taken over once: the state stays at level 12 and counts what was added since.
    await upgraded.prune(now);
    const after = await stateOf(keys);
    expect(after.claim).toEqual({ level: LEGACY_LEVEL, split: 0, entries: await entriesOf(redis, keys, 'claim') });
    expect(after.claim.entries).toBe(claims + 3);
    expect(after.near.entries).toBe(await entriesOf(redis, keys, 'near'));
    expect(await upgraded.countByCategory(['all'])).toEqual({ all: 200 });
  });
});
