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

// Titles put code in angle brackets ("<Go> generics", "Vec<T>"): a "<" that starts no HTML
// element is text, and is kept rather than read as an unknown tag and dropped with its word.
const HTML_ELEMENTS =
  'a|abbr|address|area|article|aside|audio|b|bdi|bdo|big|blink|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|' +
  'data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|' +
  'header|hgroup|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|math|menu|meta|meter|nav|nobr|noframes|' +
  'noscript|object|ol|optgroup|option|output|p|param|picture|plaintext|pre|progress|q|rp|rt|ruby|s|samp|script|search|section|select|' +
  'slot|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|' +
  'tt|u|ul|var|video|wbr|xmp';
const NOT_A_TAG = new RegExp(`<(?!/?(?:${HTML_ELEMENTS})(?=[\\s/>])|!--)`, 'gi');

export function toPlainText(htmlOrText: string): string {
  if (!htmlOrText) return '';
  let text = htmlOrText;
  if (text.includes('<')) text = decodeHtml(text.replace(NOT_A_TAG, '&lt;').replace(BREAKING_TAG, ' <$1$2'));
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

/**
 * Text that is not HTML but still holds character references: a generator escaped it twice
 * (Reddit's Atom titles read "Q&amp;amp;A"). Decoded once; "<" and ">" stay text.
 */
export function decodeReferencesInText(text: string): string {
  if (!CHARACTER_REFERENCE.test(text)) return text;
  return decodeHtml(text.replace(/&(?![a-z#])/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i;

/** One space between words, none at the ends (also U+00A0 and the other Unicode spaces). */
export function collapseWhitespace(text: string): string {
  // Most titles and names are spaced so already: one test, and no new string.
  if (!SPACING_TO_COLLAPSE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

/** What collapseWhitespace changes: a space other than U+0020, two in a row, one at either end. */
const SPACING_TO_COLLAPSE = /[^\S ]| {2}|^ | $/;

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
