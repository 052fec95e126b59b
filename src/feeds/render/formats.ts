// Render stage: where each output format lives and how it is served. One table, used by the
// renderer (self links), the writer (file names) and the server (routes, Content-Type).
import type { OutputFormat } from '../../shared/types.js';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['rss', 'atom', 'json'];

export const FORMAT_INFO: Record<OutputFormat, { extension: string; contentType: string; label: string }> = {
  rss: { extension: 'rss', contentType: 'application/rss+xml; charset=utf-8', label: 'RSS' },
  atom: { extension: 'atom', contentType: 'application/atom+xml; charset=utf-8', label: 'Atom' },
  json: { extension: 'json', contentType: 'application/feed+json; charset=utf-8', label: 'JSON Feed' },
};

/** "<categoryId>.<ext>", the file name under output.dir and the last path segment of the URL. */
export function feedFileName(categoryId: string, format: OutputFormat): string {
  return `${categoryId}.${FORMAT_INFO[format].extension}`;
}

/** The public URL of one feed: `${baseUrl}/feeds/<id>.<ext>` (baseUrl has no trailing slash). */
export function feedUrl(baseUrl: string, categoryId: string, format: OutputFormat): string {
  return `${baseUrl}/feeds/${feedFileName(categoryId, format)}`;
}

/** The index page section that shows this category (the feeds' rel="alternate" link). */
export function categoryPageUrl(baseUrl: string, categoryId: string): string {
  return categoryId === 'all' ? `${baseUrl}/` : `${baseUrl}/#${categoryId}`;
}
