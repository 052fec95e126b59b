// Atom 1.0 and 0.3 to ParsedFeed. Atom says what its text is (type="text", "html" or "xhtml";
// 0.3: mode="escaped", "base64", "xml"), so titles are decoded only when they are HTML and
// plain-text content is escaped rather than interpreted. Links prefer rel="alternate";
// relative addresses resolve as RFC 4287 says (item-base.ts): against the nearest xml:base (on
// the feed, the entry, the link or the content, nested ones against each other), else the URL the
// document was read from, never the feed's own <link>. An entry without authors inherits the feed's.

import type { FeedFormat, ParsedFeed } from '../../shared/types.js';
import { collapseWhitespace, decodeReferencesInText, resolveWebUrl, textToHtml, toPlainText } from '../sanitize/index.js';
import { parseFeedDate } from './dates.js';
import { mediaDescriptionHtml, mediaEnclosures, toEnclosure } from './enclosures.js';
import { feedText, finishItem, type ItemDraft } from './finish-item.js';
import { linkBase, withXmlBase, type Bases } from './item-base.js';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from './limits.js';
import type { ParseOptions } from './options.js';
import {
  attributeOf,
  childrenOf,
  elements,
  firstText,
  ownAttribute,
  textOf,
  type RawFields,
  type XmlTree,
  type XmlValue,
} from './xml-tree.js';

export function mapAtom(tree: XmlTree, format: FeedFormat, options: Required<ParseOptions>): ParsedFeed {
  const { feed } = tree;
  const feedBases = withXmlBase({ documentUrl: options.url }, ownAttribute(feed, 'xml:base'));
  const link = alternateLink(elements(feed, 'link'), feedBases);
  const feedAuthors = authorNames(feed);
  const items = tree.items.flatMap((entry) => {
    const parsed = finishItem(draftAtomEntry(entry, feedBases, feedAuthors, options.now));
    return parsed ? [parsed] : [];
  });
  const [subtitle] = [...elements(feed, 'subtitle'), ...elements(feed, 'tagline')];
  return {
    format,
    title: feedText(titleText(elements(feed, 'title')[0]), MAX_TITLE_LENGTH),
    link,
    description: feedText(titleText(subtitle), MAX_DESCRIPTION_LENGTH),
    items,
  };
}

function draftAtomEntry(entry: RawFields, feedBases: Bases, feedAuthors: string[], now: number): ItemDraft {
  const bases = withXmlBase(feedBases, ownAttribute(entry, 'xml:base'));
  const date = (name: string) => parseFeedDate(firstText(entry, name), now);
  const updated = date('updated') ?? date('modified');
  const authors = authorNames(entry);
  const links = elements(entry, 'link');
  // Feedburner's Atom feeds, like its RSS, keep the publisher's link in origLink.
  const id = firstText(entry, 'id')?.trim();
  // An entry without a usable link whose id is a web address: that address is its link, as readers take it.
  const link =
    resolveWebUrl(firstText(entry, 'feedburner:origLink'), linkBase(bases)) ??
    alternateLink(links, bases) ??
    (id && /^https?:\/\//i.test(id) ? resolveWebUrl(id, undefined) : undefined);
  // Not the entry's link: RFC 4287 content resolves against xml:base or the document.
  const base = linkBase(bases);
  const [summary] = elements(entry, 'summary');
  const [content] = elements(entry, 'content');
  return {
    base,
    summaryBase: elementBase(summary, bases),
    contentBase: elementBase(content, bases),
    guid: id,
    title: titleText(elements(entry, 'title')[0]),
    link,
    // Atom requires <updated> but not <published>; an entry's first version is its publication.
    published: date('published') ?? date('issued') ?? date('created') ?? updated,
    updated,
    authors: authors.length > 0 ? authors : feedAuthors,
    // YouTube's entries have no summary or content; the video's description is their text.
    summaryHtml: textConstructHtml(summary) ?? (content ? undefined : mediaDescriptionHtml(entry)),
    contentHtml: textConstructHtml(content),
    tags: elements(entry, 'category').map((c) => toPlainText(attributeOf(c, 'label') ?? attributeOf(c, 'term') ?? textOf(c) ?? '')),
    enclosures: [
      ...links
        .filter((l) => attributeOf(l, 'rel') === 'enclosure')
        .flatMap((l) => toEnclosure(attributeOf(l, 'href'), attributeOf(l, 'type'), attributeOf(l, 'length'), elementLinkBase(l, bases)) ?? []),
      ...mediaEnclosures(entry, linkBase(bases)),
    ],
  };
}

/** rel="alternate" (or no rel), HTML first; the first link as a last resort, never self/edit/enclosure. */
function alternateLink(links: XmlValue[], bases: Bases): string | undefined {
  const alternates = links.filter((l) => (attributeOf(l, 'rel') ?? 'alternate') === 'alternate');
  const html = alternates.find((l) => /html/i.test(attributeOf(l, 'type') ?? 'text/html'));
  const other = links.find((l) => !['self', 'edit', 'enclosure', 'replies', 'hub'].includes(attributeOf(l, 'rel') ?? ''));
  const chosen = html ?? alternates[0] ?? other;
  // A link written as text, RSS's way, is taken as its href.
  return resolveWebUrl(attributeOf(chosen, 'href') ?? textOf(chosen)?.trim(), elementLinkBase(chosen, bases));
}

/** Where an element's own addresses resolve: its xml:base (against the one in force), else the one in force. */
function elementLinkBase(element: XmlValue | undefined, bases: Bases): string {
  return linkBase(withXmlBase(bases, attributeOf(element, 'xml:base')));
}

/** The base of a summary or content that carries its own xml:base, else undefined (the entry's applies). */
function elementBase(element: XmlValue | undefined, bases: Bases): string | undefined {
  return attributeOf(element, 'xml:base') === undefined ? undefined : elementLinkBase(element, bases);
}

function authorNames(fields: RawFields): string[] {
  return elements(fields, 'author').map((a) => toPlainText(textOf(childrenOf(a, 'name')[0]) ?? textOf(a) ?? ''));
}

// Inline XHTML reaches here as type="html" (atom-xhtml.ts), so every construct is text.

/** Plain text of a title or subtitle: read as HTML only when it says it is HTML; references escaped twice are decoded in any case. */
function titleText(element: XmlValue | undefined): string {
  const text = textOf(element);
  if (text === undefined) return '';
  return isHtml(element) ? toPlainText(text) : collapseWhitespace(decodeReferencesInText(text));
}

/** HTML of a summary or content element; plain text is escaped, 0.3's base64 decoded. */
function textConstructHtml(element: XmlValue | undefined): string | undefined {
  const raw = textOf(element);
  if (!raw?.trim()) return undefined;
  const text = attributeOf(element, 'mode')?.toLowerCase() === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return isHtml(element) ? text : textToHtml(text);
}

/** Atom 1.0 type="html", Atom 0.3 type="text/html" or mode="escaped". */
function isHtml(element: XmlValue | undefined): boolean {
  const type = attributeOf(element, 'type')?.toLowerCase();
  return type === 'html' || type === 'text/html' || attributeOf(element, 'mode')?.toLowerCase() === 'escaped';
}
