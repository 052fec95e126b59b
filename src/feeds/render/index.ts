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
  kept?: RenderedEntries,
): Partial<Record<OutputFormat, string>> {
  const view = buildFeedView(category, stories, output, extras);
  const records = kept?.recordsFor(view.entries);
  const rendered: Partial<Record<OutputFormat, string>> = {};
  for (const format of formats) {
    const writer = WRITERS[format];
    if (!records) {
      rendered[format] = writer.document(view, writer.entries(view.entries));
      continue;
    }
    const missing = view.entries.flatMap((entry, i) => (records[i]![format] === undefined ? [i] : []));
    const texts = writer.entries(missing.map((i) => view.entries[i]!));
    missing.forEach((entryIndex, i) => (records[entryIndex]![format] = texts[i]));
    rendered[format] = writer.document(view, records.map((record) => record[format]!));
  }
  return rendered;
}
