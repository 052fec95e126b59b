// The first step of parsing: what came off the wire, decoded, made ready for a parser.
// Strips a byte-order mark and the junk servers put before the first tag (PHP warnings,
// blank lines, stray bytes; rss-parser rejects "Non-whitespace before first tag"), removes
// characters XML forbids, reads line ends as XML says, and turns away empty bodies and
// binary data with a clear message.

import { removeControlChars } from '../sanitize/index.js';
import { newlinesOf, parseError } from './errors.js';

export type Syntax = 'xml' | 'json';

export interface CleanInput {
  syntax: Syntax;
  text: string;
}

// Junk is often markup itself (PHP's "<br /><b>Warning</b>"), so the first tag is not where
// the document starts. Best guess first: an XML declaration or DOCTYPE before the feed's root
// element, then that root; failing those, any element (an HTML page, named as such later).
const FEED_ROOT = /<(?:rss|feed|rdf:rdf)[\s>/]/i;
const PROLOG_STARTS = [/<\?xml[\s?]/i, /<!doctype\s/i];
const ANY_TAG = /<(?:!--|[a-z_])/i;

export function cleanInput(raw: string, url: string): CleanInput {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw parseError(url, 'the document is empty');
  if (looksBinary(text)) throw parseError(url, 'the document is binary data, not a feed (compressed or an image?)');
  const start = text.search(/\S/);
  if (text[start] === '{' || text[start] === '[') return { syntax: 'json', text };
  const begin = documentStart(text);
  if (begin < 0) throw parseError(url, 'the document is neither XML nor JSON');
  // The junk's newlines stay (the parser accepts leading whitespace), so error lines match the original.
  const junkLines = newlinesOf(text.slice(0, begin));
  return { syntax: 'xml', text: junkLines + normalizeLineEnds(removeControlChars(text.slice(begin))) };
}

/** XML parsers must read CRLF and a lone CR as LF (XML 1.0, 2.11); sax leaves them, and feeds from Windows servers keep "\r" in every text. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function documentStart(text: string): number {
  const root = text.search(FEED_ROOT);
  // Only the part before the root counts: "<?xml" further on is inside some item's CDATA.
  const head = root >= 0 ? text.slice(0, root) : text;
  for (const start of PROLOG_STARTS) {
    const at = head.search(start);
    if (at >= 0) return at;
  }
  return root >= 0 ? root : text.search(ANY_TAG);
}

/** NULs, C0 controls or replacement characters in a good share of the first 4 KB. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  // eslint-disable-next-line no-control-regex
  const odd = head.match(/[\u0000-\u0008\u000E-\u001A\u001C-\u001F\uFFFD]/g)?.length ?? 0;
  return odd > head.length * 0.1;
}
