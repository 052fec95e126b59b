// `npm run bench`: feedmill's speed figures, each a median of several runs and, where it has one,
// a ratio against a baseline run in the same command (these machines are shared and noisy).
// Writes bench/results/latest.json and a bar chart next to it (latest.svg).
//   npm run bench -- --runs 5 --sources 200 --only parse,localOnce
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { findRedis } from '../tests/support/redis-server.js';
import { benchDemo, benchLocalSources, benchPublishLatency } from './pipeline.js';
import { barChart } from './bar-chart.js';
import { benchScale, SCALE_DEFAULTS, scaleChart, scaleOptionsFrom } from './scale.js';

const args = process.argv.slice(2);

const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = option('runs', 3);
const sourceCount = option('sources', 200);

// The sections in the order they run; `redis` is found once the options are known to be good.
const sections: [string, string, () => Promise<unknown>][] = [
  ['parse', 'parse throughput (generated feeds, median of passes)', async () => (await import('./parse.js')).benchParse()],
  ['fetch', 'fetch + decode against a local server', async () => (await import('./fetch.js')).benchFetch()],
  ['categorize', 'categorizer throughput', async () => (await import('./categorize.js')).benchCategorize(redis.url)],
  ['store', 'story store: ingest, filterDelivered, prune, memory', async () => (await import('./store.js')).benchStore(redis.url)],
  ['output', 'render, write and serve the output feeds', async () => (await import('./output.js')).benchOutput()],
  ['ops', 'status and metrics collection', async () => (await import('./ops.js')).benchOps(redis.url)],
  ['demoOnce', `once over the demo sources (${runs} runs)`, () => benchDemo(redis.url, runs)],
  ['localOnce', `once over ${sourceCount} local sources (${runs} runs, each with a fetch+parse baseline)`, () => benchLocalSources(redis.url, sourceCount, runs)],
  ['publishLatency', 'publish latency under a burst of ingest jobs', () => benchPublishLatency(redis.url, 200, 10)],
  // Minutes long and with its own private redis-servers: only when asked for (--only scale, or --scale-sources).
  ['scale', 'the built CLI against a farm of feeds on 100 loopback hosts', () => benchScale(scaleOptionsFrom(args, (l) => process.stderr.write(`${l}\n`)))],
];
const SECTIONS = sections.map(([name]) => name);
const VALUED = ['runs', 'sources', 'only', 'scale-sources', 'items', 'syndicated', 'processes', 'churn-seconds', 'warm-cycles', 'profile-dir'];
const FLAGS = ['no-newsboat', 'no-profile', 'help'];
const d = SCALE_DEFAULTS;
const USAGE = `Usage: npm run bench -- [options]

Prints feedmill's speed figures as JSON (medians of several runs, ratios against a baseline run in
the same command) and writes bench/results/latest.json with a chart beside it (latest.svg).

Options:
  --runs N               runs of each timed section (default 3)
  --sources N            sources of the localOnce section (default 200)
  --only a,b             run only these sections: ${SECTIONS.join(', ')}
Scale section (minutes long; runs only with --only scale or --scale-sources):
  --scale-sources N,M    farm sizes in sources (default ${d.sizes.join(',')})
  --items N              items per feed (default ${d.items})
  --syndicated F         share of stories syndicated to several sources (default ${d.syndicated})
  --processes N,M        worker process counts to compare (default ${d.processes.join(',')})
  --churn-seconds N      freshness under churn, seconds of 'start' (default ${d.churnSeconds}; 0 skips)
  --warm-cycles N        304 cycles for the steady-state figure (default ${d.warmCycles})
  --no-newsboat          skip newsboat's reload of the same farm
  --no-profile           skip the CPU profile of the stages
  --profile-dir DIR      keep the .cpuprofile files in DIR
  --help                 this text
`;
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  const name = (args[i] as string).replace(/^--/, '');
  const known = (args[i] as string).startsWith('--') && (VALUED.includes(name) || FLAGS.includes(name));
  if (!known) {
    process.stderr.write(`bench: unknown option ${args[i]}: see npm run bench -- --help\n`);
    process.exit(2);
  }
  if (VALUED.includes(name)) i++;
}

const only = (() => {
  const i = args.indexOf('--only');
  if (i < 0) return undefined;
  const names = (args[i + 1] ?? '').split(',');
  const unknown = names.filter((n) => !SECTIONS.includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}\n`);
    process.exit(2);
  }
  return new Set(names);
})();

const redis = await findRedis();
process.stderr.write(`Redis for the benchmark: ${redis.how} (${redis.url})\n`);
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, runs };
try {
  for (const [name, label, run] of sections) {
    if (only && !only.has(name)) continue;
    if (!only && name === 'scale' && !args.includes('--scale-sources')) continue;
    process.stderr.write(`${name}: ${label}...\n`);
    try {
      const value = await run();
      results[name] = value && typeof value === 'object' ? { measuredAt: new Date().toISOString(), ...value } : value;
    } catch (err) {
      const partial = (err as { partial?: Record<string, unknown> }).partial;
      results[name] = { failed: err instanceof Error ? err.message : String(err), ...partial };
      process.exitCode = 1;
    }
  }
} finally {
  await redis.stop();
}

mkdirSync('bench/results', { recursive: true });
// With --only, the other sections of the last full run are kept (and their dates say so).
const previous = only && existsSync('bench/results/latest.json') ? (JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as Record<string, unknown>) : {};
const merged = { ...previous, ...results };
writeFileSync('bench/results/latest.json', `${JSON.stringify(merged, null, 2)}\n`);
writeFileSync('bench/results/latest.svg', chart(merged));
if (results.scale) writeFileSync('bench/results/scale.svg', scaleChart(results.scale as Record<string, unknown>));
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.stderr.write(`wrote bench/results/latest.json and bench/results/latest.svg${results.scale ? ' and bench/results/scale.svg' : ''}\n`);

/** A small bar chart of the timing figures (median ms), for people who would rather look than read. */
function chart(r: Record<string, unknown>): string {
  const demo = r.demoOnce as { medianMs: number } | undefined;
  const local = r.localOnce as { onceMedianMs: number; baselineMedianMs: number; sources: number } | undefined;
  const pub = r.publishLatency as { p50Ms: number; p99Ms: number } | undefined;
  const bars: [string, number][] = [
    ['once, demo sources', demo?.medianMs ?? 0],
    [`once, ${local?.sources ?? 0} sources`, local?.onceMedianMs ?? 0],
    [`baseline fetch+parse, ${local?.sources ?? 0}`, local?.baselineMedianMs ?? 0],
    ['publish latency p50', pub?.p50Ms ?? 0],
    ['publish latency p99', pub?.p99Ms ?? 0],
  ];
  return barChart(bars, { title: `feedmill bench (median of ${runs} runs)`, unit: 'ms', labelWidth: 230 });
}
