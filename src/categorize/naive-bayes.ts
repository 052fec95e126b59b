// Layer 4: a multinomial naive Bayes classifier over the features of tokenize.ts, in log
// space with Laplace smoothing. A category's counts are the bundled starter vocabulary
// (pseudo-counts, kept in code so a fresh install already classifies) plus what feedmill
// has learned (read from Redis by learned-counts.ts). Only configured categories that have
// any counts take part, so the classifier never answers with a category nobody configured
// or one it knows nothing about.
//
// Deliberate departures from the textbook: features no category has ever seen are skipped
// (they carry no evidence, yet would favour whichever category has the fewest counts); the
// prior is uniform, because what is learned reflects which sources happen to be fixed to a
// category, not how news is really spread across categories; every category starts from the
// same mass (STARTER_MASS); learned counts are discounted by one (LEARNED_DISCOUNT); words of the
// summary count half as much as the headline's (SUMMARY_WEIGHT); learning adds at most one strong
// word's worth to a starter category's score (LEARNED_STORY_CAP); the words of a pair the starter
// vocabulary lists do not count again alone (withoutPhraseWords); while an angle of angles.ts
// fires, its category may count other categories' evidence as its own; and a tie goes to the
// category the headline's words speak for first (firstEvidence), not to the first configured.

import type { FiredAngle } from './angles.js';
import type { LearnedCounts } from './learned-counts.js';
import { STARTER_FORMS, STARTER_VOCABULARY, type StarterEntries } from './starter-vocabulary.js';
import { contentWords, pairStart } from './tokenize.js';

/** Laplace smoothing. */
const ALPHA = 1;
/**
 * Pseudo-counts of the three starter weights: how many learned stories each is worth. With
 * Laplace's 1 they make a word 3, 6 or 13 times likelier in its category than in one that
 * does not list it, so a few leaning words never outvote one that nearly settles the matter.
 */
const STARTER_COUNTS = { strong: 12, medium: 5, weak: 2 } as const;
/**
 * Absolute discounting of learned counts: a word seen in one story of a category is more
 * likely chance ("expect", "moved") than a sign of the category, and when only some
 * categories have fixed sources to learn from, such chance words would pull every story
 * towards the categories that happened to learn them.
 */
const LEARNED_DISCOUNT = 1;
/**
 * For a category with a starter vocabulary, all that was learned adds at most this much to a
 * story's score (in nats): as much as one strong starter word. What the fixed sources of one
 * category keep repeating (a sponsor's line, their beat's everyday words and word pairs no
 * starter lists) then tips close calls and decides stories the starter knows nothing of, but
 * never outvotes the words that settle another category: one source cannot pull other
 * sources' stories into its category. A category without a starter vocabulary has only what
 * it learned, so its learning is not capped (the per-source cap of learned-counts.ts bounds it).
 */
const LEARNED_STORY_CAP = Math.log(STARTER_COUNTS.strong + ALPHA);
/**
 * A word found only in the summary counts this much of one in the headline: the headline says
 * what the story is, the summary adds context (places, people, background) that often belongs
 * to another section.
 */
const SUMMARY_WEIGHT = 0.5;
/** log(count + ALPHA) of the small whole counts nearly every word has, computed once (the hot loop of classify). */
const LOG_TABLE = Float64Array.from({ length: 1024 }, (_, count) => Math.log(count + ALPHA));
const logCount = (count: number): number => (count < LOG_TABLE.length ? LOG_TABLE[count]! : Math.log(count + ALPHA));
/** How many words the reason names. */
const REASON_WORDS = 3;

/** Compiled once per process: every Categorizer (one per config reload) shares them. */
const compiledStarters = new Map<string, Map<string, number>>(
  Object.entries(STARTER_VOCABULARY).map(([id, entries]) => [id, compileStarter(entries, STARTER_FORMS[id])]),
);

function starterCounts(categoryId: string): ReadonlyMap<string, number> | undefined {
  return compiledStarters.get(categoryId);
}

/**
 * Every starter category gets the same total mass, the largest any of them lists, the rest
 * standing for words not listed. Otherwise each word of a long list would count for less
 * than one of a short list, and list length says how much was written, not how news reads.
 */
const STARTER_MASS = Math.max(
  ...[...compiledStarters.values()].map((counts) => {
    let total = 0;
    for (const count of counts.values()) total += count;
    return total;
  }),
);

/** Which of a text's features belong to some part of it. */
export interface FeatureSet {
  has(feature: string): boolean;
}

const NO_FEATURES: FeatureSet = { has: () => false };

export interface ClassifyOptions {
  /** Angles that fired on the text (angles.ts). */
  angles?: readonly FiredAngle[];
  /** Features that occur only in the summary, not in the headline. */
  summaryOnly?: FeatureSet;
}

export interface BayesResult {
  /** Participating categories, most probable first, with posterior probabilities summing to 1. */
  ranked: { id: string; probability: number }[];
  /** The words that most favoured the best category over the runner-up. */
  words: string[];
  /** The ranking the words alone give, when a dual angle fired (angles.ts). */
  withoutAngles?: { id: string; probability: number }[];
  /**
   * How much the words settle on their own: per participating category, the largest starter
   * pseudo-count (STARTER_COUNTS) it gives one of the known words, and whether any word counts more
   * for some category by what was learned. The meaning vote (index.ts) may move a story further
   * where they settle little.
   */
  evidence: { learned: boolean; strongest: Map<string, number> };
}

export class NaiveBayes {
  private readonly starter = new Map<string, ReadonlyMap<string, number>>();
  /** Every feature some configured category's starter vocabulary lists, with its count in each category (categoryIds' order). */
  private readonly starterVocabulary = new Map<string, number[]>();
  /** The row of a feature no starter vocabulary lists. */
  private readonly unlisted: readonly number[];
  /** The first stem of every pair in starterVocabulary. */
  private readonly pairStarts = new Set<string>();

  constructor(private readonly categoryIds: readonly string[]) {
    this.unlisted = new Array<number>(categoryIds.length).fill(0);
    categoryIds.forEach((id, c) => {
      const counts = starterCounts(id);
      if (!counts) return;
      this.starter.set(id, counts);
      for (const [feature, count] of counts) {
        let row = this.starterVocabulary.get(feature);
        if (!row) this.starterVocabulary.set(feature, (row = new Array<number>(categoryIds.length).fill(0)));
        row[c] = count;
      }
    });
    for (const feature of this.starterVocabulary.keys()) {
      const start = pairStart(feature);
      if (start !== undefined) this.pairStarts.add(start);
    }
  }

  /**
   * Whether classify() may count the feature: some configured category's starter vocabulary lists
   * it, or something was learned of it. classify() skips every other feature, so a map of the
   * features that pass is classified as the whole one is.
   */
  mayKnow(feature: string, learned: LearnedCounts): boolean {
    return this.starterVocabulary.has(feature) || learned.knows(feature);
  }

  /** Whether mayKnow() may hold for some pair of stems that starts with this one. */
  mayKnowPairFrom(stem: string, learned: LearnedCounts): boolean {
    return this.pairStarts.has(stem) || learned.pairsFrom(stem);
  }

  /**
   * Undefined when no category has counts or none of the features is known to any of them.
   * While an angle fires, each word counts for the angle's category with the larger of its own
   * count and its counts in the angle's `from` categories.
   */
  classify(features: ReadonlyMap<string, string>, learned: LearnedCounts, options: ClassifyOptions = {}): BayesResult | undefined {
    const { angles = [], summaryOnly = NO_FEATURES } = options;
    const participants = this.categoryIds.filter((id) => this.starter.has(id) || learned.total(id) > 0);
    if (participants.length === 0) return undefined;
    // Each known feature's starter and learned counts per participant, looked up once: rank() reads
    // them once per participant and again per lender, and a dual angle ranks twice.
    const positions = participants.map((id) => this.categoryIds.indexOf(id));
    // Commonly every category takes part: a row in categoryIds' order is then in participants' order already, and is read as it is.
    const row = participants.length === this.categoryIds.length ? (r: readonly number[]) => r : (r: readonly number[]) => positions.map((c) => r[c]!);
    const found: string[] = [];
    // Each found feature's starter row (undefined for one no starter vocabulary lists), looked up once.
    const foundStarterRows: (readonly number[] | undefined)[] = [];
    const learnedRows = new Map<string, readonly number[]>();
    for (const feature of features.keys()) {
      // The learned counts were read for the Categorizer's categories, which are this.categoryIds.
      const counts = learned.counts(feature);
      const learnedRow = counts && row(counts);
      const starterRow = this.starterVocabulary.get(feature);
      if (starterRow === undefined && !learnedRow?.some((count) => count > LEARNED_DISCOUNT)) continue;
      found.push(feature);
      foundStarterRows.push(starterRow);
      if (learnedRow) learnedRows.set(feature, learnedRow);
    }
    const inPhrase = phraseWords(found, foundStarterRows);
    const known: string[] = [];
    let learnedFired = false;
    const byCategory = new Array<number>(participants.length).fill(0);
    const starterRows: (readonly number[])[] = [];
    const countRows: (readonly number[])[] = [];
    for (let f = 0; f < found.length; f++) {
      const feature = found[f]!;
      if (inPhrase && !feature.includes(' ') && inPhrase.has(feature)) continue;
      known.push(feature);
      const starterRow = row(foundStarterRows[f] ?? this.unlisted);
      const learnedRow = learnedRows.get(feature);
      starterRows.push(starterRow);
      for (let c = 0; c < starterRow.length; c++) if (starterRow[c]! > byCategory[c]!) byCategory[c] = starterRow[c]!;
      if (learnedRow?.some((count) => count > LEARNED_DISCOUNT)) learnedFired = true;
      countRows.push(learnedRow ? starterRow.map((count, i) => count + Math.max(0, learnedRow[i]! - LEARNED_DISCOUNT)) : starterRow);
    }
    if (known.length === 0) return undefined;

    const borrowsFrom = new Map<string, string[]>();
    for (const { angle } of angles) {
      const from = angle.from.filter((id) => participants.includes(id));
      borrowsFrom.set(angle.category, [...(borrowsFrom.get(angle.category) ?? []), ...from]);
    }
    const rows = { starterRows, countRows };
    const weights = known.map((feature) => (summaryOnly.has(feature) ? SUMMARY_WEIGHT : 1));
    const ranked = this.rank(participants, learned, rows, borrowsFrom, weights);
    const { order, perFeature } = ranked;
    const best = order[0]!;
    const runnerUp = order[1];
    const words = runnerUp ? reasonWords(known, perFeature, participants.length, best.index, runnerUp.index).map((f) => features.get(f)!) : known.slice(0, REASON_WORDS).map((f) => features.get(f)!);
    const plain = ({ id, probability }: { id: string; probability: number }) => ({ id, probability });
    const result: BayesResult = { ranked: order.map(plain), words, evidence: { learned: learnedFired, strongest: new Map(participants.map((id, c) => [id, byCategory[c]!])) } };
    if (angles.some(({ angle }) => angle.dual)) result.withoutAngles = this.rank(participants, learned, rows, new Map(), weights).order.map(plain);
    return result;
  }

  /**
   * `weights`, like the rows, has one entry per known feature, in order; the returned perFeature
   * holds each feature's score per participant, feature by feature (k x participants + i).
   */
  private rank(
    participants: string[],
    learned: LearnedCounts,
    { starterRows, countRows }: { starterRows: readonly (readonly number[])[]; countRows: readonly (readonly number[])[] },
    borrowsFrom: ReadonlyMap<string, string[]>,
    weights: readonly number[],
  ) {
    const vocabularySize = this.starterVocabulary.size + learned.distinct;
    const n = participants.length;
    // One flat array and plain loops: a story's ranking allocated an array per feature and closures per category.
    const perFeature = new Float64Array(weights.length * n);
    const scores = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const id = participants[i]!;
      // A category without a starter vocabulary (a custom one that learns) counts as one
      // that lists nothing: with a smaller total, every word it has not seen would look
      // likelier in it than in the starter categories, and it would swallow their stories.
      const total = STARTER_MASS + learned.total(id);
      const denominator = Math.log(total + ALPHA * vocabularySize);
      const borrowed = borrowsFrom.get(id);
      const lenders = borrowed === undefined ? NO_LENDERS : borrowed.map((lender) => participants.indexOf(lender));
      let fromStarter = 0;
      let fromLearning = 0;
      for (let k = 0; k < weights.length; k++) {
        const weight = weights[k]!;
        const starterRow = starterRows[k]!;
        const countRow = countRows[k]!;
        let starterCount = starterRow[i]!;
        let count = countRow[i]!;
        for (const lender of lenders) {
          starterCount = Math.max(starterCount, starterRow[lender]!);
          count = Math.max(count, countRow[lender]!);
        }
        const starter = logCount(starterCount);
        const all = logCount(count);
        perFeature[k * n + i] = (all - denominator) * weight;
        fromStarter += (starter - denominator) * weight;
        fromLearning += (all - starter) * weight;
      }
      scores[i] = fromStarter + (this.starter.has(id) ? Math.min(LEARNED_STORY_CAP, fromLearning) : fromLearning);
    }

    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const leads = firstEvidence(perFeature, n);
    // The categories tied at the bottom, most often those no word speaks for, keep their order.
    const least = Math.min(...exps) / sum;
    const order = participants
      .map((id, i) => ({ id, probability: exps[i]! / sum, index: i }))
      .sort((a, b) => {
        // Equal evidence, summed in another order, may differ in its last bits.
        if (Math.abs(a.probability - b.probability) > TIE) return b.probability - a.probability;
        // A tie means the angle's category borrowed all its evidence from the other: the angle decides.
        const borrowed = Number(borrowsFrom.has(b.id)) - Number(borrowsFrom.has(a.id));
        if (borrowed || a.probability - least <= TIE) return borrowed;
        return leads(a.index) - leads(b.index);
      });
    return { order, perFeature };
  }
}

const NO_LENDERS: readonly number[] = [];

/** Probabilities closer than this are a tie. */
const TIE = 1e-9;

/**
 * Where the evidence for each category starts: the first feature that favours it over some other
 * category. A headline names its subject first ("Dating apps lose their spark as singles ...",
 * "Nissan to close two factories in Japan"), so of two categories the words support equally the
 * one whose word comes first wins, not the one listed first in the config. Worked out once, at
 * the first tie above the bottom.
 */
function firstEvidence(perFeature: Float64Array, n: number): (category: number) => number {
  let leads: number[] | undefined;
  return (category) => {
    if (!leads) {
      const features = perFeature.length / n;
      const found = (leads = new Array<number>(n).fill(features));
      for (let k = 0; k < features; k++) {
        let least = Number.POSITIVE_INFINITY;
        for (let c = 0; c < n; c++) least = Math.min(least, perFeature[k * n + c]!);
        for (let c = 0; c < n; c++) if (perFeature[k * n + c]! > least && found[c] === features) found[c] = k;
      }
    }
    return leads[category]!;
  };
}

/**
 * A word pair the starter vocabulary lists says what its words mean there ("net zero", "box
 * office", "red sea"): its words do not count again on their own, where they would mean
 * something else ("net" and "goals" in sport). The words of such pairs among the found features
 * (each with its starter row, undefined when no starter vocabulary lists it), or undefined for none.
 */
function phraseWords(found: readonly string[], starterRows: readonly (readonly number[] | undefined)[]): Set<string> | undefined {
  let inPhrase: Set<string> | undefined;
  for (let f = 0; f < found.length; f++) {
    const feature = found[f]!;
    const space = feature.indexOf(' ');
    if (space > 0 && starterRows[f] !== undefined) (inPhrase ??= new Set()).add(feature.slice(0, space)).add(feature.slice(space + 1));
  }
  return inPhrase;
}

/**
 * The REASON_WORDS features with the largest positive lead of the best category over the runner-up,
 * largest first, the earlier feature first among equal leads (what a stable sort of them all by
 * lead gives), picked in one pass.
 */
function reasonWords(known: readonly string[], perFeature: Float64Array, n: number, best: number, runnerUp: number): string[] {
  const top: { f: string; lead: number }[] = [];
  for (let k = 0; k < known.length; k++) {
    const lead = perFeature[k * n + best]! - perFeature[k * n + runnerUp]!;
    if (!(lead > 0)) continue;
    if (top.length === REASON_WORDS && lead <= top[REASON_WORDS - 1]!.lead) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.lead < lead) at--;
    top.splice(at, 0, { f: known[k]!, lead });
    if (top.length > REASON_WORDS) top.pop();
  }
  return top.map((x) => x.f);
}

/**
 * Turns weighted entries into pseudo-counts keyed like tokenize.ts's features: a word by its
 * stem, a phrase by each bigram of its content words, a form of the headline by its feature.
 */
function compileStarter(entries: StarterEntries, forms: Readonly<Record<string, keyof StarterEntries>> = {}): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [form, weight] of Object.entries(forms)) counts.set(form, STARTER_COUNTS[weight]);
  const add = (feature: string, count: number) => {
    counts.set(feature, Math.max(counts.get(feature) ?? 0, count));
  };
  for (const weight of ['strong', 'medium', 'weak'] as const) {
    for (const entry of entries[weight].split(',')) {
      const stems = contentWords(entry).map((w) => w.stem);
      // A phrase or hyphenated compound that stop words or single letters shrink to one word
      // ("the hague", "most-watched", "x-ray", "in-laws") meant the whole, not the leftover word
      // ("watch", "ray", "law"), so it adds nothing. Pairing stop words ("deadline day") keep their pair.
      if (stems.length === 1 && !/[\s-]/.test(entry.trim())) add(stems[0]!, STARTER_COUNTS[weight]);
      for (let i = 1; i < stems.length; i++) add(`${stems[i - 1]} ${stems[i]}`, STARTER_COUNTS[weight]);
    }
  }
  return counts;
}
