// The contracts between pipeline stages: a source's config, what a fetch returns,
// what a parser says one source published, and what feedmill believes a story is.
// A stage takes one of these and returns the next.

export type FeedFormat =
  | 'rss0.90'
  | 'rss0.91'
  | 'rss0.92'
  | 'rss2.0'
  | 'rss1.0'
  | 'atom0.3'
  | 'atom1.0'
  | 'json1.0'
  | 'json1.1';

export type OutputFormat = 'rss' | 'atom' | 'json';

export interface SourceConfig {
  id: string;
  url: string;
  title?: string;
  /** Fixed category: every story of this source goes there. */
  category?: string;
  intervalMs: number;
}

/** What the poller remembers between fetches of one source (conditional GET, backoff). */
export interface SourceHttpState {
  etag?: string;
  lastModified?: string;
  /** Effective URL after a permanent redirect (301/308). */
  permanentUrl?: string;
}

export interface FetchOk {
  kind: 'ok';
  status: number;
  /** URL the body was finally read from (after redirects). */
  url: string;
  body: Buffer;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Set when a 301/308 moved the source permanently. */
  permanentUrl?: string;
  /** Cache-Control max-age of the response, in ms. */
  maxAgeMs?: number;
}

export interface FetchNotModified {
  kind: 'not-modified';
  status: 304;
  url: string;
  etag?: string;
  lastModified?: string;
  permanentUrl?: string;
  maxAgeMs?: number;
}

export type FetchResult = FetchOk | FetchNotModified;

export interface Enclosure {
  url: string;
  type?: string;
  length?: number;
}

/** One item as one source published it, after parsing and cleaning (plain-text title, sanitized HTML). */
export interface ParsedItem {
  /** The feed's id/guid, or a stable one derived from link and title. */
  guid: string;
  title: string;
  /** Absolute link. */
  link?: string;
  /** Epoch ms; missing means "first seen" and is filled in by ingest. */
  published?: number;
  updated?: number;
  authors: string[];
  /** Sanitized HTML. */
  summary?: string;
  /** Sanitized HTML. */
  content?: string;
  tags: string[];
  enclosures: Enclosure[];
}

/**
 * A feed that was read, but not as published: RECOVERED (not well-formed, repaired the way
 * liberal readers repair it) or TRUNCATED (more items than parse.maxItems). Shown to operators
 * so they can tell the publisher; never a failure.
 */
export interface ParseWarning {
  code: 'RECOVERED' | 'TRUNCATED';
  message: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  link?: string;
  description?: string;
  /** Hints a feed gives about how often to poll it, in ms (RSS ttl, sy:updatePeriod/Frequency). */
  pollHintMs?: number;
  items: ParsedItem[];
  /** Present only when there is something to say. */
  warnings?: ParseWarning[];
}

export type CategoryLayer = 'source' | 'tags' | 'rules' | 'bayes' | 'fallback';

export interface CategoryAssignment {
  id: string;
  score: number;
  layer: CategoryLayer;
  /** Human-readable reason, shown by `feedmill explain` and in the JSON Feed `_feedmill` object. */
  reason: string;
}

export interface StorySource {
  id: string;
  title: string;
  /** The link this source gave for the story. */
  link?: string;
  guid: string;
  firstSeen: number;
}

/** What feedmill stores and publishes: one story, however many sources carried it. */
export interface Story {
  id: string;
  title: string;
  link?: string;
  canonicalLink?: string;
  summary?: string;
  content?: string;
  authors: string[];
  tags: string[];
  enclosures: Enclosure[];
  published: number;
  updated: number;
  firstSeen: number;
  sources: StorySource[];
  categories: CategoryAssignment[];
}
