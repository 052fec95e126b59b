// Where the feed is in an XML document, for the two shapes whose root is not a feed's:
// - an Atom entry document (RFC 4287, 4.1.2: <entry> as the root, one entry and no feed):
//   read as an Atom feed of that one entry;
// - a feed inside an HTML page (a CMS template around the feed, a saved "view source"):
//   the first <rss>, <rdf:RDF> or Atom <feed> element in it is read, and the feed is
//   reported as RECOVERED. A feed shown escaped as text (&lt;feed&gt;) is not a feed.
// An HTML page without a feed inside is refused here, naming the feeds the page links to (html-page.ts).
// Anything else is for detect-format.ts to name.

import type { ParseWarning } from '../../shared/types.js';
import { newlinesOf } from './errors.js';
import { htmlPageError } from './html-page.js';
import { scanXml, type XmlOutline } from './scan-xml.js';
import { unwrappedWarning } from './warnings.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const HTML_ROOTS = new Set(['html', 'head', 'body']);
const EMBEDDED_FEED = /<(rss|rdf:RDF|(?:[\w.-]+:)?feed)[\s>]/g;

export interface FeedDocument {
  text: string;
  outline: XmlOutline;
  warning?: ParseWarning;
}

export function findFeedDocument(text: string, url: string): FeedDocument {
  const outline = scanXml(text, url);
  const [prefix, local] = splitName(outline.root);
  if (local === 'entry' && declaresAtom(outline.rootTag, prefix)) return wrapEntry(text, outline, prefix, url);
  if (HTML_ROOTS.has(outline.root.toLowerCase())) {
    const inner = embeddedFeed(text);
    if (inner !== undefined) {
      const unwrapped = scanXml(inner, url);
      return { text: inner, outline: unwrapped, warning: unwrappedWarning('an HTML page') };
    }
    throw htmlPageError(text, url);
  }
  return { text, outline };
}

function wrapEntry(text: string, outline: XmlOutline, prefix: string, url: string): FeedDocument {
  const start = text.indexOf(outline.rootTag);
  const feed = prefix ? `${prefix}:feed` : 'feed';
  const xmlns = prefix ? `xmlns:${prefix}` : 'xmlns';
  // The prolog's lines stay as newlines, so that error lines match the publisher's document.
  const wrapped = `${newlinesOf(text.slice(0, start))}<${feed} ${xmlns}="${ATOM}">${text.slice(start)}</${feed}>`;
  return { text: wrapped, outline: scanXml(wrapped, url) };
}

/** The first feed element of an HTML page up to its last closing tag (or the end), with the lines before it kept as newlines. */
function embeddedFeed(text: string): string | undefined {
  for (const m of text.matchAll(EMBEDDED_FEED)) {
    const name = m[1]!;
    const tagEnd = text.indexOf('>', m.index);
    if (tagEnd === -1) return undefined;
    const tag = text.slice(m.index, tagEnd + 1);
    const [prefix, local] = splitName(name);
    if (local === 'feed' && !declaresAtom(tag, prefix)) continue;
    const close = text.lastIndexOf(`</${name}>`);
    const end = close > m.index ? close + name.length + 3 : text.length;
    return newlinesOf(text.slice(0, m.index)) + text.slice(m.index, end);
  }
  return undefined;
}

function declaresAtom(tag: string, prefix: string): boolean {
  const attribute = prefix ? `xmlns:${prefix}` : 'xmlns';
  return new RegExp(`\\s${attribute.replace('.', '\\.')}\\s*=\\s*["']${ATOM}["']`).test(tag);
}

function splitName(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon > 0 ? [name.slice(0, colon), name.slice(colon + 1)] : ['', name];
}
