// Which address relative links in an item resolve against. An xml:base (on the root, the
// channel or feed, the item or entry, the link or content element itself, each resolved against
// the one around it) is the feed's own answer and wins. Without one, the document's base is the
// URL it was read from, after redirects (RFC 3986, 5.1.3): never the feed's own <link>, which
// names the site, not the document (RFC 4287 relies on XML Base for this; JSON Feed 1.1 says
// nothing, so the general rule applies).
// HTML in RSS and JSON Feed items, which have no rule of their own, resolves against the item's
// link first: it was written for that page, so "photo.jpg" in a Hugo page bundle or "#notes"
// means that page's photo and that page's notes. Atom content follows RFC 4287 and XML Base.

import { resolveWebUrl } from '../sanitize/index.js';

export interface Bases {
  /** The innermost xml:base in force, resolved; undefined when the feed declared none. */
  declared?: string;
  /** Where relative addresses go without xml:base: the URL the document was read from. */
  documentUrl: string;
}

/** The bases inside an element that may carry its own xml:base. */
export function withXmlBase(bases: Bases, xmlBase: string | undefined): Bases {
  const declared = resolveWebUrl(xmlBase, linkBase(bases)) ?? bases.declared;
  return { declared, documentUrl: bases.documentUrl };
}

/** Where an element's links resolve: the xml:base in force, else the document's URL. */
export function linkBase(bases: Bases): string {
  return bases.declared ?? bases.documentUrl;
}

/** Where an RSS or JSON Feed item's HTML resolves: the xml:base in force, else the item's link, else the document's URL. */
export function itemHtmlBase(bases: Bases, itemLink: string | undefined): string {
  return bases.declared ?? itemLink ?? bases.documentUrl;
}
