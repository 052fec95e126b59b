// Resolving a link or image address found in a feed against the base that applies to it
// (xml:base, the feed's link, the feed's own URL). Only web addresses survive: anything
// that resolves to another scheme (javascript:, data:, file:) is not a link feedmill passes on.

const WEB = new Set(['http:', 'https:']);

/** The absolute http(s) URL `href` points to from `base`, or undefined. */
export function resolveWebUrl(href: string | undefined, base: string | undefined): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return WEB.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Longer addresses are junk or an attack on storage, not a link a reader would follow. */
export const MAX_URL_LENGTH = 4096;
