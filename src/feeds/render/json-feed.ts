// Render stage: JSON Feed 1.1 (https://jsonfeed.org/version/1.1), built directly: `feed` v6
// writes version 1 with a single `author`. Items carry a `_feedmill` extension object with the
// story's categories and why they were chosen, and every source that carried the story.
// Each item is serialized on its own, indented as JSON.stringify(feed, null, 2) places it, and
// joined into the document the same way, so a kept item is not serialized again.
import { htmlToText } from './html-text.js';
import type { EntryView, FormatWriter } from './feed-view.js';

/** An item of `items`: two levels deep. */
const ITEM_INDENT = '    ';
const NO_ITEMS = '"items": []\n}';

export const jsonFeedWriter: FormatWriter = {
  // JSON.stringify escapes line breaks inside strings, so every "\n" here is between tokens.
  entries: (entries) => entries.map((entry) => ITEM_INDENT + JSON.stringify(jsonItem(entry), null, 2).replace(/\n/g, `\n${ITEM_INDENT}`)),
  document(view, texts) {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: view.title,
      home_page_url: view.pageUrl,
      feed_url: view.feedUrls.json,
      ...(view.subtitle ? { description: view.subtitle } : {}),
      ...(view.icon ? { icon: view.icon, favicon: view.icon } : {}),
      ...(view.language ? { language: view.language } : {}),
      ...(view.hub ? { hubs: [{ type: 'WebSub', url: view.hub }] } : {}),
      items: [],
    };
    const frame = JSON.stringify(feed, null, 2);
    if (texts.length === 0) return { head: `${frame}\n`, separator: '', tail: '' };
    return { head: `${frame.slice(0, -NO_ITEMS.length)}"items": [\n`, separator: ',\n', tail: '\n  ]\n}\n' };
  },
};

function jsonItem(entry: EntryView) {
  const html = entry.contentHtml ?? entry.summaryHtml;
  const summary = entry.summaryHtml === undefined ? '' : htmlToText(entry.summaryHtml);
  return {
    id: entry.id,
    url: entry.link,
    title: entry.title,
    // One of content_html / content_text is required; a story without text gets an empty body.
    ...(html === undefined ? { content_text: '' } : { content_html: html }),
    ...(summary ? { summary } : {}),
    date_published: entry.published.toISOString(),
    date_modified: entry.updated.toISOString(),
    ...(entry.authors.length > 0 ? { authors: entry.authors.map((name) => ({ name })) } : {}),
    ...(entry.categories.length > 0 ? { tags: entry.categories.map((c) => c.title) } : {}),
    ...(entry.enclosures.length > 0
      ? {
          attachments: entry.enclosures.map((e) => ({
            url: e.url,
            mime_type: e.type ?? 'application/octet-stream',
            ...(e.length ? { size_in_bytes: e.length } : {}),
          })),
        }
      : {}),
    _feedmill: {
      story_id: entry.storyId,
      categories: entry.categories.map((c) => ({ id: c.id, title: c.title, layer: c.layer, score: c.score, reason: c.reason })),
      sources: entry.sources.map((s) => ({
        id: s.id,
        title: s.title,
        ...(s.link ? { url: s.link } : {}),
        ...(s.feedUrl ? { feed_url: s.feedUrl } : {}),
      })),
    },
  };
}
