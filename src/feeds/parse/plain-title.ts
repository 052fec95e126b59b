// Titles whose format does not mark them as HTML: RSS (every version) and JSON Feed say a title
// is plain text, yet many generators escape HTML into it ("<b>Breaking</b>: ...") or escape
// entities twice ("Q&amp;amp;A"). A title is read as HTML only when it looks like HTML, as
// feedparser decides: it closes a tag ("</b>") or breaks a line ("<br>"); or it names an
// element that runs code or loads something (<script>, <img>), never kept as words. Otherwise
// a "<" is the author's word ("Rezension von <i> und <b>", "Vec<T> in Rust") and stays;
// references are decoded once either way. Atom titles say what they are (atom.ts).

import { toPlainText } from '../sanitize/index.js';

// Elements that run code or load documents are never left as words, whatever else the title holds.
const LOOKS_LIKE_HTML = /<\/[A-Za-z][\w-]*\s*>|<br\s*\/?>|<(?:script|style|iframe|object|embed|form|input|meta|base|link|svg|math|img)\b/i;

export function plainTitle(text: string | undefined): string {
  if (!text) return '';
  if (!text.includes('<') || LOOKS_LIKE_HTML.test(text)) return toPlainText(text);
  // Escaped, the angle brackets come back as text when toPlainText decodes references.
  return toPlainText(text.replace(/&(?![A-Za-z#])/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}
