// Bounded memory: dedupe keys expire after the window (a guid still in its feed keeps its
// claim), and prune() removes old stories and the oldest beyond the per-category cap together
// with every index entry that points at them.
import { describe, expect, test } from 'vitest';
import type { Keys } from '../../src/shared/keys.js';
import { DAY, from, HOUR, item, useTestStores } from './items.js';

const { redis, store } = useTestStores();

async function keysOf(keys: Keys, kind: 'guid' | 'link' | 'lsh' | 'story'): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${keys.root}:${kind}:*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const summary =
  'The city council voted on Wednesday to close the old central library for two years of repairs, after engineers found cracks in the roof beams. The 60,000 books will move to a temporary branch near the station.';

describe('dedupe keys expire after the window', () => {
  test('guid, link and LSH keys carry the window as TTL and vanish after it; the story stays', async () => {
    const { store: s, keys } = store({ dedupeWindowMs: 300 });
    const [created] = await s.ingest([from('city', item({ guid: 'c-1', link: 'https://city.example/library', title: 'Library to close', summary }))], Date.now());
    for (const kind of ['guid', 'link', 'lsh'] as const) {
      const found = await keysOf(keys, kind);
      expect(found.length, kind).toBeGreaterThan(0);
      for (const key of found) expect(await redis.pttl(key)).toBeGreaterThan(0);
    }
    await sleep(600);
    for (const kind of ['guid', 'link', 'lsh'] as const) expect(await keysOf(keys, kind), kind).toEqual([]);
    expect((await s.get(created?.storyId ?? ''))?.title).toBe('Library to close');
  });

  test('a guid seen again on every poll keeps its claim beyond the window', async () => {
    const { store: s } = store({ dedupeWindowMs: 1500 });
    const lasting = item({ guid: 'c-1', link: 'https://city.example/library', title: 'Library to close', summary });
    await s.ingest([from('city', lasting)], Date.now());
    for (let poll = 0; poll < 4; poll++) {
      await sleep(500);
      expect(await s.filterDelivered('city', [lasting])).toEqual([]);
    }
    // 2s after ingest, past the window: without the refresh the item would count as new again.
    const [outcome] = await s.ingest([from('city', lasting)], Date.now());
    expect(outcome?.status).toBe('unchanged');
  });
});

describe('prune', () => {
  test('removes stories older than maxAge with their index entries', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ retentionMaxAgeMs: 30 * DAY });
    const [old] = await s.ingest([from('city', item({ guid: 'old', link: 'https://city.example/old', title: 'Old story', summary, published: now - 20 * DAY }))], now);
    const [recent] = await s.ingest([from('city', item({ guid: 'new', link: 'https://city.example/new', title: 'New story', published: now - DAY }))], now);
    expect(await keysOf(keys, 'guid')).toHaveLength(2);

    expect(await s.prune(now + 15 * DAY)).toBe(1);

    expect(await s.get(old?.storyId ?? '')).toBeUndefined();
    expect(await s.findByLink('https://city.example/old')).toBeUndefined();
    expect(await redis.zscore(keys.allStories, old?.storyId ?? '')).toBeNull();
    expect(await redis.zscore(keys.category('world'), old?.storyId ?? '')).toBeNull();
    expect(await keysOf(keys, 'guid')).toHaveLength(1);
    expect(await keysOf(keys, 'link')).toHaveLength(1);
    expect((await s.latest('world', 10)).map((story) => story.id)).toEqual([recent?.storyId]);
    expect(await s.prune(now + 15 * DAY)).toBe(0);
  });

  test('keeps the newest maxPerCategory stories of each category', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ maxPerCategory: 3 });
    const story = (n: number, category: string) =>
      from('city', item({ guid: `${category}-${n}`, link: `https://city.example/${category}/${n}`, title: `${category} ${n}`, published: now - n * HOUR }), [category]);
    await s.ingest([1, 2, 3, 4, 5].map((n) => story(n, 'world')), now);
    await s.ingest([1, 2].map((n) => story(n, 'sport')), now);

    expect(await s.prune(now)).toBe(2);

    expect(await s.countByCategory(['world', 'sport', 'all'])).toEqual({ world: 3, sport: 2, all: 5 });
    expect((await s.latest('world', 10)).map((st) => st.title)).toEqual(['world 1', 'world 2', 'world 3']);
    expect(await keysOf(keys, 'story')).toHaveLength(5);
    expect(await s.findByLink('https://city.example/world/5')).toBeUndefined();
  });

  test('an item whose story was pruned is stored afresh when it comes back edited', async () => {
    const now = Date.now();
    const { store: s } = store({ maxPerCategory: 1 });
    const first = item({ guid: 'a', link: 'https://city.example/a', title: 'A', published: now - 2 * HOUR });
    await s.ingest([from('city', first), from('city', item({ guid: 'b', link: 'https://city.example/b', title: 'B', published: now - HOUR }))], now);
    await s.prune(now);
    const [back] = await s.ingest([from('city', { ...first, title: 'A, edited' })], now);
    expect(back?.status).toBe('new');
    expect((await s.latest('all', 5)).map((st) => st.title).sort()).toEqual(['A, edited', 'B']);
  });
});

describe('bounded work and memory', () => {
  test('one prune call removes at most 1000 stories; the next call goes on', async () => {
    const now = Date.now();
    const { store: s } = store();
    const old = Array.from({ length: 1010 }, (_, n) => from('city', item({ guid: `o-${n}`, title: `Old ${n}`, published: now - 20 * DAY })));
    await s.ingest(old, now);
    expect(await s.prune(now + 15 * DAY)).toBe(1000);
    expect(await s.prune(now + 15 * DAY)).toBe(10);
    expect(await s.countByCategory(['all', 'world'])).toEqual({ all: 0, world: 0 });
  });

  test('an LSH bucket stops growing at 200 stories, and a full one no longer makes candidates', async () => {
    const { store: s, keys } = store();
    const notice = (sourceId: string, n: number) =>
      from(sourceId, item({ guid: `t-${n}`, link: `https://${sourceId}.example/notice/${n}`, title: 'Library to close', summary }));
    await s.ingest([notice('city', 1)], Date.now());
    // Boilerplate shared by many stories fills the buckets of this text.
    const buckets = await keysOf(keys, 'lsh');
    const pipeline = redis.pipeline();
    for (const bucket of buckets) pipeline.sadd(bucket, ...Array.from({ length: 205 }, (_, n) => `boilerplate-${n}`));
    await pipeline.exec();
    const [copy] = await s.ingest([notice('herald', 2)], Date.now());
    expect(copy?.status).toBe('new');
    for (const bucket of buckets) expect(await redis.scard(bucket)).toBeLessThanOrEqual(200);
  });
});
