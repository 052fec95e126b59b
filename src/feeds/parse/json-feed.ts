// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to ParsedFeed. rss-parser does not
// read JSON Feed, so a small zod schema does; it is lenient per field (a wrong type becomes
// "absent") and per item (a broken item is skipped), so one bad value never loses the feed.
// 1.0's `author` and 1.1's `authors` are both read; content_html wins over content_text.
// The spec says nothing of relative URLs, so the general rule applies (RFC 3986, 5.1.3): they
// resolve against the URL the document was read from, not home_page_url (item-base.ts).

import { z } from 'zod';
import type { FeedFormat, ParsedFeed } from '../../shared/types.js';
import { resolveWebUrl, textToHtml, toPlainText } from '../sanitize/index.js';
import { parseFeedDate } from './dates.js';
import { detectJsonFormat } from './detect-format.js';
import { toEnclosure } from './enclosures.js';
import { lineAt, parseError } from './errors.js';
import { assertJsonDepth } from './scan-json.js';
import { feedText, finishItem, type ItemDraft } from './finish-item.js';
import { itemHtmlBase } from './item-base.js';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from './limits.js';
import type { ParseOptions } from './options.js';
import { plainTitle } from './plain-title.js';
import { capItems } from './warnings.js';

const text = z.string().optional().catch(undefined);
const author = z.looseObject({ name: text, url: text }).optional().catch(undefined);

const itemSchema = z.looseObject({
  // 1.0 allowed numbers in the wild, and some generators still write them.
  id: z.union([z.string(), z.number().transform(String)]).optional().catch(undefined),
  url: text,
  external_url: text,
  title: text,
  content_html: text,
  content_text: text,
  summary: text,
  date_published: text,
  date_modified: text,
  author,
  authors: z.array(author).optional().catch(undefined),
  tags: z.array(z.unknown()).optional().catch(undefined),
  attachments: z
    .array(z.looseObject({ url: text, mime_type: text, size_in_bytes: z.number().optional().catch(undefined) }))
    .optional()
    .catch(undefined),
});

const feedSchema = z.looseObject({
  version: z.unknown().optional(),
  title: text,
  home_page_url: text,
  feed_url: text,
  description: text,
  author,
  authors: z.array(author).optional().catch(undefined),
  items: z.array(z.unknown()),
});

type JsonItem = z.output<typeof itemSchema>;

export function parseJsonFeed(text: string, options: Required<ParseOptions>): ParsedFeed {
  const document = readJson(text, options.url);
  const format = detectJsonFormat(document, options.url);
  const feed = feedSchema.safeParse(document);
  if (!feed.success) throw parseError(options.url, 'the JSON Feed has no "items" array');
  const link = resolveWebUrl(feed.data.home_page_url, options.url);
  const feedAuthors = names(feed.data.author, feed.data.authors);
  const capped = capItems(feed.data.items, options.maxItems);
  const items = capped.items.flatMap((raw) => {
    const item = itemSchema.safeParse(raw);
    const parsed = item.success ? finishItem(draftJsonItem(item.data, options.url, feedAuthors, options.now)) : undefined;
    return parsed ? [parsed] : [];
  });
  return {
    format,
    title: feedText(plainTitle(feed.data.title), MAX_TITLE_LENGTH),
    link,
    description: feedText(toPlainText(feed.data.description ?? ''), MAX_DESCRIPTION_LENGTH),
    items,
    ...(capped.warning ? { warnings: [capped.warning] } : {}),
  };
}

function readJson(text: string, url: string): unknown {
  assertJsonDepth(text, url);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message)?.[1];
    throw parseError(url, `the JSON is not valid: ${message}`, position === undefined ? undefined : lineAt(text, Number(position)));
  }
}

function draftJsonItem(item: JsonItem, documentUrl: string, feedAuthors: string[], now: number): ItemDraft {
  const link = resolveWebUrl(item.url, documentUrl) ?? resolveWebUrl(item.external_url, documentUrl);
  const base = itemHtmlBase({ documentUrl }, link);
  const authors = names(item.author, item.authors);
  return {
    base,
    guid: item.id,
    // JSON Feed titles are plain text by the spec, but many generators write HTML entities into them.
    title: plainTitle(item.title),
    link,
    published: parseFeedDate(item.date_published, now) ?? parseFeedDate(item.date_modified, now),
    updated: parseFeedDate(item.date_modified, now),
    authors: authors.length > 0 ? authors : feedAuthors,
    summaryHtml: item.summary ? textToHtml(item.summary) : undefined,
    contentHtml: item.content_html ?? (item.content_text ? textToHtml(item.content_text) : undefined),
    tags: (item.tags ?? []).flatMap((tag) => (typeof tag === 'string' ? [toPlainText(tag)] : [])),
    enclosures: (item.attachments ?? []).flatMap((a) => toEnclosure(a.url, a.mime_type, a.size_in_bytes?.toString(), documentUrl) ?? []),
  };
}

function names(single: { name?: string } | undefined, many: ({ name?: string } | undefined)[] | undefined): string[] {
  return [...(many ?? []), single].flatMap((a) => (a?.name ? [toPlainText(a.name)] : []));
}
