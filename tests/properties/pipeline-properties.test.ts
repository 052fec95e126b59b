// Property-based tests (fast-check) over the pure stages with generated and mutated feed
// documents: parse never fails with anything but a FeedmillError, sanitized HTML never carries
// a script or an event handler, dedupe's canonical links and text signatures are stable, and
// every rendered feed is well-formed (xmllint, JSON.parse) with nothing executable in it, nor in
// the index page. Run counts are kept small so that the suite stays fast; a failure prints the
// seed and the shrunk document, which reproduce it.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalLink } from '../../src/dedupe/canonical-link.js';
import { isNearDuplicate, textSignature } from '../../src/dedupe/near-duplicate.js';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { renderFeed } from '../../src/feeds/render/index.js';
import { sanitizeHtml } from '../../src/feeds/sanitize/index.js';
import { feedCatalog } from '../../src/server/catalog.js';
import { renderIndexPage, type PageStory } from '../../src/server/index-page.js';
import { parseConfig } from '../../src/shared/config.js';
import { isFeedmillError } from '../../src/shared/errors.js';
import type { ParsedItem, Story } from '../../src/shared/types.js';
import { xmllintErrors } from '../output/independent-parsers.js';
import { outputConfig, T0 } from '../output/stories.js';
import { feedDocument, htmlFragment, mutatedFeedDocument } from './feed-documents.js';

const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);
const BASE = 'https://gen.example/feed.xml';

// Executable markup, as a browser reads HTML: in tags and attributes, not in escaped text (a
// story may well say "&lt;script&gt;" in words, which DANGEROUS, a plain-text check, would flag).
const EXECUTABLE = [
  /<\s*(script|iframe|object|embed|form|input|style|meta|base|link|svg|math)\b/i,
  /<[a-z][^>]*\son[a-z]+\s*=/i,
  /<[a-z][^>]*\s(href|src|action|formaction|xlink:href|background|poster)\s*=\s*["']?\s*(javascript|vbscript|data:text)/i,
  /<[a-z][^>]*\sstyle\s*=[^>]*(expression|javascript|url)\s*\(/i,
];

/** Executable markup in an HTML string: a script tag, an event handler, a javascript: URL, ... */
function dangerIn(html: string): RegExp | undefined {
  return EXECUTABLE.find((pattern) => pattern.test(html));
}

async function parseOrFeedmillError(text: string) {
  try {
    return await parseFeed(text, { url: BASE, now: NOW });
  } catch (err) {
    if (!isFeedmillError(err)) throw new Error(`parse threw a non-FeedmillError: ${String(err)}`, { cause: err });
    return undefined;
  }
}

/** The HTML payloads of an RSS or Atom document (description, content:encoded, summary, content), XML-decoded. */
function htmlElements(xml: string): string[] {
  const found: string[] = [];
  for (const match of xml.matchAll(/<(description|content:encoded|summary|content)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const body = match[2] ?? '';
    found.push(body.startsWith('<![CDATA[') ? body.slice(9, -3).replace(/\]\]\]\]><!\[CDATA\[>/g, ']]>') : decodeXml(body));
  }
  return found;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[name] !== undefined) return named[name];
    return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
  });
}

function toStory(item: ParsedItem, n: number): Story {
  return {
    id: `s${n}`,
    title: item.title,
    link: item.link ?? `https://gen.example/${n}`,
    summary: item.summary,
    content: item.content,
    authors: item.authors,
    tags: item.tags,
    enclosures: item.enclosures,
    published: item.published ?? T0,
    updated: item.updated ?? item.published ?? T0,
    firstSeen: T0,
    sources: [{ id: 'gen', title: 'Generated', link: item.link ?? '', guid: item.guid, firstSeen: T0 }],
    categories: [{ id: 'world', score: 1, layer: 'source', reason: 'generated' }],
  };
}

describe('parse', () => {
  test('generated and mutated documents parse or fail with a FeedmillError; stored HTML is never executable', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFeedDocument, async (text) => {
        const feed = await parseOrFeedmillError(text);
        for (const item of feed?.items ?? []) {
          for (const html of [item.summary, item.content]) if (html) expect(dangerIn(html), html).toBeUndefined();
          if (item.link) expect(item.link).toMatch(/^https?:\/\//);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sanitize', () => {
  test('any fragment comes out without scripts, event handlers or dangerous URLs, and never throws', () => {
    fc.assert(
      fc.property(htmlFragment, (html) => {
        const clean = sanitizeHtml(html, BASE);
        expect(dangerIn(clean), clean).toBeUndefined();
        // Sanitizing what the sanitizer let through changes nothing dangerous either (a second pass is what a reader's own sanitizer does).
        expect(dangerIn(sanitizeHtml(clean, BASE))).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('dedupe', () => {
  test('canonical links are stable: canonicalizing twice changes nothing, and tracking parameters never survive', () => {
    const tracking = fc.constantFrom('utm_source=x', 'utm_medium=rss', 'fbclid=abc', 'gclid=1');
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), tracking, (url, param) => {
        const tracked = `${url}${url.includes('?') ? '&' : '?'}${param}`;
        const once = canonicalLink(tracked);
        expect(canonicalLink(once)).toBe(once);
        expect(once).not.toContain(param);
        expect(canonicalLink(url)).toBe(canonicalLink(tracked.replace(/#.*$/, '')).replace(/#.*$/, ''));
      }),
      { numRuns: 300 },
    );
  });

  test('a text signature is deterministic and a text is always its own near-duplicate', () => {
    const words = fc.array(fc.stringMatching(/^[a-z]{3,9}$/), { minLength: 12, maxLength: 60 });
    fc.assert(
      fc.property(words, words, (title, body) => {
        const a = textSignature(title.join(' '), body.join(' '));
        const b = textSignature(title.join(' '), body.join(' '));
        expect(a).toEqual(b);
        // Even at the strictest threshold: identical texts share every shingle.
        if (a) expect(isNearDuplicate(a, a, 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('render', () => {
  const config = parseConfig('categories: [{ id: world, title: World }]\n', 'feedmill.yaml', {});
  const catalog = feedCatalog(config);
  const emptyPage = renderIndexPage(config, catalog, { now: NOW, stories: {} });
  const scriptsOnEmptyPage = (emptyPage.match(/<script/gi) ?? []).length;

  test('every feed rendered from parsed documents is well-formed and carries nothing executable; nor does the index page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(feedDocument, mutatedFeedDocument), async (text) => {
        const feed = await parseOrFeedmillError(text);
        const stories = (feed?.items ?? []).map(toStory);
        const category = { id: 'world', title: 'World <b>&</b>', description: 'd' };
        for (const format of ['rss', 'atom'] as const) {
          const xml = renderFeed(format, category, stories, outputConfig());
          expect(xmllintErrors(xml, `feed.${format}`)).toBe('');
          // Once the XML layer is decoded, the HTML a reader renders is still harmless.
          for (const html of htmlElements(xml)) expect(dangerIn(html), html).toBeUndefined();
        }
        // JSON Feed's `summary` is plain text by the spec; `content_html` is the HTML.
        const json = JSON.parse(renderFeed('json', category, stories, outputConfig())) as { items: { content_html?: string }[] };
        for (const entry of json.items) if (entry.content_html) expect(dangerIn(entry.content_html), entry.content_html).toBeUndefined();

        const pageStories: PageStory[] = stories.map((s) => ({ title: s.title, url: s.link, published: s.published, sources: ['Generated <i>'] }));
        const page = renderIndexPage(config, catalog, { now: NOW, stories: { world: pageStories, all: pageStories } });
        expect((page.match(/<script/gi) ?? []).length).toBe(scriptsOnEmptyPage);
        // Story text may spell out markup; as text it is escaped. No tag carries a handler or a script URL.
        expect(page).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
        expect(page).not.toMatch(/<[a-z][^>]*(href|src)="\s*javascript:/i);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
