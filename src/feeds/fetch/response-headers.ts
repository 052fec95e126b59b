// Fetch stage: reading the response headers that steer polling (Retry-After, Cache-Control)
// and the validators kept for the next conditional GET.
import type { IncomingHttpHeaders } from 'node:http';

/** Servers sometimes ask for absurd pauses (a year); past a week the source is better marked failing. */
const MAX_RETRY_AFTER_MS = 7 * 86_400_000;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Epoch ms from a Retry-After of delay-seconds or an HTTP date (RFC 9110 10.2.3), capped at a week. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let at: number;
  if (/^\d+$/.test(text)) at = now + Number(text) * 1000;
  else {
    at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
  }
  return Math.min(Math.max(at, now), now + MAX_RETRY_AFTER_MS);
}

/** Cache-Control max-age in ms; undefined when absent or when the response must not be reused. */
export function parseMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return undefined;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match) return Number(match[1]) * 1000;
  }
  return undefined;
}
