// What to tell a user whose source URL serves an HTML page instead of a feed (a blog's home
// page, a login wall, a parked domain): which feeds the page itself names in its
// <link rel="alternate" type="application/rss+xml" href> elements (the discovery convention of
// RSS, Atom and JSON Feed 1.1), resolved as a browser would, against the page's <base href>
// or the URL it was read from, so that the configuration can be fixed by copying the address.

import type { FeedmillError } from '../../shared/errors.js';
import { resolveWebUrl } from '../sanitize/index.js';
import { unsupportedFormat } from './errors.js';

const LINK_TAG = /<link\b[^>]*>/gi;
const BASE_TAG = /<base\b[^>]*>/i;
const FEED_TYPES = /^application\/(?:rss\+xml|atom\+xml|rdf\+xml|feed\+json|json)$/i;
/** A page may name many feeds (per category, per comment thread); the first few are enough. */
const NAMED = 3;

export function htmlPageError(page: string, url: string): FeedmillError {
  const feeds = alternateFeeds(page, url);
  if (feeds.length === 0) {
    return unsupportedFormat(
      url,
      'this URL serves an HTML page, not a feed, and the page names no feed (no <link rel="alternate"> of a feed type); find the site\'s feed address (often linked as RSS, or at /feed, /rss.xml or /atom.xml) and set it as the source\'s url',
    );
  }
  const more = feeds.length > NAMED ? ` and ${feeds.length - NAMED} more` : '';
  return unsupportedFormat(url, `this URL serves an HTML page, not a feed; its <link rel="alternate"> points to ${feeds.slice(0, NAMED).join(', ')}${more}`);
}

/** The distinct absolute feed addresses a page names, in page order. */
function alternateFeeds(page: string, url: string): string[] {
  const base = resolveWebUrl(attribute(BASE_TAG.exec(page)?.[0] ?? '', 'href'), url) ?? url;
  const feeds = new Set<string>();
  for (const [tag] of page.matchAll(LINK_TAG)) {
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    if (!rel.includes('alternate') || !FEED_TYPES.test(attribute(tag, 'type')?.trim() ?? '')) continue;
    const href = resolveWebUrl(decodeAmpersands(attribute(tag, 'href')), base);
    if (href) feeds.add(href);
  }
  return [...feeds];
}

/** An attribute of one tag, quoted or not, as HTML allows. */
function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** "&amp;" in an attribute is "&" (the one reference feed addresses carry: "?feed=rss2&amp;cat=3"). */
function decodeAmpersands(value: string | undefined): string | undefined {
  return value?.replace(/&amp;/gi, '&');
}
