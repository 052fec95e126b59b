// Bounded memory: claims and near-duplicate entries past the dedupe window are swept by prune()
// (a guid still in its feed keeps its claim), and prune() removes old stories and the oldest
// beyond the per-category cap from every index, leaving a tombstone for the window so that a
// later copy of a removed story is not stored again as new.
import { describe, expect, test } from 'vitest';
import { INDEX_HASHES } from '../../src/dedupe/near-duplicate.js';
import type { Keys } from '../../src/shared/keys.js';
import { SWEEP_ENTRIES, type StoryStore } from '../../src/store/story-store.js';
import { DAY, entriesOf, from, HOUR, item, keysOf, useTestStores } from './items.js';

const { redis, store } = useTestStores();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** As many prune() calls as sweep every dedupe bucket once (one for these small stores). */
async function pruneRound(s: StoryStore, keys: Keys, now: number): Promise<void> {
  const entries = Math.max(await entriesOf(redis, keys, 'claim'), await entriesOf(redis, keys, 'near'));
  for (let call = 0; call <= Math.ceil(entries / SWEEP_ENTRIES); call++) await s.prune(now);
}

const summary =
  'The city council voted on Wednesday to close the old central library for two years of repairs, after engineers found cracks in the roof beams. The 60,000 books will move to a temporary branch near the station.';

describe('dedupe keys expire after the window', () => {
  test('prune sweeps claims and near-duplicate entries once they are past the window; the story stays', async () => {
    const window = 300;
    const { store: s, keys } = store({ dedupeWindowMs: window });
    const [created] = await s.ingest([from('city', item({ guid: 'c-1', link: 'https://city.example/library', title: 'Library to close', summary }))], Date.now());
    await pruneRound(s, keys, Date.now());
    expect(await entriesOf(redis, keys, 'claim')).toBe(2);
    expect(await entriesOf(redis, keys, 'near')).toBe(INDEX_HASHES);
    await sleep(2 * window);
    await pruneRound(s, keys, Date.now());
    expect(await keysOf(redis, keys, 'claim')).toEqual([]);
    expect(await keysOf(redis, keys, 'near')).toEqual([]);
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
  test('removes stories first stored more than maxAge ago, whatever their date, from every index and leaves a tombstone that expires after the window', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ retentionMaxAgeMs: 30 * DAY, dedupeWindowMs: 500 });
    // A feed just added lists an entry from last year: it stays for maxAge from now.
    const [old] = await s.ingest([from('city', item({ guid: 'old', link: 'https://city.example/old', title: 'Old story', summary, published: now - 400 * DAY }))], now);
    expect(await s.prune(now + DAY)).toBe(0);
    const [recent] = await s.ingest([from('city', item({ guid: 'new', link: 'https://city.example/new', title: 'New story', published: now + 19 * DAY }))], now + 20 * DAY);

    expect(await s.prune(now + 35 * DAY)).toBe(1);

    expect(await s.get(old?.storyId ?? '')).toBeUndefined();
    expect(await s.findByLink('https://city.example/old')).toBeUndefined();
    expect(await redis.zscore(keys.allStories, old?.storyId ?? '')).toBeNull();
    expect(await redis.zscore(keys.category('world'), old?.storyId ?? '')).toBeNull();
    expect((await s.latest('world', 10)).map((story) => story.id)).toEqual([recent?.storyId]);
    const tombstone = await redis.pttl(keys.story(old?.storyId ?? ''));
    expect(tombstone).toBeGreaterThan(0);
    expect(tombstone).toBeLessThanOrEqual(500);
    expect(await s.prune(now + 35 * DAY)).toBe(0);
    await sleep(1000);
    expect(await keysOf(redis, keys, 'story')).toEqual([keys.story(recent?.storyId ?? '')]);
  });

  test('a story stored by a release that kept no first-seen time counts from its published time', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ retentionMaxAgeMs: 30 * DAY });
    const [earlier] = await s.ingest([from('city', item({ guid: 'e', link: 'https://city.example/e', title: 'Earlier', published: now - 40 * DAY }))], now);
    const [later] = await s.ingest([from('city', item({ guid: 'l', link: 'https://city.example/l', title: 'Later', published: now - 40 * DAY }))], now);
    // The first-seen list holds only the later one (as if stored after the upgrade).
    await redis.lpop(keys.storiesFirstSeen);
    expect(await s.prune(now)).toBe(1);
    expect((await s.latest('world', 10)).map((story) => story.id)).toEqual([later?.storyId]);
    // Migrated once: nothing is left in the old zset, and the next prune has nothing to union.
    expect(await redis.zcard(keys.legacyStoriesByFirstSeen)).toBe(0);
    expect(await s.prune(now)).toBe(0);
    expect(await redis.llen(keys.storiesFirstSeen)).toBe(1);
  });

  test('stories in the first-seen sorted set of the previous release age out from it; the set empties', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ retentionMaxAgeMs: 30 * DAY });
    const [before] = await s.ingest([from('city', item({ guid: 'b', link: 'https://city.example/b', title: 'Before the upgrade' }))], now);
    const [after] = await s.ingest([from('city', item({ guid: 'a', link: 'https://city.example/a', title: 'After the upgrade' }))], now + 10 * DAY);
    // As the previous release kept it: a sorted set by first-seen time, no list entry.
    await redis.lpop(keys.storiesFirstSeen);
    await redis.zadd(keys.legacyStoriesByFirstSeen, now, before?.storyId ?? '');
    expect(await s.prune(now + 20 * DAY)).toBe(0);
    expect(await s.prune(now + 31 * DAY)).toBe(1);
    expect(await redis.zcard(keys.legacyStoriesByFirstSeen)).toBe(0);
    expect((await s.latest('all', 10)).map((story) => story.id)).toEqual([after?.storyId]);
    expect(await s.prune(now + 41 * DAY)).toBe(1);
    expect(await redis.exists(keys.storiesFirstSeen)).toBe(0);
  });

  test('a story removed by count and stored again later counts its age from its second first sighting', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ retentionMaxAgeMs: 30 * DAY, maxPerCategory: 1, dedupeWindowMs: 300 });
    const older = item({ guid: 'o', link: 'https://city.example/o', title: 'Older story', summary, published: now - 2 * HOUR });
    const [first] = await s.ingest([from('city', older), from('city', item({ guid: 'n', link: 'https://city.example/n', title: 'Newer', published: now - HOUR }))], now);
    expect(await s.prune(now)).toBe(1);
    await sleep(700);
    // Past the dedupe window the tombstone is gone: the story comes back (to another category) as new.
    const [again] = await s.ingest([from('city', older, ['sport'])], now + 10 * DAY);
    expect(again).toMatchObject({ status: 'new', storyId: first?.storyId });
    // Its first entry (from now) names a story first seen at now + 10 days: only "Newer" is old.
    expect(await s.prune(now + 31 * DAY)).toBe(1);
    expect((await s.latest('all', 10)).map((story) => story.title)).toEqual(['Older story']);
    // Entries of removed stories do not linger at the list's head.
    expect(await redis.llen(keys.storiesFirstSeen)).toBe(1);
  });

  test('keeps the newest maxPerCategory stories of each category', async () => {
    const now = Date.now();
    const { store: s } = store({ maxPerCategory: 3 });
    const story = (n: number, category: string) =>
      from('city', item({ guid: `${category}-${n}`, link: `https://city.example/${category}/${n}`, title: `${category} ${n}`, published: now - n * HOUR }), [category]);
    await s.ingest([1, 2, 3, 4, 5].map((n) => story(n, 'world')), now);
    await s.ingest([1, 2].map((n) => story(n, 'sport')), now);

    expect(await s.prune(now)).toBe(2);

    expect(await s.countByCategory(['world', 'sport', 'all'])).toEqual({ world: 3, sport: 2, all: 5 });
    expect((await s.latest('world', 10)).map((st) => st.title)).toEqual(['world 1', 'world 2', 'world 3']);
    expect((await s.latest('all', 10)).map((st) => st.title).sort()).toEqual(['sport 1', 'sport 2', 'world 1', 'world 2', 'world 3']);
    expect(await s.findByLink('https://city.example/world/5')).toBeUndefined();
  });

  test('a copy of a story retention removed, by link or by text, is not stored again as new', async () => {
    const now = Date.now();
    const { store: s } = store({ maxPerCategory: 1 });
    const original = item({ guid: 'w-1', link: 'https://wire.example/library', title: 'Library to close for two years', summary, published: now - 2 * HOUR });
    const [created] = await s.ingest([from('wire', original), from('wire', item({ guid: 'w-2', link: 'https://wire.example/b', title: 'B', published: now - HOUR }))], now);
    expect(await s.prune(now)).toBe(1);

    const outcomes = await s.ingest(
      [
        // The same item again, as its source still lists it.
        from('wire', original),
        // Syndicated: the same page with tracking parameters, and a rewrite under the outlet's own link.
        from('herald', item({ guid: 'h-1', link: 'https://wire.example/library?utm_source=herald', title: 'Central library closes' })),
        from('gazette', item({ guid: 'g-1', link: 'https://gazette.example/library', title: 'Library To Close For Two Years', summary: `CITY (Wire) - ${summary}` })),
      ],
      now,
    );
    expect(outcomes.map((o) => [o.status, o.duplicateKind, o.storyId])).toEqual([
      ['unchanged', 'guid', created?.storyId],
      ['unchanged', 'link', created?.storyId],
      ['unchanged', 'near', created?.storyId],
    ]);
    expect(outcomes.flatMap((o) => o.changedCategories)).toEqual([]);
    expect((await s.latest('all', 10)).map((st) => st.title)).toEqual(['B']);
  });

  test('a story with a long signature removed by count is not counted again when the first-seen walk reaches its tombstone', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ maxPerCategory: 1 });
    const names = Array.from({ length: 300 }, (_, i) => `Name${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))} ${i * 7 + 1913}`).join(' met ');
    const [long] = await s.ingest([from('city', item({ guid: 'long', link: 'https://city.example/long', title: 'A long report', summary: names, published: now - 2 * HOUR }))], now);
    await s.ingest([from('city', item({ guid: 'b', link: 'https://city.example/b', title: 'B', published: now - HOUR }))], now);
    expect((await redis.getBuffer(keys.story(long!.storyId)))![0]).toBe(255);
    expect(await s.prune(now)).toBe(1);
    // Past maxAge: only B is left to remove; the long story's entry leads to its tombstone.
    expect(await s.prune(now + 31 * DAY)).toBe(1);
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
    expect(await s.prune(now + 31 * DAY)).toBe(1000);
    expect(await s.prune(now + 31 * DAY)).toBe(10);
    expect(await s.countByCategory(['all', 'world'])).toEqual({ all: 0, world: 0 });
  });

  test('a near-duplicate index entry keeps the newest few stories; one crowded out is no longer a candidate', async () => {
    const { store: s, keys } = store();
    const notice = (sourceId: string, n: number) =>
      from(sourceId, item({ guid: `t-${n}`, link: `https://${sourceId}.example/notice/${n}`, title: 'Library to close', summary }));
    await s.ingest([notice('city', 1)], Date.now());
    // Boilerplate shared by many later stories crowds the entries of this text.
    const buckets = await keysOf(redis, keys, 'near');
    const pipeline = redis.pipeline();
    for (const bucket of buckets) {
      for (const field of await redis.hkeysBuffer(bucket)) pipeline.hset(bucket, field, Buffer.alloc(6 * 10, 0xab));
    }
    await pipeline.exec();
    const [copy] = await s.ingest([notice('herald', 2)], Date.now());
    expect(copy?.status).toBe('new');
    for (const bucket of buckets) {
      for (const value of Object.values(await redis.hgetallBuffer(bucket))) expect(value.length).toBeLessThanOrEqual(60);
    }
  });

  test('a full index entry of live stories keeps its newest four and adds the new story last', async () => {
    const { store: s, keys } = store();
    const notice = (sourceId: string, n: number) =>
      from(sourceId, item({ guid: `t-${n}`, link: `https://${sourceId}.example/notice/${n}`, title: 'Library to close', summary }));
    await s.ingest([notice('city', 1)], Date.now());
    // Five other stories, live (this generation's stamp), fill every entry of this text.
    const buckets = await keysOf(redis, keys, 'near');
    const fields: [string, Buffer][] = [];
    for (const bucket of buckets) for (const field of await redis.hkeysBuffer(bucket)) fields.push([bucket, field]);
    const [bucket0, field0] = fields[0] as [string, Buffer];
    const stamp = ((await redis.hgetBuffer(bucket0, field0)) as Buffer).subarray(10, 12);
    const others = Array.from({ length: 5 }, (_, n) => Buffer.concat([Buffer.alloc(10, 0xa0 + n), stamp]));
    for (const [bucket, field] of fields) await redis.hset(bucket, field, Buffer.concat(others));
    const [copy] = await s.ingest([notice('herald', 2)], Date.now());
    expect(copy?.status).toBe('new');
    const id = Buffer.from(copy?.storyId as string, 'hex');
    for (const [bucket, field] of fields) {
      expect(await redis.hgetBuffer(bucket, field)).toEqual(Buffer.concat([...others.slice(1), id, stamp]));
    }
  });

  test('first-seen entries of stories removed by count do not pile up behind a story that stays', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ maxPerCategory: 1 });
    // The oldest entry is a story that stays (alone in its category, first seen now): the list's
    // head never reaches the others, the compaction does.
    await s.ingest([from('desk', item({ guid: 'k', link: 'https://desk.example/k', title: 'Stays' }), ['local'])], now);
    for (let start = 0; start < 1500; start += 500) {
      const batch = Array.from({ length: 500 }, (_, n) => from('city', item({ guid: `c${start + n}`, link: `https://city.example/${start + n}`, published: now - (2000 - start - n) * 1000 })));
      await s.ingest(batch, now);
    }
    expect(await redis.llen(keys.storiesFirstSeen)).toBe(1501);
    expect(await s.prune(now)).toBe(1000);
    expect(await s.prune(now)).toBe(499);
    expect(await redis.llen(keys.storiesFirstSeen)).toBe(2);
    expect((await s.latest('all', 10)).map((story) => story.title).sort()).toEqual(['Stays', 'Story c1499']);
  });

  test('with churn, what the store holds stays bounded: removed stories leave nothing behind after the window', async () => {
    const window = 400;
    const { store: s, keys } = store({ maxPerCategory: 5, dedupeWindowMs: window });
    const held: number[] = [];
    for (let cycle = 0; cycle < 8; cycle++) {
      const now = Date.now();
      const batch = Array.from({ length: 10 }, (_, n) =>
        from(`src-${n % 3}`, item({ guid: `c${cycle}-${n}`, link: `https://city.example/${cycle}/${n}`, title: `Cycle ${cycle} story ${n} on the library`, summary: `${n} ${cycle} ${summary}`, published: now })),
      );
      await s.ingest(batch, now);
      await pruneRound(s, keys, now);
      await sleep(window / 2);
      held.push((await entriesOf(redis, keys, 'claim')) + (await entriesOf(redis, keys, 'near')) + (await keysOf(redis, keys, 'story')).length);
    }
    expect(await s.countByCategory(['all'])).toEqual({ all: 5 });
    // A cycle lasts at least half a window and entries live at most a window and a half: what the
    // last four cycles wrote, at most (8 cycles' worth of items went through).
    expect(Math.max(...held)).toBeLessThanOrEqual(4 * 10 * (2 + INDEX_HASHES) + 5);
    // Once the window has passed, only the kept stories remain: no claim, entry or tombstone.
    await sleep(2 * window);
    await pruneRound(s, keys, Date.now());
    expect(await keysOf(redis, keys, 'claim')).toEqual([]);
    expect(await keysOf(redis, keys, 'near')).toEqual([]);
    expect(await keysOf(redis, keys, 'story')).toHaveLength(5);
  });
});

describe('stories an older release stored', () => {
  test('a story stored as a hash is skipped by readers, replaced by a copy, and removed by retention', async () => {
    const now = Date.now();
    const { store: s, keys } = store({ maxPerCategory: 1 });
    const [created] = await s.ingest([from('city', item({ guid: 'c-1', link: 'https://city.example/library', title: 'Library to close', summary }))], now);
    const id = created?.storyId ?? '';
    await redis.del(keys.story(id));
    await redis.hset(keys.story(id), 'id', JSON.stringify(id), 'title', JSON.stringify('Library to close'));
    expect(await s.get(id)).toBeUndefined();
    expect(await s.latest('world', 5)).toEqual([]);

    const [copy] = await s.ingest([from('herald', item({ guid: 'h-1', link: 'https://city.example/library?utm_source=herald', title: 'Library to close' }))], now);
    expect(copy).toMatchObject({ status: 'new', storyId: id });
    expect((await s.get(id))?.sources.map((source) => source.id)).toEqual(['herald']);

    const old = item({ guid: 'old', link: 'https://city.example/old', title: 'Old', published: now - 2 * HOUR });
    const [oldOutcome] = await s.ingest([from('city', old)], now);
    await redis.del(keys.story(oldOutcome?.storyId ?? ''));
    await redis.hset(keys.story(oldOutcome?.storyId ?? ''), 'id', '"old"');
    expect(await s.prune(now)).toBe(1);
    expect(await redis.exists(keys.story(oldOutcome?.storyId ?? ''))).toBe(0);
    expect(await s.countByCategory(['world'])).toEqual({ world: 1 });
  });
});
