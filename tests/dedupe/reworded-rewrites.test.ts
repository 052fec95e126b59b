// A rewrite that rewords every sentence shares almost no 3-word phrase with the wire's copy, but it
// keeps the story's figures, times and days; a follow-up repeats some of them and tells its own.
import { expect, test } from 'vitest';
import { AGREE_SIMILARITY, isNearDuplicate, similarity, textSignature } from '../../src/dedupe/near-duplicate.js';
import { followUp, reworded, wire } from './reworded-rewrite-story.js';

const THRESHOLD = 0.23;

function signature(story: { title: string; body: string }) {
  const sig = textSignature(story.title, story.body);
  if (!sig) throw new Error('text too short for a signature');
  return sig;
}

test('a rewrite that rewords every sentence is a copy when it tells many of the same facts and few apart, a follow-up is not', () => {
  const [w, r, f] = [signature(wire), signature(reworded), signature(followUp)];
  // Under even the look below the threshold that facts agreeing on a few allow.
  expect(similarity(w.shingles, r.shingles)).toBeLessThan(AGREE_SIMILARITY * THRESHOLD);
  expect(isNearDuplicate(w, r, THRESHOLD)).toBe(true);
  expect(isNearDuplicate(w, f, THRESHOLD)).toBe(false);
  expect(isNearDuplicate(r, f, THRESHOLD)).toBe(false);
});
