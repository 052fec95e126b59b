// feedmill against Python's feedparser, the reference liberal reader, on the real-world corpus
// (tests/fixtures/feeds/real-world): every entry feedparser reads with a title and an absolute
// link must be found by feedmill under the same link and the same title (whitespace, markup and
// character references aside: feedmill decodes references a generator escaped twice, as in
// Reddit's titles, where feedparser shows them). Feedburner entries match under either the
// redirector link feedparser gives or the publisher's origLink feedmill prefers. Each feed is
// read as if fetched from the address it gives for itself (its rel="self" link), since both
// resolve relative item links against the document's address. Where the two read an entry differently on purpose, the divergence is listed with its
// reason in tests/support/feedparser.ts, and this test checks that it still happens, so that the
// list stays true. Without feedparser, this describe block does not run and says why.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { ParsedFeed } from '../../src/shared/types.js';
import { absoluteLink, DIVERGENCES, feedparserAvailable, type FeedparserEntry, readWithFeedparser, selfLinkOf } from '../support/feedparser.js';
import { FIXTURES } from './fixture-files.js';

const FOLDER = path.join(FIXTURES, 'real-world');
const NOW = Date.parse('2026-12-01T00:00:00Z');
/** Above any corpus feed's length, so that the cap does not count as a miss. */
const MAX_ITEMS = 10_000;

const cases = readdirSync(FOLDER)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .sort();
/** Where the feed says it lives, else a fixture address. */
const urlOf = (name: string) => selfLinkOf(readFileSync(path.join(FOLDER, name), 'utf8')) ?? `https://fixtures.example/real-world/${name}`;
const available = feedparserAvailable();
if (!available.ok) console.warn(`feedmill vs feedparser comparison not run: ${available.why}`);

function readAllWithFeedparser(): Map<string, FeedparserEntry[]> {
  const read = readWithFeedparser(cases.map((name) => ({ file: path.join(FOLDER, name), url: urlOf(name) })));
  return new Map(cases.map((name) => [name, read.get(path.join(FOLDER, name)) ?? []]));
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The entries feedparser reads with a title and an absolute link that feedmill does not have under that link and title, by link. */
function missing(feed: ParsedFeed, entries: FeedparserEntry[]): { counted: number; missed: string[] } {
  const ours = new Set(feed.items.map((item) => `${item.link}\n${words(item.title)}`));
  let counted = 0;
  const missed: string[] = [];
  for (const entry of entries) {
    const link = absoluteLink(entry.link);
    if (!link || !entry.title?.trim()) continue;
    counted++;
    const title = words(entry.title);
    const links = [link, absoluteLink(entry.origLink)].filter((l) => l !== undefined);
    if (!links.some((l) => ours.has(`${l}\n${title}`))) missed.push(link);
  }
  return { counted, missed };
}

describe.runIf(available.ok)('feedmill finds every entry feedparser finds in the real-world corpus', () => {
  const read = available.ok ? readAllWithFeedparser() : new Map<string, FeedparserEntry[]>();
  let matched = 0;
  let found = 0;
  let divergent = 0;

  test.each(cases)('%s', async (name) => {
    const feed = await parseFeed(readFileSync(path.join(FOLDER, name), 'utf8'), { url: urlOf(name), now: NOW, maxItems: MAX_ITEMS });
    const { counted, missed } = missing(feed, read.get(name)!);
    found += counted;
    matched += counted - missed.length;
    divergent += missed.length;
    expect(missed.sort()).toEqual(Object.keys(DIVERGENCES[name] ?? {}).sort());
  });

  test('the figure over the whole corpus', () => {
    console.info(
      `feedparser comparison: ${matched}/${found} entries matched on ${cases.length} real-world feeds; ${divergent} read otherwise on purpose (listed)`,
    );
    expect(found).toBeGreaterThan(cases.length);
    expect(matched + divergent).toBe(found);
  });
});
