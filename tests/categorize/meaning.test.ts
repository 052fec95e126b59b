// The meaning vote of word vectors (src/categorize/meaning.ts): headlines the starter vocabulary
// knows nothing of are filed by what their words mean, close calls tip its way, `explain` shows it,
// and categorize.wordVectors: false gives the classifier alone.
import { expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { shippedCategoryVectors } from '../../src/categorize/meaning.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('meaning');
const NINE = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];
const classify = async (titles: string[], categorize?: string) =>
  (await new Categorizer(redis, freshKeys(), configFrom({ categorize })).classify(titles.map((title) => headline(title)))).map((c) => c[0]!);

// Not one word of these is in the starter vocabulary.
const unknownWords = {
  'Teammate praises midfield': 'sports',
  'Acclaimed trilogy gets theatrical release': 'entertainment',
  'Respiratory complications after surgical slip': 'health',
  'Radioactive traces found underwater': 'science',
  'Subcommittee weighs taxation repeal': 'politics',
  'Portable interface enables automated commands': 'technology',
  "Grandmother's elegant fabric heirlooms": 'lifestyle',
};

test('the shipped model loads and votes for the nine starter categories', () => {
  const model = shippedCategoryVectors();
  expect([...model.categories].sort()).toEqual([...NINE].sort());
  expect(model.blend).toBeGreaterThan(0);
});

test('headlines with no word the starter vocabulary lists are filed by what their words mean, not under the fallback', async () => {
  const titles = Object.keys(unknownWords);
  const results = await classify(titles);
  expect(results.map((r) => r.id)).toEqual(Object.values(unknownWords));
  for (const result of results) {
    expect(result.layer).toBe('bayes');
    expect(result.reason).toBe(`meaning: ${result.id} ${result.score.toFixed(2)} (no word the starter vocabulary lists)`);
  }
});

test('categorize.wordVectors: false gives the classifier alone: no vote in any reason, unknown words fall back', async () => {
  const off = await classify([...Object.keys(unknownWords), 'Liquidity worries weigh on lenders'], '  wordVectors: false');
  expect(off.slice(0, -1).map((r) => r.layer)).toEqual(Object.keys(unknownWords).map(() => 'fallback'));
  expect(off.at(-1)).toMatchObject({ id: 'business', layer: 'bayes' });
  expect(off.map((r) => r.reason).join('\n')).not.toContain('meaning');
});

test('explain shows the vote beside the words that decided, and a close call tips its way', async () => {
  const [known, close] = await classify(['Liquidity worries weigh on lenders', 'Derivatives desk posts pretax slump']);
  expect(known!.id).toBe('business');
  expect(known!.reason).toMatch(/^classifier: \d\.\d\d \(words: lenders\); meaning: business \d\.\d\d$/);
  // "posts" alone leans to technology; what "derivatives" and "pretax" mean says business.
  const [alone] = await classify(['Derivatives desk posts pretax slump'], '  wordVectors: false');
  expect(alone!.id).toBe('technology');
  expect(close!.id).toBe('business');
  expect(close!.reason).toMatch(/meaning: business/);
  // No word of it is listed strong for the classifier's best: its score is a near-guess, the vote's cap opens, and explain says so.
  expect(close!.reason).toContain('no word settles it');
});

test('the vote never outvotes a word the starter vocabulary lists, nor a section an angle chose', async () => {
  const [quoted, angle] = await classify(['Macron: my advice to Trump on Ukraine', 'Parliament debates welfare bill']);
  // The vectors read "advice" as the lifestyle pages'; "Ukraine" and "Macron" settle world.
  expect(quoted!.id).toBe('world');
  expect(angle!.id).toBe('politics');
  expect(angle!.reason).toContain('angle: lawmakers on public money');
  expect(angle!.reason).not.toContain('meaning');
});

test('a configured category the model does not know gets no vote and keeps what it learned', async () => {
  const config = configFrom({
    categories: `
  - { id: business, title: Business }
  - { id: markets, title: Markets }`,
  });
  const keys = freshKeys();
  const worker = new Categorizer(redis, keys, config);
  const lessons = ['Bund yields tick up', 'Gilt yields steady', 'Treasury yields ease', 'Bund auction draws bids', 'Yields curve flattens'].map((title) =>
    headline(title, { sourceCategory: 'markets', sourceId: 'rates-desk' }),
  );
  await worker.learnFrom(lessons, await worker.classify(lessons));
  const [result] = await worker.classify([headline('Bund yields edge higher')]);
  // What the vectors say of "yields" is business; the vote still cannot take the story from markets.
  expect(result![0]!.id).toBe('markets');
  // With only categories it does not know, there is nothing to vote on: unknown words fall back.
  const gardening = configFrom({ categories: '  - { id: gardening, title: Gardening }' });
  const [custom] = await new Categorizer(redis, freshKeys(), gardening).classify([headline('Teammate praises midfield')]);
  expect(custom![0]!.layer).toBe('fallback');
});

test('a story the vote reads as a section that is not configured falls back instead of landing in the one starter section configured', async () => {
  const config = configFrom({
    categories: `
  - { id: sports, title: Sports }
  - { id: cooking, title: Cooking }`,
  });
  const titles = ['Braised lamb shanks with rosemary and garlic', 'Quarterly dividend raised', 'Knitting circle celebrates 40 years'];
  const results = await new Categorizer(redis, freshKeys(), config).classify(titles.map((title) => headline(title)));
  expect(results.map((r) => r[0]!.layer)).toEqual(['fallback', 'fallback', 'fallback']);
  // What it does know still goes where it means.
  const [sport] = await new Categorizer(redis, freshKeys(), config).classify([headline('Teammate praises midfield')]);
  expect(sport![0]).toMatchObject({ id: 'sports', layer: 'bayes' });
});
