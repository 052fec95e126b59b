// Serve stage: /feeds/<category>.<rss|atom|json> from the files the writer left in output.dir,
// with WebSub discovery headers when a hub is configured, and 404s that say what does exist.
import type { ServerResponse } from 'node:http';
import type { Config } from '../shared/config.js';
import type { OutputFormat } from '../shared/types.js';
import { feedUrl, FORMAT_INFO } from '../feeds/render/formats.js';
import type { FeedCatalog } from './catalog.js';
import { sendFile } from './conditional-response.js';
import type { FileCache } from './file-cache.js';
import type { Route } from './routes.js';

export function feedRoutes(config: Config, catalog: FeedCatalog, files: FileCache): Route[] {
  return [
    {
      methods: ['GET'],
      path: /^\/feeds\/([^/]*)\.([a-z]+)$/,
      async handle(req, res, { params: [id = '', extension = ''] }) {
        const category = catalog.find(id);
        const format = catalog.formatOf(extension);
        if (!category || !format) {
          sendNotFound(res, `No feed ${JSON.stringify(`${id}.${extension}`)} here.`, catalog);
          return;
        }
        const file = await files.get(catalog.file(category.id, format));
        if (!file) {
          sendNotFound(res, `"${category.title}" has no ${FORMAT_INFO[format].label} file yet; it appears after the first publish run.`, catalog);
          return;
        }
        sendFile(req, res, file, { contentType: FORMAT_INFO[format].contentType, extra: websubLinks(config, category.id, format) });
      },
    },
  ];
}

/** WebSub §4: subscribers discover the hub and the canonical topic URL from Link headers. */
function websubLinks(config: Config, categoryId: string, format: OutputFormat): Record<string, string[]> {
  const hub = config.output.websubHub;
  if (!hub) return {};
  return { Link: [`<${hub}>; rel="hub"`, `<${feedUrl(config.output.baseUrl, categoryId, format)}>; rel="self"`] };
}

export function sendNotFound(res: ServerResponse, message: string, catalog: FeedCatalog): void {
  const lines = [message, '', 'Feeds available here:'];
  for (const category of [catalog.all, ...catalog.categories]) {
    lines.push(`  ${category.id} (${category.title}): ${catalog.formats.map((f) => catalog.href(category.id, f)).join('  ')}`);
  }
  lines.push('', 'All feeds as OPML: /feeds.opml', 'Index page: /');
  const body = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-cache');
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
