// Learning is safe: a fixed source teaches its category, but bounded, so that what one source
// keeps saying cannot pull other sources' stories into its category; and the learned counts
// in Redis stay bounded however long feedmill runs.
import { afterAll, expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { connectTestRedis } from '../support/redis.js';
import { configFrom, headline, prefixes } from './support.js';

const redis = connectTestRedis();
const otherConnection = connectTestRedis();
const testPrefixes = prefixes('learn-bounds');
afterAll(async () => {
  await testPrefixes.cleanUp(redis);
  redis.disconnect();
  otherConnection.disconnect();
});

const fromSource = (sourceId: string, titles: string[]) => titles.map((title) => headline(title, { sourceCategory: 'sports', sourceId }));
const numbered = (n: number, title: (i: number) => string) => Array.from({ length: n }, (_, i) => title(i));

test('a source counts for at most learnPerSource stories in a category: teaching past it halves what the category learned', async () => {
  const keys = testPrefixes.fresh();
  const worker = new Categorizer(redis, keys, configFrom({ categorize: '  learnPerSource: 4' }));
  const prolific = fromSource('match-wire', numbered(4, (i) => `Quidditch round ${i} report`));
  expect(await worker.learnFrom(prolific, await worker.classify(prolific))).toBe(4);
  const other = fromSource('broom-weekly', numbered(2, (i) => `Quidditch preview ${i}`));
  expect(await worker.learnFrom(other, await worker.classify(other))).toBe(2);
  expect(await redis.hget(keys.bayesTokens('sports'), 'quidditch')).toBe('6');
  // The wire's fifth story: everything sports learned weighs half, then the story counts once.
  const fifth = fromSource('match-wire', ['Quidditch round 5 report']);
  expect(await worker.learnFrom(fifth, await worker.classify(fifth))).toBe(1);
  expect(await redis.hgetall(keys.bayesSources)).toEqual({ 'sports\tmatch-wire': '3', 'sports\tbroom-weekly': '1' });
  expect(await redis.hget(keys.bayesTokens('sports'), 'quidditch')).toBe('4');
  expect(await redis.hget(keys.bayesTotals, 'docs:sports')).toBe('4');
});

test('learning keeps following what a source says now, and its counts never pass the cap', async () => {
  const keys = testPrefixes.fresh();
  const worker = new Categorizer(redis, keys, configFrom({ categorize: '  learnPerSource: 20' }));
  const teach = async (titles: string[]) => {
    const stories = fromSource('match-wire', titles);
    for (let i = 0; i < stories.length; i += 10) {
      const batch = stories.slice(i, i + 10);
      await worker.learnFrom(batch, await worker.classify(batch));
    }
  };
  const count = async (word: string) => Number((await redis.hget(keys.bayesTokens('sports'), word)) ?? 0);
  await teach(numbered(20, (i) => `Quidditch round ${i}`));
  expect(await count('quidditch')).toBe(20);
  // The wire's beat changes: the old word fades by halves, the new one takes its place.
  await teach(numbered(60, (i) => `Broomball round ${i}`));
  expect(await count('quidditch')).toBeLessThanOrEqual(3);
  expect(await count('broomball')).toBeGreaterThanOrEqual(15);
  expect(await count('broomball')).toBeLessThanOrEqual(20);
  expect(Number(await redis.hget(keys.bayesSources, 'sports\tmatch-wire'))).toBeLessThanOrEqual(20);
  expect(Number(await redis.hget(keys.bayesTotals, 'docs:sports'))).toBeLessThanOrEqual(20);
  const words = await redis.hgetall(keys.bayesTokens('sports'));
  const sum = Object.values(words).reduce((total, n) => total + Number(n), 0);
  expect(Number(await redis.hget(keys.bayesTotals, 'tokens:sports'))).toBe(sum);
});

test('two workers learning at once never overrun the cap, and lose no update', async () => {
  const keys = testPrefixes.fresh();
  const config = configFrom({ categorize: '  learnPerSource: 5' });
  const [one, two] = [new Categorizer(redis, keys, config), new Categorizer(otherConnection, keys, config)];
  const stories = fromSource('match-wire', numbered(8, (i) => `Quidditch round ${i} report`));
  const results = await one.classify(stories);
  await Promise.all([one.learnFrom(stories, results), two.learnFrom(stories, results)]);
  expect(Number(await redis.hget(keys.bayesSources, 'sports\tmatch-wire'))).toBeLessThanOrEqual(5);
  expect(Number(await redis.hget(keys.bayesTotals, 'docs:sports'))).toBeLessThanOrEqual(5);
  const quidditch = Number(await redis.hget(keys.bayesTokens('sports'), 'quidditch'));
  expect(quidditch).toBe(Number(await redis.hget(keys.bayesTotals, 'docs:sports')));
});

test("what one sports source keeps repeating cannot pull another source's business story into sports", async () => {
  const keys = testPrefixes.fresh();
  const worker = new Categorizer(redis, keys, configFrom());
  // A club's own feed: every story carries its sponsor's line about quarterly earnings.
  const clubFeed = fromSource(
    'club-news',
    numbered(400, (i) => `Match ${i}: United win again. Sponsored by Acme, whose quarterly earnings and profit beat forecasts`),
  );
  for (let i = 0; i < clubFeed.length; i += 100) {
    const batch = clubFeed.slice(i, i + 100);
    await worker.learnFrom(batch, await worker.classify(batch));
  }
  expect(Number(await redis.hget(keys.bayesTokens('sports'), 'earn'))).toBe(200);
  const [story] = await worker.classify([headline('Quarterly earnings and profit beat forecasts', { sourceId: 'money-desk' })]);
  expect(story![0]!.id).toBe('business');
});

test('learned words per category stay at most maxLearnedWords: the rarest go, the common stay, totals follow', async () => {
  const keys = testPrefixes.fresh();
  const worker = new Categorizer(redis, keys, configFrom({ categorize: '  maxLearnedWords: 100' }));
  // Every story says "quidditch" and two words no other story has.
  const stories = numbered(150, (i) => `Quidditch zq${i}a zq${i}b`).map((title, i) =>
    headline(title, { sourceCategory: 'sports', sourceId: `source-${i % 3}` }),
  );
  for (let i = 0; i < stories.length; i += 50) {
    const batch = stories.slice(i, i + 50);
    await worker.learnFrom(batch, await worker.classify(batch));
  }
  const counts = await redis.hgetall(keys.bayesTokens('sports'));
  expect(Object.keys(counts).length).toBeLessThanOrEqual(100);
  expect(counts.quidditch).toBe('150');
  const sum = Object.values(counts).reduce((total, n) => total + Number(n), 0);
  expect(Number(await redis.hget(keys.bayesTotals, 'tokens:sports'))).toBe(sum);
});
