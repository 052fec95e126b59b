// The rewrite sets are only worth their figures if the held-out parts stay apart from the tuning
// part (and the second held-out part from every earlier set) and each keeps enough copies and hard
// negatives to measure recall and precision.
import { expect, test } from 'vitest';
import { DEDUPE_SETS, evaluateDedupe, formatDedupeReport, type LabeledPair, loadPairs } from '../../scripts/eval/dedupe.js';

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

for (const [name, file] of [
  ['the second held-out part', DEDUPE_SETS.heldout2],
  ['the third tuning part', DEDUPE_SETS.tuning3],
] as const) {
  test(`${name} has at least 90 copies and 90 hard negatives of every kind, each story with all its copies paired`, async () => {
    const pairs = await loadPairs(file);
    const copies = pairs.filter((p) => p.duplicate);
    expect(copies.length).toBeGreaterThanOrEqual(90);
    expect(copies.every((p) => p.kind === 'copy')).toBe(true);
    expect(pairs.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(90);
    expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(
      new Set(['follow-up', 'other-angle', 'press-release', 'other-story']),
    );
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    expect(pairs.filter((p) => !p.group)).toEqual([]);
    const groups = new Set(pairs.map((p) => p.group));
    expect(groups.size).toBeGreaterThanOrEqual(30);
    for (const group of groups) {
      const pairsOfGroup = copies.filter((p) => p.group === group);
      const titles = new Set(pairsOfGroup.flatMap((p) => [p.a.title, p.b.title]));
      expect(titles.size, `copies of ${group}`).toBeGreaterThanOrEqual(2);
      expect(pairsOfGroup.length, `copy pairs of ${group}`).toBe((titles.size * (titles.size - 1)) / 2);
    }
  });
}

const textsOf = (pairs: LabeledPair[]) =>
  pairs.flatMap((p) => [p.a, p.b]).flatMap((s) => [s.title, ...sentences(s.content ?? s.summary ?? '')]);

test('the held-out part shares no story and no sentence with the tuning part', async () => {
  const [tuning, heldout] = await Promise.all([loadPairs(DEDUPE_SETS.tuning), loadPairs(DEDUPE_SETS.heldout)]);
  const seen = new Set(textsOf(tuning));
  expect(textsOf(heldout).filter((text) => seen.has(text))).toEqual([]);
  const groups = new Set(tuning.map((p) => p.group));
  expect(heldout.filter((p) => groups.has(p.group))).toEqual([]);
});

test('the second held-out part shares no story and no sentence with the tuning part, the first held-out part or the first set', async () => {
  const earlier = (await Promise.all([DEDUPE_SETS.tuning, DEDUPE_SETS.heldout, DEDUPE_SETS.first].map((file) => loadPairs(file)))).flat();
  const heldout2 = await loadPairs(DEDUPE_SETS.heldout2);
  const seen = new Set(textsOf(earlier));
  expect(textsOf(heldout2).filter((text) => seen.has(text))).toEqual([]);
  const groups = new Set(earlier.map((p) => p.group));
  groups.delete(undefined);
  expect(heldout2.filter((p) => groups.has(p.group))).toEqual([]);
});

test('the report counts every pair once and names the stories shown once', async () => {
  const result = await evaluateDedupe(DEDUPE_SETS.tuning);
  expect(result.tp + result.fp + result.fn + result.tn).toBe(result.pairs);
  expect(result.groups.n).toBe(new Set((await loadPairs(DEDUPE_SETS.tuning)).map((p) => p.group)).size);
  expect(formatDedupeReport(result, 'dedupe')).toMatch(/stories shown once \(all their copies joined by merges\): \d+ of \d+/);
});

test('a tuning part\'s listed misses say whether the index or isCopy missed them, and the counts add up', async () => {
  const result = await evaluateDedupe(DEDUPE_SETS.tuning7);
  const report = formatDedupeReport(result, 'dedupe', true);
  const [, notCandidates, rejected] = /missed copies: (\d+) not candidates \(no shared index entry\), (\d+) candidates that isCopy rejected/.exec(report) ?? [];
  expect(Number(notCandidates) + Number(rejected)).toBe(result.fn);
  expect(report.match(/missed copy \(not a candidate\)/g)?.length ?? 0).toBe(Number(notCandidates));
  expect(report.match(/missed copy \(rejected by isCopy\)/g)?.length ?? 0).toBe(Number(rejected));
  // Only asked for: the plain report (all that a measured-only part shows) lists no miss.
  expect(formatDedupeReport(result, 'dedupe')).not.toMatch(/missed cop/);
});

test('the fourth tuning part has at least 25 stories of two to four copies, each with all its copies paired, and hard negatives of every kind', async () => {
  const pairs = await loadPairs(DEDUPE_SETS.tuning4);
  const copies = pairs.filter((p) => p.duplicate);
  expect(copies.every((p) => p.kind === 'copy')).toBe(true);
  expect(pairs.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(60);
  expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(new Set(['follow-up', 'other-angle', 'press-release', 'other-story']));
  expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  const groups = new Set(pairs.map((p) => p.group));
  expect(groups.size).toBeGreaterThanOrEqual(25);
  for (const group of groups) {
    const titles = new Set(copies.filter((p) => p.group === group).flatMap((p) => [p.a.title, p.b.title]));
    expect(titles.size, `copies of ${group}`).toBeGreaterThanOrEqual(2);
    expect(titles.size, `copies of ${group}`).toBeLessThanOrEqual(4);
    expect(copies.filter((p) => p.group === group).length, `copy pairs of ${group}`).toBe((titles.size * (titles.size - 1)) / 2);
  }
});

for (const [name, file] of [
  ['third', DEDUPE_SETS.tuning3],
  ['fourth', DEDUPE_SETS.tuning4],
  ['fifth', DEDUPE_SETS.tuning5],
  ['seventh', DEDUPE_SETS.tuning7],
  ['eighth', DEDUPE_SETS.tuning8],
  ['ninth', DEDUPE_SETS.tuning9],
  ['eighth (check)', DEDUPE_SETS.check8],
  ['ninth (check)', DEDUPE_SETS.check9],
  ['tenth (check)', DEDUPE_SETS.check10],
] as const) {
  test(`the ${name} part shares no story and no sentence with any other dedupe set, the held-out parts included`, async () => {
    const others = (await Promise.all(Object.values(DEDUPE_SETS).filter((other) => other !== file).map((other) => loadPairs(other)))).flat();
    const own = await loadPairs(file);
    const ownTexts = new Set(textsOf(own));
    // Only a count is reported, so a failure never prints a held-out sentence.
    expect(textsOf(others).filter((text) => ownTexts.has(text)).length).toBe(0);
    const groups = new Set(others.map((p) => p.group));
    groups.delete(undefined);
    expect(own.filter((p) => groups.has(p.group)).map((p) => p.id)).toEqual([]);
  });
}

test('the sixth tuning part shares no story and no sentence with the held-out parts and the check part', async () => {
  const unseen = [DEDUPE_SETS.heldout, DEDUPE_SETS.heldout2, DEDUPE_SETS.heldout3, DEDUPE_SETS.check7];
  const others = (await Promise.all(unseen.map((other) => loadPairs(other)))).flat();
  const own = await loadPairs(DEDUPE_SETS.tuning6);
  const ownTexts = new Set(textsOf(own));
  // Only a count is reported, so a failure never prints a held-out sentence.
  expect(textsOf(others).filter((text) => ownTexts.has(text)).length).toBe(0);
  const groups = new Set(others.map((p) => p.group));
  groups.delete(undefined);
  expect(own.filter((p) => groups.has(p.group)).length).toBe(0);
});

test('the fifth tuning part pairs each story\'s wire copy, reworded rewrite and summary, against hard negatives of every kind', async () => {
  const pairs = await loadPairs(DEDUPE_SETS.tuning5);
  const copies = pairs.filter((p) => p.duplicate);
  expect(copies.every((p) => p.kind === 'copy')).toBe(true);
  expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(new Set(['follow-up', 'other-angle', 'press-release', 'other-story']));
  expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  const groups = new Set(pairs.map((p) => p.group));
  expect(groups.size).toBeGreaterThanOrEqual(6);
  for (const group of groups) {
    const titles = new Set(copies.filter((p) => p.group === group).flatMap((p) => [p.a.title, p.b.title]));
    expect(titles.size, `copies of ${group}`).toBe(3);
    expect(copies.filter((p) => p.group === group).length, `copy pairs of ${group}`).toBe(3);
    expect(pairs.filter((p) => p.group === group && !p.duplicate).length, `negatives of ${group}`).toBeGreaterThanOrEqual(4);
  }
});

test('the third held-out part has at least 30 stories, every pair of their copies, and hard negatives of every kind; it shares no story and no sentence with any other dedupe set', async () => {
  const pairs = await loadPairs(DEDUPE_SETS.heldout3);
  const copies = pairs.filter((p) => p.duplicate);
  expect(copies.every((p) => p.kind === 'copy')).toBe(true);
  expect(copies.length).toBeGreaterThanOrEqual(100);
  expect(pairs.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(30);
  expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(new Set(['follow-up', 'other-angle', 'press-release', 'other-story']));
  expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  const groups = new Set(pairs.map((p) => p.group));
  expect(groups.size).toBeGreaterThanOrEqual(30);
  // Counts only, so that a failure never prints a held-out text.
  const unpaired = [...groups].filter((group) => {
    const titles = new Set(copies.filter((p) => p.group === group).flatMap((p) => [p.a.title, p.b.title]));
    return titles.size < 2 || copies.filter((p) => p.group === group).length !== (titles.size * (titles.size - 1)) / 2;
  });
  expect(unpaired.length).toBe(0);
  const others = (
    await Promise.all(
      [DEDUPE_SETS.first, DEDUPE_SETS.tuning, DEDUPE_SETS.tuning3, DEDUPE_SETS.tuning4, DEDUPE_SETS.tuning5, DEDUPE_SETS.heldout, DEDUPE_SETS.heldout2].map((file) =>
        loadPairs(file),
      ),
    )
  ).flat();
  const own = new Set(textsOf(pairs));
  expect(textsOf(others).filter((text) => own.has(text)).length).toBe(0);
  const otherGroups = new Set(others.map((p) => p.group));
  expect(pairs.filter((p) => otherGroups.has(p.group)).length).toBe(0);
});
