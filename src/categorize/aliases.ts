// Layer 2: the item's own categories and tags, as feeds write them ("Premier League",
// "Sci/Tech", "tv & radio"), mapped to configured categories. A tag matches a category's
// id, its title, one of its configured aliases, or an entry of the bundled table below,
// ignoring case, accents, spaces and punctuation. Bundled entries whose category is not
// configured are dropped, so a tag can only ever point at a configured category.

import type { CategoryConfig } from '../shared/config.js';
import { withoutMarks } from '../shared/text.js';

/** Tags that news feeds commonly use, by the starter category they mean. */
const BUNDLED_ALIASES: Record<string, readonly string[]> = {
  politics: [
    'politics', 'political news', 'government', 'elections', 'election', 'us politics', 'uk politics', 'congress',
    'parliament', 'white house', 'westminster', 'capitol hill', 'campaign', 'policy', 'democracy', 'supreme court',
    'eu politics', 'politics and government', 'us elections', 'midterms',
  ],
  world: [
    'world', 'world news', 'international', 'international news', 'global', 'global news', 'foreign affairs',
    'foreign policy', 'europe', 'asia', 'asia pacific', 'africa', 'middle east', 'americas', 'latin america',
    'south asia', 'australia', 'china', 'india', 'ukraine', 'russia', 'israel', 'diplomacy', 'conflict', 'war',
    'world affairs', 'worldnews',
  ],
  business: [
    'business', 'business news', 'economy', 'economics', 'the economy', 'markets', 'market', 'finance', 'money',
    'companies', 'corporate', 'stocks', 'investing', 'personal finance', 'industry', 'trade', 'banking', 'jobs',
    'careers', 'earnings', 'real estate', 'property', 'startups', 'retail', 'energy', 'small business',
    'wall street', 'commodities', 'crypto', 'cryptocurrency',
  ],
  science: [
    'science', 'sciences', 'space', 'astronomy', 'physics', 'biology', 'chemistry', 'environment', 'climate',
    'climate change', 'nature', 'research', 'archaeology', 'earth science', 'palaeontology', 'paleontology',
    'science news', 'space exploration', 'wildlife', 'oceans', 'evolution', 'genetics', 'neuroscience',
  ],
  technology: [
    'technology', 'tech', 'tech news', 'gadgets', 'internet', 'ai', 'artificial intelligence', 'machine learning',
    'cybersecurity', 'privacy', 'software', 'hardware', 'computing', 'mobile', 'smartphones', 'apps',
    'science and technology', 'scitech', 'sci tech', 'innovation', 'social media', 'big tech', 'programming',
    'open source', 'consumer tech', 'personal tech',
  ],
  health: [
    'health', 'health news', 'medicine', 'medical', 'healthcare', 'health care', 'wellness', 'mental health',
    'public health', 'nutrition', 'fitness', 'coronavirus', 'covid', 'covid19', 'pandemic', 'diseases', 'cancer',
    'nhs', 'health and wellness', 'well', 'wellbeing',
  ],
  sports: [
    'sport', 'sports', 'football', 'soccer', 'nfl', 'nba', 'mlb', 'nhl', 'mls', 'wnba', 'ncaa', 'college football',
    'college basketball', 'premier league', 'champions league', 'la liga', 'serie a', 'bundesliga', 'ligue 1',
    'tennis', 'golf', 'cricket', 'rugby', 'rugby union', 'rugby league', 'formula 1', 'formula one', 'f1',
    'motorsport', 'nascar', 'olympics', 'boxing', 'mma', 'ufc', 'cycling', 'athletics', 'baseball', 'basketball',
    'hockey', 'ice hockey', 'world cup', 'euro 2024', 'transfer news', 'horse racing', 'wrestling', 'swimming',
  ],
  entertainment: [
    'entertainment', 'entertainment news', 'movies', 'movie', 'film', 'films', 'cinema', 'tv', 'television',
    'tv and radio', 'music', 'celebrity', 'celebrities', 'celebrity news', 'arts', 'arts and culture', 'culture',
    'books', 'gaming', 'video games', 'streaming', 'hollywood', 'theater', 'theatre', 'showbiz', 'comedy',
    'awards', 'oscars', 'k pop', 'pop culture', 'reality tv',
  ],
  lifestyle: [
    'lifestyle', 'life', 'life and style', 'living', 'style', 'fashion', 'beauty', 'food', 'food and drink',
    'recipes', 'cooking', 'travel', 'home', 'home and garden', 'gardening', 'interiors', 'design', 'relationships',
    'parenting', 'family', 'shopping', 'pets', 'wine', 'restaurants', 'weddings', 'dating', 'self care', 'trends',
  ],
};

export interface TagMatch {
  categoryId: string;
  tag: string;
}

/** Tag forms compare equal when they differ only in case, accents, spacing or punctuation. */
export function normalizeTag(tag: string): string {
  return withoutMarks(tag)
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export class AliasTable {
  private readonly byTag = new Map<string, string>();

  constructor(categories: readonly CategoryConfig[]) {
    const configured = new Set(categories.map((c) => c.id));
    // Bundled entries first, so that a category's own config wins a clash.
    for (const [categoryId, tags] of Object.entries(BUNDLED_ALIASES)) {
      if (!configured.has(categoryId)) continue;
      for (const tag of tags) this.byTag.set(normalizeTag(tag), categoryId);
    }
    for (const category of categories) {
      for (const tag of [category.id, category.title, ...category.aliases]) {
        this.byTag.set(normalizeTag(tag), category.id);
      }
    }
  }

  /** Every tag that means a configured category. Hierarchical tags ("News > Sport", "Sci/Tech") are tried whole, then part by part. */
  match(tags: readonly string[]): TagMatch[] {
    const matches: TagMatch[] = [];
    for (const tag of tags) {
      const whole = this.byTag.get(normalizeTag(tag));
      if (whole) {
        matches.push({ categoryId: whole, tag });
        continue;
      }
      for (const part of tag.split(/[/>|,:]+/)) {
        const categoryId = this.byTag.get(normalizeTag(part));
        if (categoryId) {
          matches.push({ categoryId, tag });
          break;
        }
      }
    }
    return matches;
  }
}
