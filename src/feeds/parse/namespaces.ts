// Namespace prefixes are the feed author's choice: "atom:link", "atom10:link" and "a:link" are
// the same element, arXiv writes "syn:" where others write "sy:", and an Atom feed may be
// written "<atom:feed xmlns:atom=...>" throughout. The mappers read elements by their usual
// prefix, so before the tree is built every prefix a document binds to a namespace feedmill
// reads is renamed to that usual prefix; in an Atom document, Atom's own elements lose theirs.

import type { XmlOutline } from './scan-xml.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const ATOM_03 = 'http://purl.org/atom/ns#';

/** The usual prefix of each namespace the mappers read, by namespace URI; "" for RSS's own elements. */
const USUAL_PREFIX: Record<string, string> = {
  // RSS written with a prefix throughout ("<rss:item>", no default namespace) reads like plain
  // RSS; the RSS 2.0 namespaces are ones Userland and Harvard once published.
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  [ATOM]: 'atom',
  [ATOM_03]: 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://search.yahoo.com/mrss/': 'media',
  // Without the trailing slash is a common misspelling that readers accept.
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
};

// Declarations are looked for in the whole document, not only on the root: Feedburner binds
// "atom10" on each <atom10:link> itself. The first binding of a prefix counts.
const DECLARATION = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g;

export type ElementNaming = (name: string) => string;

/** How to rename the document's element names, or undefined when every prefix is already the usual one. */
export function usualNames(text: string, outline: XmlOutline): ElementNaming | undefined {
  const bindings = new Map<string, string>();
  for (const [, prefix, uri] of text.matchAll(DECLARATION)) {
    if (!bindings.has(prefix!)) bindings.set(prefix!, uri!.trim());
  }
  const rootPrefix = prefixOf(outline.root);
  const isAtomDocument = localName(outline.root) === 'feed' && (rootPrefix === '' || isAtom(bindings.get(rootPrefix)));
  const renames = new Map<string, string>();
  for (const [prefix, uri] of bindings) {
    const usual = isAtomDocument && isAtom(uri) ? '' : USUAL_PREFIX[uri];
    if (usual !== undefined && usual !== prefix) renames.set(prefix, usual);
  }
  if (renames.size === 0) return undefined;
  return (name) => {
    const colon = name.indexOf(':');
    const usual = colon > 0 ? renames.get(name.slice(0, colon)) : undefined;
    if (usual === undefined) return name;
    return usual ? `${usual}${name.slice(colon)}` : name.slice(colon + 1);
  };
}

function isAtom(uri: string | undefined): boolean {
  return uri === ATOM || uri === ATOM_03;
}

function prefixOf(name: string): string {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : '';
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
