// Render stage: plain text from sanitized HTML, for the JSON Feed `summary` field,
// which JSON Feed 1.1 defines as plain text (the HTML goes in `content_html`).
import sanitizeHtml from 'sanitize-html';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

export function htmlToText(html: string): string {
  // sanitize-html decodes every entity while parsing and re-escapes only these four on output,
  // so undoing exactly those four gives the text a reader would see.
  const escaped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return escaped
    .replace(/&(?:amp|lt|gt|quot);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}
