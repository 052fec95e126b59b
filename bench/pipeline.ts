// Pipeline benchmarks: `once` over the demo sources and over N generated local sources (with a
// baseline of plain fetch + parse of the same feeds, so the figure reads as a ratio), and the
// publish latency (ingest stored -> file renamed) under a burst of ingest jobs.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { stringify } from 'yaml';
import { runOnce } from '../src/app/run-once.js';
import { Runtime } from '../src/app/runtime.js';
import { readDemoCatalog, startDemoSourceServer } from '../src/demo/source-server.js';
import { decodeFeedBody } from '../src/feeds/decode/index.js';
import { fetchFeed } from '../src/feeds/fetch/index.js';
import { parseFeed } from '../src/feeds/parse/index.js';
import { parseConfig } from '../src/shared/config.js';
import { Keys } from '../src/shared/keys.js';
import { silentLogger } from '../src/shared/logger.js';
import { connectRedis, deleteKeysUnder } from '../src/shared/redis.js';
import type { ParsedItem } from '../src/shared/types.js';
import { QUEUE_NAMES, ROLES } from '../src/workers/queues.js';
import { startWorkers } from '../src/workers/run-workers.js';
import { fetchOptionsFrom } from '../src/feeds/fetch/from-config.js';
import { generateFeeds, type GeneratedSource } from './generate-feeds.js';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};

const CATEGORIES = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'].map((id) => ({
  id,
  title: id[0]?.toUpperCase() + id.slice(1),
}));

interface Bench {
  runtime: Runtime;
  prefix: string;
  outputDir: string;
  close(): Promise<void>;
}

async function openBench(redisUrl: string, sources: { id: string; url: string; title?: string; category?: string }[]): Promise<Bench> {
  const prefix = `bench-${Math.random().toString(36).slice(2, 10)}`;
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-bench-'));
  const config = parseConfig(
    stringify({
      redis: { url: redisUrl, prefix },
      output: { dir: outputDir, baseUrl: 'http://bench.test' },
      fetch: { hostGap: '0s', perHost: 64 },
      categories: CATEGORIES,
      sources,
    }),
    'bench.yaml',
    {},
  );
  const runtime = new Runtime(config, redisUrl, silentLogger);
  return {
    runtime,
    prefix,
    outputDir,
    close: async () => {
      await runtime.close();
      const redis = connectRedis(redisUrl);
      await deleteKeysUnder(redis, new Keys(prefix));
      redis.disconnect();
      rmSync(outputDir, { recursive: true, force: true });
    },
  };
}

/** Wall time of one `once` run on a fresh prefix (everything is new), in ms. */
async function timeOnce(redisUrl: string, sources: { id: string; url: string; title?: string; category?: string }[]) {
  const bench = await openBench(redisUrl, sources);
  const workers = startWorkers(bench.runtime, ROLES);
  try {
    const started = performance.now();
    const summary = await runOnce(bench.runtime);
    return { ms: performance.now() - started, summary };
  } finally {
    await workers.close();
    await bench.close();
  }
}

export async function benchDemo(redisUrl: string, runs: number) {
  const catalog = readDemoCatalog();
  const server = await startDemoSourceServer(catalog);
  try {
    const sources = catalog.sources.map((s) => ({ id: s.id, url: `${server.url}/${s.file}`, title: s.title, ...(s.category ? { category: s.category } : {}) }));
    const times: number[] = [];
    let stories = 0;
    for (let i = 0; i < runs; i++) {
      const { ms, summary } = await timeOnce(redisUrl, sources);
      times.push(ms);
      stories = summary.newStories;
    }
    return { sources: sources.length, newStories: stories, runsMs: times.map(Math.round), medianMs: Math.round(median(times)) };
  } finally {
    await server.close();
  }
}

async function serveGenerated(feeds: GeneratedSource[]): Promise<{ url: string; close(): Promise<void> }> {
  const byPath = new Map(feeds.map((f) => [f.path, f]));
  const server: Server = createServer((req, res) => {
    const feed = byPath.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': feed.type }).end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** `once` over N generated sources, against a baseline of fetch + decode + parse alone at the same concurrency. */
export async function benchLocalSources(redisUrl: string, count: number, runs: number) {
  const feeds = generateFeeds({ sources: count, itemsPerFeed: 25 });
  const server = await serveGenerated(feeds);
  try {
    const sources = feeds.map((f) => ({ id: f.id, url: `${server.url}${f.path}` }));
    const onceTimes: number[] = [];
    const baseTimes: number[] = [];
    let summary: Awaited<ReturnType<typeof timeOnce>>['summary'] | undefined;
    const probe = await openBench(redisUrl, sources);
    const fetchOptions = { ...fetchOptionsFrom(probe.runtime.config), privateAddresses: 'allow' as const };
    const concurrency = probe.runtime.config.fetch.concurrency;
    await probe.close();
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < sources.length) {
            const source = sources[next++] as { url: string };
            const fetched = await fetchFeed(source.url, {}, fetchOptions);
            if (fetched.kind === 'ok') await parseFeed(decodeFeedBody(fetched.body, fetched.contentType), { url: fetched.url, now: Date.now() });
          }
        }),
      );
      baseTimes.push(performance.now() - started);
      const run = await timeOnce(redisUrl, sources);
      onceTimes.push(run.ms);
      summary = run.summary;
    }
    const bytes = feeds.reduce((n, f) => n + Buffer.byteLength(f.body), 0);
    return {
      sources: count,
      items: summary?.items ?? 0,
      newStories: summary?.newStories ?? 0,
      duplicates: summary?.duplicates ?? 0,
      megabytes: Number((bytes / 1e6).toFixed(2)),
      onceRunsMs: onceTimes.map(Math.round),
      onceMedianMs: Math.round(median(onceTimes)),
      baselineRunsMs: baseTimes.map(Math.round),
      baselineMedianMs: Math.round(median(baseTimes)),
      ratioToBaseline: Number((median(onceTimes) / median(baseTimes)).toFixed(2)),
    };
  } finally {
    await server.close();
  }
}

/**
 * Publish latency under load: `jobs` ingest jobs of `perJob` new items each are added at once;
 * each render reports the time from the oldest change it publishes (stored by ingest) to its files renamed.
 */
export async function benchPublishLatency(redisUrl: string, jobs: number, perJob: number) {
  const bench = await openBench(redisUrl, [{ id: 'load', url: 'http://127.0.0.1:9/unused.xml', title: 'Load' }]);
  const workers = startWorkers(bench.runtime, ['ingest', 'publish']);
  const events = new QueueEvents(QUEUE_NAMES.publish, { connection: bench.runtime.connection(), prefix: bench.runtime.keys.bullPrefix });
  const latencies: number[] = [];
  events.on('completed', ({ returnvalue }) => {
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as { changed: string[]; latencyMs: number };
    if (result.changed.length > 0) latencies.push(result.latencyMs);
  });
  await events.waitUntilReady();
  try {
    const feeds = generateFeeds({ sources: Math.ceil((jobs * perJob) / 25), itemsPerFeed: 25, sharedShare: 0, seed: 7 });
    const parsed: ParsedItem[] = [];
    for (const feed of feeds) {
      parsed.push(...(await parseFeed(feed.body, { url: `https://${feed.id}.example/`, now: Date.now() })).items);
    }
    const started = performance.now();
    for (let j = 0; j < jobs; j++) {
      await bench.runtime.queues.ingest.add('ingest', { sourceId: 'load', items: parsed.slice(j * perJob, (j + 1) * perJob), polledAt: Date.now() });
      await new Promise((r) => setTimeout(r, 5));
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ingest = await bench.runtime.queues.ingest.getJobCounts('waiting', 'active', 'delayed');
      const publish = await bench.runtime.queues.publish.getJobCounts('waiting', 'active', 'delayed');
      if ([...Object.values(ingest), ...Object.values(publish)].every((n) => n === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    return {
      ingestJobs: jobs,
      items: jobs * perJob,
      renders: latencies.length,
      wallMs: Math.round(performance.now() - started),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(Math.max(...latencies)),
    };
  } finally {
    await events.close();
    await workers.close();
    await bench.close();
  }
}
