// Forms of a headline that say its section when its words do not: the writer's own first person
// (columns and personal essays) and a reader's letter to a columnist, both the lifestyle pages'.
import { expect, test } from 'vitest';
import { Categorizer } from '../../src/categorize/index.js';
import { firstPerson } from '../../src/categorize/tokenize.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('forms');
const top = async (...titles: string[]) =>
  (await new Categorizer(redis, freshKeys(), configFrom()).classify(titles.map((title) => headline(title)))).map((c) => c[0]!);

test('a headline in the first person with no known word is filed under lifestyle, and the reason names the form', async () => {
  const [essay, plain] = await top('The autumn I stopped apologising', 'The autumn stopped apologising');
  expect(essay).toMatchObject({ id: 'lifestyle', layer: 'bayes' });
  expect(essay!.reason).toContain('first person "I"');
  // Without the form only the meaning of its words files it (meaning.test.ts); without them, nothing does.
  expect(plain!.reason).not.toContain('first person');
  const [alone] = await new Categorizer(redis, freshKeys(), configFrom({ categorize: '  wordVectors: false' })).classify([headline('The autumn stopped apologising')]);
  expect(alone![0]!.layer).toBe('fallback');
});

test("a reader's letter to a columnist is filed under lifestyle though its words are money", async () => {
  const [letter] = await top('Dear Ann: my brother owes me £2,000 from a loan');
  expect(letter!.id).toBe('lifestyle');
  expect(letter!.reason).toContain('advice column "Dear Ann:"');
});

test('a quoted or attributed first person, "we", and an all-capitals headline are no first person', () => {
  expect(firstPerson('Turning 60 taught me to stop worrying')).toEqual(['@first-person', 'first person "me"']);
  expect(firstPerson("'I was wrong about the economy', says former minister")).toBeUndefined();
  expect(firstPerson("Minister: 'I will not resign' over expenses row")).toBeUndefined();
  expect(firstPerson('Coach tells fans my team will bounce back')).toBeUndefined();
  expect(firstPerson('Why we dream, according to fruit flies')).toBeUndefined();
  expect(firstPerson('STORM TO HIT ME AND NH')).toBeUndefined();
});

test('a service headline with no known word is filed under lifestyle, not under no section; a section\'s own words outweigh the form', async () => {
  const [tips, gadget] = await top('Six ways to make a narrow hallway feel wider', 'How to reset a laptop that will not start');
  expect(tips!.id).toBe('lifestyle');
  expect(tips!.reason).toContain('service form "Six ways"');
  expect(gadget!.id).toBe('technology');
});
