// The scale bench's farm process: serves the generated feeds (bench/scale/farm-data.ts) from one
// HTTP server on each of 127.0.0.1 ... 127.0.0.<HOSTS> (loopback only), in its own process so
// that its CPU is not counted as feedmill's. Answers conditional GETs with 304, and on the
// parent's request adds items to some feeds ("churn"), remembering when each new item was first
// served, for the freshness figure. Talks to the parent over the IPC channel and stops with it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { farm, HOSTS, liveItem, render, type FarmOptions, type FarmSource } from './farm-data.js';

export type FarmRequest =
  | { type: 'churn'; indexes: number[] }
  | { type: 'served' }
  | { type: 'stats' }
  | { type: 'reset-stats' };

export type FarmReply =
  | { type: 'ready'; ports: number[]; bytes: number }
  | { type: 'churned'; links: string[] }
  | { type: 'served'; served: [string, number][] }
  | { type: 'stats'; ok: number; notModified: number; notFound: number };

interface Served {
  source: FarmSource;
  body: Buffer;
  type: string;
  etag: string;
  /** Links added by churn and not yet served. */
  pending: string[];
}

const send = (reply: FarmReply) => process.send?.(reply);
const options = JSON.parse(process.argv[2] ?? '{}') as FarmOptions;
const generated = farm(options);
const feeds: Served[] = [];
let bytes = 0;
for (let i = 0; i < options.sources; i++) {
  const source = generated.source(i);
  const { body, type } = render(source);
  const buffer = Buffer.from(body);
  bytes += buffer.length;
  feeds.push({ source, body: buffer, type, etag: `"v0-${i}"`, pending: [] });
}
const byPath = new Map(feeds.map((f) => [f.source.path, f]));
const servedAt = new Map<string, number>();
const stats = { ok: 0, notModified: 0, notFound: 0 };
let churned = 0;

const servers: Server[] = [];
const ports: number[] = [];
for (let h = 1; h <= HOSTS; h++) {
  const server = createServer((req, res) => {
    const feed = byPath.get(req.url ?? '');
    if (!feed) {
      stats.notFound++;
      res.writeHead(404).end();
      return;
    }
    if (req.headers['if-none-match'] === feed.etag) {
      stats.notModified++;
      res.writeHead(304, { etag: feed.etag }).end();
      return;
    }
    stats.ok++;
    if (feed.pending.length > 0) {
      const now = Date.now();
      for (const link of feed.pending) servedAt.set(link, now);
      feed.pending = [];
    }
    res.writeHead(200, { 'content-type': feed.type, 'content-length': feed.body.length, etag: feed.etag }).end(feed.body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, `127.0.0.${h}`, () => resolve());
  });
  servers.push(server);
  ports.push((server.address() as AddressInfo).port);
}

process.on('message', (message: FarmRequest) => {
  if (message.type === 'churn') {
    const links: string[] = [];
    const now = Date.now();
    for (const index of message.indexes) {
      const feed = feeds[index];
      if (!feed) continue;
      const n = churned++;
      const { id } = feed.source;
      const item = liveItem(id, n, now);
      feed.source.items.unshift(item);
      feed.source.items.pop();
      const { body } = render(feed.source);
      feed.body = Buffer.from(body);
      feed.etag = `"v${n + 1}-${index}"`;
      feed.pending.push(item.link);
      links.push(item.link);
    }
    send({ type: 'churned', links });
  } else if (message.type === 'served') {
    send({ type: 'served', served: [...servedAt] });
  } else if (message.type === 'stats') {
    send({ type: 'stats', ...stats });
  } else if (message.type === 'reset-stats') {
    stats.ok = stats.notModified = stats.notFound = 0;
    send({ type: 'stats', ...stats });
  }
});
// The farm never outlives the bench.
process.on('disconnect', () => {
  for (const server of servers) server.close();
  process.exit(0);
});
send({ type: 'ready', ports, bytes });
