// Serve stage: the index page at "/": every category in config order with its latest stories,
// read from the category's JSON Feed file (so the page works from output.dir alone), subscribe
// and discovery links, and an activity chart when Redis is available. Plain server-rendered
// HTML, no script.
import type { Config } from '../shared/config.js';
import { FORMAT_INFO } from '../feeds/render/formats.js';
import { escapeMarkup } from '../feeds/render/xml-safe.js';
import { activityChart } from './activity-chart.js';
import type { FeedCatalog } from './catalog.js';
import type { CachedFile, FileCache } from './file-cache.js';
import { relativeAge } from './relative-time.js';

const STORIES_PER_CATEGORY = 10;

export interface PageStory {
  title: string;
  url?: string;
  published: number;
  sources: string[];
}

export interface IndexPageData {
  now: number;
  stories: Record<string, PageStory[]>;
  /** Stories per hour, oldest first; absent when there is no Redis. */
  activity?: Record<string, number[]>;
}

/** The newest stories of one category, from its JSON Feed file; [] when there is none yet. */
export async function readPageStories(files: FileCache, catalog: FeedCatalog, categoryId: string): Promise<PageStory[]> {
  if (!catalog.formats.includes('json')) return [];
  const file = await files.get(catalog.file(categoryId, 'json'));
  if (!file) return [];
  let stories = parsedStories.get(file);
  if (!stories) {
    stories = storiesOf(file.bytes);
    parsedStories.set(file, stories);
  }
  return stories;
}

// One parse per file version: the cache hands out the same object until the file changes.
const parsedStories = new WeakMap<CachedFile, PageStory[]>();

function storiesOf(bytes: Buffer): PageStory[] {
  let feed: { items?: unknown };
  try {
    feed = JSON.parse(bytes.toString('utf8')) as { items?: unknown };
  } catch {
    return [];
  }
  const items = Array.isArray(feed.items) ? (feed.items as JsonFeedItem[]) : [];
  return items.slice(0, STORIES_PER_CATEGORY).map((item) => ({
    title: String(item.title ?? item.url ?? 'Untitled'),
    url: typeof item.url === 'string' && /^https?:\/\//i.test(item.url) ? item.url : undefined,
    published: Date.parse(item.date_published ?? '') || 0,
    sources: (item._feedmill?.sources ?? []).map((s) => String(s.title ?? s.id ?? '')).filter(Boolean),
  }));
}

interface JsonFeedItem {
  title?: string;
  url?: string;
  date_published?: string;
  _feedmill?: { sources?: { id?: string; title?: string }[] };
}

export function renderIndexPage(config: Config, catalog: FeedCatalog, data: IndexPageData): string {
  const title = escapeMarkup(config.output.title);
  const discovery = [catalog.all, ...catalog.categories].flatMap((c) =>
    catalog.formats.map(
      (f) =>
        `<link rel="alternate" type="${FORMAT_INFO[f].contentType.split(';')[0]}" title="${escapeMarkup(`${c.title} (${FORMAT_INFO[f].label})`)}" href="${relative(catalog.href(c.id, f))}">`,
    ),
  );
  const sections = catalog.categories.map((c) => {
    const stories = data.stories[c.id] ?? [];
    const activity = data.activity?.[c.id];
    return [
      `<section class="category" id="${escapeMarkup(c.id)}">`,
      `<h2>${escapeMarkup(c.title)}</h2>`,
      c.description ? `<p class="description">${escapeMarkup(c.description)}</p>` : '',
      activity ? activityChart(activity, c.title) : '',
      stories.length > 0
        ? `<ol class="stories">${stories.map((s) => storyItem(s, data.now)).join('')}</ol>`
        : `<p class="empty">${catalog.formats.includes('json') ? 'No stories yet.' : 'Story lists are read from the JSON Feed files: add json to output.formats.'}</p>`,
      subscribeLinks(catalog, c.id),
      '</section>',
    ].join('\n');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${discovery.join('\n')}
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1rem;color:#222;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0 0 .25rem}
section.category{border-top:1px solid #ddd;padding:1rem 0}
ol.stories{padding-left:1.25rem;margin:.5rem 0}ol.stories li{margin:.35rem 0;overflow-wrap:anywhere}
.meta,.description,.empty,.subscribe{color:#666;font-size:.875rem}.meta{display:block}
svg.activity{display:block;color:#2a6fb0;margin:.25rem 0}
a{color:#1a5c9a}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}a{color:#7db4e6}.meta,.description,.empty,.subscribe{color:#999}section.category{border-color:#333}}
</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="subscribe">Everything: ${subscribeAnchors(catalog, 'all')} · <a href="feeds.opml" type="text/x-opml">OPML</a></p>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function storyItem(story: PageStory, now: number): string {
  const title = escapeMarkup(story.title);
  const link = story.url ? `<a href="${escapeMarkup(story.url)}">${title}</a>` : title;
  const when = story.published ? `<time datetime="${new Date(story.published).toISOString()}">${relativeAge(story.published, now)}</time>` : '';
  const meta = [escapeMarkup(story.sources.join(', ')), when].filter(Boolean).join(' · ');
  return `<li>${link}${meta ? `<span class="meta">${meta}</span>` : ''}</li>`;
}

function subscribeLinks(catalog: FeedCatalog, categoryId: string): string {
  return `<p class="subscribe">Subscribe: ${subscribeAnchors(catalog, categoryId)}</p>`;
}

function subscribeAnchors(catalog: FeedCatalog, categoryId: string): string {
  return catalog.formats
    .map((f) => `<a href="${relative(catalog.href(categoryId, f))}" type="${FORMAT_INFO[f].contentType.split(';')[0]}">${FORMAT_INFO[f].label}</a>`)
    .join(' ');
}

// Relative to the page, so links work behind a proxy that mounts feedmill under a sub-path.
function relative(href: string): string {
  return escapeMarkup(href.replace(/^\//, ''));
}
