// A story is compared in every version its copies brought (src/store/lua/ingest-items.ts): an
// outlet's rewrite that merges into the wire's story is kept as an alias whose index entries name
// it, so that a deck resembling the rewrite but not the wire joins the story. The versions are
// one story of the rewrite sets' tuning part 8 (a data breach): the deck is no copy of the wire
// by the rule, but is one of the rewrite, and the wire's follow-up (senators' demands) resembles
// the deck alone, so it must stay apart, which it does because a deck is never an alias itself.
import { beforeAll, expect, test } from 'vitest';
import { DEDUPE_SETS, type LabeledPair, decidePair, loadPairs } from '../../scripts/eval/dedupe.js';
import { DAY, defaultOptions, from, HOUR, item, keysOf, useTestStores } from './items.js';

const { redis, store } = useTestStores();
const NOW = Date.UTC(2026, 5, 2, 9);

let wire: LabeledPair['a'];
let rewrite: LabeledPair['a'];
let deck: LabeledPair['a'];
let followUp: LabeledPair['a'];

beforeAll(async () => {
  const pairs = new Map((await loadPairs(DEDUPE_SETS.tuning8)).map((pair) => [pair.id, pair]));
  const pair = (id: string) => pairs.get(id) as LabeledPair;
  [wire, rewrite] = [pair('t8-g05-dup-1').a, pair('t8-g05-dup-1').b];
  deck = pair('t8-g05-dup-3').b;
  followUp = pair('t8-g05-neg-1').b;
  // What the test rests on, as the rule decides each pair alone.
  const decides = (a: LabeledPair['a'], b: LabeledPair['a']) =>
    decidePair({ id: '', duplicate: true, note: '', a, b }, defaultOptions.nearThreshold);
  expect([decides(wire, rewrite), decides(rewrite, deck), decides(wire, deck)]).toEqual([true, true, false]);
  expect([decides(deck, followUp), decides(rewrite, followUp), decides(wire, followUp)]).toEqual([true, false, false]);
});

const version = (source: string, text: LabeledPair['a']) =>
  from(source, item({ guid: `${source}-1`, link: `https://${source}.example/breach`, title: text.title, summary: text.summary, content: text.content }));

test('wire, then rewrite, then a deck that resembles only the rewrite: one story; the follow-up stays apart', async () => {
  const { store: s } = store();
  const [first] = await s.ingest([version('wire', wire)], NOW);
  const [second] = await s.ingest([version('paper', rewrite)], NOW + HOUR);
  const [third] = await s.ingest([version('digest', deck)], NOW + 2 * HOUR);
  expect([second?.storyId, third?.storyId]).toEqual([first?.storyId, first?.storyId]);
  expect(third?.duplicateKind).toBe('near');
  const [later] = await s.ingest([version('senate', followUp)], NOW + 3 * HOUR);
  expect(later?.status).toBe('new');
  const stories = await s.latest('all', 10);
  expect(stories.map((story) => story.sources.map((source) => source.id))).toEqual([['senate'], ['wire', 'paper', 'digest']]);
  // The story shows the wire's text, the fullest.
  expect(stories[1]?.title).toBe(wire.title);
});

test('without the rewrite, the deck is a story of its own (the case aliases are for)', async () => {
  const { store: s } = store();
  const [first] = await s.ingest([version('wire', wire)], NOW);
  const [deckOutcome] = await s.ingest([version('digest', deck)], NOW + HOUR);
  expect(deckOutcome?.status).toBe('new');
  expect(deckOutcome?.storyId).not.toBe(first?.storyId);
});

test('an alias costs one key only for a story a copy merged into, lives as long as the index entries, and goes when its story is pruned', async () => {
  const { store: s, keys } = store();
  const [first] = await s.ingest([version('wire', wire)], NOW);
  expect(await keysOf(redis, keys, 'story')).toEqual([keys.story(first?.storyId ?? '')]);
  await s.ingest([version('paper', rewrite)], NOW + HOUR);
  const storyKeys = await keysOf(redis, keys, 'story');
  expect(storyKeys).toHaveLength(2);
  const alias = storyKeys.find((key) => key !== keys.story(first?.storyId ?? '')) as string;
  // As long as the index entries naming it: the generation written in and the two after it.
  const ttl = await redis.pttl(alias);
  expect(ttl).toBeGreaterThan(defaultOptions.dedupeWindowMs);
  expect(ttl).toBeLessThanOrEqual(1.5 * defaultOptions.dedupeWindowMs);
  // Not a story to readers.
  expect(await s.get(alias.slice(keys.story('').length))).toBeUndefined();
  expect(await s.latest('all', 10)).toHaveLength(1);
  // Retention removes the story: a tombstone stays for the window, the alias goes.
  expect(await s.prune(NOW + defaultOptions.retentionMaxAgeMs + DAY)).toBe(1);
  expect(await keysOf(redis, keys, 'story')).toEqual([keys.story(first?.storyId ?? '')]);
});
