// Each layer decides on its own evidence and says why; earlier layers win over later ones.
import { describe, expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('layers');
const setUp = (config = configFrom()) => new Categorizer(redis, freshKeys(), config);

const withRules = configFrom({
  categories: `
  - id: politics
    title: Politics
    keywords: [election, senate, { term: "prime minister", weight: 2 }]
  - id: world
    title: World
    keywords: [{ term: brexit, weight: 3 }]
  - id: sports
    title: Sports
    keywords: [{ term: match, weight: 1 }, { term: "world cup", weight: 3 }]
    exclude: [tinder, "match.com"]
  - id: science
    title: Science
  - id: lifestyle
    title: Lifestyle
    aliases: [Home & Garden]`,
});

describe('source layer', () => {
  test('a fixed source decides before tags, rules or words, and names the source', async () => {
    const [result] = await setUp(withRules).classify([
      headline('Senate election result', { tags: ['Football'], sourceCategory: 'science', sourceId: 'halcyon-science' }),
    ]);
    expect(result).toEqual([{ id: 'science', score: 1, layer: 'source', reason: 'source "halcyon-science" is fixed to science' }]);
  });
});

describe('tag layer', () => {
  test('a bundled alias maps a feed tag to a configured category, whatever its case or punctuation', async () => {
    const results = await setUp().classify([
      headline('A quiet afternoon', { tags: ['Premier League'] }),
      headline('A quiet afternoon', { tags: ['premier-league'] }),
      headline('A quiet afternoon', { tags: ['  PREMIER  LEAGUE! '] }),
      headline('A quiet afternoon', { tags: ['Gadgets'] }),
      headline('A quiet afternoon', { tags: ['News > Economy'] }),
    ]);
    expect(results.map((r) => r[0]!.id)).toEqual(['sports', 'sports', 'sports', 'technology', 'business']);
    expect(results[0]![0]).toMatchObject({ layer: 'tags', reason: 'tag "Premier League" is an alias of sports' });
    expect(results[4]![0]!.reason).toBe('tag "News > Economy" is an alias of business');
  });

  test("a category's own aliases, id and title count; bundled aliases of unconfigured categories do not", async () => {
    const results = await setUp(withRules).classify([
      headline('Ten plants for shade', { tags: ['home and garden'] }),
      headline('New phone', { tags: ['Gadgets'] }),
      headline('Results', { tags: ['POLITICS'] }),
    ]);
    expect(results[0]![0]).toMatchObject({ id: 'lifestyle', layer: 'tags' });
    expect(results[1]![0]!.layer).not.toBe('tags');
    expect(results[1]![0]!.id).not.toBe('technology');
    expect(results[2]![0]).toMatchObject({ id: 'politics', layer: 'tags' });
  });

  test('tags win over keyword rules', async () => {
    const [result] = await setUp(withRules).classify([headline('Senate election called', { tags: ['Tennis'] })]);
    expect(result![0]).toMatchObject({ id: 'sports', layer: 'tags' });
  });
});

describe('rule layer', () => {
  test('weighted keywords and phrases decide and are listed with their counts', async () => {
    const [result] = await setUp(withRules).classify([
      headline('Election night: senate race tightens', { summary: '<p>The <b>election</b> is close, the prime\n   minister said.</p>' }),
    ]);
    expect(result).toEqual([{ id: 'politics', score: 5, layer: 'rules', reason: 'keywords: election (x2), senate, prime minister' }]);
  });

  test('the higher weighted sum wins', async () => {
    const [result] = await setUp(withRules).classify([headline('Senate debates hosting the World Cup')]);
    expect(result![0]).toMatchObject({ id: 'sports', score: 3, layer: 'rules' });
  });

  test('terms match whole words only: "Brexit" is not "exit", "matchmaker" is not "match"', async () => {
    const results = await setUp(withRules).classify([
      headline('Brexit talks stall again'),
      headline('Matchmaker app adds video dates'),
      headline('Fire exit blocked at the station'),
    ]);
    expect(results[0]![0]).toMatchObject({ id: 'world', layer: 'rules', reason: 'keywords: brexit' });
    expect(results[1]![0]!.layer).not.toBe('rules');
    expect(results[2]![0]!.layer).not.toBe('rules');
  });

  test('an exclusion vetoes its category and leaves the others', async () => {
    const results = await setUp(withRules).classify([
      headline('Tinder rival promises a better match'),
      headline('Match.com ad runs during the senate hearing'),
      headline('Late goal settles the match'),
    ]);
    expect(results[0]![0]!.layer).not.toBe('rules');
    expect(results[1]![0]).toMatchObject({ id: 'politics', layer: 'rules' });
    expect(results[2]![0]).toMatchObject({ id: 'sports', layer: 'rules' });
  });
});

describe('classifier layer', () => {
  test('classifies bare headlines with the starter vocabulary and names the words that decided', async () => {
    const results = await setUp().classify([
      headline('Striker signs five-year contract after transfer saga'),
      headline('Astronomers spot water vapour on distant exoplanet'),
      headline('Central bank holds interest rates as inflation cools'),
      headline('Oscar-winning director casts newcomer in sequel'),
      headline('Measles outbreak prompts vaccination drive in schools'),
      headline('Ransomware gang leaks data stolen from software maker'),
      headline('Senator launches bid for party nomination'),
      headline('Ceasefire collapses as shelling resumes near Kyiv'),
      headline('Ten easy weeknight recipes for autumn'),
    ]);
    expect(results.map((r) => r[0]!.id)).toEqual([
      'sports',
      'science',
      'business',
      'entertainment',
      'health',
      'technology',
      'politics',
      'world',
      'lifestyle',
    ]);
    const first = results[0]![0]!;
    expect(first.layer).toBe('bayes');
    expect(first.reason).toMatch(/^classifier: 0\.\d\d \(words: .*transfer/);
    expect(first.score).toBeGreaterThan(0.35);
  });

  test('a headline without any known word falls back to the default category', async () => {
    const [result] = await setUp().classify([headline('Zorblat quixotically fizzles')]);
    expect(result).toEqual([
      { id: 'general', score: 0, layer: 'fallback', reason: 'no layer decided: no source category, tag, rule or known word' },
    ]);
  });

  test('a doubtful classification falls back too, and says what the classifier thought', async () => {
    const strict = configFrom({ categorize: '  minConfidence: 0.99' });
    const [result] = await setUp(strict).classify([headline('Council approves new budget for harbour')]);
    expect(result![0]).toMatchObject({ id: 'general', layer: 'fallback' });
    expect(result![0]!.reason).toMatch(/^no layer was confident \(classifier best: \w+ 0\.\d\d < 0\.99\)$/);
  });

  test('every result of a large batch is non-empty', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => headline(i % 3 === 0 ? `Item ${i}` : `Striker ${i} scores twice`));
    const results = await setUp().classify(inputs);
    expect(results).toHaveLength(300);
    expect(results.every((r) => r.length >= 1)).toBe(true);
  });
});

test('a hyphenated starter entry counts as the compound, not its leftover word ("in-laws" is not "law")', async () => {
  const [result] = await setUp().classify([headline('New law takes effect')]);
  expect(result![0]!.id).toBe('politics');
});

test('the words of a listed pair do not count again alone: "net zero goals" is not sport', async () => {
  const [result] = await setUp().classify([headline('Airline falls short of net zero goals')]);
  expect(result![0]!.id).not.toBe('sports');
  expect(result![0]!.reason).not.toMatch(/words: .*\bgoals\b/);
});

test('of two categories the words support equally, the one the headline names first wins, whatever the config order', async () => {
  // The classifier's own tie rule: the meaning vote, which seldom ties, stays out.
  const both = configFrom({ categorize: '  maxCategories: 2\n  threshold: 0.9\n  wordVectors: false' });
  const [horoscope, stars] = await setUp(both).classify([
    headline('Horoscope: what the stars say for your week'),
    headline('Stars reveal their horoscopes'),
  ]);
  expect(horoscope!.map((c) => c.id).slice(0, 2)).toEqual(['lifestyle', 'entertainment']);
  expect(stars!.map((c) => c.id).slice(0, 2)).toEqual(['entertainment', 'lifestyle']);
});

test('the hobbies, home repairs, flowers and clothes a lifestyle desk covers are lifestyle by their one telling word', async () => {
  const results = await setUp().classify(
    [
      'Embroidery classes sell out as young people pick up a needle',
      'Mould on bedroom walls: what landlords must fix',
      'Dahlias and tulips to order now for a bright border next spring',
      'The trouser suit is back for autumn',
    ].map((title) => headline(title)),
  );
  expect(results.map((r) => r[0]!.id)).toEqual(['lifestyle', 'lifestyle', 'lifestyle', 'lifestyle']);
});
