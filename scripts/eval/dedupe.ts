// Measures near-duplicate detection on tests/eval/dedupe-pairs.json: labeled pairs of news
// items, half syndicated copies of one story, half different stories on the same topic.
// Each pair is decided exactly as the story store decides it (same signature, same index
// hashes, same default threshold from the config), without Redis. The pairs were used only to
// choose the shingle settings and the threshold in src/dedupe/near-duplicate.ts and config.ts.
//
// Run: npx tsx scripts/eval/dedupe.ts

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isNearDuplicate, textSignature } from '../../src/dedupe/near-duplicate.js';
import { parseConfig } from '../../src/shared/config.js';
import { storeOptions } from '../../src/store/story-store.js';

interface PairSide {
  title: string;
  summary?: string;
  content?: string;
}

interface LabeledPair {
  id: string;
  duplicate: boolean;
  note: string;
  a: PairSide;
  b: PairSide;
}

export interface DedupeEvaluation {
  pairs: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const PAIRS_FILE = fileURLToPath(new URL('../../tests/eval/dedupe-pairs.json', import.meta.url));

export async function loadPairs(): Promise<LabeledPair[]> {
  return (JSON.parse(await readFile(PAIRS_FILE, 'utf8')) as { pairs: LabeledPair[] }).pairs;
}

/** Would the store merge these two items? Too-short texts are never near-duplicates. */
export function decidePair(pair: LabeledPair, threshold: number): boolean {
  const a = textSignature(pair.a.title, pair.a.content ?? pair.a.summary);
  const b = textSignature(pair.b.title, pair.b.content ?? pair.b.summary);
  return a !== undefined && b !== undefined && isNearDuplicate(a, b, threshold);
}

export async function evaluateDedupe(): Promise<DedupeEvaluation> {
  const threshold = storeOptions(parseConfig('')).nearThreshold;
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const pairs = await loadPairs();
  for (const pair of pairs) {
    const merged = decidePair(pair, threshold);
    if (merged) counts[pair.duplicate ? 'tp' : 'fp']++;
    else counts[pair.duplicate ? 'fn' : 'tn']++;
  }
  return {
    pairs: pairs.length,
    precision: counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp),
    recall: counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn),
    ...counts,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await evaluateDedupe(), null, 2));
}
