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
import { KnownWord, type StemmedWord } from './tokenize.js';

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

/** The model file's content. */
export interface CategoryVectorsFile {
  /** How the model was made (the training script, its sets and settings). */
  about: string;
  dims: number;
  /** The blend weight of the vote beside the classifier's log probabilities. */
  blend: number;
  /** The meaning vector is unit length times this before the weights apply. */
  scale: number;
  categories: string[];
  /** Per category, dims weights then a bias. */
  weights: number[][];
}

/** A story's meaning: the weighted sum of its words' vectors, unit length; undefined when it has no known word. */
export function meaningVector(words: readonly StemmedWord[], headlineWords: number, vectors: WordVectors = wordVectors()): Float32Array | undefined {
  const sum = new Float32Array(vectors.dims);
  let any = false;
  // A word of stemmedWords keeps its row in the process's vectors: looked up once, not once per story.
  const shared = vectors === wordVectors();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let row: number;
    if (shared && word instanceof KnownWord) {
      if (word.vectorRow === -2) word.vectorRow = vectors.row(word.word);
      row = word.vectorRow;
    } else row = vectors.row(word.word);
    if (row <= 0) continue;
    vectors.addTo(sum, row, rarity(row) * (i < headlineWords ? HEADLINE_WEIGHT : 1));
    any = true;
  }
  if (!any) return undefined;
  let norm = 0;
  for (let d = 0; d < sum.length; d++) norm += sum[d]! * sum[d]!;
  if (norm === 0) return undefined;
  const inverse = 1 / Math.sqrt(norm);
  for (let d = 0; d < sum.length; d++) sum[d]! *= inverse;
  return sum;
}

export class CategoryVectors {
  readonly categories: readonly string[];
  readonly blend: number;
  private readonly scale: number;
  readonly dims: number;
  private readonly weights: Float64Array[];

  constructor(file: CategoryVectorsFile) {
    if (file.weights.length !== file.categories.length || file.weights.some((w) => w.length !== file.dims + 1)) {
      throw new Error(`${CATEGORY_VECTORS_FILE.pathname} does not match its own dimensions: retrain it (scripts/train-category-vectors.ts)`);
    }
    this.categories = file.categories;
    this.blend = file.blend;
    this.scale = file.scale;
    this.dims = file.dims;
    this.weights = file.weights.map((w) => Float64Array.from(w));
  }

  /**
   * Log probabilities of the given categories (those the model knows; others are skipped), from the
   * softmax over every category the model knows, not renormalized over the given ones: a story the
   * vote reads as a section that is not configured (a recipe where only sports and a custom
   * section are) gets a low share for every configured one, so it still falls back, instead of the
   * one configured section it knows winning at 1.00.
   */
  logProbabilities(meaning: Float32Array, categoryIds: readonly string[]): Map<string, number> {
    const logits = this.weights.map((w) => {
      let z = 0;
      for (let d = 0; d < this.dims; d++) z += w[d]! * meaning[d]!;
      return z * this.scale + w[this.dims]!;
    });
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
