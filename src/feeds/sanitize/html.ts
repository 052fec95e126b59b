// Cleaning story HTML (summaries and content) before it is stored and republished: only
// allow-listed tags and attributes survive, every address becomes absolute against the
// item's base, links open without handing the reader's page to the target, and tracking
// pixels go. The result is safe to put in an RSS description, an Atom content or a page.

import sanitize from 'sanitize-html';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_SCHEMES,
  ALLOWED_TAGS,
  DROP_WITH_CONTENT,
  INLINE_IMAGE,
  URL_ATTRIBUTES,
} from './allow-list.js';
import { removeControlChars } from './control-chars.js';
import { mentionsScriptScheme, resolveWebUrl } from './url.js';
import { cachedSanitize } from './sanitize-cache.js';
import { sanitizeSimpleHtml } from './simple-html.js';

type Attributes = Record<string, string>;

export function sanitizeHtml(html: string, baseUrl: string): string {
  if (!html) return '';
  return sanitizeSimpleHtml(html, baseUrl) ?? cachedSanitize(html, baseUrl, sanitizeWithLibrary);
}

/** sanitizeHtml through sanitize-html, whatever the HTML (the fast path's reference). */
export function sanitizeWithLibrary(html: string, baseUrl: string): string {
  const clean = sanitize(removeControlChars(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ALLOWED_SCHEMES,
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
    allowProtocolRelative: false,
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      '*': (tagName, attribs) => ({ tagName, attribs: absolutize(tagName, attribs, baseUrl) }),
    },
    exclusiveFilter: (frame) => {
      // A link whose address was refused keeps its text but loses the <a>.
      if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
      return isUselessImage(frame.tag, frame.attribs);
    },
  });
  return clean.trim();
}

/** Relative and protocol-relative addresses made absolute; srcset reduced to one src. */
function absolutize(tagName: string, attribs: Attributes, baseUrl: string): Attributes {
  const out: Attributes = { ...attribs };
  // srcset lists several candidates in a grammar sanitize-html only half checks; one
  // absolute src is enough for a feed reader, and an image that had only srcset keeps it.
  if (out.srcset !== undefined) {
    const candidate = firstSrcsetCandidate(out.srcset);
    if (!out.src && candidate) out.src = candidate;
    delete out.srcset;
  }
  for (const name of URL_ATTRIBUTES) {
    const value = out[name];
    if (value === undefined) continue;
    const resolved = resolveAttribute(tagName, name, value, baseUrl);
    if (resolved === undefined) delete out[name];
    else out[name] = resolved;
  }
  if (tagName === 'a') out.rel = 'noopener noreferrer';
  return out;
}

function resolveAttribute(tagName: string, name: string, value: string, baseUrl: string): string | undefined {
  const trimmed = value.trim();
  if (tagName === 'img' && name === 'src' && /^data:/i.test(trimmed)) {
    return INLINE_IMAGE.test(trimmed) ? trimmed : undefined;
  }
  if (tagName === 'a' && name === 'href' && /^mailto:/i.test(trimmed)) return mentionsScriptScheme(trimmed) ? undefined : trimmed;
  // In-page anchors ("#notes") become links to the story's own page, where they make sense.
  return resolveWebUrl(trimmed, baseUrl);
}

function firstSrcsetCandidate(srcset: string): string | undefined {
  const first = srcset.trim().split(/\s+/)[0];
  return first ? first.replace(/,$/, '') : undefined;
}

/** Images without a source, and 1x1 or 0x0 tracking pixels, which readers never see. */
function isUselessImage(tag: string, attribs: Attributes): boolean {
  if (tag !== 'img') return false;
  if (!attribs.src) return true;
  return isPixelSize(attribs.width) || isPixelSize(attribs.height);
}

function isPixelSize(value: string | undefined): boolean {
  return value !== undefined && /^\s*[01](?:px)?\s*$/i.test(value);
}
