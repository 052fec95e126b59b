// The demo's stand-in for the web: a local HTTP server on 127.0.0.1 serving the bundled sample
// feeds (demo/catalog.json + demo/feeds/), with ETag/Last-Modified so conditional GET shows too.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface DemoCatalog {
  categories: { id: string; title: string }[];
  sources: { id: string; title: string; file: string; contentType: string; category?: string }[];
}

/** The demo folder: two levels up from this module in src/ and in dist/ alike. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

export function readDemoCatalog(): DemoCatalog {
  return JSON.parse(readFileSync(new URL('catalog.json', `file://${DEMO_DIR}`), 'utf8')) as DemoCatalog;
}

export interface DemoSourceServer {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export async function startDemoSourceServer(catalog: DemoCatalog): Promise<DemoSourceServer> {
  const started = new Date().toUTCString();
  const files = new Map<string, { body: Buffer; type: string; etag: string }>(
    catalog.sources.map((s) => {
      const body = readFileSync(new URL(s.file, `file://${DEMO_DIR}`));
      return [`/${s.file}`, { body, type: s.contentType, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` }];
    }),
  );
  const server = createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a demo feed\n');
      return;
    }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { etag: file.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, etag: file.etag, 'last-modified': started, 'content-length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
