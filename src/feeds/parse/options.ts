// What the poll worker tells the parser about a document.

export interface ParseOptions {
  /** The URL the document was read from: the last base for relative links, and named in errors. */
  url: string;
  /** Epoch ms of this poll; later dates are clamped to it. */
  now: number;
  /** At most this many items are taken, in document order (default 2000); a cut feed is reported TRUNCATED. */
  maxItems?: number;
}
