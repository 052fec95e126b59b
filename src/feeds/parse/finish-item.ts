// What every format's mapper hands over, and the rules that make it a ParsedItem whatever the
// format: HTML sanitized against the item's base, the same text not kept twice, a title and a
// guid even when the feed gave none, and every field within its bound.

import { createHash } from 'node:crypto';
import type { Enclosure, ParsedItem } from '../../shared/types.js';
import { collapseWhitespace, sanitizeHtml, toPlainText } from '../sanitize/index.js';
import {
  DERIVED_TITLE_LENGTH,
  MAX_AUTHORS,
  MAX_CONTENT_LENGTH,
  MAX_ENCLOSURES,
  MAX_GUID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TAGS,
  MAX_TITLE_LENGTH,
} from './limits.js';

export interface ItemDraft {
  /** Address relative links in the item's HTML resolve against (item-base.ts). */
  base: string;
  /** An xml:base on the summary or content element itself (jekyll-feed writes the post's URL there). */
  summaryBase?: string;
  contentBase?: string;
  guid?: string;
  /** Already plain text (each format knows whether its titles are HTML). */
  title?: string;
  link?: string;
  published?: number;
  updated?: number;
  authors: string[];
  summaryHtml?: string;
  contentHtml?: string;
  tags: string[];
  enclosures: Enclosure[];
}

const UNTITLED = 'Untitled';

/** The finished item, or undefined when the feed said nothing about it (no title, link or text). */
export function finishItem(draft: ItemDraft): ParsedItem | undefined {
  const content = cleanHtml(draft.contentHtml, draft.contentBase ?? draft.base, MAX_CONTENT_LENGTH);
  let summary = cleanHtml(draft.summaryHtml, draft.summaryBase ?? draft.base, MAX_SUMMARY_LENGTH);
  // Many feeds repeat the full text in description and content:encoded; keep it once, as content.
  if (summary && content && sameText(summary, content)) summary = undefined;
  const title = truncate(collapseWhitespace(draft.title ?? ''), MAX_TITLE_LENGTH);
  if (!title && !draft.link && !summary && !content) return undefined;
  return {
    guid: stableGuid(draft.guid, draft.link, title, summary ?? content),
    title: title || deriveTitle(summary ?? content) || UNTITLED,
    link: draft.link,
    published: draft.published,
    updated: draft.updated,
    authors: uniqueTexts(draft.authors, MAX_AUTHORS),
    summary,
    content,
    tags: uniqueTexts(draft.tags, MAX_TAGS),
    enclosures: uniqueEnclosures(draft.enclosures),
  };
}

function cleanHtml(html: string | undefined, base: string, max: number): string | undefined {
  if (!html) return undefined;
  // Cut before sanitizing: the sanitizer closes whatever the cut left open. Cleaning can
  // lengthen markup (absolute URLs, rel attributes, closing tags), so cut again until it fits.
  let clean = sanitizeHtml(html.length > max ? html.slice(0, max) : html, base);
  while (clean.length > max) clean = sanitizeHtml(clean.slice(0, Math.floor(max * (max / clean.length) * 0.95)), base);
  return clean || undefined;
}

/** Whether two cleaned fragments say the same words (sanitized markup has no ">" inside tags). */
function sameText(a: string, b: string): boolean {
  if (a === b) return true;
  const words = (html: string) => collapseWhitespace(html.replace(/<[^>]*>/g, ' '));
  return Math.abs(a.length - b.length) < Math.max(a.length, b.length) / 2 && words(a) === words(b);
}

/**
 * The feed's own id when it has one; otherwise a hash of link and title, which stays the same
 * poll after poll as long as the item does (a feed that changes both has published a new item).
 */
function stableGuid(guid: string | undefined, link: string | undefined, title: string, text: string | undefined): string {
  const own = guid?.trim();
  if (own) return own.length > MAX_GUID_LENGTH ? `sha1:${sha1(own)}` : own;
  const basis = link || title ? `${link ?? ''}\n${title}` : toPlainText(text ?? '');
  return `sha1:${sha1(basis)}`;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The first words of the item's text, cut at a word boundary. */
function deriveTitle(html: string | undefined): string | undefined {
  const text = toPlainText(html ?? '');
  if (text.length <= DERIVED_TITLE_LENGTH) return text || undefined;
  const cut = text.slice(0, DERIVED_TITLE_LENGTH + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > DERIVED_TITLE_LENGTH / 2 ? space : DERIVED_TITLE_LENGTH).trimEnd()}…`;
}

/** A feed-level text (title, description) within its bound, or undefined when empty. */
export function feedText(text: string, max: number): string | undefined {
  return truncate(text, max) || undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Trimmed, bounded, first spelling kept, duplicates by case dropped. */
function uniqueTexts(values: string[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const text = truncate(collapseWhitespace(value), MAX_NAME_LENGTH);
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= max) break;
  }
  return out;
}

function uniqueEnclosures(enclosures: Enclosure[]): Enclosure[] {
  const byUrl = new Map<string, Enclosure>();
  for (const enclosure of enclosures) {
    if (!byUrl.has(enclosure.url)) byUrl.set(enclosure.url, enclosure);
  }
  return [...byUrl.values()].slice(0, MAX_ENCLOSURES);
}
