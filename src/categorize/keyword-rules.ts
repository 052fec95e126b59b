// Layer 3: each category's keyword and phrase rules from the config. Terms match whole
// words only ("exit" does not fire inside "Brexit"), ignore case, and a phrase matches
// across any run of whitespace. A category's score is the sum of weight x occurrences;
// any of its `exclude` terms in the text vetoes the category's rules for that item.
// Every pattern is compiled once, when the Categorizer is built.

import type { CategoryConfig } from '../shared/config.js';

export interface RuleHit {
  term: string;
  count: number;
}

export interface RuleMatch {
  categoryId: string;
  score: number;
  hits: RuleHit[];
}

interface CompiledTerm {
  term: string;
  weight: number;
  pattern: RegExp;
}

interface CompiledCategory {
  id: string;
  terms: CompiledTerm[];
  exclude: RegExp | undefined;
}

export class KeywordRules {
  private readonly categories: CompiledCategory[];

  constructor(categories: readonly CategoryConfig[]) {
    this.categories = categories
      .filter((c) => c.keywords.length > 0)
      .map((c) => ({
        id: c.id,
        terms: c.keywords.map((k) => ({ term: k.term, weight: k.weight, pattern: wholeWords([k.term], 'giu') })),
        // Not global: a global pattern's `test` would resume from the previous item's lastIndex.
        exclude: c.exclude.length > 0 ? wholeWords(c.exclude, 'iu') : undefined,
      }));
  }

  /** Categories whose rules fire on the text, best score first. */
  match(text: string): RuleMatch[] {
    const matches: RuleMatch[] = [];
    for (const category of this.categories) {
      if (category.exclude?.test(text)) continue;
      let score = 0;
      const hits: RuleHit[] = [];
      for (const { term, weight, pattern } of category.terms) {
        const count = text.match(pattern)?.length ?? 0;
        if (count === 0) continue;
        score += weight * count;
        hits.push({ term, count });
      }
      if (score > 0) matches.push({ categoryId: category.id, score, hits });
    }
    return matches.sort((a, b) => b.score - a.score);
  }
}

/** One pattern matching any of the terms as whole words ('g' lets `match` count occurrences). */
function wholeWords(terms: readonly string[], flags: string): RegExp {
  const alternatives = terms.map((term) =>
    term
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  );
  // Lookarounds instead of \b: \b is ASCII-only and fails next to "é" or after "C++".
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, flags);
}
