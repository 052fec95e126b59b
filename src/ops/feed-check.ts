// `feedmill sources check <url>`: the pipeline's own fetch, decode and parse stages run once on
// a candidate feed, before it is added, plus the category the categorizer would most often give
// its items. Nothing is stored: no source state, no stories, no learning.
import type { Redis } from 'ioredis';
import { Categorizer } from '../categorize/index.js';
import { decodeFeedBody } from '../feeds/decode/index.js';
import { closeFetchAgents, fetchFeed } from '../feeds/fetch/index.js';
import { fetchOptionsFrom } from '../feeds/fetch/from-config.js';
import { parseFeed } from '../feeds/parse/index.js';
import type { Config } from '../shared/config.js';
import { Keys } from '../shared/keys.js';
import type { CategoryLayer, FeedFormat, ParseWarning } from '../shared/types.js';

export interface FeedCheck {
  url: string;
  /** Where the body was finally read from, when redirects moved it. */
  finalUrl: string;
  status: number;
  title?: string;
  format: FeedFormat;
  items: number;
  /** RECOVERED or TRUNCATED: the feed reads, but its publisher should hear about it. */
  warnings?: ParseWarning[];
  newest?: { title: string; link?: string; published?: number };
  suggestion: CategorySuggestion;
}

export type CategorySuggestion =
  | { category: string; items: number; of: number; layers: Partial<Record<CategoryLayer, number>> }
  | { category: null; reason: string };

/**
 * Fetches and parses `url` now; throws the stage's FeedmillError when either fails.
 * `redis` is the categorizer's (its learned counts); without it there is no suggestion.
 */
export async function checkFeed(url: string, config: Config, redis: Redis | undefined): Promise<FeedCheck> {
  const now = Date.now();
  // The poll worker's limits, but private addresses allowed: the operator typed this URL on their own machine.
  const fetched = await fetchFeed(url, {}, { ...fetchOptionsFrom(config), privateAddresses: 'allow' }).finally(closeFetchAgents);
  // No validators were sent, so a 304 cannot happen; the type still allows it.
  if (fetched.kind !== 'ok') throw new Error(`unexpected ${fetched.status} without a conditional request`);
  const feed = await parseFeed(decodeFeedBody(fetched.body, fetched.contentType), { url: fetched.url, now, maxItems: config.parse.maxItems });
  const newest = [...feed.items].sort((a, b) => (b.published ?? 0) - (a.published ?? 0))[0];
  return {
    url,
    finalUrl: fetched.url,
    status: fetched.status,
    title: feed.title,
    format: feed.format,
    items: feed.items.length,
    warnings: feed.warnings,
    newest: newest && { title: newest.title, link: newest.link, published: newest.published },
    suggestion: redis
      ? await suggestCategory(new Categorizer(redis, new Keys(config.redis.prefix), config), feed.items)
      : { category: null, reason: 'Redis unavailable (the categorizer reads what it has learned from Redis)' },
  };
}

/** The category at least half the items would get; the fallback counts as no opinion. */
async function suggestCategory(
  categorizer: Categorizer,
  items: { title: string; summary?: string; tags: string[] }[],
): Promise<CategorySuggestion> {
  if (items.length === 0) return { category: null, reason: 'the feed has no items' };
  const results = await categorizer.classify(items.map((i) => ({ title: i.title, summary: i.summary, tags: i.tags })));
  const votes = new Map<string, { items: number; layers: Partial<Record<CategoryLayer, number>> }>();
  for (const [best] of results) {
    if (!best || best.layer === 'fallback') continue;
    const vote = votes.get(best.id) ?? { items: 0, layers: {} };
    vote.items++;
    vote.layers[best.layer] = (vote.layers[best.layer] ?? 0) + 1;
    votes.set(best.id, vote);
  }
  const winner = [...votes].sort((a, b) => b[1].items - a[1].items)[0];
  if (!winner) return { category: null, reason: `no item matched a category (all ${items.length} would go to the fallback)` };
  // A category most items do not share says little about the feed (a tech feed's one match of a sports word).
  if (winner[1].items * 2 < items.length) {
    return { category: null, reason: `no majority (best: ${winner[0]} for ${winner[1].items} of ${items.length} items)` };
  }
  return { category: winner[0], items: winner[1].items, of: items.length, layers: winner[1].layers };
}
