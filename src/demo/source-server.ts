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

/** The sample stories were written as of this moment; they are served shifted by whole days to look recent. */
const WRITTEN_AT = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const RFC822 = /(<(?:pubDate|lastBuildDate)>)([^<]+)(<\/)/g;
const ISO_TAGS = /(<(?:updated|published|dc:date|issued|modified)>)([^<]+)(<\/)/g;
const JSON_DATES = /("date_(?:published|modified)"\s*:\s*")([^"]+)(")/g;

/**
 * Moves every date in a sample feed forward (or back) by whole days so that the newest story is
 * from today: the demo must show the same recent stories whenever it runs, within retention and
 * the dedupe window. Dates are ASCII, so the bytes of any charset (windows-1252 too) are kept.
 */
export function shiftDemoDates(body: Buffer, now = Date.now()): Buffer {
  const days = Math.floor((now - WRITTEN_AT) / DAY);
  if (days === 0) return body;
  const shift = (text: string, format: (d: Date) => string) => {
    const time = Date.parse(text);
    return Number.isNaN(time) ? text : format(new Date(time + days * DAY));
  };
  const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
  const text = body
    .toString('latin1')
    .replace(RFC822, (_, open: string, value: string, close: string) => `${open}${shift(value, (d) => d.toUTCString())}${close}`)
    .replace(ISO_TAGS, (_, open: string, value: string, close: string) => `${open}${shift(value, iso)}${close}`)
    .replace(JSON_DATES, (_, open: string, value: string, close: string) => `${open}${shift(value, iso)}${close}`);
  return Buffer.from(text, 'latin1');
}

export async function startDemoSourceServer(catalog: DemoCatalog): Promise<DemoSourceServer> {
  const started = new Date().toUTCString();
  const files = new Map<string, { body: Buffer; type: string; etag: string }>(
    catalog.sources.map((s) => {
      const body = shiftDemoDates(readFileSync(new URL(s.file, `file://${DEMO_DIR}`)));
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
