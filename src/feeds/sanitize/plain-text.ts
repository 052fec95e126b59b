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
  const text = htmlOrText.includes('<') || htmlOrText.includes('&') ? decodeHtml(htmlOrText.replace(BREAKING_TAG, ' <$1$2')) : htmlOrText;
  return collapseWhitespace(removeControlChars(text));
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
