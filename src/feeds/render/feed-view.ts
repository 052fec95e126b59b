// Render stage: one format-neutral view of a category feed, built once per render from the
// stored stories. Every string is cleaned here (forbidden XML code points removed, URLs
// checked), so the format writers only arrange and escape. Nothing in the view depends on the
// clock: the same stories give the same view, hence byte-identical files.
import type { Config } from '../../shared/config.js';
import type { CategoryLayer, Enclosure, OutputFormat, Story } from '../../shared/types.js';
import { entryId } from './entry-id.js';
import { categoryPageUrl, feedUrl, OUTPUT_FORMATS } from './formats.js';
import { cdataSafeHtml, safeHttpUrl, stripForbidden } from './xml-safe.js';

export interface FeedCategory {
  /** 'all' = every category. */
  id: string;
  title: string;
  description?: string;
}

/** What the caller knows beyond the stories: titles for category ids, source feed URLs, the language. */
export interface RenderExtras {
  categories?: readonly { id: string; title: string }[];
  sources?: readonly { id: string; url: string; title?: string }[];
  /** BCP 47 tag, e.g. "en"; written when known. */
  language?: string;
}

export interface SourceView {
  id: string;
  title: string;
  /** Where this source published the story. */
  link?: string;
  /** The source's own feed, when the caller passed the source list. */
  feedUrl?: string;
}

export interface CategoryView {
  id: string;
  title: string;
  layer: CategoryLayer;
  score: number;
  reason: string;
}

export interface EntryView {
  id: string;
  storyId: string;
  title: string;
  link: string;
  published: Date;
  updated: Date;
  authors: string[];
  /** Sanitized HTML, safe inside CDATA. */
  summaryHtml?: string;
  /** Sanitized HTML, only when output.fullContent is on. */
  contentHtml?: string;
  categories: CategoryView[];
  enclosures: Enclosure[];
  /** Every source that carried the story, first seen first. */
  sources: SourceView[];
}

export interface FeedView {
  categoryId: string;
  title: string;
  subtitle?: string;
  /** The index page section for this category. */
  pageUrl: string;
  feedUrls: Record<OutputFormat, string>;
  hub?: string;
  icon?: string;
  language?: string;
  /** Newest story time (epoch 0 for an empty feed), never the render time. */
  updated: Date;
  entries: EntryView[];
}

/** An entry's text, as written or kept (UTF-8 bytes): a writer only asks whether it contains a string. */
export type EntryText = string | Buffer;

/** A document is head + the entries' texts joined by separator + tail. */
export interface DocumentParts {
  head: string;
  separator: string;
  tail: string;
}

/**
 * How one output format writes a feed: the entries' texts (each a pure function of its entry, so
 * it can be kept and reused while the entry is unchanged), then the document around them.
 */
export interface FormatWriter {
  entries(entries: readonly EntryView[]): string[];
  /** What goes around the entries; `texts` are entries(view.entries). */
  document(view: FeedView, texts: readonly EntryText[]): DocumentParts;
}

// The config's source list lives until a reload: indexed once, not at every render (10,000 sources).
const sourceIndexes = new WeakMap<readonly object[], Map<string, { url: string; title?: string }>>();

function sourcesById(sources: NonNullable<RenderExtras['sources']>): Map<string, { url: string; title?: string }> {
  let index = sourceIndexes.get(sources);
  if (!index) {
    index = new Map(sources.map((s) => [s.id, s]));
    sourceIndexes.set(sources, index);
  }
  return index;
}

export function buildFeedView(category: FeedCategory, stories: Story[], output: Config['output'], extras: RenderExtras = {}): FeedView {
  const categoryTitles = new Map((extras.categories ?? []).map((c) => [c.id, c.title]));
  categoryTitles.set(category.id, category.title);
  const sourceFeeds = sourcesById(extras.sources ?? []);
  const pageUrl = categoryPageUrl(output.baseUrl, category.id);

  const chosen = [...stories].sort(newestFirst).slice(0, output.maxItems);
  const entries = chosen.map((story) => buildEntry(story, output, categoryTitles, sourceFeeds, pageUrl));
  const newest = Math.max(0, ...entries.map((e) => e.updated.getTime()));
  const feedTitle = clean(category.title);
  const siteTitle = clean(output.title);

  return {
    categoryId: category.id,
    title: category.id === 'all' || feedTitle === siteTitle ? siteTitle : `${siteTitle}: ${feedTitle}`,
    subtitle: optional(category.description),
    pageUrl,
    feedUrls: Object.fromEntries(OUTPUT_FORMATS.map((f) => [f, feedUrl(output.baseUrl, category.id, f)])) as Record<OutputFormat, string>,
    hub: safeHttpUrl(output.websubHub),
    icon: safeHttpUrl(output.icon),
    language: optional(extras.language),
    updated: new Date(newest),
    entries,
  };
}

function buildEntry(
  story: Story,
  output: Config['output'],
  categoryTitles: Map<string, string>,
  sourceFeeds: Map<string, { url: string; title?: string }>,
  fallbackLink: string,
): EntryView {
  const sources = [...story.sources]
    .sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id))
    .map((s): SourceView => {
      const known = sourceFeeds.get(s.id);
      return {
        id: clean(s.id),
        title: clean(s.title || known?.title || s.id),
        link: safeHttpUrl(s.link),
        feedUrl: safeHttpUrl(known?.url),
      };
    });
  const link =
    safeHttpUrl(story.link) ?? safeHttpUrl(story.canonicalLink) ?? sources.find((s) => s.link)?.link ?? fallbackLink;
  const published = new Date(story.published);
  return {
    id: entryId(story.id),
    storyId: clean(story.id),
    title: clean(story.title) || link,
    link,
    published,
    updated: new Date(Math.max(story.updated, story.published)),
    authors: story.authors.map(clean).filter(Boolean),
    summaryHtml: html(story.summary),
    contentHtml: output.fullContent ? html(story.content) : undefined,
    categories: story.categories.map((c) => ({
      id: clean(c.id),
      title: clean(categoryTitles.get(c.id) ?? c.id),
      layer: c.layer,
      score: c.score,
      reason: clean(c.reason),
    })),
    enclosures: story.enclosures.flatMap((e) => {
      const url = safeHttpUrl(e.url);
      if (!url) return [];
      const type = optional(e.type);
      return [{ url, ...(type ? { type } : {}), ...(e.length && e.length > 0 ? { length: e.length } : {}) }];
    }),
    sources,
  };
}

function newestFirst(a: Story, b: Story): number {
  return b.published - a.published || b.updated - a.updated || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function clean(value: string): string {
  return stripForbidden(value).trim();
}

function optional(value: string | undefined): string | undefined {
  const cleaned = value === undefined ? '' : clean(value);
  return cleaned || undefined;
}

function html(value: string | undefined): string | undefined {
  const cleaned = optional(value);
  return cleaned === undefined ? undefined : cdataSafeHtml(cleaned);
}
