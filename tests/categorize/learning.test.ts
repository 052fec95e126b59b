// Online learning: certain stories teach the classifier, through Redis, so every worker
// (every Categorizer instance) benefits; uncertain ones teach nothing.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { defineLearnedCountCommands, LearnedCountsCache, recordLearned } from '../../src/categorize/learned-counts.js';
import { connectTestRedis, testRedisUrl } from '../support/redis.js';
import { configFrom, headline, prefixes } from './support.js';
import type { CategorizeInput } from '../../src/categorize/index.js';

const redis = connectTestRedis();
const otherConnection = connectTestRedis();
const testPrefixes = prefixes('learn');
const freshKeys = () => testPrefixes.fresh();
afterAll(async () => {
  await testPrefixes.cleanUp(redis);
  redis.disconnect();
  otherConnection.disconnect();
});

// "Quidditch" is in no starter vocabulary; the rest of the headline leans nowhere.
const probe = headline('Quidditch fever grips the town');
const lessons = [
  'Quidditch final goes to extra time',
  'Quidditch captain ruled out of the cup',
  'Quidditch league expands to twelve teams',
  'Quidditch referee suspended after row',
  'Quidditch season opens on Saturday',
].map((title) => headline(title, { sourceCategory: 'sports', sourceId: 'broomstick-weekly' }));

test('training on a few fixed-source stories makes a new word sway the decision, for another instance too', async () => {
  const keys = freshKeys();
  const config = configFrom();
  const worker1 = new Categorizer(redis, keys, config);
  const worker2 = new Categorizer(otherConnection, keys, config);

  const [before] = await worker2.classify([probe]);
  expect(before![0]!.id).not.toBe('sports');

  const learned = await worker1.learnFrom(lessons, await worker1.classify(lessons));
  expect(learned).toBe(5);

  const [after] = await worker2.classify([probe]);
  expect(after![0]).toMatchObject({ id: 'sports', layer: 'bayes' });
  expect(after![0]!.reason).toMatch(/words: quidditch/);
});

test('counts live in the per-category hashes and the totals hash', async () => {
  const keys = freshKeys();
  const worker = new Categorizer(redis, keys, configFrom());
  await worker.learnFrom(lessons, await worker.classify(lessons));
  expect(await redis.hget(keys.bayesTokens('sports'), 'quidditch')).toBe('5');
  expect(await redis.hget(keys.bayesTotals, 'docs:sports')).toBe('5');
  expect(Number(await redis.hget(keys.bayesTotals, 'tokens:sports'))).toBeGreaterThan(10);
});

test('classifier and fallback results are never learned; strong tags and rules are', async () => {
  const keys = freshKeys();
  const config = configFrom({
    categories: `
  - { id: sports, title: Sports, keywords: [{ term: quidditch, weight: 1 }, { term: snitch, weight: 2 }] }
  - { id: technology, title: Technology }`,
  });
  const worker = new Categorizer(redis, keys, config);
  const inputs = [
    headline('Striker scores twice in cup final'), // classifier
    headline('Zorblat fizzles'), // fallback
    headline('Quidditch is back'), // weak rule (score 1)
    headline('Golden snitch caught at last'), // strong rule (score 2)
    headline('Anything at all', { tags: ['Gadgets'] }), // tag alias
  ];
  const results = await worker.classify(inputs);
  expect(results.map((r) => r[0]!.layer)).toEqual(['bayes', 'fallback', 'rules', 'rules', 'tags']);
  expect(await worker.learnFrom(inputs, results)).toBe(2);
  expect(await redis.hget(keys.bayesTotals, 'docs:sports')).toBe('1');
  expect(await redis.hget(keys.bayesTotals, 'docs:technology')).toBe('1');
});

test('with learn: false nothing is written', async () => {
  const keys = freshKeys();
  const worker = new Categorizer(redis, keys, configFrom({ categorize: '  learn: false' }));
  expect(await worker.learnFrom(lessons, await worker.classify(lessons))).toBe(0);
  expect(await redis.exists(keys.bayesTotals)).toBe(0);
});

test('a word seen in a single learned story is not yet evidence', async () => {
  const keys = freshKeys();
  const worker = new Categorizer(redis, keys, configFrom());
  const once = lessons.slice(0, 1);
  expect(await worker.learnFrom(once, await worker.classify(once))).toBe(1);
  const [result] = await worker.classify([probe]);
  expect(result![0]!.id).not.toBe('sports');
});

test('a custom category learns its own words without swallowing stories of the starter categories', async () => {
  const keys = freshKeys();
  const config = configFrom({
    categories: `
  - { id: sports, title: Sports }
  - { id: business, title: Business }
  - { id: technology, title: Technology }
  - { id: crypto, title: Crypto }`,
  });
  const worker = new Categorizer(redis, keys, config);
  const crypto = [
    'Dogecoin whales move tokens to cold wallets',
    'Solana validators patch consensus bug',
    'Dogecoin rally fades as whales sell',
    'Solana memecoin frenzy cools',
    'Stablecoin issuer adds Solana support for Dogecoin bridge',
  ].map((title) => headline(title, { sourceCategory: 'crypto' }));
  await worker.learnFrom(crypto, await worker.classify(crypto));

  const results = await worker.classify([
    headline('Dogecoin and Solana slide overnight'),
    // Leaning words only: an unlearned word must not count for more in a small category.
    headline('Fans cheer as club and captain clinch the title'),
    headline('Company shares and prices under pressure'),
  ]);
  expect(results.map((r) => r[0]!.id)).toEqual(['crypto', 'sports', 'business']);
});

test('counts of a batch of thousands of features, some with commas and colons, read back exactly as learned', async () => {
  const keys = freshKeys();
  const features = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? `w${i},x:${i}` : `w${i}`));
  defineLearnedCountCommands(redis);
  defineLearnedCountCommands(otherConnection);
  await recordLearned(
    redis,
    keys,
    [
      { categoryId: 'sports', sourceId: 'wire', features },
      { categoryId: 'sports', sourceId: 'wire', features: features.filter((_, i) => i % 2 === 0) },
      { categoryId: 'science', sourceId: 'wire', features: features.slice(0, 10) },
    ],
    { perSource: 200, maxWords: 20_000 },
  );
  const asked = ['unknown', ...features];
  const counts = await new LearnedCountsCache(otherConnection, keys, ['sports', 'science', 'world']).read();
  expect(asked.map((f) => counts.count('sports', f))).toEqual([0, ...features.map((_, i) => (i % 2 === 0 ? 2 : 1))]);
  expect(asked.map((f) => counts.count('science', f))).toEqual([0, ...features.map((_, i) => (i < 10 ? 1 : 0))]);
  expect(counts.count('world', 'w1')).toBe(0);
  expect([counts.total('sports'), counts.total('science'), counts.total('world')]).toEqual([2500 + 1250, 10, 0]);
  expect(counts.distinct).toBe(2500 + 10);
});

test('a reader\'s copy of the counts follows what another connection learns, category by category', async () => {
  const keys = freshKeys();
  defineLearnedCountCommands(redis);
  defineLearnedCountCommands(otherConnection);
  const teach = (categoryId: string, features: string[], perSource = 200) =>
    recordLearned(redis, keys, [{ categoryId, sourceId: 'wire', features }], { perSource, maxWords: 20_000 });
  await teach('sports', ['alpha', 'beta']);
  await teach('sports', ['alpha', 'beta']);
  await teach('science', ['gamma']);
  const reader = new LearnedCountsCache(otherConnection, keys, ['sports', 'science']);
  const before = await reader.read();
  expect([before.count('sports', 'alpha'), before.count('sports', 'beta'), before.count('science', 'gamma'), before.knows('delta')]).toEqual([2, 2, 1, false]);
  expect([before.total('sports'), before.total('science'), before.distinct]).toEqual([4, 1, 3]);

  await teach('sports', ['alpha', 'delta']);
  const after = await reader.read();
  expect([after.count('sports', 'alpha'), after.count('sports', 'delta'), after.count('science', 'gamma')]).toEqual([3, 1, 1]);
  expect([after.total('sports'), after.distinct]).toEqual([6, 4]);

  // Past its cap the source halves what sports learned: "beta" (1 after halving) and "delta" (0, gone).
  await teach('sports', ['alpha'], 3);
  // Two batches reading at once (concurrent ingest jobs) must not halve the copy twice.
  const [halved] = await Promise.all([reader.read(), reader.read()]);
  expect([halved.count('sports', 'alpha'), halved.count('sports', 'beta'), halved.knows('delta'), halved.count('science', 'gamma')]).toEqual([2, 1, false, 1]);
  expect(halved.distinct).toBe(3);

  // Past maxWords the rarest go: of the words at 1, the first in byte order ("ZETA", "beta").
  await teach('sports', ['epsilon', 'zeta', 'zeta'.toUpperCase()], 200);
  await recordLearned(redis, keys, [{ categoryId: 'sports', sourceId: 'other', features: ['zeta', 'alpha'] }], { perSource: 200, maxWords: 4 });
  const pruned = await reader.read();
  expect(['alpha', 'beta', 'epsilon', 'zeta', 'ZETA'].map((f) => pruned.count('sports', f))).toEqual([3, 0, 1, 2, 0]);
  expect([pruned.knows('beta'), pruned.distinct]).toEqual([false, 4]);

  // A reader further behind than the change lists reach reads the category again whole.
  for (let i = 0; i < 20; i++) await teach('science', [`word${i}`]);
  const behind = await reader.read();
  expect([behind.count('science', 'gamma'), behind.count('science', 'word0'), behind.count('science', 'word19'), behind.count('sports', 'zeta')]).toEqual([1, 1, 1, 2]);
  expect(behind.distinct).toBe(3 + 21);
});

test('a Categorizer in another process learning makes this one classify with the new counts', async () => {
  const keys = freshKeys();
  const worker = new Categorizer(redis, keys, configFrom());
  const [before] = await worker.classify([probe]);
  expect(before![0]!.id).not.toBe('sports');

  const learned = await learnInAnotherProcess(keys.prefix, lessons);
  expect(learned).toBe(5);

  const [after] = await worker.classify([probe]);
  expect(after![0]).toMatchObject({ id: 'sports', layer: 'bayes' });
});

/** Has a Categorizer in a child process (learn-in-child.ts) learn from the stories; how many it learned from. */
async function learnInAnotherProcess(prefix: string, stories: CategorizeInput[]): Promise<number> {
  const child = fileURLToPath(new URL('./learn-in-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, testRedisUrl(), prefix, JSON.stringify(configFrom()), JSON.stringify(stories)]);
  return Number(stdout);
}
