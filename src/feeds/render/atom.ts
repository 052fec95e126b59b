// Render stage: Atom 1.0 (RFC 4287) with the `feed` package. `feed` cannot write atom:source,
// and writes categories and enclosures with broken escaping and guessed MIME types, so each
// entry carries a placeholder in <rights> that is replaced by those elements written here.
// Each entry is rendered on its own and the feed around them (entry-splice.ts), so a kept entry
// is not written again.
import { Feed, type FeedOptions } from 'feed';
import { entryTexts, KeptFrames, spliceEntries, STAND_IN_ENTRY } from './entry-splice.js';
import { escapeMarkup } from './xml-safe.js';
import { xmlJsText } from './feed-quirks.js';
import type { EntryView, FeedView, FormatWriter } from './feed-view.js';

const PLACEHOLDER = '<rights>feedmill-entry-extras</rights>';
const ENTRY_CHILD_INDENT = '\n        ';
/** The feed entries are rendered in to be kept: nothing of it reaches an entry's text. */
const ENTRY_FRAME: FeedOptions = { id: 'urn:feedmill:frame', title: '', updated: new Date(0) };

export const atomWriter: FormatWriter = {
  entries(entries) {
    return entryTexts(entries, 'entry', (some) => atomFeed(ENTRY_FRAME, some).atom1()).map((text, i) => {
      // <rights> is the entry's last child, after anything the story's own text could put there.
      const at = text.lastIndexOf(PLACEHOLDER);
      return text.slice(0, at) + entryExtras(entries[i]!).join(ENTRY_CHILD_INDENT) + text.slice(at + PLACEHOLDER.length);
    });
  },
  document(view) {
    const options = feedOptions(view);
    let frame = frames.frame(JSON.stringify({ ...options, updated: undefined }), view.updated, (updated) => atomFeed({ ...options, updated }, [STAND_IN_ENTRY]).atom1());
    // `feed` ignores the language for Atom; RFC 4287 carries it as xml:lang.
    if (view.language) {
      frame = frame.replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeMarkup(view.language)}">`);
    }
    return spliceEntries(frame, 'entry');
  },
};

// The feed's own <updated> comes before any entry's, so it is the first (the stand-in's is 1970).
const frames = new KeptFrames((date) => `<updated>${date.toISOString()}</updated>`);

function feedOptions(view: FeedView): FeedOptions {
  return {
    id: xmlJsText(view.feedUrls.atom),
    title: xmlJsText(view.title),
    description: view.subtitle === undefined ? undefined : xmlJsText(view.subtitle),
    updated: view.updated,
    generator: 'feedmill',
    link: view.pageUrl,
    feedLinks: { atom: view.feedUrls.atom },
    hub: view.hub,
    favicon: view.icon === undefined ? undefined : xmlJsText(view.icon),
    // RFC 4287 §4.1.1: entries without their own author inherit the feed's.
    author: { name: xmlJsText(view.title) },
  };
}

function atomFeed(options: FeedOptions, entries: readonly EntryView[]): Feed {
  const feed = new Feed(options);
  for (const entry of entries) {
    const [, ...otherSources] = entry.sources;
    feed.addItem({
      // type="html": the plain-text title is HTML-escaped so "<script>" stays text.
      title: escapeMarkup(entry.title),
      id: entry.id,
      link: entry.link,
      date: entry.updated,
      published: entry.published,
      description: entry.summaryHtml,
      content: entry.contentHtml,
      author: entry.authors.map((name) => ({ name: xmlJsText(name) })),
      // atom:source holds one feed (RFC 4287 §4.2.11); the other sources are named as contributors.
      contributor: otherSources.map((s) => ({ name: xmlJsText(s.title), link: s.link })),
      copyright: 'feedmill-entry-extras',
    });
  }
  return feed;
}

function entryExtras(entry: EntryView): string[] {
  const lines = entry.categories.map((c) => `<category term="${escapeMarkup(c.id)}" label="${escapeMarkup(c.title)}"/>`);
  for (const e of entry.enclosures) {
    const type = e.type ? ` type="${escapeMarkup(e.type)}"` : '';
    const length = e.length ? ` length="${e.length}"` : '';
    lines.push(`<link rel="enclosure" href="${escapeMarkup(e.url)}"${type}${length}/>`);
  }
  const first = entry.sources[0];
  if (first) {
    const links = [
      first.feedUrl ? `<link rel="self" href="${escapeMarkup(first.feedUrl)}"/>` : '',
      first.link ? `<link rel="alternate" href="${escapeMarkup(first.link)}"/>` : '',
    ].join('');
    lines.push(`<source><title>${escapeMarkup(first.title)}</title>${links}</source>`);
  }
  return lines;
}
