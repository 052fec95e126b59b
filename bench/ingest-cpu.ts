// Node CPU per item of the ingest path's own work on the scale farm's items: classify (categorize)
// and the store's per-item script arguments (canonical link, ids, claims, the near-duplicate
// signature, the record's JSON), the items parsed from the farm's feeds as poll hands them on.
// CPU time, not wall time: these machines are shared. With --against, a second checkout's code
// (an earlier commit's worktree) runs in the same process, its batches alternated with this one's,
// so that a change of load falls on both alike; the figure is the median of the paired ratios.
// A hash of both sides' results tells whether they decide the same.
//   npx tsx bench/ingest-cpu.ts [--sources 100] [--passes 12] [--against DIR]
// (REDIS_URL, else a private redis-server: classify reads the learned counts once per batch.)
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { findRedis } from '../tests/support/redis-server.js';
import { median } from './pipeline.js';
import { farm, render, TOPIC_IDS } from './scale/farm-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sources = Number(option('sources') ?? 100);
const passes = Number(option('passes') ?? 12);
const against = option('against');
const NOW = Date.UTC(2026, 0, 15, 12);

interface Batch {
  sourceId: string;
  items: { guid: string; title: string; summary?: string; tags: string[] }[];
}

interface Side {
  name: string;
  batches: Batch[];
  classify(inputs: unknown[]): Promise<unknown[][]>;
  itemArgs(entry: unknown, now: number): unknown[];
}

async function side(root: string, redis: Redis, name: string): Promise<Side> {
  const load = (file: string) => import(pathToFileURL(path.join(root, 'src', file)).href);
  const [{ parseFeed }, { parseConfig }, { Keys }, { Categorizer }, { StoryStore, storeOptions }] = await Promise.all([
    load('feeds/parse/index.ts'),
    load('shared/config.ts'),
    load('shared/keys.ts'),
    load('categorize/index.ts'),
    load('store/story-store.ts'),
  ]);
  // The scale bench's categories (bench/scale.ts): every story goes to the classifier.
  const config = parseConfig(
    JSON.stringify({
      categories: TOPIC_IDS.map((id) => ({ id, title: id })),
      sources: [{ id: 'bench', url: 'http://127.0.0.1/bench.xml' }],
      retention: { maxPerCategory: 10_000_000 },
    }),
    'bench.yaml',
    {},
  );
  const f = farm({ sources, items: 50, syndicated: 0.2, seed: 42, now: NOW });
  const batches: Batch[] = [];
  for (let s = 0; s < sources; s++) {
    const source = f.source(s);
    const parsed = await parseFeed(render(source).body, { url: `http://127.0.0.1${source.path}`, now: NOW });
    batches.push({ sourceId: source.id, items: parsed.items });
  }
  const keys = new Keys(`bench-ingest-cpu-${randomBytes(4).toString('hex')}`);
  const categorizer = new Categorizer(redis, keys, config);
  const store = new StoryStore(redis, keys, storeOptions(config));
  return {
    name,
    batches,
    classify: (inputs) => categorizer.classify(inputs),
    // Private, and what the ingest script call is built from: reached around the type on purpose.
    itemArgs: (entry, now) => (store as unknown as { itemArgs(e: unknown, n: number): unknown[] }).itemArgs(entry, now),
  };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function runBatch(s: Side, batch: Batch, hash?: ReturnType<typeof createHash>): Promise<[classify: number, itemArgs: number]> {
  const { sourceId, items } = batch;
  const t0 = cpuMs();
  const categories = await s.classify(items.map((item) => ({ title: item.title, summary: item.summary, tags: item.tags, sourceId })));
  const t1 = cpuMs();
  const itemArgs = items.map((item, i) => s.itemArgs({ source: { id: sourceId, title: sourceId }, item, categories: categories[i] ?? [] }, NOW));
  const t2 = cpuMs();
  hash?.update(JSON.stringify(categories)).update(JSON.stringify(itemArgs.map((a) => a.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))));
  return [t1 - t0, t2 - t1];
}

const server = await findRedis();
const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
try {
  const sides = [await side(ROOT, redis, 'this')];
  if (against) sides.push(await side(path.resolve(against), redis, 'against'));
  // The first pass warms each side up and hashes what it decided.
  const checks: string[] = [];
  for (const s of sides) {
    const hash = createHash('sha1');
    for (const batch of s.batches) await runBatch(s, batch, hash);
    checks.push(hash.digest('hex').slice(0, 12));
  }
  const perPass = sides.map(() => [] as [number, number][]);
  for (let p = 0; p < passes; p++) {
    const sums = sides.map((): [number, number] => [0, 0]);
    for (let b = 0; b < sides[0]!.batches.length; b++) {
      const order = sides.map((_, i) => i);
      if ((b + p) % 2 === 1) order.reverse();
      for (const i of order) {
        const [c, a] = await runBatch(sides[i]!, sides[i]!.batches[b]!);
        const sum = sums[i]!;
        sum[0] += c;
        sum[1] += a;
      }
    }
    sums.forEach((sum, i) => perPass[i]!.push(sum));
  }
  const items = sides[0]!.batches.reduce((n, b) => n + b.items.length, 0);
  const us = (ms: number) => Math.round(((ms * 1000) / items) * 10) / 10;
  const report: Record<string, unknown> = { items, passes };
  sides.forEach((s, i) => {
    const runs = perPass[i]!;
    report[s.name] = {
      check: checks[i],
      classifyUsPerItem: us(median(runs.map(([c]) => c))),
      itemArgsUsPerItem: us(median(runs.map(([, a]) => a))),
      totalUsPerItem: us(median(runs.map(([c, a]) => c + a))),
    };
  });
  if (sides.length === 2) {
    const [mine, theirs] = perPass as [[number, number][], [number, number][]];
    const ratio = (pick: (r: [number, number]) => number) => Math.round(median(mine.map((r, p) => pick(r) / pick(theirs[p]!))) * 1000) / 1000;
    report.sameResults = checks[0] === checks[1];
    report.thisOverAgainst = { classify: ratio(([c]) => c), itemArgs: ratio(([, a]) => a), total: ratio(([c, a]) => c + a) };
  }
  console.log(JSON.stringify(report, null, 2));
} finally {
  redis.disconnect();
  await server.stop();
}
