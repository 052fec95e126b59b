// The meaning vote: what a story's words mean, read through the word vectors of
// src/shared/word-vectors.ts (GloVe), cast for the nine starter categories. The classifier's
// starter vocabulary knows a few thousand words chosen by hand; the vectors place 40,000 words by
// how they are used in far more text than any labeled set, so a headline with no listed word
// ("Teammate praises midfield") still reads as sports. The vote is a small
// logistic regression over the story's meaning vector (one weight row per category), trained by
// scripts/train-category-vectors.ts on the labeled tuning sets and shipped in
// models/category-vectors.json. The classifier layer blends it with the naive Bayes
// probabilities: log P(bayes) + blend x log P(meaning), for the categories the model knows only.

import { readModelFile, wordVectors, type WordVectors } from '../shared/word-vectors.js';
import { contentWords, KnownWord, type StemmedWord } from './tokenize.js';

/** Next to src/ and dist/ alike, as the word vectors are. */
export const CATEGORY_VECTORS_FILE = new URL('../../models/category-vectors.json', import.meta.url);

/** A headline word counts this many times a summary word: the headline says what the story is. */
const HEADLINE_WEIGHT = 2;
/**
 * A word's weight is log(1 + rank) by its place in the GloVe vocabulary (most frequent first, from
 * 0): rarer words say more (Zipf: a word's frequency falls as 1 / rank, so this is its inverse
 * document frequency up to a constant) and "the" says nothing. Taken from the vectors' own order,
 * not from our labeled sets, so it holds for news they never saw. The vote alone, trained without
 * desk tuning part 7, filed 77.1% of it so; skipping the 100 most frequent words, 74.3%.
 */
const rarity = (row: number): number => Math.log1p(row);

/** What the vote reads of a story besides its meaning vector (the model file says which). */
export interface VoteFeatureSpec {
  /** Also the largest value of each dimension over the story's words (max-pooling): one telling word is not averaged away. */
  max?: boolean;
  /** Also the headline's meaning vector apart (zeros when the story has no summary). */
  headline?: boolean;
  /** Also this many hashed buckets of the story's word stems (stop words left out), as a count vector of the meaning vector's length. */
  hashed?: number;
}

/** The model file's content. */
export interface CategoryVectorsFile {
  /** How the model was made (the training script, its sets and settings). */
  about: string;
  dims: number;
  /** The blend weight of the vote beside the classifier's log probabilities. */
  blend: number;
  /** The vote's favourite is at most this far (nats, after the blend weight) ahead of any other category; src/categorize/index.ts. */
  cap?: number;
  /**
   * The cap where the classifier's words settle little (src/categorize/index.ts): none of them is
   * listed for the classifier's best category with a starter pseudo-count of `settle` or more and
   * nothing learned counts. Absent: cap everywhere.
   */
  openCap?: number;
  /** The starter pseudo-count (naive-bayes.ts: strong 12, medium 5, weak 2) from which a listed word settles the story; default 12 (strong). */
  settle?: number;
  /**
   * Short texts vote less surely: the logits are multiplied by n / (n + shrink), n the story's words
   * that have a vector, so a three-word headline's vote leans toward uniform. 0 or absent: no shrink.
   */
  shrink?: number;
  /** The meaning vector is unit length times this before the weights apply (every vector feature is). */
  scale: number;
  /** Features beyond the meaning vector; absent: the meaning vector alone. */
  features?: VoteFeatureSpec;
  categories: string[];
  /** A hidden layer (tanh), when there is one: per unit, one weight per feature then a bias. */
  hidden?: number[][];
  /** Per category, one weight per feature (or hidden unit) then a bias. */
  weights: number[][];
}

/**
 * The meaning vote puts its favourite at most this far (in nats) ahead of any other category: less
 * than one weak starter word (log 3, naive-bayes.ts). It tips the classifier's close calls and decides
 * a headline with no word the classifier knows, but never outvotes a word the starter vocabulary
 * lists or a word the fixed sources taught (the vectors read "my advice to Trump" as advice
 * columns, "fever" as illness). On desk tuning part 7, with the model trained without it: 80.2%
 * without the vote, 81.2% with the vote only where no word is known, 82.7% capped so, 84.5% uncapped,
 * the uncapped vote costing up to 2 points on other tuning parts left out of training.
 * The model file may set its own (cap); this is the cap when it gives none.
 */
export const DEFAULT_MEANING_CAP = 0.7;

/**
 * A word the starter vocabulary lists as strong (pseudo-count 12, naive-bayes.ts) for the classifier's
 * best settles a story: the vote keeps the small cap. --cv over desk tuning parts 1-11, open cap 3:
 * 91.64% mean settled so, 91.56% settled by a strong word of any category, 91.30% by a medium one,
 * 91.13% never opened.
 */
export const DEFAULT_SETTLE = 12;

/** The word's row in the vectors: a word of stemmedWords keeps its row in the process's vectors, looked up once, not once per story. */
function rowOf(word: StemmedWord, vectors: WordVectors, shared: boolean): number {
  if (!shared || !(word instanceof KnownWord)) return vectors.row(word.word);
  if (word.vectorRow === -2) word.vectorRow = vectors.row(word.word);
  return word.vectorRow;
}

/** Adds the story's weighted word vectors to sum; returns how many of its words have a vector. */
function meaningSum(sum: Float32Array, words: readonly StemmedWord[], headlineWords: number, vectors: WordVectors): number {
  let known = 0;
  const shared = vectors === wordVectors();
  for (let i = 0; i < words.length; i++) {
    const row = rowOf(words[i]!, vectors, shared);
    if (row <= 0) continue;
    vectors.addTo(sum, row, rarity(row) * (i < headlineWords ? HEADLINE_WEIGHT : 1));
    known++;
  }
  return known;
}

/** How many features a spec gives for vectors of the given dimensions. */
export function featureCount(spec: VoteFeatureSpec | undefined, dims: number): number {
  return dims * (1 + (spec?.max ? 1 : 0) + (spec?.headline ? 1 : 0)) + (spec?.hashed ?? 0);
}

/** A story's features for the vote, and how many of its words have a vector; undefined when none has. */
export interface VoteFeatures {
  x: Float32Array;
  known: number;
}

/** FNV-1a, 32 bits: the bucket of a hashed stem, the same on every machine. */
function bucketOf(stem: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stem.length; i++) {
    h ^= stem.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

/** Writes source at unit length times scale into target from at; false (nothing written) when source is zero. */
function normalizeInto(target: Float32Array, at: number, source: Float32Array, scale: number): boolean {
  let norm = 0;
  for (let d = 0; d < source.length; d++) norm += source[d]! * source[d]!;
  if (norm === 0) return false;
  const k = scale / Math.sqrt(norm);
  for (let d = 0; d < source.length; d++) target[at + d] = source[d]! * k;
  return true;
}

/** The features the vote reads (featureCount long): the meaning vector first, scaled, then what the spec adds. */
export function voteFeatures(
  words: readonly StemmedWord[],
  headlineWords: number,
  spec: VoteFeatureSpec | undefined,
  scale: number,
  vectors: WordVectors = wordVectors(),
): VoteFeatures | undefined {
  const dims = vectors.dims;
  const x = new Float32Array(featureCount(spec, dims));
  const sum = new Float32Array(dims);
  const known = meaningSum(sum, words, headlineWords, vectors);
  if (known === 0 || !normalizeInto(x, 0, sum, scale)) return undefined;
  let at = dims;
  const max = spec?.max ? new Float32Array(dims).fill(-Infinity) : undefined;
  // One word's vector at a time, for max-pooling only.
  const one = max ? new Float32Array(dims) : undefined;
  const headline = spec?.headline && headlineWords < words.length ? new Float32Array(dims) : undefined;
  const shared = vectors === wordVectors();
  for (let i = 0; (max || headline) && i < words.length; i++) {
    const row = rowOf(words[i]!, vectors, shared);
    if (row <= 0) continue;
    if (max && one) {
      one.fill(0);
      vectors.addTo(one, row, 1);
      for (let d = 0; d < dims; d++) if (one[d]! > max[d]!) max[d] = one[d]!;
    }
    if (headline && i < headlineWords) vectors.addTo(headline, row, rarity(row));
  }
  if (max) {
    for (let d = 0; d < dims; d++) x[at + d] = max[d]! * scale;
    at += dims;
  }
  if (spec?.headline) {
    if (headline) normalizeInto(x, at, headline, scale);
    at += dims;
  }
  if (spec?.hashed) {
    const counts = new Float32Array(spec.hashed);
    for (const { stem } of contentWords(words)) counts[bucketOf(stem, spec.hashed)]! += 1;
    normalizeInto(x, at, counts, scale);
  }
  return { x, known };
}

export class CategoryVectors {
  readonly categories: readonly string[];
  readonly blend: number;
  readonly cap: number;
  readonly openCap: number;
  readonly settle: number;
  readonly shrink: number;
  readonly scale: number;
  readonly dims: number;
  readonly features: VoteFeatureSpec | undefined;
  private readonly hidden: Float64Array[] | undefined;
  private readonly weights: Float64Array[];

  constructor(file: CategoryVectorsFile) {
    const inputs = featureCount(file.features, file.dims);
    const width = file.hidden ? file.hidden.length : inputs;
    if (
      file.weights.length !== file.categories.length ||
      file.weights.some((w) => w.length !== width + 1) ||
      file.hidden?.some((h) => h.length !== inputs + 1)
    ) {
      throw new Error(`${CATEGORY_VECTORS_FILE.pathname} does not match its own dimensions: retrain it (scripts/train-category-vectors.ts)`);
    }
    this.categories = file.categories;
    this.blend = file.blend;
    this.cap = file.cap ?? DEFAULT_MEANING_CAP;
    this.openCap = file.openCap ?? this.cap;
    this.settle = file.settle ?? DEFAULT_SETTLE;
    this.shrink = file.shrink ?? 0;
    this.scale = file.scale;
    this.dims = file.dims;
    this.features = file.features;
    this.hidden = file.hidden?.map((h) => Float64Array.from(h));
    this.weights = file.weights.map((w) => Float64Array.from(w));
  }

  /** The story's features as this model reads them; undefined when none of its words has a vector. */
  read(words: readonly StemmedWord[], headlineWords: number, vectors?: WordVectors): VoteFeatures | undefined {
    return voteFeatures(words, headlineWords, this.features, this.scale, vectors);
  }

  /** The logits of every category the model knows, before the shrink. */
  logits(x: Float32Array): number[] {
    let input: ArrayLike<number> = x;
    if (this.hidden) {
      const h = new Float64Array(this.hidden.length);
      for (let j = 0; j < this.hidden.length; j++) {
        const w = this.hidden[j]!;
        let z = w[x.length]!;
        for (let d = 0; d < x.length; d++) z += w[d]! * x[d]!;
        h[j] = Math.tanh(z);
      }
      input = h;
    }
    const n = input.length;
    return this.weights.map((w) => {
      let z = w[n]!;
      for (let d = 0; d < n; d++) z += w[d]! * input[d]!;
      return z;
    });
  }

  /**
   * Log probabilities of the given categories (those the model knows; others are skipped), from the
   * softmax over every category the model knows, not renormalized over the given ones: a story the
   * vote reads as a section that is not configured (a recipe where only sports and a custom
   * section are) gets a low share for every configured one, so it still falls back, instead of the
   * one configured section it knows winning at 1.00.
   */
  logProbabilities(story: VoteFeatures, categoryIds: readonly string[]): Map<string, number> {
    const t = this.shrink > 0 ? story.known / (story.known + this.shrink) : 1;
    const logits = this.logits(story.x).map((z) => z * t);
    const max = Math.max(...logits);
    let sum = 0;
    for (const z of logits) sum += Math.exp(z - max);
    const shift = max + Math.log(sum);
    const out = new Map<string, number>();
    for (const id of categoryIds) {
      const c = this.categories.indexOf(id);
      if (c >= 0) out.set(id, logits[c]! - shift);
    }
    return out;
  }
}

let shipped: CategoryVectors | undefined;

/** The shipped model, read on first use and shared by every Categorizer of the process. */
export function shippedCategoryVectors(): CategoryVectors {
  if (!shipped) {
    const model = new CategoryVectors(JSON.parse(readModelFile(CATEGORY_VECTORS_FILE).toString('utf8')) as CategoryVectorsFile);
    // Read here, as the categorizer is made, so a missing or rebuilt vectors file shows at start, not at the first story.
    const { dims } = wordVectors();
    if (dims !== model.dims) {
      throw new Error(`${CATEGORY_VECTORS_FILE.pathname} was trained on ${model.dims}-dimension word vectors, models/word-vectors.bin has ${dims}: retrain it (scripts/train-category-vectors.ts)`);
    }
    shipped = model;
  }
  return shipped;
}
