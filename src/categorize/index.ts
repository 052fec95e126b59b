// Categorization: the stage between dedupe and store. Each story gets one or more of the
// configured categories, best first, each with the layer that decided and a reason a user
// can read (`feedmill explain`). Layers, first confident one wins:
//   1. source  - the source is fixed to a category in the config;
//   2. tags    - the item's own categories/tags are aliases of a category (aliases.ts);
//   3. rules   - the config's keyword and phrase rules fire (keyword-rules.ts);
//   4. bayes   - the naive Bayes classifier is at least minConfidence sure (naive-bayes.ts), with
//                the angles of angles.ts filing a story where a desk would (animal research under
//                science, weather abroad under world, ...), and forms of the headline that words do not
//                carry (the writer's own first person, a letter to a columnist, "how to") as features;
//                and the meaning vote of word vectors (meaning.ts) tipping close calls and filing a
//                headline none of whose words the classifier knows (categorize.wordVectors);
//   5. fallback - defaults.category.
// With maxCategories > 1 the deciding layer may add runners-up scoring at least
// threshold x the best score, and a dual angle (climate policy: science, then politics, world or
// business as its words read) adds that second section when it is close (categorize.secondSection).
// Stories whose category is certain (fixed source, a tag alias, a strong rule) train the
// classifier through learnFrom, within per-source and per-category bounds.

import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import type { Keys } from '../shared/keys.js';
import type { CategoryAssignment } from '../shared/types.js';
import { AliasTable } from './aliases.js';
import { firedAngles, type FiredAngle } from './angles.js';
import { KeywordRules } from './keyword-rules.js';
import { defineLearnedCountCommands, LearnedCountsCache, recordLearned, type LearnedStory } from './learned-counts.js';
import { shippedCategoryVectors, type CategoryVectors } from './meaning.js';
import { NaiveBayes, type BayesResult, type FeatureSet } from './naive-bayes.js';
import { plainText } from './plain-text.js';
import { features, firstPerson, isMixedCase, serviceForm, stemmedWords, type FeatureFilter, type StemmedWord } from './tokenize.js';

export interface CategorizeInput {
  title: string;
  /** Sanitized HTML or plain text. */
  summary?: string;
  tags: string[];
  /** The source's fixed category, if the config gives it one. */
  sourceCategory?: string;
  /** The source's id, named in the reason of a fixed category. */
  sourceId?: string;
}

type CategorizeConfig = Pick<Config, 'categories' | 'categorize' | 'defaults'>;

/** A rule score at least this high, with no other category's rules firing, is certain enough to learn from. */
const STRONG_RULE_SCORE = 2;

export class Categorizer {
  private readonly categoryIds: string[];
  private readonly aliases: AliasTable;
  private readonly rules: KeywordRules;
  private readonly bayes: NaiveBayes;
  private readonly learned: LearnedCountsCache;
  /** The meaning vote (meaning.ts), unless categorize.wordVectors turns it off. */
  private readonly meaning: CategoryVectors | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly config: CategorizeConfig,
    meaning?: CategoryVectors,
  ) {
    this.meaning = config.categorize.wordVectors ? (meaning ?? shippedCategoryVectors()) : undefined;
    this.categoryIds = config.categories.map((c) => c.id);
    this.aliases = new AliasTable(config.categories);
    this.rules = new KeywordRules(config.categories);
    this.bayes = new NaiveBayes(this.categoryIds);
    defineLearnedCountCommands(redis);
    this.learned = new LearnedCountsCache(redis, keys, this.categoryIds);
  }

  /**
   * One Redis round trip for the whole batch. Each result is ordered best first, never empty.
   * A text the classifier decides is split into words once, for its features and its angles.
   */
  async classify(inputs: CategorizeInput[]): Promise<CategoryAssignment[][]> {
    const texts = inputs.map(textOf);
    const undecided = inputs.map((input, i) => this.decideWithoutClassifier(input, texts[i]!));
    if (undecided.every((d) => d)) return undecided as CategoryAssignment[][];
    const learned = await this.learned.read();
    // Of a story's features, the classifier reads only those it may know: the others are never built into its maps.
    const known: FeatureFilter = {
      keeps: (feature) => this.bayes.mayKnow(feature, learned),
      pairsFrom: (stem) => this.bayes.mayKnowPairFrom(stem, learned),
    };
    return undecided.map((decided, i) => {
      if (decided) return decided;
      const input = inputs[i]!;
      const { all, headline, headlineWords } = splitWords(input, texts[i]!, known);
      const angles = firedAngles(all, this.categoryIds);
      const summaryOnly = summaryOnlyFeatures(headline);
      const bayes = this.bayes.classify(withForms(features(all, known), input.title, headline), learned, { angles, summaryOnly });
      // An angle files a story where a desk would, against what its words mean: the vote stays out.
      return this.decideByClassifier(angles.length > 0 ? bayes : this.withMeaning(bayes, all, headlineWords), angles);
    });
  }

  /**
   * Trains the classifier on the inputs whose category is certain: a fixed source, tags that
   * all point at one category, or a strong rule no other category's rules compete with.
   * Classifier and fallback results are never learned from, so the classifier cannot feed
   * on its own mistakes. Each source counts for at most categorize.learnPerSource stories in a
   * category (teaching past it halves what the category learned, so learning keeps adapting), and
   * each category keeps at most categorize.maxLearnedWords words, so that neither
   * one source nor time can grow the counts without bound. Returns how many inputs it learned
   * from; one round trip.
   */
  async learnFrom(inputs: CategorizeInput[], results: CategoryAssignment[][]): Promise<number> {
    if (!this.config.categorize.learn) return 0;
    const stories: LearnedStory[] = [];
    inputs.forEach((input, i) => {
      const best = results[i]?.[0];
      if (!best || !this.categoryIds.includes(best.id)) return;
      const text = textOf(input);
      if (this.isCertain(best, input, text)) {
        stories.push({ categoryId: best.id, sourceId: input.sourceId ?? 'unnamed', features: features(text).keys() });
      }
    });
    const { learnPerSource: perSource, maxLearnedWords: maxWords } = this.config.categorize;
    return recordLearned(this.redis, this.keys, stories, { perSource, maxWords });
  }

  private isCertain(best: CategoryAssignment, input: CategorizeInput, text: string): boolean {
    switch (best.layer) {
      case 'source':
        return input.sourceCategory === best.id;
      case 'tags': {
        const matches = this.aliases.match(input.tags);
        return matches.length > 0 && matches.every((m) => m.categoryId === best.id);
      }
      case 'rules': {
        const matches = this.rules.match(text);
        return matches.length === 1 && matches[0]!.categoryId === best.id && matches[0]!.score >= STRONG_RULE_SCORE;
      }
      default:
        return false;
    }
  }

  private decideWithoutClassifier(input: CategorizeInput, text: string): CategoryAssignment[] | undefined {
    if (input.sourceCategory && this.categoryIds.includes(input.sourceCategory)) {
      const source = input.sourceId ? `source "${input.sourceId}"` : 'the source';
      return [{ id: input.sourceCategory, score: 1, layer: 'source', reason: `${source} is fixed to ${input.sourceCategory}` }];
    }
    const tagMatches = this.aliases.match(input.tags);
    if (tagMatches.length > 0) {
      const byCategory = new Map<string, string[]>();
      for (const { categoryId, tag } of tagMatches) byCategory.set(categoryId, [...(byCategory.get(categoryId) ?? []), tag]);
      const ranked = [...byCategory].map(([id, tags]) => ({
        id,
        score: tags.length,
        layer: 'tags' as const,
        reason: tags.map((t) => `tag "${t}" is an alias of ${id}`).join('; '),
      }));
      return this.keepBest(ranked.sort((a, b) => b.score - a.score));
    }
    const ruleMatches = this.rules.match(text);
    if (ruleMatches.length > 0) {
      return this.keepBest(
        ruleMatches.map(({ categoryId, score, hits }) => ({
          id: categoryId,
          score,
          layer: 'rules' as const,
          reason: `keywords: ${hits.map((h) => (h.count > 1 ? `${h.term} (x${h.count})` : h.term)).join(', ')}`,
        })),
      );
    }
    return undefined;
  }

  /**
   * The classifier's result with the meaning vote blended in: each category the model knows scores
   * log P(bayes) + blend x log P(meaning), at most the model's cap below the vote's favourite (its
   * open cap when the words settle little: none listed strong for the classifier's best and
   * nothing learned counting, where the classifier's score is a near-guess); one it
   * does not know (a custom category) scores as the favourite does, so the vote never pushes a
   * story out of it. With no word the classifier knows, the vote alone ranks the categories it
   * knows. Unchanged when the vote is off or no word has a vector.
   */
  private withMeaning(bayes: BayesResult | undefined, split: readonly StemmedWord[], headlineWords: number): ClassifierResult | undefined {
    const model = this.meaning;
    if (!model) return bayes;
    const story = model.read(split, headlineWords);
    if (!story) return bayes;
    const votes = model.logProbabilities(story, bayes ? bayes.ranked.map((r) => r.id) : this.categoryIds);
    if (votes.size === 0) return bayes;
    const [topId, topLog] = [...votes].reduce((a, b) => (b[1] > a[1] ? b : a));
    const meaning = { id: topId, probability: Math.exp(topLog) };
    if (!bayes) {
      const ranked = [...votes].map(([id, log]) => ({ id, probability: Math.exp(log) })).sort((a, b) => b.probability - a.probability);
      return { ranked, words: [], evidence: { learned: false, strongest: new Map() }, meaning, meaningAlone: true };
    }
    const top = model.blend * topLog;
    // The classifier's best is settled by a word listed strong for it (or by anything learned): the small cap; else it is near a guess.
    const { strongest, learned } = bayes.evidence;
    const cap = learned || (strongest.get(bayes.ranked[0]!.id) ?? 0) >= model.settle ? model.cap : model.openCap;
    // A category the model does not know gets the favourite's share: the vote never outvotes it.
    const scores = bayes.ranked.map(({ id, probability }) => {
      const vote = votes.get(id);
      return Math.log(Math.max(probability, Number.MIN_VALUE)) + (vote === undefined ? top : Math.max(model.blend * vote, top - cap));
    });
    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    // Sorted stably: equal scores keep the classifier's order, with its tie rules.
    const ranked = bayes.ranked.map(({ id }, i) => ({ id, probability: exps[i]! / sum })).sort((a, b) => b.probability - a.probability);
    // The words are why the classifier's best beat its runner-up: said only when that is still the best.
    const words = ranked[0]!.id === bayes.ranked[0]!.id ? bayes.words : [];
    return { ...bayes, ranked, words, meaning, ...(cap > model.cap ? { openCap: cap } : {}) };
  }

  private decideByClassifier(result: ClassifierResult | undefined, angles: readonly FiredAngle[]): CategoryAssignment[] {
    const fallback = this.config.defaults.category;
    const best = result?.ranked[0];
    if (!result || !best) {
      return [{ id: fallback, score: 0, layer: 'fallback', reason: 'no layer decided: no source category, tag, rule or known word' }];
    }
    if (best.probability < this.config.categorize.minConfidence) {
      const shown = `${best.id} ${best.probability.toFixed(2)}`;
      return [
        {
          id: fallback,
          score: 0,
          layer: 'fallback',
          reason: `no layer was confident (classifier best: ${shown} < ${this.config.categorize.minConfidence})`,
        },
      ];
    }
    // The words are why the best beat the runner-up, so only the best names them.
    const words = result.words.length > 0 ? ` (words: ${result.words.join(', ')})` : '';
    const angle = angles.find((a) => a.angle.category === best.id);
    const why = angle ? `; angle: ${angle.angle.label} (${angle.words.join(' + ')})` : '';
    const open = result.openCap === undefined ? '' : ` (no word settles it: cap ${result.openCap})`;
    const meaning = result.meaning ? `meaning: ${result.meaning.id} ${result.meaning.probability.toFixed(2)}${open}` : '';
    const first = result.meaningAlone ? `${meaning} (no word the starter vocabulary lists)` : `${words}${why}${meaning && `; ${meaning}`}`;
    // keepBest's choice, made on the scores first, so that only the assignments kept get a reason.
    const { maxCategories, threshold } = this.config.categorize;
    const bestScore = round(best.probability);
    const kept = [0];
    for (let rank = 1; rank < Math.min(result.ranked.length, maxCategories); rank++) {
      const score = round(result.ranked[rank]!.probability);
      if (score > 0 && score >= threshold * bestScore) kept.push(rank);
    }
    const assignments: CategoryAssignment[] = kept.map((rank) => {
      const { id, probability } = result.ranked[rank]!;
      return {
        id,
        score: round(probability),
        layer: 'bayes' as const,
        reason: result.meaningAlone ? (rank === 0 ? first : `meaning: ${probability.toFixed(2)}`) : `classifier: ${probability.toFixed(2)}${rank === 0 ? first : ''}`,
      };
    });
    const second = angle && this.secondSection(angle, result);
    return second && !assignments.some((a) => a.id === second.id) ? [assignments[0]!, second, ...assignments.slice(1)] : assignments;
  }

  /**
   * The second section of a dual angle: the section the words alone chose, when it is one the
   * angle took evidence from and the words alone scored it at least threshold x their best.
   */
  private secondSection(angle: FiredAngle, result: BayesResult): CategoryAssignment | undefined {
    if (!this.config.categorize.secondSection || !angle.angle.dual || !result.withoutAngles) return undefined;
    const [plainBest] = result.withoutAngles;
    const second = result.withoutAngles.find((r) => angle.angle.from.includes(r.id));
    if (!plainBest || !second || second.probability < this.config.categorize.threshold * plainBest.probability) return undefined;
    return {
      id: second.id,
      score: round(second.probability),
      layer: 'bayes',
      reason: `second section of ${angle.angle.label}: its words alone give ${second.id} ${second.probability.toFixed(2)}`,
    };
  }

  /** The best assignment, plus runners-up within threshold x best when maxCategories allows. */
  private keepBest(ranked: CategoryAssignment[]): CategoryAssignment[] {
    const { maxCategories, threshold } = this.config.categorize;
    const best = ranked[0]!;
    return [best, ...ranked.slice(1, maxCategories).filter((a) => a.score > 0 && a.score >= threshold * best.score)];
  }
}

/** The classifier's result, with the meaning vote when it took part. */
interface ClassifierResult extends BayesResult {
  /** The category the meaning vote favours, with its own probability. */
  meaning?: { id: string; probability: number };
  /** The vote's cap when it was opened, the classifier's words settling little (meaning.ts openCap). */
  openCap?: number;
  /** No word the classifier knows: the meaning vote alone ranked the categories. */
  meaningAlone?: boolean;
}

/**
 * The text's features with the headline's forms (a first person telling, a service form), which are the
 * headline's own: with a summary, they join the headline's features too, so they count in full.
 */
function withForms(found: Map<string, string>, title: string, headline: Map<string, string> | undefined): Map<string, string> {
  for (const form of [firstPerson(title), serviceForm(title)]) {
    if (!form) continue;
    found.set(...form);
    headline?.set(...form);
  }
  return found;
}

/**
 * Of the text's features, those the headline does not have, when there is a summary: asked only
 * about the few features the classifier knows, so no set of them all is built.
 */
function summaryOnlyFeatures(headline: ReadonlyMap<string, string> | undefined): FeatureSet {
  return { has: (feature) => headline !== undefined && !headline.has(feature) };
}

/**
 * The words of textOf(input), and with a summary the headline's features: headline and summary
 * are split once each, and the headline's words serve both.
 */
function splitWords(
  input: CategorizeInput,
  text: string,
  keep?: FeatureFilter,
): { all: StemmedWord[]; headline?: Map<string, string>; headlineWords: number } {
  if (!input.summary) {
    const all = stemmedWords(text);
    return { all, headlineWords: all.length };
  }
  const mixedCase = isMixedCase(text);
  const title = stemmedWords(input.title, mixedCase);
  const all = title.concat(stemmedWords(text.slice(input.title.length + 1), mixedCase));
  // Alone, the headline reads "WHO" by its own case.
  return { all, headline: features(mixedCase === isMixedCase(input.title) ? title : input.title, keep), headlineWords: title.length };
}

/**
 * The words of a story as the classifier layer gives them to the meaning vote (meaning.ts), and how
 * many are the headline's; for scripts/train-category-vectors.ts, which trains the vote on them.
 */
export function storyWords(input: CategorizeInput): { words: StemmedWord[]; headlineWords: number } {
  const { all, headlineWords } = splitWords(input, textOf(input));
  return { words: all, headlineWords };
}

function textOf(input: CategorizeInput): string {
  return input.summary ? `${input.title}\n${plainText(input.summary)}` : input.title;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
