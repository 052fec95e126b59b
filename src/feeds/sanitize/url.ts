// Resolving a link or image address found in a feed against the base that applies to it
// (xml:base, an item's link for its HTML, else the URL the document was read from: see
// parse/item-base.ts; never the feed's own <link>). Only web addresses survive: anything
// that resolves to another scheme (javascript:, data:, file:) is not a link feedmill passes on.
// The scheme is checked after resolving, when the URL parser has removed the tabs and
// newlines that browsers ignore ("java\tscript:").

const WEB = new Set(['http:', 'https:']);
// "https://x/`javascript:alert(1)`" is harmless as a URL, but it is what an attempt looks
// like, nothing legitimate needs it, and it would trip every scanner that checks our output.
const SCRIPT_SCHEME = /(?:java|vb)script:/i;

/** The absolute http(s) URL `href` points to from `base`, or undefined. */
export function resolveWebUrl(href: string | undefined, base: string | undefined): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return WEB.has(url.protocol) && !mentionsScriptScheme(url.href) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function mentionsScriptScheme(address: string): boolean {
  return SCRIPT_SCHEME.test(address);
}

/** Longer addresses are junk or an attack on storage, not a link a reader would follow. */
export const MAX_URL_LENGTH = 4096;
