// Parsing: from a decoded document to ParsedFeed, the same shape for every format.
// Clean the input, detect the format from the content, refuse hostile XML before a parser
// sees it, read the format with namespace prefixes as usually written, map it to items with
// sanitized HTML and epoch-ms dates, and keep one entry per story.
// Failures are FeedmillErrors: PARSE_ERROR, UNSUPPORTED_FORMAT or HOSTILE_DOCUMENT.

import type { ParsedFeed } from '../../shared/types.js';
import { mapAtom } from './atom.js';
import { inlineXhtmlAsHtml } from './atom-xhtml.js';
import { cleanInput } from './clean-input.js';
import { detectXmlFormat } from './detect-format.js';
import { parseJsonFeed } from './json-feed.js';
import { DEFAULT_MAX_ITEMS } from './limits.js';
import type { ParseOptions } from './options.js';
import { usualNames } from './namespaces.js';
import { mapRss } from './rss.js';
import { scanXml } from './scan-xml.js';
import { uniqueItems } from './unique-items.js';
import { readXmlTree } from './xml-tree.js';

export type { ParseOptions } from './options.js';

export async function parseFeed(text: string, options: ParseOptions): Promise<ParsedFeed> {
  const settings = { ...options, maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS };
  const input = cleanInput(text, options.url);
  const feed = input.syntax === 'json' ? parseJsonFeed(input.text, settings) : await parseXmlFeed(input.text, settings);
  return { ...feed, items: uniqueItems(feed.items) };
}

async function parseXmlFeed(text: string, settings: Required<ParseOptions>): Promise<ParsedFeed> {
  const outline = scanXml(text, settings.url);
  const naming = usualNames(text, outline);
  const format = detectXmlFormat({ ...outline, root: naming?.(outline.root) ?? outline.root }, settings.url);
  if (format.startsWith('atom')) return mapAtom(await readXmlTree(inlineXhtmlAsHtml(text), settings.url, naming), format, settings);
  return mapRss(await readXmlTree(text, settings.url, naming), format, settings);
}
