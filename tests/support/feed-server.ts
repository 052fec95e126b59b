// A local HTTP server on 127.0.0.1 that serves test feeds from a route table the test can change.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body: string | Buffer;
  type?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface FeedServer {
  url: string;
  routes: Map<string, Route>;
  /** Requests seen, in order (path and headers). */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path, headers: req.headers });
    const route = table.get(path);
    const answer = () => {
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed');
        return;
      }
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/rss+xml; charset=utf-8', ...route.headers });
      res.end(route.body);
    };
    if (route?.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: table,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function rss(title: string, items: { title: string; link: string; guid?: string; description?: string; pubDate?: string; categories?: string[] }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link><description>test</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.guid ?? i.link)}</guid>${
      i.description ? `<description>${esc(i.description)}</description>` : ''
    }<pubDate>${i.pubDate ?? 'Mon, 23 Nov 2026 10:00:00 GMT'}</pubDate>${(i.categories ?? []).map((c) => `<category>${esc(c)}</category>`).join('')}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(title: string, entries: { title: string; link: string; id: string; summary?: string; updated?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:test:${esc(title)}</id><updated>2026-11-23T10:00:00Z</updated>
${entries
  .map(
    (e) => `<entry><title>${esc(e.title)}</title><id>${esc(e.id)}</id><link rel="alternate" href="${esc(e.link)}"/><updated>${e.updated ?? '2026-11-23T09:00:00Z'}</updated>${
      e.summary ? `<summary>${esc(e.summary)}</summary>` : ''
    }</entry>`,
  )
  .join('\n')}
</feed>`;
}
