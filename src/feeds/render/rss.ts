// Render stage: RSS 2.0 with the `feed` package. Titles are written as escaped text rather
// than `feed`'s CDATA (a plain-text title may contain "]]>"); authors as dc:creator because
// RSS <author> means an e-mail address; the first source as <source url>, the others as
// dc:contributor (RSS has one <source> per item).
import { Feed, type Extension } from 'feed';
import { xmlJsAttribute, xmlJsText } from './feed-quirks.js';
import type { EntryView, FeedView } from './feed-view.js';

const DC_NAMESPACE = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';

export function renderRss(view: FeedView): string {
  const feed = new Feed({
    title: xmlJsText(view.title),
    description: xmlJsText(view.subtitle ?? view.title),
    updated: view.updated,
    generator: 'feedmill',
    link: view.pageUrl,
    feedLinks: { rss: view.feedUrls.rss },
    hub: view.hub,
    image: view.icon === undefined ? undefined : xmlJsText(view.icon),
    language: view.language === undefined ? undefined : xmlJsText(view.language),
  });
  for (const entry of view.entries) {
    const enclosure = entry.enclosures[0];
    feed.addItem({
      title: entry.title,
      link: entry.link,
      guid: entry.id,
      date: entry.updated,
      published: entry.published,
      description: entry.summaryHtml,
      content: entry.contentHtml,
      category: entry.categories.map((c) => ({ name: xmlJsText(c.title) })),
      // RSS allows one enclosure per item; `feed` would guess "image/<extension>" without a type.
      enclosure: enclosure && {
        url: enclosure.url,
        type: xmlJsAttribute(enclosure.type ?? 'application/octet-stream'),
        length: enclosure.length ?? 0,
      },
      extensions: itemExtensions(entry),
    });
  }
  const xml = feed.rss2();
  return xml.includes('<dc:') && !xml.includes(DC_NAMESPACE) ? xml.replace('<rss version="2.0"', `<rss version="2.0" ${DC_NAMESPACE}`) : xml;
}

// `feed` applies item extensions last, so "title" replaces its CDATA title in place.
function itemExtensions(entry: EntryView): Extension[] {
  const extensions: Extension[] = [{ name: 'title', objects: { _text: xmlJsText(entry.title) } }];
  if (entry.authors.length > 0) {
    extensions.push({ name: 'dc:creator', objects: repeated(entry.authors) });
  }
  const [first, ...others] = entry.sources;
  const sourceUrl = first?.feedUrl ?? first?.link;
  if (first && sourceUrl) {
    extensions.push({ name: 'source', objects: { _attributes: { url: xmlJsAttribute(sourceUrl) }, _text: xmlJsText(first.title) } });
  }
  if (others.length > 0) {
    extensions.push({ name: 'dc:contributor', objects: repeated(others.map((s) => s.title)) });
  }
  return extensions;
}

/** Several elements of one name: xml-js writes an array as repeated elements, though `feed` types extension objects as a record. */
function repeated(texts: string[]): Record<string, unknown> {
  return texts.map((text) => ({ _text: xmlJsText(text) })) as unknown as Record<string, unknown>;
}
