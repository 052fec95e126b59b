// Output speed: how long rendering one category feed takes in each format (at the default
// maxItems of 50 and at 500), how big the files are plain, gzip and brotli, and how many
// requests a second the server answers for a cached feed (200 with brotli, and 304).
// Called by bench/run.ts as benchOutput(); also runnable alone with `npx tsx bench/output.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { renderFeed } from '../src/feeds/render/index.js';
import { writeFeedFiles } from '../src/feeds/write/index.js';
import { createFeedServer } from '../src/server/http.js';
import { parseConfig } from '../src/shared/config.js';
import { silentLogger } from '../src/shared/logger.js';
import type { OutputFormat, Story } from '../src/shared/types.js';
import { median as medianOf } from './pipeline.js';

const FORMATS: OutputFormat[] = ['rss', 'atom', 'json'];

function stories(count: number): Story[] {
  const t0 = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => ({
    id: `story-${i}`,
    title: `Story ${i}: café & "quotes" <b>`,
    link: `https://example.com/news/${i}?ref=rss&utm=x`,
    summary: `<p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6)}</p>`,
    authors: ['A. Writer'],
    tags: [],
    enclosures: [],
    published: t0 + i * 60_000,
    updated: t0 + i * 60_000,
    firstSeen: t0 + i * 60_000,
    sources: [
      { id: 'wire', title: 'The Wire', link: `https://wire.example/${i}`, guid: `w${i}`, firstSeen: t0 },
      { id: 'daily', title: 'Daily', link: `https://daily.example/${i}`, guid: `d${i}`, firstSeen: t0 + 1 },
    ],
    categories: [{ id: 'tech', score: 0.9, layer: 'rules', reason: 'keyword "chip"' }],
  }));
}

export async function benchOutput(options: { requests?: number } = {}): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'feedmill-bench-output-'));
  const config = parseConfig(`output:\n  dir: ${JSON.stringify(dir)}\n  maxItems: 500\ncategories:\n  - {id: tech, title: Tech}\n`, path.join(dir, 'feedmill.yaml'));
  const category = { id: 'tech', title: 'Tech' };
  const render: Record<string, unknown> = {};
  for (const format of FORMATS) {
    const small = renderFeed(format, category, stories(50), { ...config.output, maxItems: 50 });
    const bytes = Buffer.from(small);
    render[format] = {
      msPer50Items: timeMs(() => renderFeed(format, category, stories(50), { ...config.output, maxItems: 50 })),
      msPer500Items: timeMs(() => renderFeed(format, category, stories(500), config.output)),
      bytes50: bytes.length,
      gzipBytes50: zlib.gzipSync(bytes, { level: 9 }).length,
      brotliBytes50: zlib.brotliCompressSync(bytes).length,
    };
  }
  const rendered = Object.fromEntries(FORMATS.map((f) => [f, renderFeed(f, category, stories(50), config.output)]));
  await writeFeedFiles(dir, 'tech', rendered);
  const unchangedWriteMs = timeMs(() => undefined, async () => void (await writeFeedFiles(dir, 'tech', rendered)));

  const server = createFeedServer({ config, logger: silentLogger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/tech.atom`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const first = await request(agent, url, {});
    const requests = options.requests ?? 2000;
    return {
      render,
      unchangedWriteMs: await unchangedWriteMs,
      serveBrotliPerSecond: await throughput(agent, url, { 'accept-encoding': 'br' }, requests),
      serve304PerSecond: await throughput(agent, url, { 'if-none-match': first.etag ?? '' }, requests),
    };
  } finally {
    agent.destroy();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median ms of a few runs (sync), or of the async variant when given. */
function timeMs(run: () => unknown, runAsync?: () => Promise<void>): number | Promise<number> {
  const samples: number[] = [];
  if (runAsync) {
    return (async () => {
      for (let i = 0; i < 9; i++) {
        const started = performance.now();
        await runAsync();
        samples.push(performance.now() - started);
      }
      return median(samples);
    })();
  }
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** Median, to two decimals. */
function median(samples: number[]): number {
  return Math.round(medianOf(samples) * 100) / 100;
}

async function throughput(agent: http.Agent, url: string, headers: Record<string, string>, requests: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < requests) await request(agent, url, headers);
    }),
  );
  return Math.round(requests / ((performance.now() - started) / 1000));
}

function request(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; etag?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
      })
      .on('error', reject);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchOutput(), null, 2)}\n`);
}
