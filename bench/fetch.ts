// Fetch and decode speed against a local server: how many feeds a second one process can
// pull through fetchFeed + decodeFeedBody, plain and gzip, and how fast decoding alone is.
// Called by bench/run.ts as benchFetch(); also runnable alone with `npx tsx bench/fetch.ts`.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { decodeFeedBody } from '../src/feeds/decode/index.js';
import { closeFetchAgents, fetchFeed, type FetchOptions } from '../src/feeds/fetch/index.js';

const ITEMS = 200;

function sampleFeed(): string {
  const items = Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item><title>Story ${i}: café, naïve, déjà vu</title><link>https://example.com/${i}</link>` +
      `<description>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}</description></item>`,
  ).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>${items}</channel></rss>`;
}

export async function benchFetch(options: { requests?: number; concurrency?: number } = {}): Promise<Record<string, unknown>> {
  const requests = options.requests ?? 400;
  const concurrency = options.concurrency ?? 8;
  const feed = Buffer.from(sampleFeed());
  const gzipped = zlib.gzipSync(feed);
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    if (req.url === '/gzip') {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipped);
    } else res.end(feed);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchOptions: FetchOptions = {
    timeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    maxBytes: 10 * 1024 * 1024,
    maxRedirects: 5,
    perHost: concurrency,
    hostGapMs: 0,
  };

  const run = async (path: string) => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < requests) {
        next++;
        const t0 = performance.now();
        const result = await fetchFeed(`${origin}${path}`, {}, fetchOptions);
        if (result.kind === 'ok') decodeFeedBody(result.body, result.contentType);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests,
      concurrency,
      feedsPerSecond: Math.round(requests / seconds),
      decodedMBPerSecond: round((requests * feed.length) / seconds / 1e6),
      p50Ms: round(latencies[Math.floor(latencies.length / 2)] ?? 0),
      p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    };
  };

  try {
    return {
      feedBytes: feed.length,
      gzipBytes: gzipped.length,
      plain: await run('/feed'),
      gzip: await run('/gzip'),
      decodeOnly: {
        utf8MBPerSecond: decodeSpeed(feed, 'application/rss+xml; charset=utf-8'),
        windows1252MBPerSecond: decodeSpeed(iconv.encode(feed.toString('utf8'), 'windows-1252'), 'application/rss+xml; charset=utf-8'),
      },
    };
  } finally {
    server.close();
    await closeFetchAgents();
  }
}

/** MB/s of decodeFeedBody over ~100 MB; the second body is mislabelled, the slow path. */
function decodeSpeed(body: Buffer, contentType: string): number {
  const rounds = Math.max(1, Math.round(100e6 / body.length));
  const started = performance.now();
  for (let i = 0; i < rounds; i++) decodeFeedBody(body, contentType);
  return round((rounds * body.length) / ((performance.now() - started) / 1000) / 1e6);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchFetch(), null, 2)}\n`);
}
