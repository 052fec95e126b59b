// The ingest script decides copies with its own Lua copy of isCopy() (src/store/lua/similarity.ts),
// which stops comparing a candidate as soon as its remaining shingles cannot pass. Here the Lua
// and the TypeScript rule see the same signature pairs, built so that every shared-shingle count
// from none to all is tried for each pair of sizes (so every threshold is met exactly, one short
// and one over), with full sketches whose compared ranges differ, summaries in size ratios around
// SUMMARY_RATIO, facts around NEW_FACTS and MANY_FACTS (some of them weekdays), and the repeated values an older writer left: the two
// must agree on every pair, and on the similarity score of every copy.
import { afterAll, expect, test } from 'vitest';
import {
  agreeOnFigures,
  encodeSignature,
  isCopy,
  isSummaryOf,
  MAX_FACTS,
  MAX_QUOTES,
  MAX_SHINGLES,
  MAX_TEXT_WORDS,
  MAX_WORDS,
  similarity,
  type StoredSignature,
  tellOtherDays,
  WEEKDAY_FACTS,
} from '../../src/dedupe/near-duplicate.js';
import { similarityLua } from '../../src/store/lua/similarity.js';
import { defaultOptions } from './items.js';
import { connectTestRedis } from '../support/redis.js';

const redis = connectTestRedis();
afterAll(() => redis.disconnect());

const THRESHOLD = defaultOptions.nearThreshold;

/** Each pair's score from the Lua similarity() as text (0 for no copy); reads no key. */
const compareLua = `
local threshold = tonumber(ARGV[1])
${similarityLua}
local out = {}
for i = 2, #ARGV, 2 do
  out[#out + 1] = string.format('%.17g', similarity(itemOf(split(ARGV[i])), candidateOf(split(ARGV[i + 1]))))
end
return out
`;

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct sorted 16-bit values below `ceiling`, none of `avoid`. */
function values(next: () => number, count: number, ceiling: number, avoid = new Set<number>()): number[] {
  const picked = new Set<number>();
  while (picked.size < count) {
    const value = Math.floor(next() * ceiling);
    if (!avoid.has(value)) picked.add(value);
  }
  return [...picked].sort((x, y) => x - y);
}

const sorted = (list: number[]) => Uint16Array.from([...new Set(list)].sort((x, y) => x - y));

/** Another text's sample: `kept` of `from`'s values and `extra` of its own. */
function overlapping(next: () => number, from: number[], kept: number, extra: number, ceiling: number): number[] {
  const shuffled = [...from].sort(() => next() - 0.5).slice(0, kept);
  return [...shuffled, ...values(next, extra, ceiling, new Set(from))];
}

/** Pairs of one configuration: the same words and facts, every shared shingle count. */
function pairsOf(next: () => number, sizeA: number, sizeB: number): [StoredSignature, StoredSignature][] {
  // A full sketch (MAX_SHINGLES values) tops out somewhere below 65536: two of them compare below the lower top.
  const ceilingA = sizeA >= MAX_SHINGLES ? 8000 + Math.floor(next() * 50000) : 65536;
  const ceilingB = sizeB >= MAX_SHINGLES ? 8000 + Math.floor(next() * 50000) : 65536;
  const wordsB = values(next, Math.floor(next() * (MAX_WORDS + 1)), 65536);
  const wordsA = overlapping(next, wordsB, Math.floor(next() * Math.min(wordsB.length, 20)), Math.floor(next() * 12), 65536);
  // Some texts tell a weekday, which a summary may tell where its text tells none (droppedDays).
  const factsB = withWeekday(next, values(next, Math.floor(next() * (MAX_FACTS + 1)), 65536), 1 / 4);
  // A third of the texts tell none of their own facts (a summary or a cut of the other text).
  const factsA = withWeekday(
    next,
    overlapping(next, factsB, Math.floor(next() * (factsB.length + 1)), next() < 1 / 3 ? 0 : Math.floor(next() * 6), 65536),
    1 / 3,
  );
  const textWordsB = values(next, Math.floor(next() * (MAX_TEXT_WORDS + 1)), 65536);
  const textWordsA = sorted(overlapping(next, textWordsB, Math.floor(next() * (textWordsB.length + 1)), Math.floor(next() * 20), 65536)).subarray(0, MAX_TEXT_WORDS);
  // Quote shingles for half the texts: none, a few, or a full sample, the other text sharing some or all.
  const quotesB = next() < 0.5 ? [] : values(next, Math.floor(next() * (MAX_QUOTES + 1)), 65536);
  const quotesA = sorted(overlapping(next, quotesB, Math.floor(next() * (quotesB.length + 1)), next() < 0.5 ? 0 : Math.floor(next() * 8), 65536)).subarray(0, MAX_QUOTES);
  const shinglesA = values(next, sizeA, Math.min(ceilingA, ceilingB));
  const isRepeated = next() < 0.1;
  const pairs: [StoredSignature, StoredSignature][] = [];
  for (let shared = 0; shared <= Math.min(sizeA, sizeB); shared++) {
    const shinglesB = overlapping(next, shinglesA, shared, sizeB - shared, ceilingB).sort((x, y) => x - y);
    const a = { shingles: Uint16Array.from(shinglesA), words: sorted(wordsA), ...withFigures(sorted(factsA), textWordsA), quotes: quotesA };
    // An older writer's set with every value twice (compared by the merge walk), and no figures.
    const b = {
      shingles: Uint16Array.from(isRepeated ? shinglesB.flatMap((v) => [v, v]) : shinglesB),
      words: sorted(wordsB),
      ...(isRepeated ? { facts: sorted(factsB) } : { ...withFigures(sorted(factsB), textWordsB), quotes: sorted(quotesB) }),
    };
    // The item (the first) is always this release's: an older writer's set is only ever a candidate's.
    pairs.push(isRepeated || next() < 0.5 ? [a, b] : [b, a]);
  }
  return pairs;
}

/**
 * Facts with their figures (a value is a figure in every text or in none, as the number it hashes
 * is: here two values of three) and text words, as this release writes them.
 */
function withFigures(facts: Uint16Array, textWords: ArrayLike<number>): Pick<StoredSignature, 'facts' | 'figures' | 'textWords'> {
  let figures = 0;
  facts.forEach((fact, i) => {
    if (fact % 3 !== 0 && i < MAX_FACTS) figures |= 1 << i;
  });
  return { facts, figures, textWords: sorted([...Array.from(textWords)]) };
}

/** The facts with a weekday's value added, at the given odds. */
function withWeekday(next: () => number, facts: number[], odds: number): number[] {
  const weekdays = [...WEEKDAY_FACTS];
  return next() < odds ? [...facts, weekdays[Math.floor(next() * weekdays.length)] as number] : facts;
}

const SIZES = [8, 12, 15, 16, 17, 24, 40, 43, 44, 45, 60, 100, 109, 110];

/** The pairs on which the Lua rule and isCopy() disagree, or on the score of a copy. */
async function disagreementsOf(pairs: [StoredSignature, StoredSignature][]): Promise<string[]> {
  const disagreements: string[] = [];
  for (let start = 0; start < pairs.length; start += 500) {
    const batch = pairs.slice(start, start + 500);
    const scores = (await redis.eval(
      compareLua,
      0,
      THRESHOLD,
      ...batch.flatMap(([a, b]) => [encodeSignature(a), encodeSignature(b)]),
    )) as string[];
    batch.forEach(([a, b], i) => {
      const score = Number(scores[i]);
      const expected = isCopy(a, b, THRESHOLD);
      const jaccard = similarity(a.shingles, b.shingles);
      if (score > 0 !== expected || (expected && score !== Math.max(jaccard, 1e-9) && score !== jaccard)) {
        disagreements.push(`#${start + i}: sizes ${a.shingles.length}/${b.shingles.length}, Lua ${score}, isCopy ${expected}, similarity ${jaccard}`);
      }
    });
  }
  return disagreements;
}

test('the Lua rule decides every pair as isCopy() does, and scores every copy as similarity() does', async () => {
  const next = random(20261130);
  const pairs = SIZES.flatMap((sizeA) => SIZES.flatMap((sizeB) => [...pairsOf(next, sizeA, sizeB), ...pairsOf(next, sizeA, sizeB)]));
  expect((await disagreementsOf(pairs)).slice(0, 5)).toEqual([]);
  // Not a vacuous agreement: the pairs hold copies and non-copies of every kind the rule tells apart.
  const kinds = { copies: 0, apart: 0, summaries: 0, newFacts: 0, manyFacts: 0, figures: 0, quotes: 0 };
  for (const [a, b] of pairs) {
    const expected = isCopy(a, b, THRESHOLD);
    const jaccard = similarity(a.shingles, b.shingles);
    if (expected) kinds.copies++;
    else kinds.apart++;
    if (expected && jaccard < THRESHOLD && (isSummaryOf(a, b) || isSummaryOf(b, a))) kinds.summaries++;
    if (!expected && jaccard >= THRESHOLD) kinds.newFacts++;
    // No shingle shared and no summary: only the facts, many of them agreeing, make these copies.
    if (expected && jaccard === 0 && !isSummaryOf(a, b) && !isSummaryOf(b, a)) kinds.manyFacts++;
    if (agreeOnFigures(a, b)) kinds.figures++;
    // A copy by its shared quote alone: without the quotes, not one.
    if (expected && !isCopy({ ...a, quotes: undefined }, b, THRESHOLD)) kinds.quotes++;
  }
  expect(kinds.copies).toBeGreaterThan(1000);
  expect(kinds.apart).toBeGreaterThan(1000);
  expect(kinds.summaries).toBeGreaterThan(10);
  expect(kinds.newFacts).toBeGreaterThan(10);
  expect(kinds.manyFacts).toBeGreaterThan(10);
  expect(kinds.figures).toBeGreaterThan(10);
  expect(kinds.quotes).toBeGreaterThan(10);
}, 60_000);

test('the Lua rule decides summaries as isSummaryOf() does: every count of shared content words, with and without facts the text lacks', async () => {
  const next = random(20261201);
  const pairs: [StoredSignature, StoredSignature][] = [];
  for (const size of [8, 16, 40]) {
    for (const counted of [12, 16, 20]) {
      for (let sharedWords = 0; sharedWords <= counted; sharedWords++) {
        for (const [sharedFacts, ownFacts] of [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [3, 1], [1, 2], [2, 2], [2, 3]] as const) {
          const fullWords = values(next, MAX_WORDS, 65536);
          // The summary's words all below the top of the text's sample, so that each one counts.
          const words = overlapping(next, fullWords, sharedWords, counted - sharedWords, fullWords[MAX_WORDS - 1] as number);
          const fullFacts = values(next, 8, 65536);
          const facts = overlapping(next, fullFacts, sharedFacts, ownFacts, 65536);
          const summary = { shingles: Uint16Array.from(values(next, size, 65536)), words: sorted(words), facts: sorted(facts) };
          const full = { shingles: Uint16Array.from(values(next, MAX_SHINGLES, 65536)), words: sorted(fullWords), facts: sorted(fullFacts) };
          pairs.push(next() < 0.5 ? [summary, full] : [full, summary]);
        }
      }
    }
  }
  expect((await disagreementsOf(pairs)).slice(0, 5)).toEqual([]);
  const summaries = pairs.filter(([a, b]) => isSummaryOf(a, b) || isSummaryOf(b, a)).length;
  expect(summaries).toBeGreaterThan(100);
  expect(pairs.length - summaries).toBeGreaterThan(100);
}, 60_000);

test('the Lua rule decides figures as agreeOnFigures() does: every count of figures shared and apart, around the text word similarity asked', async () => {
  const next = random(20261202);
  const pairs: [StoredSignature, StoredSignature][] = [];
  // [figures shared, only a's, only b's, facts that are no figure each holds alone (besides a's one)]
  const counts = [[3, 0, 0, 0], [2, 0, 4, 0], [3, 4, 0, 0], [5, 1, 1, 0], [6, 1, 1, 0], [6, 1, 2, 0], [6, 2, 2, 0], [9, 2, 2, 0], [3, 5, 0, 0], [4, 5, 0, 0], [6, 0, 8, 0], [6, 1, 0, 3], [6, 1, 0, 2], [9, 1, 1, 3]] as const;
  for (const [sharedFigures, onlyA, onlyB, ownFacts] of counts) {
    for (let sharedWords = 0; sharedWords <= 20; sharedWords++) {
      // Figures are the values not divisible by 3 (withFigures); a weekday or a small number among them is no figure.
      const small = () => 3 * Math.floor(next() * 21000);
      const figuresB = [...values(next, sharedFigures + onlyB, 65536).map((v) => v - (v % 3) + 1), ...Array.from({ length: ownFacts }, small)];
      const factsA = [...figuresB.slice(0, sharedFigures), ...values(next, onlyA, 65536).map((v) => v - (v % 3) + 2), small(), ...Array.from({ length: ownFacts }, small)];
      const textWordsB = values(next, 20, 65536);
      const textWordsA = overlapping(next, textWordsB, sharedWords, 20 - sharedWords, 65536);
      const shingles = () => Uint16Array.from(values(next, 60, 65536));
      const a = { shingles: shingles(), words: sorted(values(next, 20, 65536)), ...withFigures(sorted(factsA), textWordsA) };
      const b = { shingles: shingles(), words: sorted(values(next, 20, 65536)), ...withFigures(sorted(figuresB), textWordsB) };
      pairs.push(next() < 0.5 ? [a, b] : [b, a]);
    }
  }
  expect((await disagreementsOf(pairs)).slice(0, 5)).toEqual([]);
  const agreeing = pairs.filter(([a, b]) => agreeOnFigures(a, b)).length;
  expect(agreeing).toBeGreaterThan(20);
  expect(pairs.length - agreeing).toBeGreaterThan(20);
}, 60_000);

test('the Lua rule tells two days\' stories apart as isCopy() does: a weekday each, shared or not, inside or above the range both samples hold', async () => {
  const next = random(20261203);
  const weekdays = [...WEEKDAY_FACTS];
  const pairs: [StoredSignature, StoredSignature][] = [];
  // [weekdays only a tells, only b tells, both tell], each text with few facts (all compared) or a full sample.
  const configurations = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [2, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 1]] as const;
  for (const [onlyA, onlyB, both] of configurations) {
    for (const full of [false, true]) {
      for (let shared = 0; shared <= 44; shared += 4) {
        const days = [...weekdays].sort(() => next() - 0.5);
        const daysBoth = days.slice(0, both);
        const daysA = days.slice(both, both + onlyA);
        const daysB = days.slice(both + onlyA, both + onlyA + onlyB);
        // Figures (values not divisible by 3) both tell, so that without the days most pairs are copies by their figures.
        const figures = values(next, full ? 12 : 4, 65536, new Set(weekdays)).map((v) => v - (v % 3) + 1);
        const factsA = sorted([...figures, ...daysBoth, ...daysA]).subarray(0, MAX_FACTS);
        const factsB = sorted([...figures, ...daysBoth, ...daysB, ...(full ? values(next, 6, 65536, new Set(weekdays)) : [])]).subarray(0, MAX_FACTS);
        const textWords = values(next, 20, 65536);
        const shinglesA = values(next, 44, 65536);
        const shinglesB = overlapping(next, shinglesA, shared, 44 - shared, 65536).sort((x, y) => x - y);
        const a = { shingles: Uint16Array.from(shinglesA), words: sorted(values(next, 20, 65536)), ...withFigures(factsA, textWords) };
        const b = { shingles: Uint16Array.from(shinglesB), words: sorted(values(next, 20, 65536)), ...withFigures(factsB, textWords) };
        pairs.push(next() < 0.5 ? [a, b] : [b, a]);
      }
    }
  }
  expect((await disagreementsOf(pairs)).slice(0, 5)).toEqual([]);
  const apartByDays = pairs.filter(([a, b]) => tellOtherDays(a.facts, b.facts) && !isCopy(a, b, THRESHOLD)).length;
  const copies = pairs.filter(([a, b]) => isCopy(a, b, THRESHOLD)).length;
  expect(apartByDays).toBeGreaterThan(20);
  expect(copies).toBeGreaterThan(20);
}, 60_000);
