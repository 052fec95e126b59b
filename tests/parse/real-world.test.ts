// Feeds as real generators write them (WordPress, Blogger, Medium, Substack, Ghost, YouTube,
// Reddit, GitHub, Mastodon, podcasts, Feedburner, Hugo, Jekyll, arXiv, Drupal, news sites,
// micro.blog, .NET SyndicationFeed, AtomPub, static-site JSON Feeds 1.0 and 1.1) and the quirks
// they come with (HTML entities and bare "&", unclosed tags, truncated uploads, DOCTYPE
// entities, prefixed RSS, Atom inside an HTML template, ids as links, episodes or notices that
// all link to one page, items told apart by a #fragment), each against what a reader of that
// feed would say it contains: tests/fixtures/feeds/real-world/<case>.expected.json.
// feedparser-comparison.test.ts reads the same corpus with Python's feedparser.
// The fixtures imitate each generator's structure, namespaces and habits; the text is made up.
// Each is read as if fetched from the address it gives for itself (rel="self", JSON Feed's
// feed_url), since relative links resolve against the URL a document was read from.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { selfLinkOf } from '../support/feedparser.js';
import { FIXTURES } from './fixture-files.js';

const FOLDER = path.join(FIXTURES, 'real-world');
/** After every date in the corpus, so that none is clamped to the poll time. */
const NOW = Date.parse('2026-12-01T00:00:00Z');
const update = process.env.UPDATE_FIXTURES === '1';

const cases = readdirSync(FOLDER)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .sort();

async function describeCase(name: string): Promise<unknown> {
  const text = readFileSync(path.join(FOLDER, name), 'utf8');
  const feed = await parseFeed(text, { url: documentUrlOf(name, text), now: NOW });
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const items = feed.items.map((item) => ({ ...item, published: iso(item.published), updated: iso(item.updated) }));
  return JSON.parse(JSON.stringify({ ...feed, items }));
}

function documentUrlOf(name: string, text: string): string {
  const feedUrl = name.endsWith('.json') ? /"feed_url"\s*:\s*"(https?:[^"]+)"/.exec(text)?.[1] : undefined;
  return selfLinkOf(text) ?? feedUrl ?? `https://fixtures.example/real-world/${name}`;
}

describe('real-world feeds parse to what their readers would expect', () => {
  test('the corpus is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)('%s', async (name) => {
    const expectedFile = path.join(FOLDER, name.replace(/\.(xml|json)$/, '.expected.json'));
    const actual = await describeCase(name);
    if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
