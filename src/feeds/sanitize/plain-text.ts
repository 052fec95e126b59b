// Plain text from a field that may hold HTML (titles, tags, author names, feed descriptions).
// Entities are decoded exactly once: `AT&amp;T` becomes `AT&T`, while a double-escaped
// `&amp;amp;` becomes the literal text `&amp;` (what its author wrote, escaped once too often).

import sanitize from 'sanitize-html';
import { removeControlChars } from './control-chars.js';

const STRIP_ALL: sanitize.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template', 'svg', 'math', 'head', 'title'],
};

// Tags that separate words when rendered; without a space "<p>a</p><p>b</p>" reads "ab".
const BREAKING_TAG = /<(\/?)(p|div|br|li|h[1-6]|tr|td|th|blockquote|section|article|dd|dt|figcaption)\b/gi;

export function toPlainText(htmlOrText: string): string {
  if (!htmlOrText) return '';
  let text = htmlOrText;
  if (text.includes('<')) text = decodeHtml(text.replace(BREAKING_TAG, ' <$1$2'));
  else if (text.includes('&')) text = SIMPLE_REFERENCES_ONLY.test(text) ? text.replace(SIMPLE_REFERENCE, decodeReference) : decodeHtml(text);
  return collapseWhitespace(removeControlChars(text));
}

// Titles are short and many; most hold no tags and only &amp;, &quot; or numeric references.
// Those are decoded here, and anything else (&eacute;, "&copy" without ";") by the HTML parser.
const SIMPLE_REFERENCE = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const SIMPLE_REFERENCES_ONLY = /^(?:[^&]|&(?:#\d{1,7}|#x[\da-f]{1,6}|amp|lt|gt|quot|apos|nbsp);|&(?![a-z#]))*$/i;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeReference(reference: string, decimal?: string, hex?: string, name?: string): string {
  if (name) return NAMED[name.toLowerCase()] ?? reference;
  const code = decimal ? Number(decimal) : Number.parseInt(hex!, 16);
  // What HTML does with references to nothing: U+FFFD, which is then no worse than the original.
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

/** The text of an HTML fragment: tags dropped, entities (all of HTML5's) decoded once, spacing kept. */
export function decodeHtml(html: string): string {
  // sanitize-html decodes entities while parsing and escapes only &, < and > on output;
  // undoing exactly those three leaves every entity decoded once.
  return sanitize(html, STRIP_ALL).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One space between words, none at the ends (also U+00A0 and the other Unicode spaces). */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain text as HTML that shows the same text: escaped, blank lines as paragraphs, newlines as breaks. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.replace(/\s*\n\s*/g, '<br />')}</p>`)
    .join('');
}
