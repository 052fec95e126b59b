// The classifier answers only with configured categories, and maxCategories adds runners-up.
import { expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('only');

const politicalHeadlines = [
  'Senate passes budget bill after marathon vote',
  'Prime minister faces confidence vote',
  'Governor vetoes redistricting plan',
  'Election campaign enters final week',
];

test('the classifier never returns a category that is not configured, even with learned counts for it', async () => {
  const keys = freshKeys();
  // Counts learned under an older config that still had "politics".
  const before = new Categorizer(redis, keys, configFrom());
  const lessons = politicalHeadlines.map((title) => headline(title, { sourceCategory: 'politics' }));
  await before.learnFrom(lessons, await before.classify(lessons));

  const narrow = configFrom({ categories: '  - { id: sports, title: Sports }\n  - { id: technology, title: Technology }' });
  const results = await new Categorizer(redis, keys, narrow).classify(politicalHeadlines.map((t) => headline(t)));
  for (const result of results) {
    for (const assignment of result) expect(['sports', 'technology', 'general']).toContain(assignment.id);
  }
});

test('a configured category with a starter id classifies without any keywords; others need rules or learning', async () => {
  const config = configFrom({ categories: '  - { id: health, title: Health }\n  - { id: gardening, title: Gardening }' });
  const results = await new Categorizer(redis, freshKeys(), config).classify([
    headline('Hospital waiting lists grow as flu cases rise'),
    headline('Hosepipe ban: how to water tomatoes'),
  ]);
  expect(results[0]![0]).toMatchObject({ id: 'health', layer: 'bayes' });
  expect(results[1]![0]!.id).not.toBe('gardening');
});

const twoCategoryRules = `
  - { id: politics, title: Politics, keywords: [{ term: senate, weight: 4 }] }
  - { id: sports, title: Sports, keywords: [{ term: stadium, weight: 3 }] }
  - { id: business, title: Business, keywords: [{ term: bond, weight: 1 }] }`;

test('maxCategories > 1 adds runners-up scoring at least threshold x the best, best first', async () => {
  const config = configFrom({ categorize: '  maxCategories: 3\n  threshold: 0.5', categories: twoCategoryRules });
  const [result] = await new Categorizer(redis, freshKeys(), config).classify([headline('Senate approves stadium bond')]);
  expect(result!.map((a) => [a.id, a.score, a.layer])).toEqual([
    ['politics', 4, 'rules'],
    ['sports', 3, 'rules'],
  ]);
});

test('maxCategories 1 keeps only the best, and a looser threshold admits more', async () => {
  const one = configFrom({ categorize: '  maxCategories: 1\n  threshold: 0', categories: twoCategoryRules });
  const [single] = await new Categorizer(redis, freshKeys(), one).classify([headline('Senate approves stadium bond')]);
  expect(single!.map((a) => a.id)).toEqual(['politics']);

  const loose = configFrom({ categorize: '  maxCategories: 3\n  threshold: 0.2', categories: twoCategoryRules });
  const [three] = await new Categorizer(redis, freshKeys(), loose).classify([headline('Senate approves stadium bond')]);
  expect(three!.map((a) => a.id)).toEqual(['politics', 'sports', 'business']);
});

test('tags pointing at two categories give both when maxCategories allows', async () => {
  const config = configFrom({ categorize: '  maxCategories: 2\n  threshold: 0.5' });
  const [result] = await new Categorizer(redis, freshKeys(), config).classify([
    headline('Club owner buys rival', { tags: ['Football', 'Soccer', 'Business'] }),
  ]);
  expect(result!.map((a) => [a.id, a.layer])).toEqual([
    ['sports', 'tags'],
    ['business', 'tags'],
  ]);
  expect(result![0]!.reason).toBe('tag "Football" is an alias of sports; tag "Soccer" is an alias of sports');
});
