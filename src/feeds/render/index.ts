// Render stage: stories of one category -> the text of one output feed (RSS 2.0, Atom 1.0 or
// JSON Feed 1.1). Pure and deterministic: the same stories render to the same bytes, so the
// writer can skip unchanged files and readers' conditional GETs keep working.
import type { Config } from '../../shared/config.js';
import type { OutputFormat, Story } from '../../shared/types.js';
import { renderAtom } from './atom.js';
import { buildFeedView, type FeedCategory, type RenderExtras } from './feed-view.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';

export type { FeedCategory, RenderExtras } from './feed-view.js';
export { entryId } from './entry-id.js';
export { FORMAT_INFO, OUTPUT_FORMATS, feedFileName, feedUrl } from './formats.js';

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } satisfies Record<OutputFormat, unknown>;

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
  return RENDERERS[format](buildFeedView(category, stories, output, extras));
}

/** Several formats of one category feed: the stories become entries once, not once per format. */
export function renderFeeds(
  formats: readonly OutputFormat[],
  category: FeedCategory,
  stories: Story[],
  output: Config['output'],
  extras?: RenderExtras,
): Partial<Record<OutputFormat, string>> {
  const view = buildFeedView(category, stories, output, extras);
  const rendered: Partial<Record<OutputFormat, string>> = {};
  for (const format of formats) rendered[format] = RENDERERS[format](view);
  return rendered;
}
