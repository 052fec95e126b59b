// Several ingest workers receiving copies of one story at the same moment make exactly one
// story: the check-and-claim is one Lua script per item. Each worker has its own connection.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Keys } from '../../src/shared/keys.js';
import { StoryStore } from '../../src/store/story-store.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';
import { defaultOptions, from, item } from './items.js';

const WORKERS = 8;
const clients: Redis[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  for (let i = 0; i < WORKERS; i++) clients.push(connectTestRedis());
  await Promise.all(clients.map((client) => client.ping()));
});
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(clients[0] as Redis, prefix);
  for (const client of clients) client.disconnect();
});

function workers(): StoryStore[] {
  const prefix = uniquePrefix('race');
  prefixes.push(prefix);
  return clients.map((client) => new StoryStore(client, new Keys(prefix), defaultOptions));
}

const summary =
  'The national weather service issued its highest flood warning for the river valley on Sunday after two days of heavy rain, and ordered the evacuation of 4,000 residents from low-lying districts. Schools will stay closed on Monday. Emergency crews were filling sandbags along the embankments overnight.';

test('copies of one story under spellings of one link make one story listing every source', async () => {
  const now = Date.now();
  for (let round = 0; round < 5; round++) {
    const stores = workers();
    const link = `https://wire.example/floods-${round}`;
    const spellings = [link, `${link}/`, `http://${link.slice(8)}`, `${link}?utm_source=s`, `https://www.${link.slice(8)}`, `${link}#top`, `${link}?ref=rss`, `${link}/amp`];
    const outcomes = await Promise.all(
      stores.map((s, i) => s.ingest([from(`source-${i}`, item({ guid: `g-${round}-${i}`, link: spellings[i], title: `Flood warning ${round}`, summary }))], now)),
    );
    const flat = outcomes.flat();
    expect(flat.filter((o) => o.status === 'new')).toHaveLength(1);
    expect(new Set(flat.map((o) => o.storyId)).size).toBe(1);
    const story = await stores[0]?.get(flat[0]?.storyId ?? '');
    expect(story?.sources.map((source) => source.id).sort()).toEqual(stores.map((_, i) => `source-${i}`).sort());
    expect(await stores[0]?.countByCategory(['all'])).toEqual({ all: 1 });
  }
});

test('syndicated copies under different links, ingested at once, make one story', async () => {
  const now = Date.now();
  for (let round = 0; round < 5; round++) {
    const stores = workers();
    const outcomes = await Promise.all(
      stores.map((s, i) =>
        s.ingest(
          [
            from(
              `outlet-${i}`,
              item({
                guid: `o-${i}-${round}`,
                link: `https://outlet-${i}.example/news/${round}`,
                title: i % 2 === 0 ? `River valley flood warning, round ${round}` : `River Valley Flood Warning - Round ${round}`,
                summary: i % 3 === 0 ? `(Wire) ${summary}` : summary,
              }),
            ),
          ],
          now,
        ),
      ),
    );
    const flat = outcomes.flat();
    expect(flat.filter((o) => o.status === 'new')).toHaveLength(1);
    expect(flat.filter((o) => o.status === 'duplicate').every((o) => o.duplicateKind === 'near')).toBe(true);
    expect(new Set(flat.map((o) => o.storyId)).size).toBe(1);
    expect((await stores[0]?.get(flat[0]?.storyId ?? ''))?.sources).toHaveLength(WORKERS);
    expect(await stores[0]?.countByCategory(['all'])).toEqual({ all: 1 });
  }
});
