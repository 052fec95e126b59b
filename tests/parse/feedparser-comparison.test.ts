// feedmill against Python's feedparser, the reference liberal reader, on the real-world corpus
// (tests/fixtures/feeds/real-world): every entry feedparser reads with a title and an absolute
// link must be found by feedmill under the same link and the same title (whitespace, markup and
// character references aside: feedmill decodes references a generator escaped twice, as in
// Reddit's titles, where feedparser shows them). Feedburner entries match under either the
// redirector link feedparser gives or the publisher's origLink feedmill prefers. Each feed is
// read as if fetched from the address it gives for itself (its rel="self" link), since feedmill
// resolves relative item links against the feed's own link where feedparser uses the document's
// address. Where the two read an entry differently on purpose, the divergence is listed below
// with its reason, and the test checks that it still happens, so that the list stays true. feedparser is Debian's python3-feedparser through /usr/bin/python3 (another
// python3 may come first on PATH); CI installs it. Without it, this describe block does not run
// and says why.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { ParsedFeed } from '../../src/shared/types.js';
import { FIXTURES } from './fixture-files.js';

const FOLDER = path.join(FIXTURES, 'real-world');
const PYTHON = '/usr/bin/python3';
const NOW = Date.parse('2026-12-01T00:00:00Z');
/** Above any corpus feed's length, so that the cap does not count as a miss. */
const MAX_ITEMS = 10_000;

// HTML- and XHTML-typed titles come back as markup; their text is what a reader shows.
const SCRIPT = String.raw`
import feedparser, html, json, re, sys
out = {}
for path, url in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(path, 'rb') as f:
        data = f.read()
    headers = {'content-location': url}
    if path.endswith('.json'):
        headers['content-type'] = 'application/feed+json'
    d = feedparser.parse(data, response_headers=headers)
    entries = []
    for e in d.entries:
        title = e.get('title')
        if title is not None:
            if (e.get('title_detail') or {}).get('type') in ('text/html', 'application/xhtml+xml'):
                title = re.sub(r'<[^>]*>', '', title)
            title = html.unescape(title)
        entries.append({'title': title, 'link': e.get('link'), 'origLink': e.get('feedburner_origlink')})
    out[path] = entries
print(json.dumps(out))
`;

interface FeedparserEntry {
  title?: string;
  link?: string;
  origLink?: string;
}

/** Entries feedmill reads otherwise on purpose, by feed and the link feedparser reports, with why. */
const DIVERGENCES: Record<string, Record<string, string>> = {
  'atom-namespace-prefix.xml': {
    'https://observatory.example/2026/11/leonids-night-two':
      'a relative entry link without xml:base: feedparser resolves it against the document (RFC 4287), feedmill against the feed\'s alternate link, /log/, where the feed\'s other entries live',
  },
  'wordpress-broken-entities.xml': {
    'https://cortado.example/?p=412%E2%8C%A9=en': 'feedparser expands "&lang" in "?p=412&lang=en" to "〈" (an HTML entity without its ";"); browsers and feedmill keep the query parameter',
    'https://cortado.example/?p=398%E2%8C%A9=en': 'the same "&lang=" expansion',
  },
};

function feedparserAvailable(): { ok: boolean; why: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status === 0) return { ok: true, why: '' };
  return { ok: false, why: `${PYTHON} cannot import feedparser (${probe.error?.message ?? probe.stderr?.trim().split('\n').pop()}); install python3-feedparser` };
}

const cases = readdirSync(FOLDER)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .sort();
const SELF_LINK = /<(?:[\w.-]+:)?link\b(?=[^>]*\brel=["']self["'])[^>]*\bhref=["'](https?:[^"']+)["']/;
/** Where the feed says it lives, else a fixture address. */
const urlOf = (name: string) => SELF_LINK.exec(readFileSync(path.join(FOLDER, name), 'utf8'))?.[1] ?? `https://fixtures.example/real-world/${name}`;
const available = feedparserAvailable();
if (!available.ok) console.warn(`feedmill vs feedparser comparison not run: ${available.why}`);

function readAllWithFeedparser(): Map<string, FeedparserEntry[]> {
  const args = cases.flatMap((name) => [path.join(FOLDER, name), urlOf(name)]);
  const result = spawnSync(PYTHON, ['-c', SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`feedparser failed: ${result.error?.message ?? result.stderr}`);
  const byPath = JSON.parse(result.stdout) as Record<string, FeedparserEntry[]>;
  return new Map(cases.map((name) => [name, byPath[path.join(FOLDER, name)] ?? []]));
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

function absoluteLink(link: string | undefined): string | undefined {
  if (!link || !/^https?:\/\//i.test(link)) return undefined;
  try {
    return new URL(link).href;
  } catch {
    return undefined;
  }
}

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
