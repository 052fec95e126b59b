// How the ingest script's cost per item changes as the store grows: the scale bench's farm
// (bench/scale/farm-data.ts) ingested straight into a private redis-server, source by source as
// in benchScaleFarm(), and at each checkpoint a window of sources measured on its own: Redis
// commands per item (INFO commandstats calls, exact and repeatable), the script's microseconds
// per item and Redis CPU per item (both noisy on a shared machine). Work that is flat per item
// shows the same figures at every checkpoint; what grows with the store shows up here in minutes
// instead of a 10,000-source scale run.
//   npx tsx bench/store-growth.ts [--sources 10000] [--checkpoints 1000,2000,5000,10000] [--window 200]
import { Redis } from 'ioredis';
import { Keys } from '../src/shared/keys.js';
import { type IngestItem, StoryStore } from '../src/store/story-store.js';
import { startRedisServer } from '../tests/support/redis-server.js';
import { farm, TOPIC_IDS } from './scale/farm-data.js';
import { SCALE_FARM_STORE } from './store.js';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sources = Number(value('sources') ?? 10_000);
const checkpoints = (value('checkpoints') ?? '1000,2000,5000,10000').split(',').map(Number).filter((n) => n > 0 && n <= sources);
const window = Number(value('window') ?? 200);
const perSource = 50;

const server = await startRedisServer();
const redis = new Redis(server.url, { maxRetriesPerRequest: null });
const keys = new Keys('growth');
const store = new StoryStore(redis, keys, SCALE_FARM_STORE);
const now = Date.now();
const generated = farm({ sources, items: perSource, syndicated: 0.2, seed: 42, now });

function job(s: number): IngestItem[] {
  const source = generated.source(s);
  return source.items.map(({ title, link, guid, summary, published }, i): IngestItem => {
    const words = title.split(' ');
    return {
      source: { id: source.id, title: source.id },
      item: { guid, title, link, summary, published, authors: [], tags: [], enclosures: [] },
      categories: [{ id: TOPIC_IDS[(s + i) % TOPIC_IDS.length] as string, score: 0.8, layer: 'rules', reason: `keywords: ${words[1]}, ${words[4]} (x2), ${words[7]}` }],
    };
  });
}

async function stats(): Promise<{ calls: Record<string, number>; usec: Record<string, number>; cpu: number }> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  const usec: Record<string, number> = {};
  for (const [, name, count, spent] of info.matchAll(/cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/g)) {
    calls[name as string] = Number(count);
    usec[name as string] = Number(spent);
  }
  const cpuInfo = await redis.info('cpu');
  const cpu = ['used_cpu_user', 'used_cpu_sys'].reduce((n, k) => n + Number(new RegExp(`${k}:([\\d.]+)`).exec(cpuInfo)?.[1] ?? 0), 0);
  return { calls, usec, cpu };
}

const rows: Record<string, unknown>[] = [];
try {
  let next = 0;
  for (const checkpoint of checkpoints) {
    // Fill up to the window quickly (a few jobs in flight), then measure the window one job at a time.
    const fillTo = Math.max(next, checkpoint - window);
    while (next < fillTo) {
      const batch: Promise<unknown>[] = [];
      for (let k = 0; k < 4 && next < fillTo; k++) batch.push(store.ingest(job(next++), now));
      await Promise.all(batch);
    }
    const jobs = Array.from({ length: checkpoint - next }, (_, k) => job(next + k));
    const items = jobs.reduce((n, j) => n + j.length, 0);
    const storiesBefore = await redis.zcard(keys.allStories);
    const before = await stats();
    for (const j of jobs) await store.ingest(j, now);
    const after = await stats();
    next = checkpoint;
    const perItem = (n: number) => Number((n / items).toFixed(2));
    const calls = Object.fromEntries(
      Object.entries(after.calls)
        .map(([name, n]) => [name, perItem(n - (before.calls[name] ?? 0))] as const)
        .filter(([name, n]) => n >= 0.05 && !['info', 'zcard'].includes(name))
        .sort((a, b) => b[1] - a[1]),
    );
    const row = {
      sources: checkpoint,
      storiesBefore,
      items,
      evalshaUsPerItem: perItem((after.usec.evalsha ?? 0) - (before.usec.evalsha ?? 0)),
      redisCpuUsPerItem: perItem((after.cpu - before.cpu) * 1e6),
      callsPerItem: calls,
    };
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
  const memory = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
  process.stdout.write(`${JSON.stringify({ sources, window, rows, bytesPerStory: Math.round(memory / (await redis.zcard(keys.allStories))) }, null, 2)}\n`);
} finally {
  redis.disconnect();
  await server.stop();
}
