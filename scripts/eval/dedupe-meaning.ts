// How well signals of meaning (the word vectors of src/shared/word-vectors.ts) tell the copies the
// near-duplicate rule misses from the hard negatives it keeps apart, on the TUNING parts of the
// dedupe sets only (it refuses a held-out, check or final part).
//
// For every pair: whether the two texts are candidates (share an index hash) and whether isCopy
// judges them one story's; then, for each signal, the highest value any negative the rule keeps
// apart reaches, and how many missed copies lie above it (the recall a test on that signal alone
// could add without one more false merge). The signals, each on idf-like weights (a word's weight
// grows with its rank in the vectors' frequency order, as rank / (rank + 200)) and function words
// left out, the vocabulary's frequency-weighted mean direction taken out of every mean vector:
// - cosTitle, cosLead, cosWhole: cosine of the mean word vectors of the headlines, the headlines
//   and first 40 words, the whole texts;
// - align: share of the shorter text's lead words (weighted) with a word of cosine >= 0.6 in the
//   other text (the same word counts), alignExact the same with the same word only, alignBoth the
//   lower of the two directions at 0.6;
// - sentences: mean over the sentences of one text of the best cosine with one of the other's
//   (the lower direction);
// beside what the signature already tells: figures shared and apart, text word similarity.
//
// Run: npx tsx scripts/eval/dedupe-meaning.ts [tuning file ...] [--rows]
//   --rows prints one tab-separated row a pair: part, id, kind, label, candidate, decision,
//   words of each body, the signals above, figures shared / only a / only b, facts shared / only
//   a / only b, text word similarity, shingle similarity, shingles of each.

import {
  compareFigures,
  isCopy,
  normalizedWords,
  plainText,
  respelled,
  similarity,
  textSignature,
  textWordSimilarity,
  withoutDateline,
} from '../../src/dedupe/near-duplicate.js';
import { parseConfig } from '../../src/shared/config.js';
import { wordVectors } from '../../src/shared/word-vectors.js';
import { storeOptions } from '../../src/store/story-store.js';
import { DEDUPE_SETS, isMeasuredOnly, loadPairs, type LabeledPair } from './dedupe.js';

const FUNCTION_WORDS = new Set(
  `a an the and or but of to in on at for from by with as is are was were be been being has have had it its this that these those
  he she they we you i his her their our said says say will would could should may might can than then there here which who whom
  whose what when where while after before over under into about up out not no more most also just only other some such`.split(/\s+/),
);
const RANK_WEIGHT = 200;
const LEAD_WORDS = 40;
const ALIGN_COSINE = 0.6;

const vectors = wordVectors();
const weightOf = (row: number) => row / (row + RANK_WEIGHT);

/** The frequency-weighted mean direction of the vocabulary, which every text's mean vector leans to. */
const common = (() => {
  const v = new Float32Array(vectors.dims);
  for (let row = 0; row < vectors.size; row++) vectors.addTo(v, row, 1 / (row + 10));
  return unit(v);
})();

function unit(v: Float32Array): Float32Array {
  const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

function cosine(x: Float32Array, y: Float32Array): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! * x[i]!;
    ny += y[i]! * y[i]!;
  }
  return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
}

/** The weighted mean vector of the words the vectors know, the common direction taken out. */
function meanVector(words: string[]): Float32Array {
  const v = new Float32Array(vectors.dims);
  for (const word of words) {
    if (FUNCTION_WORDS.has(word)) continue;
    const row = vectors.row(word);
    if (row >= 0) vectors.addTo(v, row, weightOf(row));
  }
  const along = v.reduce((sum, x, i) => sum + x * common[i]!, 0);
  return v.map((x, i) => x - along * common[i]!);
}

const wordVector = new Map<string, Float32Array | undefined>();
function vectorOf(word: string): Float32Array | undefined {
  if (!wordVector.has(word)) {
    const row = vectors.row(word);
    let v: Float32Array | undefined;
    if (row >= 0) {
      v = new Float32Array(vectors.dims);
      vectors.addTo(v, row, 1);
      v = unit(v);
    }
    wordVector.set(word, v);
  }
  return wordVector.get(word);
}

/** Share of a's content words (weighted) that b holds, or holds a word of cosine >= minCosine to. */
function alignment(a: string[], b: string[], minCosine: number): number {
  const bWords = [...new Set(b.filter((w) => !FUNCTION_WORDS.has(w)))];
  const bSet = new Set(bWords);
  const bVectors = bWords.map(vectorOf).filter((v): v is Float32Array => v !== undefined);
  let total = 0;
  let aligned = 0;
  for (const word of new Set(a.filter((w) => !FUNCTION_WORDS.has(w)))) {
    const row = vectors.row(word);
    const weight = row < 0 ? 1 : weightOf(row);
    total += weight;
    const v = vectorOf(word);
    if (bSet.has(word) || (v && bVectors.some((u) => cosine(v, u) >= minCosine))) aligned += weight;
  }
  return total === 0 ? 0 : aligned / total;
}

function sentenceVectors(side: LabeledPair['a']): Float32Array[] {
  return withoutDateline(plainText(side.content ?? side.summary ?? ''))
    .split(/(?<=[.!?])\s+(?=[A-Z"'])/)
    .map((sentence) => normalizedWords(respelled(sentence)))
    .filter((words) => words.length >= 5)
    .map(meanVector);
}

/** Mean over a's sentences of the best cosine with one of b's. */
function sentenceAlignment(a: Float32Array[], b: Float32Array[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  return a.reduce((sum, x) => sum + Math.max(...b.map((y) => cosine(x, y))), 0) / a.length;
}

function wordsOf(side: LabeledPair['a']) {
  const title = normalizedWords(respelled(side.title));
  const body = normalizedWords(respelled(withoutDateline(plainText(side.content ?? side.summary ?? ''))));
  return { title, body, lead: title.concat(body.slice(0, LEAD_WORDS)), whole: title.concat(body) };
}

const SIGNALS = ['cosTitle', 'cosLead', 'cosWhole', 'align', 'alignExact', 'alignBoth', 'sentences'] as const;
type Signal = (typeof SIGNALS)[number];

interface Row {
  part: string;
  pair: LabeledPair;
  candidate: boolean;
  copy: boolean;
  merged: boolean;
  signals: Record<Signal, number>;
  rule: number[];
}

const threshold = storeOptions(parseConfig('')).nearThreshold;
const args = process.argv.slice(2);
const named = args.filter((arg) => !arg.startsWith('--'));
const parts = named.length > 0 ? named : [DEDUPE_SETS.first, DEDUPE_SETS.tuning, DEDUPE_SETS.tuning3, DEDUPE_SETS.tuning4, DEDUPE_SETS.tuning5, DEDUPE_SETS.tuning6, DEDUPE_SETS.tuning7];
const rows: Row[] = [];
for (const part of parts) {
  if (isMeasuredOnly(part)) throw new Error(`${part}: only tuning parts are measured here`);
  for (const pair of await loadPairs(part)) {
    const sa = textSignature(pair.a.title, pair.a.content ?? pair.a.summary);
    const sb = textSignature(pair.b.title, pair.b.content ?? pair.b.summary);
    const candidate = !!sa && !!sb && [...sa.index].some((hash) => sb.index.includes(hash));
    const copy = !!sa && !!sb && isCopy(sa, sb, threshold);
    const a = wordsOf(pair.a);
    const b = wordsOf(pair.b);
    const [shorter, longer] = a.body.length <= b.body.length ? [a, b] : [b, a];
    const [sentencesA, sentencesB] = [sentenceVectors(pair.a), sentenceVectors(pair.b)];
    const figures = sa && sb ? compareFigures(sa, sb) : undefined;
    rows.push({
      part,
      pair,
      candidate,
      copy,
      merged: candidate && copy,
      signals: {
        cosTitle: cosine(meanVector(a.title), meanVector(b.title)),
        cosLead: cosine(meanVector(a.lead), meanVector(b.lead)),
        cosWhole: cosine(meanVector(a.whole), meanVector(b.whole)),
        align: alignment(shorter.lead, longer.whole, ALIGN_COSINE),
        alignExact: alignment(shorter.lead, longer.whole, 1.01),
        alignBoth: Math.min(alignment(a.lead, b.whole, ALIGN_COSINE), alignment(b.lead, a.whole, ALIGN_COSINE)),
        sentences: Math.min(sentenceAlignment(sentencesA, sentencesB), sentenceAlignment(sentencesB, sentencesA)),
      },
      rule:
        sa && sb && figures
          ? [figures.shared, figures.onlyA, figures.onlyB, figures.facts.shared, figures.facts.onlyA, figures.facts.onlyB, textWordSimilarity(sa, sb), similarity(sa.shingles, sb.shingles), sa.shingles.length, sb.shingles.length]
          : [],
    });
  }
}

const f = (x: number) => x.toFixed(3);
if (args.includes('--rows')) {
  for (const row of rows) {
    console.log(
      [
        row.part.replace('dedupe-rewrites-', '').replace('.json', ''),
        row.pair.id,
        row.pair.kind ?? '',
        row.pair.duplicate ? 'copy' : 'different',
        row.candidate ? 'candidate' : 'no-candidate',
        row.merged ? 'merged' : row.copy ? 'copy-if-compared' : 'apart',
        ...SIGNALS.map((signal) => f(row.signals[signal])),
        ...row.rule.map((x) => String(+x.toFixed(3))),
      ].join('\t'),
    );
  }
}

const missed = rows.filter((row) => row.pair.duplicate && !row.merged);
const keptApart = rows.filter((row) => !row.pair.duplicate && !row.merged);
console.log(
  `${parts.length} tuning parts, ${rows.length} pairs: ${missed.length} copies missed (${missed.filter((r) => !r.candidate).length} not candidates, of which ${missed.filter((r) => !r.candidate && r.copy).length} judged copies if compared; ${missed.filter((r) => r.candidate).length} candidates judged apart), ${keptApart.length} different stories kept apart, ${rows.length - missed.length - keptApart.length - rows.filter((r) => r.pair.duplicate && r.merged).length} merged`,
);
const quantile = (xs: number[], q: number) => xs.slice().sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))] ?? 0;
for (const signal of SIGNALS) {
  const negatives = keptApart.map((row) => row.signals[signal]);
  const copies = missed.map((row) => row.signals[signal]);
  const highest = Math.max(...negatives);
  const above = missed.filter((row) => row.signals[signal] > highest);
  console.log(
    `${signal.padEnd(10)} different stories: highest ${f(highest)}, median ${f(quantile(negatives, 0.5))}; missed copies: median ${f(quantile(copies, 0.5))}, above every different story ${above.length} (${above.filter((r) => r.candidate).length} of them candidates)`,
  );
}
