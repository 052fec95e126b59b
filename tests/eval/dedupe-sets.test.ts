// The rewrite sets are only worth their figures if the held-out part stays apart from the tuning
// part and both keep enough copies and hard negatives to measure recall and precision.
import { expect, test } from 'vitest';
import { DEDUPE_SETS, evaluateDedupe, formatDedupeReport, loadPairs } from '../../scripts/eval/dedupe.js';

const sentences = (text: string) => text.replace(/<[^>]*>/g, ' ').split(/(?<=[.!?"])\s+/).filter((s) => s.length > 40);

test('each part of the rewrite sets has at least 60 copies and 60 hard negatives of every kind', async () => {
  for (const file of [DEDUPE_SETS.tuning, DEDUPE_SETS.heldout]) {
    const pairs = await loadPairs(file);
    expect(pairs.filter((p) => p.duplicate).length).toBeGreaterThanOrEqual(60);
    expect(pairs.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(60);
    expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(
      new Set(['follow-up', 'other-angle', 'press-release', 'other-story']),
    );
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  }
});

test('the held-out part shares no story and no sentence with the tuning part', async () => {
  const [tuning, heldout] = await Promise.all([loadPairs(DEDUPE_SETS.tuning), loadPairs(DEDUPE_SETS.heldout)]);
  const textsOf = (pairs: typeof tuning) => pairs.flatMap((p) => [p.a, p.b]).flatMap((s) => [s.title, ...sentences(s.content ?? s.summary ?? '')]);
  const seen = new Set(textsOf(tuning));
  expect(textsOf(heldout).filter((text) => seen.has(text))).toEqual([]);
  const groups = new Set(tuning.map((p) => p.group));
  expect(heldout.filter((p) => groups.has(p.group))).toEqual([]);
});

test('the report counts every pair once and names the stories shown once', async () => {
  const result = await evaluateDedupe(DEDUPE_SETS.tuning);
  expect(result.tp + result.fp + result.fn + result.tn).toBe(result.pairs);
  expect(result.groups.n).toBe(new Set((await loadPairs(DEDUPE_SETS.tuning)).map((p) => p.group)).size);
  expect(formatDedupeReport(result, 'dedupe')).toMatch(/stories shown once \(all their copies joined by merges\): \d+ of \d+/);
});
