// Copies that keep a story's facts but few of its phrases: an outlet's rewrite with its own intro
// and a paraphrased lede, one that rewords every sentence, and a summary-only feed's deck in its
// own words. They tell the wire's numbers and day and none of their own, where a follow-up, and
// its deck, tell new ones.
import { expect, test } from 'vitest';
import { AGREE_SIMILARITY, isCopy, isNearDuplicate, similarity, textSignature } from '../../src/dedupe/near-duplicate.js';
import { deck, followUp, followUpDeck, rewrite, wire } from './paraphrased-lede-story.js';
import * as avalanche from './reworded-rewrite-story.js';

const THRESHOLD = 0.23;

function signature(story: { title: string; body: string }) {
  const sig = textSignature(story.title, story.body);
  if (!sig) throw new Error('text too short for a signature');
  return sig;
}

test('a rewrite sharing too few phrases for the threshold is a copy when it tells the same facts, a follow-up as similar is not', () => {
  const [w, r, f] = [signature(wire), signature(rewrite), signature(followUp)];
  expect(similarity(w.shingles, r.shingles)).toBeLessThan(THRESHOLD);
  expect(isNearDuplicate(w, r, THRESHOLD)).toBe(true);
  expect(similarity(w.shingles, f.shingles)).toBeGreaterThan(similarity(w.shingles, r.shingles) * 0.9);
  expect(isNearDuplicate(w, f, THRESHOLD)).toBe(false);
});

test('texts that each tell three facts the other lacks are one story when they share at least as many as they hold apart', () => {
  const range = (from: number, to: number) => Uint16Array.from({ length: to - from }, (_, i) => from + i);
  // 20 of 180 shingles shared: under the threshold, over the look below it when the facts agree.
  const [a, b] = [range(0, 100), range(80, 180)];
  const none = new Uint16Array(0);
  const text = (shingles: Uint16Array, facts: Uint16Array) => ({ shingles, words: none, facts });
  expect(isCopy(text(a, range(1, 10)), text(b, range(4, 13)), THRESHOLD)).toBe(true);
  expect(isCopy(text(a, range(1, 9)), text(b, range(4, 12)), THRESHOLD)).toBe(false);
});

test("a deck in the feed's own words is a copy of the rewrite when it tells three of its facts and none it lacks", () => {
  expect(isNearDuplicate(signature(rewrite), signature(deck), THRESHOLD)).toBe(true);
  expect(isNearDuplicate(signature(wire), signature(deck), THRESHOLD)).toBe(true);
  expect(isNearDuplicate(signature(followUp), signature(deck), THRESHOLD)).toBe(false);
});

test("a brief's weekday is no fact against a text that tells no day (the rewrite dropped it), but is against one that tells another day", () => {
  const brief = { title: 'Rhine-Main-Danube canal lock fails', body: 'A lock gate failure on Friday stranded 140 barges on the canal, the waterways agency said.' };
  const withoutDay = { ...wire, body: wire.body.replace(' on Friday', '') };
  const otherDay = { ...wire, body: wire.body.replace(' on Friday', ' on Thursday') };
  expect(isCopy(signature(brief), signature(withoutDay), THRESHOLD)).toBe(true);
  expect(isCopy(signature(brief), signature(otherDay), THRESHOLD)).toBe(false);
});

test("a follow-up's deck, though most of its words are in the wire's lead, tells facts the wire lacks and is not a copy", () => {
  expect(isNearDuplicate(signature(wire), signature(followUpDeck), THRESHOLD)).toBe(false);
  expect(isNearDuplicate(signature(rewrite), signature(followUpDeck), THRESHOLD)).toBe(false);
  expect(isNearDuplicate(signature(followUp), signature(followUpDeck), THRESHOLD)).toBe(true);
});

test('a rewrite that rewords every sentence is a copy when it tells many of the same facts and few apart, a follow-up is not', () => {
  const [w, r, f] = [signature(avalanche.wire), signature(avalanche.reworded), signature(avalanche.followUp)];
  // Under even the look below the threshold that agreeing on a few facts allows.
  expect(similarity(w.shingles, r.shingles)).toBeLessThan(AGREE_SIMILARITY * THRESHOLD);
  expect(isNearDuplicate(w, r, THRESHOLD)).toBe(true);
  expect(isNearDuplicate(w, f, THRESHOLD)).toBe(false);
  expect(isNearDuplicate(r, f, THRESHOLD)).toBe(false);
});
