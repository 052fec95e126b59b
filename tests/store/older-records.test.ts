// Records the previous release wrote, whose sources, categories and text were JSON objects (this
// release writes arrays): they read as they did, take copies and edits, and age out.
import type { Redis } from 'ioredis';
import { describe, expect, test } from 'vitest';
import { DAY, from, HOUR, item, useTestStores } from './items.js';

const { redis, store } = useTestStores();

const NOW = Date.UTC(2026, 10, 24, 12);

const summary =
  'The city council voted on Wednesday to close the old central library for two years of repairs, after engineers found cracks in the roof beams. The 60,000 books will move to a temporary branch near the station.';

type SourceEntry = [number, string, string | null, string | null, string | null, string];

/** Rewrites a record as the previous release wrote it: each source, category and the text an object. */
async function rewriteAsPreviousRelease(key: string): Promise<void> {
  const record = (await redis.getBuffer(key)) as Buffer;
  const start = record[0] === 255 ? 3 + record.readUInt16BE(1) : 1 + (record[0] as number);
  const [state, sources, categories, published, text] = record.subarray(start).toString('utf8').split('\n') as string[];
  const oldSources = (JSON.parse(sources as string) as SourceEntry[]).map(([firstSeen, id, title, link, guid, itemKey]) => ({
    id,
    title: title ?? id,
    link: link ?? undefined,
    guid: guid ?? link,
    firstSeen,
    item: itemKey,
  }));
  const oldCategories = (JSON.parse(categories as string) as [string, number, string, string][]).map(([id, score, layer, reason]) => ({ id, score, layer, reason }));
  const [title, summaryText, content] = JSON.parse(text as string) as (string | null)[];
  const oldText = { title, summary: summaryText ?? undefined, content: content ?? undefined };
  const sections = [state, JSON.stringify(oldSources), JSON.stringify(oldCategories), published, JSON.stringify(oldText)].join('\n');
  await redis.set(key, Buffer.concat([record.subarray(0, start), Buffer.from(sections)]));
}

async function recordOf(r: Redis, key: string): Promise<string> {
  return ((await r.getBuffer(key)) as Buffer).toString('latin1');
}

describe('stories the previous release stored', () => {
  test('read as they did, take another source, tell apart items under one link, move on an edit, and age out', async () => {
    const { store: s, keys } = store();
    const [library] = await s.ingest([from('city', item({ guid: 'c-1', link: 'https://city.example/library', title: 'Library to close', summary, published: NOW - HOUR }))], NOW);
    const [bridge] = await s.ingest([from('city', item({ guid: 'c-2', link: 'https://city.example/bridge', title: 'Bridge reopens', published: NOW - HOUR }), ['local'])], NOW);
    const libraryId = library?.storyId ?? '';
    const bridgeId = bridge?.storyId ?? '';
    const asWritten = await Promise.all([s.get(libraryId), s.get(bridgeId)]);
    await rewriteAsPreviousRelease(keys.story(libraryId));
    await rewriteAsPreviousRelease(keys.story(bridgeId));
    expect(await recordOf(redis, keys.story(libraryId))).toContain('"firstSeen":');
    expect(await Promise.all([s.get(libraryId), s.get(bridgeId)])).toEqual(asWritten);

    // Another source's copy is listed after the old entry; the same source's other item under that link is its own story.
    const [copy] = await s.ingest([from('herald', item({ guid: 'h-1', link: 'https://city.example/library?utm_source=herald', title: 'Library to close' }))], NOW + HOUR);
    expect(copy).toMatchObject({ status: 'duplicate', storyId: libraryId, changedCategories: ['world'] });
    const [other] = await s.ingest([from('city', item({ guid: 'c-3', link: 'https://city.example/library', title: 'Library: how to return your books' }))], NOW + HOUR);
    expect(other?.status).toBe('new');
    const merged = await s.get(libraryId);
    expect(merged?.sources.map(({ id, firstSeen }) => [id, firstSeen])).toEqual([
      ['city', NOW],
      ['herald', NOW + HOUR],
    ]);
    expect(merged?.firstSeen).toBe(NOW);

    // An edit filed elsewhere leaves its old category.
    const [edited] = await s.ingest([from('city', item({ guid: 'c-2', link: 'https://city.example/bridge', title: 'Bridge reopens on Monday', published: NOW - HOUR }), ['transport'])], NOW + HOUR);
    expect(edited).toMatchObject({ status: 'updated', changedCategories: ['local', 'transport'] });
    expect(await s.countByCategory(['local', 'transport'])).toEqual({ local: 0, transport: 1 });

    // Retention counts from each story's first sighting, read from the old entries too.
    expect(await s.prune(NOW + 30 * DAY + 30 * 60_000)).toBe(2);
    expect((await s.latest('all', 10)).map((story) => story.title)).toEqual(['Library: how to return your books']);
    expect(await s.countByCategory(['world', 'transport'])).toEqual({ world: 1, transport: 0 });
  });
});
