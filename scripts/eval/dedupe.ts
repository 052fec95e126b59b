// Measures near-duplicate detection on labeled pairs of news items (tests/eval/dedupe-*.json):
// syndicated copies of one story (duplicate=true) and hard negatives, different stories that
// share a topic, an event or a press release's phrases (duplicate=false). Each pair is decided
// exactly as the story store decides it (same signature, same index hashes, same default threshold
// from the config), without Redis.
//
// The sets: dedupe-pairs.json (the first set, lightly edited copies), and the rewrite sets:
// dedupe-rewrites-tuning.json, dedupe-rewrites-tuning-3.json (longer texts in more outlets'
// styles) and dedupe-rewrites-tuning-4.json (weighted to the hard copies: summaries in their own
// words next to rewrites with a paraphrased lede) and dedupe-rewrites-tuning-5.json (full rewrites in which
// every sentence is reworded, next to the wire's copy and a summary in its own words) and
// dedupe-rewrites-tuning-6.json (rewrites in outlets' own words, heavy rewrites, summaries and
// short cuts, next to follow-ups, other angles, stories of the same kind and stories from one press
// release or matchday) and dedupe-rewrites-tuning-7.json (decks and heavy rewrites far from the
// wire's words) and dedupe-rewrites-tuning-8.json (every pair of five versions: wire, rewrite,
// heavy rewrite, deck, cut) and dedupe-rewrites-tuning-9.json (the same five versions, US, UK, Canadian and Australian outlets), on which settings may be chosen; the check parts dedupe-rewrites-check-7.json,
// -check-8.json, -check-9.json and -check-10.json, written apart from the rules, whose aggregate figures alone tell whether tuning
// carries over (their pairs are not listed); and the held-out parts dedupe-rewrites-heldout.json (no longer clean),
// -heldout-2.json and -heldout-3.json, on which no setting is chosen; part 3's figure is quoted.
//
// Run: npx tsx scripts/eval/dedupe.ts [file under tests/eval] [--misses]

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

export interface LabeledPair {
  id: string;
  duplicate: boolean;
  note: string;
  /** The story a pair belongs to, in the rewrite sets. */
  group?: string;
  /** rewrite, follow-up, other-angle, press-release or other-story, in the rewrite sets. */
  kind?: string;
  a: PairSide;
  b: PairSide;
}

export interface DedupeEvaluation {
  file: string;
  pairs: number;
  positives: number;
  negatives: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Wrong decisions per kind of pair (false merges of hard negatives, missed copies). */
  errorsByKind: Record<string, { wrong: number; n: number }>;
  /**
   * Ids and notes of the wrongly decided pairs, and whether the two shared an index entry
   * (candidate): a missed copy that did not is the index's miss, one that did is isCopy's.
   */
  errors: { id: string; duplicate: boolean; note: string; candidate: boolean }[];
  /** Stories with several copies (rewrite sets): how many the merges join into one, as a reader would see them. */
  groups: { joined: number; n: number };
}

export const DEDUPE_SETS = {
  first: 'dedupe-pairs.json',
  tuning: 'dedupe-rewrites-tuning.json',
  tuning3: 'dedupe-rewrites-tuning-3.json',
  tuning4: 'dedupe-rewrites-tuning-4.json',
  tuning5: 'dedupe-rewrites-tuning-5.json',
  tuning6: 'dedupe-rewrites-tuning-6.json',
  tuning7: 'dedupe-rewrites-tuning-7.json',
  tuning8: 'dedupe-rewrites-tuning-8.json',
  tuning9: 'dedupe-rewrites-tuning-9.json',
  check7: 'dedupe-rewrites-check-7.json',
  check8: 'dedupe-rewrites-check-8.json',
  check9: 'dedupe-rewrites-check-9.json',
  check10: 'dedupe-rewrites-check-10.json',
  heldout: 'dedupe-rewrites-heldout.json',
  heldout2: 'dedupe-rewrites-heldout-2.json',
  heldout3: 'dedupe-rewrites-heldout-3.json',
} as const;

export async function loadPairs(file: string = DEDUPE_SETS.first): Promise<LabeledPair[]> {
  const path = fileURLToPath(new URL(`../../tests/eval/${file}`, import.meta.url));
  return (JSON.parse(await readFile(path, 'utf8')) as { pairs: LabeledPair[] }).pairs;
}

/** Would the store merge these two items? Too-short texts are never near-duplicates. */
export function decidePair(pair: LabeledPair, threshold: number): boolean {
  const a = textSignature(pair.a.title, pair.a.content ?? pair.a.summary);
  const b = textSignature(pair.b.title, pair.b.content ?? pair.b.summary);
  return a !== undefined && b !== undefined && isNearDuplicate(a, b, threshold);
}

/** Whether the store would compare these two items at all: they share an index entry. */
export function isCandidatePair(pair: LabeledPair): boolean {
  const a = textSignature(pair.a.title, pair.a.content ?? pair.a.summary);
  const b = textSignature(pair.b.title, pair.b.content ?? pair.b.summary);
  return a !== undefined && b !== undefined && a.index.some((hash) => b.index.includes(hash));
}

export async function evaluateDedupe(file: string = DEDUPE_SETS.first): Promise<DedupeEvaluation> {
  const threshold = storeOptions(parseConfig('')).nearThreshold;
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const errorsByKind: Record<string, { wrong: number; n: number }> = {};
  const errors: DedupeEvaluation['errors'] = [];
  const pairs = await loadPairs(file);
  const copies = new CopyGroups();
  for (const pair of pairs) {
    const merged = decidePair(pair, threshold);
    if (pair.duplicate && pair.group) copies.add(pair, merged);
    if (merged) counts[pair.duplicate ? 'tp' : 'fp']++;
    else counts[pair.duplicate ? 'fn' : 'tn']++;
    const kind = (errorsByKind[pair.kind ?? (pair.duplicate ? 'copy' : 'different')] ??= { wrong: 0, n: 0 });
    kind.n++;
    if (merged !== pair.duplicate) {
      kind.wrong++;
      errors.push({ id: pair.id, duplicate: pair.duplicate, note: pair.note, candidate: merged || isCandidatePair(pair) });
    }
  }
  return {
    file,
    pairs: pairs.length,
    positives: counts.tp + counts.fn,
    negatives: counts.fp + counts.tn,
    precision: counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp),
    recall: counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn),
    ...counts,
    errorsByKind,
    errors,
    groups: copies.count(),
  };
}

/** The copies of each story as a graph whose edges are the merges: a story is shown once when its graph is connected. */
class CopyGroups {
  private readonly parent = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();

  add(pair: LabeledPair, merged: boolean): void {
    const [a, b] = [`${pair.group}\n${JSON.stringify(pair.a)}`, `${pair.group}\n${JSON.stringify(pair.b)}`];
    const members = this.members.get(pair.group!) ?? new Set<string>();
    this.members.set(pair.group!, members.add(a).add(b));
    const [rootOfA, rootOfB] = [this.root(a), this.root(b)];
    if (merged && rootOfA !== rootOfB) this.parent.set(rootOfA, rootOfB);
  }

  count(): { joined: number; n: number } {
    let joined = 0;
    for (const members of this.members.values()) if (new Set([...members].map((m) => this.root(m))).size === 1) joined++;
    return { joined, n: this.members.size };
  }

  private root(node: string): string {
    let current = node;
    for (let next = this.parent.get(current); next !== undefined; next = this.parent.get(current)) current = next;
    return current;
  }
}

/** One evaluation as text; the wrong pairs are listed only when asked (never for the held-out part). */
export function formatDedupeReport(result: DedupeEvaluation, title: string, listErrors = false): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${title} (${result.file}): ${result.pairs} pairs, ${result.positives} copies and ${result.negatives} different stories`,
    `  precision ${pct(result.precision)}, recall ${pct(result.recall)} (tp ${result.tp}, fp ${result.fp}, fn ${result.fn}, tn ${result.tn})`,
    `  wrong by kind: ${Object.entries(result.errorsByKind)
      .map(([kind, { wrong, n }]) => `${kind} ${wrong}/${n}`)
      .join(', ')}`,
  ];
  if (result.groups.n > 0) lines.push(`  stories shown once (all their copies joined by merges): ${result.groups.joined} of ${result.groups.n}`);
  if (listErrors) {
    const missed = result.errors.filter((error) => error.duplicate);
    const rejected = missed.filter((error) => error.candidate).length;
    lines.push(`  missed copies: ${missed.length - rejected} not candidates (no shared index entry), ${rejected} candidates that isCopy rejected`);
    for (const error of result.errors) {
      const why = error.duplicate ? (error.candidate ? ' (rejected by isCopy)' : ' (not a candidate)') : '';
      lines.push(`  ${error.duplicate ? 'missed copy' : 'false merge'}${why} ${error.id}: ${error.note}`);
    }
  }
  return lines.join('\n');
}

/** A held-out, check or final part: measured only, its pairs never listed or studied (that would be tuning on it). */
export function isMeasuredOnly(file: string): boolean {
  return /heldout|check|final/.test(file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? DEDUPE_SETS.tuning;
  // A held-out part's misses, once read, are tuned on: never listed.
  const listErrors = process.argv.includes('--misses') && !isMeasuredOnly(file);
  console.log(formatDedupeReport(await evaluateDedupe(file), 'dedupe', listErrors));
}
