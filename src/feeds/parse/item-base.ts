// Which address relative links in an item resolve against. An xml:base (on the root, the
// channel or feed, the item or entry, or the content element itself) is the feed's own answer
// and wins. Without one, the item's own link: its HTML was written for that page, so
// "photo.jpg" in a Hugo page bundle or "#notes" means that page's photo and that page's notes.
// The feed's link, then the feed's URL, come last.

import { resolveWebUrl } from '../sanitize/index.js';

export interface Bases {
  /** The innermost xml:base in force, resolved; undefined when the feed declared none. */
  declared?: string;
  /** Where relative addresses go without xml:base or an item link: the feed's link or URL. */
  fallback: string;
}

/** The bases inside an element that may carry its own xml:base. */
export function withXmlBase(bases: Bases, xmlBase: string | undefined): Bases {
  const declared = resolveWebUrl(xmlBase, bases.declared ?? bases.fallback) ?? bases.declared;
  return { declared, fallback: bases.fallback };
}

/** Where an element's links resolve: the xml:base in force, else the feed's link or URL. */
export function linkBase(bases: Bases): string {
  return bases.declared ?? bases.fallback;
}

/** Where an item's HTML resolves: the xml:base in force, else the item's link, else the feed's. */
export function htmlBase(bases: Bases, itemLink: string | undefined): string {
  return bases.declared ?? itemLink ?? bases.fallback;
}
