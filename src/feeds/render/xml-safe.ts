// Render stage: the text hygiene every output format shares. Feeds carry text from many
// publishers; XML 1.0 forbids some code points outright (one stray U+0008 makes the whole
// document unreadable to a strict parser), and URLs must be absolute http(s) before they
// reach `feed`, which passes them through `new URL()` and would throw on anything else.

// XML 1.0 §2.2 Char: no C0 controls except tab, LF, CR; no U+FFFE/U+FFFF; no lone surrogates.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string without the code points XML 1.0 forbids (also applied to JSON Feed, for the same readers). */
export function stripForbidden(value: string): string {
  return value.replace(FORBIDDEN, '');
}

/** Escapes text for XML/HTML element content and double-quoted attribute values. */
export function escapeMarkup(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * HTML that can sit in a CDATA section: `]]>` would end the section early, and the `xml-js`
 * serializer under `feed` splits only its first occurrence. In HTML `>` and `&gt;` mean the
 * same, so the markup is unchanged for any reader.
 */
export function cdataSafeHtml(html: string): string {
  return html.replace(/]]>/g, ']]&gt;');
}

/** An absolute http(s) URL in normalized form, or undefined for anything else (javascript:, relative, garbage). */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(stripForbidden(value.trim()));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
