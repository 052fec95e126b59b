// Parsing: from a decoded document to ParsedFeed, the same shape for every format.
// Clean the input, expand the few entities a DOCTYPE may declare, find the feed in the document
// (an Atom entry document, a feed inside an HTML page), refuse hostile XML before a parser sees
// it, detect the format from the content, read it with namespace prefixes as usually written
// (strictly, and liberally when the strict read fails), take at most maxItems items, map them
// to items with sanitized HTML and epoch-ms dates, and keep one entry per story.
// Failures are FeedmillErrors: PARSE_ERROR, UNSUPPORTED_FORMAT or HOSTILE_DOCUMENT. A feed read
// but not as published carries warnings (RECOVERED, TRUNCATED).

import type { ParsedFeed, ParseWarning } from '../../shared/types.js';
import { mapAtom } from './atom.js';
import { inlineXhtmlAsHtml } from './atom-xhtml.js';
import { cleanInput } from './clean-input.js';
import { detectXmlFormat } from './detect-format.js';
import { expandDoctypeEntities } from './doctype-entities.js';
import { findFeedDocument } from './feed-document.js';
import { parseJsonFeed } from './json-feed.js';
import { DEFAULT_MAX_ITEMS } from './limits.js';
import type { ParseOptions } from './options.js';
import { usualNames } from './namespaces.js';
import { mapRss } from './rss.js';
import { uniqueItems } from './unique-items.js';
import { capItems, recoveredWarning } from './warnings.js';
import { readXmlTree } from './xml-tree.js';

export type { ParseOptions } from './options.js';

export async function parseFeed(text: string, options: ParseOptions): Promise<ParsedFeed> {
  const settings = { ...options, maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS };
  const input = cleanInput(text, options.url);
  const feed = input.syntax === 'json' ? parseJsonFeed(input.text, settings) : await parseXmlFeed(input.text, settings);
  return { ...feed, items: uniqueItems(feed.items) };
}

async function parseXmlFeed(text: string, settings: Required<ParseOptions>): Promise<ParsedFeed> {
  const document = findFeedDocument(expandDoctypeEntities(text, settings.url), settings.url);
  const { outline } = document;
  const naming = usualNames(document.text, outline);
  const format = detectXmlFormat({ ...outline, root: naming?.(outline.root) ?? outline.root }, settings.url);
  const isAtom = format.startsWith('atom');
  const { recovery, ...tree } = await readXmlTree(isAtom ? inlineXhtmlAsHtml(document.text) : document.text, settings.url, naming);
  const capped = capItems(tree.items, settings.maxItems);
  const read = { ...tree, items: capped.items };
  const feed = isAtom ? mapAtom(read, format, settings) : mapRss(read, format, settings);
  const warnings: ParseWarning[] = [
    ...(document.warning ? [document.warning] : []),
    ...(recovery ? [recoveredWarning(recovery.fault, recovery.repairs)] : []),
    ...(capped.warning ? [capped.warning] : []),
  ];
  return warnings.length > 0 ? { ...feed, warnings } : feed;
}
