// Which feed format a document is, from its content alone: the root element and its version
// and namespace for XML, the "version" (or, without a known one, the "items") for JSON Feed.
// Content types and URLs lie too often to be trusted (feeds served as text/html, Atom at /rss.xml).

import type { FeedFormat } from '../../shared/types.js';
import { unsupportedFormat } from './errors.js';
import type { XmlOutline } from './scan-xml.js';

const RSS_090_NAMESPACE = 'http://my.netscape.com/rdf/simple/0.9/';
const ATOM_03_NAMESPACE = 'http://purl.org/atom/ns#';

/** Root names are matched exactly: they are what rss-parser looks for in the parsed tree. */
export function detectXmlFormat(outline: XmlOutline, url: string): FeedFormat {
  const { root } = outline;
  const version = attribute(outline.rootTag, 'version');
  if (root === 'rss') {
    if (version === '0.91') return 'rss0.91';
    // 0.93 and 0.94 were drafts between 0.92 and 2.0 that read like 0.92.
    if (version === '0.92' || version === '0.93' || version === '0.94') return 'rss0.92';
    if (version === '0.90' || version === '0.9') return 'rss0.90';
    return 'rss2.0';
  }
  if (root === 'rdf:RDF') {
    return outline.rootTag.includes(RSS_090_NAMESPACE) ? 'rss0.90' : 'rss1.0';
  }
  if (root === 'feed') {
    return version === '0.3' || outline.rootTag.includes(ATOM_03_NAMESPACE) ? 'atom0.3' : 'atom1.0';
  }
  throw unsupportedFormat(url, `XML with root element <${outline.root}> is not RSS, RDF or Atom`);
}

/**
 * JSON Feed by its version: "https://jsonfeed.org/version/1" and ".../1.1" as the spec writes
 * them, and what generators write instead ("1.0", "1.1", "https://jsonfeed.org/version/1.0",
 * another string, none at all) when the document has the "items" array of a feed. A JSON
 * document with neither is not a feed.
 */
export function detectJsonFormat(document: unknown, url: string): FeedFormat {
  const { version, items } = (document && typeof document === 'object' ? document : {}) as { version?: unknown; items?: unknown };
  const written = typeof version === 'string' ? version.trim() : undefined;
  const m = written === undefined ? undefined : /^(?:https?:\/\/jsonfeed\.org\/version\/)?v?(1(?:\.\d+)?)\/?$/i.exec(written);
  if (m) return m[1] === '1' || m[1] === '1.0' ? 'json1.0' : 'json1.1';
  if (Array.isArray(items) && (written === undefined || !/^https?:/i.test(written) || /jsonfeed\.org/i.test(written))) return 'json1.1';
  throw unsupportedFormat(url, 'JSON, but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1" and no "items" array)');
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1]?.trim();
}
