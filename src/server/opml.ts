// Serve stage: /feeds.opml, an OPML 2.0 subscription list with one outline per category in the
// preferred (first configured) format, so a reader can subscribe to everything at once.
import type { Config } from '../shared/config.js';
import { feedUrl, categoryPageUrl, FORMAT_INFO } from '../feeds/render/formats.js';
import { escapeMarkup } from '../feeds/render/xml-safe.js';
import type { FeedCatalog } from './catalog.js';

export function renderOpml(config: Config, catalog: FeedCatalog): string {
  const format = catalog.formats[0] ?? 'atom';
  const { baseUrl } = config.output;
  const outlines = catalog.categories.map((c) => {
    const attributes = {
      type: 'rss',
      text: c.title,
      title: c.title,
      ...(c.description ? { description: c.description } : {}),
      xmlUrl: feedUrl(baseUrl, c.id, format),
      htmlUrl: categoryPageUrl(baseUrl, c.id),
    };
    const rendered = Object.entries(attributes).map(([name, value]) => `${name}="${escapeMarkup(value)}"`);
    return `    <outline ${rendered.join(' ')}/>`;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeMarkup(`${config.output.title} (${FORMAT_INFO[format].label} feeds)`)}</title>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
