// Render stage: RSS 2.0 with the `feed` package. Titles are written as escaped text rather
// than `feed`'s CDATA (a plain-text title may contain "]]>"); authors as dc:creator because
// RSS <author> means an e-mail address; the first source as <source url>, the others as
// dc:contributor (RSS has one <source> per item). Each item is rendered on its own and the
// channel around them (entry-splice.ts), so a kept item is not written again.
import { Feed, type Extension, type FeedOptions } from 'feed';
import { entryTexts, KeptFrames, spliceEntries, STAND_IN_ENTRY } from './entry-splice.js';
import { xmlJsAttribute, xmlJsText } from './feed-quirks.js';
import type { EntryText, EntryView, FeedView, FormatWriter } from './feed-view.js';

const DC_NAMESPACE = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';
/** The channel items are rendered in to be kept: nothing of it reaches an item's text. */
const ITEM_FRAME: FeedOptions = { title: '', link: 'https://feedmill.invalid/', updated: new Date(0) };

export const rssWriter: FormatWriter = {
  entries: (entries) => entryTexts(entries, 'item', (some) => rssFeed(ITEM_FRAME, some).rss2()),
  document(view, texts) {
    // The stand-in item has full content when any entry has: `feed` then declares content:encoded's namespace.
    const standIn = { ...STAND_IN_ENTRY, contentHtml: view.entries.some((e) => e.contentHtml !== undefined) ? '-' : undefined };
    const options = channelOptions(view);
    const key = JSON.stringify({ ...options, updated: undefined, content: standIn.contentHtml });
    let frame = frames.frame(key, view.updated, (updated) => rssFeed({ ...options, updated }, [standIn]).rss2());
    // Asked of the frame and each entry apart: neither string spans a frame/entry boundary (a newline), and the document is not scanned again.
    const has = (text: string) => frame.includes(text) || texts.some((t: EntryText) => t.includes(text));
    if (has('<dc:') && !has(DC_NAMESPACE)) frame = frame.replace('<rss version="2.0"', `<rss version="2.0" ${DC_NAMESPACE}`);
    return spliceEntries(frame, 'item');
  },
};

const frames = new KeptFrames((date) => `<lastBuildDate>${date.toUTCString()}</lastBuildDate>`);

function channelOptions(view: FeedView): FeedOptions {
  return {
    title: xmlJsText(view.title),
    description: xmlJsText(view.subtitle ?? view.title),
    updated: view.updated,
    generator: 'feedmill',
    link: view.pageUrl,
    feedLinks: { rss: view.feedUrls.rss },
    hub: view.hub,
    image: view.icon === undefined ? undefined : xmlJsText(view.icon),
    language: view.language === undefined ? undefined : xmlJsText(view.language),
  };
}

function rssFeed(options: FeedOptions, entries: readonly EntryView[]): Feed {
  const feed = new Feed(options);
  for (const entry of entries) {
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
  return feed;
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
