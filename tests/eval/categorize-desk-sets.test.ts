// The desk sets measure what a news desk would agree with only if every starter category and
// every hard case is there in every part, and the held-out parts share no headline with
// anything the vocabulary or the classifier could have been tuned on.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { EVAL_CATEGORIES, type LabeledItem } from '../../scripts/eval/categorize.js';

const load = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as LabeledItem[];
const HARD_KINDS = ['disaster-abroad', 'animal-research', 'climate-policy', 'science-policy', 'leader-foreign', 'books-libraries', 'consumer-money'];

// The second held-out part was written fresh, apart from the categorizer, once the first had been
// looked at too often while it was tuned; it is held to the same coverage.
const FULL_PARTS = ['categorize-desk-tuning.json', 'categorize-desk-heldout.json', 'categorize-desk-heldout-2.json'];

test.each(FULL_PARTS)('%s covers every starter category and hard case', (file) => {
  const items = load(file);
  for (const category of EVAL_CATEGORIES) expect(items.filter((i) => i.category === category).length).toBeGreaterThanOrEqual(20);
  expect(items.filter((i) => !i.summary).length / items.length).toBeGreaterThanOrEqual(0.4);
  expect(new Set(items.map((i) => i.kind).filter(Boolean))).toEqual(new Set(HARD_KINDS));
  for (const item of items) {
    expect(EVAL_CATEGORIES).toContain(item.category);
    if (item.also) expect(EVAL_CATEGORIES).toContain(item.also);
  }
});

// The third held-out part was written by someone who never saw the code or any other set, with its
// own names for the hard cases: 30 items a category, most headline-only (7 whose headline another set
// already had were taken out).
test('categorize-desk-heldout-3.json has 28 to 30 items of every starter category, most of them headline-only', () => {
  const items = load('categorize-desk-heldout-3.json');
  for (const category of EVAL_CATEGORIES) expect(items.filter((i) => i.category === category).length).toBeGreaterThanOrEqual(28);
  expect(items.filter((i) => !i.summary).length / items.length).toBeGreaterThanOrEqual(0.5);
  for (const item of items) if (item.also) expect(EVAL_CATEGORIES).toContain(item.also);
});

// The check part 7, written apart from the vocabulary and the tuning parts to see whether tuning on
// the sixth carries over, is measured only: nothing is tuned on it, so it sits with the held-out parts.
// The sixth tuning part, written later by someone who never saw the final slices, happens to repeat
// two headlines of final slice 2: that slice, reported only, is no longer wholly clean. Any other
// repeat still fails.
// Check part 7 repeats four headlines of the sets before it, and is held to that count.
const KNOWN_REPEATS: Record<string, number> = { 'categorize-desk-final-2.json': 2, 'categorize-desk-check-7.json': 4 };

test('the held-out parts and the final slices share no headline with each other, the tuning parts or the older sets', () => {
  const titles = (file: string) => load(file).map((i) => i.title.toLowerCase());
  const seen = new Set(
    [
      'categorize-desk-tuning.json',
      'categorize-desk-tuning-2.json',
      'categorize-desk-tuning-3.json',
      'categorize-desk-tuning-4.json',
      'categorize-desk-tuning-5.json',
      'categorize-desk-tuning-6.json',
      'categorize-desk-tuning-7.json',
      'categorize-desk-tuning-8.json',
      'categorize-desk-tuning-9.json',
      'categorize-desk-tuning-10.json',
      'categorize-desk-tuning-11.json',
      'categorize-desk-tuning-12.json',
      'categorize-desk-tuning-13.json',
      'categorize-desk-tuning-14.json',
      'categorize-desk-tuning-15.json',
      'categorize-desk-tuning-16.json',
      'categorize-desk-tuning-17.json',
      'categorize-items.json',
      'categorize-holdout.json',
      'categorize-check-2.json',
    ].flatMap(
      titles,
    ),
  );
  for (const file of [
    'categorize-desk-heldout.json',
    'categorize-desk-final.json',
    'categorize-desk-final-2.json',
    'categorize-desk-final-3.json',
    'categorize-desk-heldout-2.json',
    'categorize-desk-heldout-3.json',
    'categorize-desk-check-7.json',
    'categorize-desk-check-8.json',
    'categorize-desk-check-9.json',
    'categorize-desk-check-10.json',
    'categorize-desk-check-11.json',
  ]) {
    // A count, so that a failure never prints a held-out headline.
    expect(titles(file).filter((t) => seen.has(t)).length, file).toBe(KNOWN_REPEATS[file] ?? 0);
    for (const t of titles(file)) seen.add(t);
  }
});

test.each([
  ['categorize-desk-final.json', 8],
  ['categorize-desk-final-2.json', 8],
  ['categorize-desk-final-3.json', 6],
])('%s has every starter category (at least %i each) and most of the hard cases', (file, perCategory) => {
  const items = load(file);
  for (const category of EVAL_CATEGORIES) expect(items.filter((i) => i.category === category).length).toBeGreaterThanOrEqual(perCategory);
  expect(new Set(items.map((i) => i.kind).filter(Boolean)).size).toBeGreaterThanOrEqual(HARD_KINDS.length - 1);
});

test.each([
  'categorize-desk-tuning-2.json',
  'categorize-desk-tuning-3.json',
  'categorize-desk-tuning-4.json',
  'categorize-desk-tuning-5.json',
  'categorize-desk-tuning-6.json',
  'categorize-desk-tuning-7.json',
  'categorize-desk-tuning-8.json',
  'categorize-desk-tuning-9.json',
  'categorize-desk-tuning-10.json',
  'categorize-desk-tuning-11.json',
  'categorize-desk-tuning-12.json',
  'categorize-desk-tuning-13.json',
  'categorize-desk-tuning-14.json',
  'categorize-desk-tuning-15.json',
  'categorize-desk-tuning-16.json',
  'categorize-desk-tuning-17.json',
  'categorize-desk-check-10.json',
  'categorize-desk-check-11.json',
])('%s is labeled with starter categories only', (file) => {
  for (const item of load(file)) {
    expect(EVAL_CATEGORIES).toContain(item.category);
    if (item.also) expect(EVAL_CATEGORIES).toContain(item.also);
  }
});
