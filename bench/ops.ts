// Ops figures: what one /metrics scrape and one /admin/sources page cost with many sources,
// both read live from Redis on every request. Called by bench/run.ts as benchOps(redisUrl);
// also runnable alone with `npx tsx bench/ops.ts [redis-url]`.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { Runtime } from '../src/app/runtime.js';
import { writeSourceState } from '../src/app/source-state.js';
import { processMetrics } from '../src/ops/metrics.js';
import { readSourcesPage, renderSourcesPage } from '../src/ops/sources-page.js';
import { parseConfig } from '../src/shared/config.js';
import { silentLogger } from '../src/shared/logger.js';

export async function benchOps(redisUrl: string, options: { sources?: number; categories?: number; rounds?: number } = {}): Promise<Record<string, unknown>> {
  const sourceCount = options.sources ?? 1000;
  const categoryCount = options.categories ?? 20;
  const rounds = options.rounds ?? 20;
  const prefix = `bench-ops-${randomBytes(4).toString('hex')}`;
  const config = parseConfig(
    stringify({
      redis: { url: redisUrl, prefix },
      categories: Array.from({ length: categoryCount }, (_, i) => ({ id: `cat-${i}`, title: `Category ${i}` })),
      sources: Array.from({ length: sourceCount }, (_, i) => ({ id: `s-${i}`, url: `https://source-${i}.example/feed.xml` })),
    }),
    'bench.yaml',
    {},
  );
  const runtime = new Runtime(config, redisUrl, silentLogger);
  try {
    const now = Date.now();
    const pipeline = runtime.redis.pipeline();
    config.sources.forEach((source, i) => {
      const failures = i % 10 === 0 ? 12 : 0;
      writeSourceState(pipeline, runtime.keys, source.id, {
        url: source.url,
        lastPolledAt: now - 60_000,
        lastSuccessAt: failures ? now - 86_400_000 : now - 60_000,
        lastStatus: failures ? 'failed' : 'fetched',
        lastErrorCode: failures ? 'HTTP_STATUS' : undefined,
        lastErrorMessage: failures ? 'HTTP 500 from the source' : undefined,
        consecutiveFailures: failures,
        nextPollAt: now + 600_000,
        failing: failures > 0,
        stopped: false,
      });
    });
    await pipeline.exec();
    const metrics = processMetrics();
    const scrape = await timeRounds(rounds, () => metrics.render(runtime));
    const page = await timeRounds(rounds, async () => renderSourcesPage(await readSourcesPage(runtime)));
    return { sources: sourceCount, categories: categoryCount, rounds, metricsScrapeMs: scrape.medianMs, metricsBytes: scrape.bytes, sourcesPageMs: page.medianMs, sourcesPageBytes: page.bytes };
  } finally {
    let cursor = '0';
    do {
      const [next, found] = await runtime.redis.scan(cursor, 'MATCH', runtime.keys.pattern, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await runtime.redis.unlink(...found);
    } while (cursor !== '0');
    await runtime.close();
  }
}

async function timeRounds(rounds: number, run: () => Promise<string>): Promise<{ medianMs: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    bytes = Buffer.byteLength(await run());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchOps(process.argv[2] ?? 'redis://127.0.0.1:6379'), null, 2));
  process.exit(0);
}
