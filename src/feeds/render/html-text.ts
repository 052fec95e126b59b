// Render stage: plain text from sanitized HTML, for the JSON Feed `summary` field,
// which JSON Feed 1.1 defines as plain text (the HTML goes in `content_html`).
import sanitizeHtml from 'sanitize-html';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/**
 * A tag as feedmill's sanitizer writes it: an element of the allow-list's kind (none whose
 * content the parser reads as raw text) with double-quoted attributes free of "<" and ">".
 */
const PLAIN_TAG = /<\/?[a-z][a-z0-9]*(?:\s+[a-z][-a-z0-9_:]*="[^"<>]*")*\s*\/?>/gy;
const RAW_TEXT_ELEMENT = /<\/?(?:script|style|title|textarea|xmp|iframe|noembed|noframes|noscript|plaintext|option)\b/i;

export function htmlToText(html: string): string {
  return (textOfPlainMarkup(html) ?? textViaParser(html)).replace(/\s+/g, ' ').trim();
}

/**
 * Every summary is rendered again at each publish of its feeds: markup without entities, whose
 * every "<" opens a tag of PLAIN_TAG's form, reads as its text between the tags without a parser.
 */
function textOfPlainMarkup(html: string): string | undefined {
  if (html.includes('&') || RAW_TEXT_ELEMENT.test(html)) return undefined;
  let text = '';
  let at = 0;
  for (let lt = html.indexOf('<'); lt >= 0; lt = html.indexOf('<', at)) {
    text += html.slice(at, lt);
    PLAIN_TAG.lastIndex = lt;
    if (!PLAIN_TAG.test(html)) return undefined;
    at = PLAIN_TAG.lastIndex;
  }
  const rest = html.slice(at);
  return rest.includes('>') || text.includes('>') ? undefined : text + rest;
}

function textViaParser(html: string): string {
  // sanitize-html decodes every entity while parsing and re-escapes only these four on output,
  // so undoing exactly those four gives the text a reader would see.
  const escaped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return escaped.replace(/&(?:amp|lt|gt|quot);/g, (entity) => ENTITIES[entity] ?? entity);
}
