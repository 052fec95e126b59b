// RSS 0.90, 0.91, 0.92, 2.0 and RSS 1.0 (RDF) to ParsedFeed. Descriptions are HTML in practice
// (entities and all), whatever the version's text says; titles are plain text unless they look
// like HTML (plain-title.ts); dates come from
// pubDate, dc:date (RSS 1.0) or atom:published/updated, read raw by dates.ts. Extensions fill
// what plain RSS leaves out: Feedburner's origLink is the publisher's own link, podcasts
// name authors and summaries in itunes:*, and .NET's SyndicationFeed writes links, content and
// authors as Atom elements (a10:link, a10:content, a10:author).

import type { FeedFormat, ParsedFeed } from '../../shared/types.js';
import { resolveWebUrl, textToHtml, toPlainText } from '../sanitize/index.js';
import { parseFeedDate } from './dates.js';
import { mediaDescriptionHtml, mediaEnclosures, toEnclosure } from './enclosures.js';
import { feedText, finishItem, type ItemDraft } from './finish-item.js';
import { itemHtmlBase, linkBase, withXmlBase, type Bases } from './item-base.js';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from './limits.js';
import type { ParseOptions } from './options.js';
import { plainTitle } from './plain-title.js';
import { pollHintMs } from './poll-hint.js';
import { attributeOf, childrenOf, elements, firstText, ownAttribute, textOf, type RawFields, type XmlTree } from './xml-tree.js';

export function mapRss(tree: XmlTree, format: FeedFormat, options: Required<ParseOptions>): ParsedFeed {
  const { feed } = tree;
  // xml:base may sit on <rss> (Drupal puts it there), on <channel>, or on both.
  // Without one, relative addresses resolve against the URL the document was read from (item-base.ts).
  const rootBases = withXmlBase({ documentUrl: options.url }, tree.rootAttributes['xml:base']);
  const channelBases = withXmlBase(rootBases, ownAttribute(feed, 'xml:base'));
  const link = resolveWebUrl(firstText(feed, 'link'), linkBase(channelBases)) ?? atomLink(feed, linkBase(channelBases));
  const items = tree.items.flatMap((item) => {
    const parsed = finishItem(draftRssItem(item, channelBases, options.now));
    return parsed ? [parsed] : [];
  });
  return {
    format,
    title: feedText(plainTitle(firstText(feed, 'title')), MAX_TITLE_LENGTH),
    link,
    description: feedText(toPlainText(firstText(feed, 'description') ?? ''), MAX_DESCRIPTION_LENGTH),
    pollHintMs: pollHintMs(feed),
    items,
  };
}

function draftRssItem(item: RawFields, feedBases: Bases, now: number): ItemDraft {
  const bases = withXmlBase(feedBases, ownAttribute(item, 'xml:base'));
  const [guidElement] = elements(item, 'guid');
  const guid = textOf(guidElement)?.trim() || ownAttribute(item, 'rdf:about');
  // RSS 2.0: a guid is the item's permalink unless isPermaLink="false".
  const guidIsLink = guid !== undefined && attributeOf(guidElement, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid);
  // Feedburner replaces <link> with its own redirector and keeps the publisher's in origLink.
  const link =
    resolveWebUrl(firstText(item, 'feedburner:origLink'), linkBase(bases)) ??
    resolveWebUrl(firstText(item, 'link'), linkBase(bases)) ??
    atomLink(item, linkBase(bases)) ??
    (guidIsLink ? resolveWebUrl(guid, linkBase(bases)) : undefined);
  const base = itemHtmlBase(bases, link);
  const date = (name: string) => parseFeedDate(firstText(item, name), now);
  const authors = [
    ...elements(item, 'author').map((a) => authorName(textOf(a))),
    ...elements(item, 'dc:creator').map((c) => toPlainText(textOf(c) ?? '')),
    ...elements(item, 'atom:author').map((a) => toPlainText(textOf(childrenOf(a, 'atom:name')[0]) ?? '')),
  ];
  // rss-parser's `content` is the description (raw XHTML in it reaches here as text: xml-tree.ts).
  const description = typeof item.content === 'string' ? item.content.trim() : '';
  return {
    base,
    guid,
    title: plainTitle(firstText(item, 'title')),
    link,
    published: date('pubDate') ?? date('dc:date') ?? date('atom:published'),
    updated: date('atom:updated') ?? date('dcterms:modified'),
    authors: authors.length > 0 ? authors : elements(item, 'itunes:author').map((a) => toPlainText(textOf(a) ?? '')),
    // itunes:summary is plain text; podcast hosts often give it instead of a description.
    summaryHtml: description || textToHtml(firstText(item, 'itunes:summary') ?? '') || mediaDescriptionHtml(item),
    contentHtml: firstText(item, 'content:encoded') ?? atomContentHtml(item),
    tags: [...elements(item, 'category'), ...elements(item, 'dc:subject')].map((c) => toPlainText(textOf(c) ?? '')),
    enclosures: [
      ...elements(item, 'enclosure').flatMap((e) => toEnclosure(attributeOf(e, 'url'), attributeOf(e, 'type'), attributeOf(e, 'length'), linkBase(bases)) ?? []),
      ...mediaEnclosures(item, linkBase(bases)),
    ],
  };
}

/** An Atom link in RSS (.NET writes "<a10:link href>" instead of <link>): rel="alternate" or none, never self or enclosure. */
function atomLink(fields: RawFields, base: string): string | undefined {
  const alternate = elements(fields, 'atom:link').find((l) => (attributeOf(l, 'rel') ?? 'alternate') === 'alternate');
  return resolveWebUrl(attributeOf(alternate, 'href'), base);
}

/** An Atom content element in RSS: HTML when it says so, else plain text. */
function atomContentHtml(fields: RawFields): string | undefined {
  const [content] = elements(fields, 'atom:content');
  const text = textOf(content);
  if (!text?.trim()) return undefined;
  return /html/i.test(attributeOf(content, 'type') ?? '') ? text : textToHtml(text);
}

/** RSS 2.0 <author> is "jane@example.com (Jane Doe)"; the name is what readers want. */
function authorName(raw: string | undefined): string {
  const text = toPlainText(raw ?? '');
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  return named ? named[1]!.trim() : text;
}
