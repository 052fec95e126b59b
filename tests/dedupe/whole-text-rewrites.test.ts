// An outlet's rewrite of a long wire story: its own intro, the lede paraphrased, paragraphs moved
// and cut, house style for numbers and spelling. Its sentences are mostly the wire's, wherever they
// ended up, so the whole texts are compared. A follow-up on the same event repeats the background
// paragraphs and a quote, yet stays apart: each of the two carries facts the other lacks.
import { describe, expect, test } from 'vitest';
import { isNearDuplicate, respelled, textSignature } from '../../src/dedupe/near-duplicate.js';
import { followUp, rewrite, summary, wire } from './long-wire-story.js';

const THRESHOLD = 0.23;

function signature(story: { title: string; body: string }) {
  const sig = textSignature(story.title, story.body);
  if (!sig) throw new Error('text too short for a signature');
  return sig;
}

describe("a long wire story and an outlet's rewrite of it", () => {
  test('is a copy', () => {
    expect(isNearDuplicate(signature(wire), signature(rewrite), THRESHOLD)).toBe(true);
  });

  test("a summary-only feed's copy carrying the wire's lede is a copy of both", () => {
    expect(isNearDuplicate(signature(wire), signature(summary), THRESHOLD)).toBe(true);
  });

  test('a follow-up that repeats the background and the quote but reports new facts is not', () => {
    expect(isNearDuplicate(signature(wire), signature(followUp), THRESHOLD)).toBe(false);
    expect(isNearDuplicate(signature(rewrite), signature(followUp), THRESHOLD)).toBe(false);
  });
});

describe('house style', () => {
  test('per cent, %, $2.4m, 2.4 million dollars and U.S. read alike', () => {
    expect(respelled('up 15 per cent')).toBe(respelled('up 15%'));
    expect(respelled('$2.4m deal')).toBe(respelled('$2.4 million deal'));
    expect(respelled('a 2.4 million dollars deal')).toBe(respelled('a 2.4mn deal'));
    expect(respelled('U.S. officials')).toBe(respelled('US officials'));
    expect(respelled('Mr. Veloso said')).toBe(respelled('Veloso said'));
  });

  test('a number spelled out at the start of a sentence reads as its figure', () => {
    expect(respelled('Three hundred and twelve passengers were evacuated')).toBe(respelled('312 passengers were evacuated'));
    expect(respelled('Forty-one people were hurt')).toBe(respelled('41 people were hurt'));
    expect(respelled('Two hundred houses and twenty-five thousand fans')).toBe(respelled('200 houses and 25,000 fans'));
    // "And" that joins no number is left as it was.
    expect(respelled('four hundred and some more')).toBe('400 and some more');
    expect(respelled('hundreds of people')).toBe('hundreds of people');
  });

  test('hundreds in words take tens and units after "and", and leave a number of its own after it alone', () => {
    expect(respelled('nine hundred and ninety nine homes')).toBe(respelled('999 homes'));
    expect(respelled('Nine hundred and ninety-nine homes')).toBe(respelled('999 homes'));
    expect(respelled('six hundred and twenty one-way tickets')).toBe(respelled('620 one-way tickets'));
    // "12,000" and "2.5" are numbers of their own, not the units of three hundred.
    expect(respelled('three hundred and 12,000 fans')).toBe(respelled('300 and 12,000 fans'));
    expect(respelled('two hundred and 2.5 tonnes')).toBe(respelled('200 and 2.5 tonnes'));
    expect(respelled('three hundred and 12.')).toBe(respelled('312.'));
  });
});
