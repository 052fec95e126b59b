// Most items of a feed are the same poll after poll, and sanitizing their HTML is the largest
// CPU cost of the parse stage. sanitizeHtml is a pure function of (html, base), so its results
// are kept in a small process-wide LRU, bounded by the characters it holds; a repeated item
// costs a hash instead of a sanitizer pass.
import { createHash } from 'node:crypto';

/** Upper bound of characters (inputs are not kept, only a hash and the cleaned output). */
const MAX_CHARS = 16 * 1024 * 1024;
/** Fragments shorter than this are cheaper to sanitize than to hash and look up. */
const MIN_LENGTH = 256;

const entries = new Map<string, string>();
let chars = 0;

export function cachedSanitize(html: string, baseUrl: string, sanitize: (html: string, baseUrl: string) => string): string {
  if (html.length < MIN_LENGTH) return sanitize(html, baseUrl);
  const key = createHash('sha1').update(baseUrl).update('\0').update(html).digest('base64');
  const hit = entries.get(key);
  if (hit !== undefined) {
    // Refresh its place: Map keeps insertion order, so the first key is the least recently used.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const clean = sanitize(html, baseUrl);
  if (clean.length > MAX_CHARS / 64) return clean;
  entries.set(key, clean);
  chars += clean.length;
  for (const [oldest, value] of entries) {
    if (chars <= MAX_CHARS) break;
    entries.delete(oldest);
    chars -= value.length;
  }
  return clean;
}

/** Empties the cache (benchmarks measuring a cold parse). */
export function clearSanitizeCache(): void {
  entries.clear();
  chars = 0;
}
