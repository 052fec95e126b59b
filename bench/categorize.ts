// Categorization cost: how long classify and learnFrom take for one ingest-sized batch
// (300 stories with headline and summary, from the categorization eval items), each a
// median of several passes against a real Redis, plus the one-off cost of building a
// Categorizer (compiling the starter vocabulary and the keyword rules).
// Called by bench/run.ts as benchCategorize(redisUrl); also runnable alone with
// `npx tsx bench/categorize.ts` (REDIS_URL, else the local default).

import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Categorizer, type CategorizeInput } from '../src/categorize/index.js';
import { parseConfig } from '../src/shared/config.js';
import { Keys } from '../src/shared/keys.js';
import { EVAL_CATEGORIES, loadEvalItems } from '../scripts/eval/categorize.js';
import { deleteKeysUnder } from '../src/shared/redis.js';
import { median } from './pipeline.js';

const BATCH = 300;
const PASSES = 7;

export async function benchCategorize(redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379'): Promise<Record<string, number>> {
  const config = parseConfig(
    `categories:\n${EVAL_CATEGORIES.map((id) => `  - { id: ${id}, title: ${id}, keywords: [${id}] }`).join('\n')}\n`,
    'bench.yaml',
    {},
  );
  const items = loadEvalItems();
  const batch: CategorizeInput[] = Array.from({ length: BATCH }, (_, i) => {
    const item = items[i % items.length]!;
    return { title: item.title, summary: `<p>${item.summary ?? ''}</p>`, tags: [] };
  });
  const fixed = batch.map((input, i) => ({ ...input, sourceCategory: items[i % items.length]!.category }));
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const keys = new Keys(`bench-categorize-${randomBytes(4).toString('hex')}`);
  try {
    const buildMs = median(await repeat(async () => new Categorizer(redis, keys, config)));
    const categorizer = new Categorizer(redis, keys, config);
    const learnMs = median(await repeat(async () => categorizer.learnFrom(fixed, await categorizer.classify(fixed))));
    const classifyMs = median(await repeat(() => categorizer.classify(batch)));
    return {
      batch: BATCH,
      buildMedianMs: round(buildMs),
      classifyMedianMs: round(classifyMs),
      classifyPerItemUs: round((classifyMs * 1000) / BATCH),
      learnMedianMs: round(learnMs),
    };
  } finally {
    await deleteKeysUnder(redis, keys);
    redis.disconnect();
  }
}

async function repeat(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchCategorize(), null, 2));
}
