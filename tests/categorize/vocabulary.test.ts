// The starter vocabulary's words of a desk's own trade: a parliament's stages and a party's
// contests are politics, a golfer's drought is sport, though their words read otherwise alone.
import { expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('vocabulary');
const top = async (...titles: string[]) =>
  (await new Categorizer(redis, freshKeys(), configFrom()).classify(titles.map((title) => headline(title)))).map((categories) => categories[0]!.id);

test("a bill's stages and a party's leadership review are politics; a film review stays with the arts", async () => {
  expect(await top('Assisted dying bill passes second reading', 'Premier survives leadership review with 88 per cent', 'Film review: a sharp comedy of manners')).toEqual([
    'politics',
    'politics',
    'entertainment',
  ]);
});

test("a golfer's major drought is sport; a summer drought is not", async () => {
  const [golf, farms] = await top('McIlroy ends ten-year major drought at Augusta', 'Farmers count the cost of a summer drought');
  expect(golf).toBe('sports');
  expect(farms).not.toBe('sports');
});

test("a central bank's repo or cash rate is business; a batter's RBI stay sport", async () => {
  expect(await top('RBI cuts repo rate by 50 bps to spur growth', 'Judge drives in four RBI as Yankees rout Red Sox')).toEqual(['business', 'sports']);
});
