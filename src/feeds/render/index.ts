// Render stage: stories of one category -> the text of one output feed (RSS 2.0, Atom 1.0 or
// JSON Feed 1.1). Pure and deterministic: the same stories render to the same bytes, so the
// writer can skip unchanged files and readers' conditional GETs keep working. Given kept
// entries (RenderedEntries), only entries not rendered before are rendered; same bytes.
import type { Config } from '../../shared/config.js';
import type { OutputFormat, Story } from '../../shared/types.js';
import { atomWriter } from './atom.js';
import { buildFeedView, type FeedCategory, type FormatWriter, type RenderExtras } from './feed-view.js';
import { jsonFeedWriter } from './json-feed.js';
import type { RenderedEntries } from './rendered-entries.js';
import { rssWriter } from './rss.js';

export type { FeedCategory, RenderExtras } from './feed-view.js';
export { entryId } from './entry-id.js';
export { FORMAT_INFO, OUTPUT_FORMATS, feedFileName, feedUrl } from './formats.js';
export { RenderedEntries } from './rendered-entries.js';

const WRITERS: Record<OutputFormat, FormatWriter> = { rss: rssWriter, atom: atomWriter, json: jsonFeedWriter };

/**
 * Renders one category feed. `extras` (optional) gives titles for the stories' other
 * categories, the source feeds' URLs (for RSS <source url> and Atom <source>) and the language.
 */
export function renderFeed(
  format: OutputFormat,
  category: FeedCategory,
  stories: Story[],
  output: Config['output'],
  extras?: RenderExtras,
): string {
  return renderFeeds([format], category, stories, output, extras)[format]!;
}

/** Several formats of one category feed: the stories become entries once, not once per format. */
export function renderFeeds(
  formats: readonly OutputFormat[],
  category: FeedCategory,
  stories: Story[],
  output: Config['output'],
  extras?: RenderExtras,
): Partial<Record<OutputFormat, string>> {
  const rendered: Partial<Record<OutputFormat, string>> = {};
  const view = buildFeedView(category, stories, output, extras);
  for (const format of formats) {
    const writer = WRITERS[format];
    const texts = writer.entries(view.entries);
    const { head, separator, tail } = writer.document(view, texts);
    rendered[format] = head + texts.join(separator) + tail;
  }
  return rendered;
}

/**
 * renderFeeds as the UTF-8 bytes written to the files, with kept entries: only entries not
 * rendered before are rendered and encoded, and each document is its frame's bytes around the
 * kept entries' bytes, so a render neither joins nor encodes the whole document as text again.
 */
export function renderFeedBytes(
  formats: readonly OutputFormat[],
  category: FeedCategory,
  stories: Story[],
  output: Config['output'],
  extras: RenderExtras | undefined,
  kept: RenderedEntries,
): Partial<Record<OutputFormat, Buffer>> {
  const view = buildFeedView(category, stories, output, extras);
  const records = kept.recordsFor(view.entries);
  const rendered: Partial<Record<OutputFormat, Buffer>> = {};
  for (const format of formats) {
    const writer = WRITERS[format];
    const missing = view.entries.flatMap((entry, i) => (records[i]![format] === undefined ? [i] : []));
    const texts = writer.entries(missing.map((i) => view.entries[i]!));
    missing.forEach((entryIndex, i) => (records[entryIndex]![format] = Buffer.from(texts[i]!, 'utf8')));
    const entries = records.map((record) => record[format]!);
    const { head, separator, tail } = writer.document(view, entries);
    const between = Buffer.from(separator, 'utf8');
    const chunks: Buffer[] = [Buffer.from(head, 'utf8')];
    entries.forEach((entry, i) => {
      if (i > 0 && between.length > 0) chunks.push(between);
      chunks.push(entry);
    });
    chunks.push(Buffer.from(tail, 'utf8'));
    rendered[format] = Buffer.concat(chunks);
  }
  return rendered;
}
