// The scale bench (`npm run bench -- --only scale`): the built CLI's real `once` and `start` against
// a generated farm of N feeds x K items on 127.0.0.1 ... 127.0.0.100, served by a child process.
// Each cold run gets a fresh private redis-server, so its memory figure is the run's own. Figures:
//   cold cycle (seconds, items/s; newsboat's reload of the same farm alternated in the same run,
//   and the ratio), every distinct story stored exactly once (a fast wrong run fails the section),
//   the 304 cycle (a second `once`: every source answers 304, polls/s; then the same cycle
//   repeated inside one running process, its start and warm-up behind it), freshness under churn with
//   `start` running (poll-to-file p50/p99), Redis used_memory and keys per story, peak RSS and CPU
//   of feedmill's own processes, and a CPU profile by stage.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { parseConfig, type Config } from '../src/shared/config.js';
import { Keys } from '../src/shared/keys.js';
import { freePort } from '../src/shared/redis.js';
import { StoryStore, storeOptions } from '../src/store/story-store.js';
import { median, percentile } from './pipeline.js';
import { farm, HOSTS, TOPIC_IDS, truthOf, type FarmOptions } from './scale/farm-data.js';
import type { FarmReply, FarmRequest } from './scale/farm-server.js';
import { summarizeProfiles } from './scale/profile-stages.js';
import { startRedisServer } from '../tests/support/redis-server.js';
import { barChart } from './bar-chart.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// FEEDMILL_SCALE_CLI: another build of the CLI (an earlier commit's, for before/after runs alternated in one session).
const CLI = process.env.FEEDMILL_SCALE_CLI ? path.resolve(process.env.FEEDMILL_SCALE_CLI) : path.join(ROOT, 'bin/feedmill.js');
const RECORD_USAGE = path.join(ROOT, 'bench/scale/record-usage.mjs');
const WARM_CYCLES = path.join(ROOT, 'bench/scale/warm-cycles.mjs');

export interface ScaleOptions {
  sizes: number[];
  items: number;
  runs: number;
  syndicated: number;
  /** Worker processes `once` runs with (compared in the same run when more than one is given). */
  processes: number[];
  churnSeconds: number;
  /** 304 cycles repeated inside one running process after the steady `once` (0: none). */
  warmCycles: number;
  newsboat: boolean;
  profile: boolean;
  /** Keep the CPU profiles here (for Chrome DevTools or speedscope) instead of a temporary folder. */
  profileDir?: string;
  log: (line: string) => void;
}

const stat = (xs: number[], digits = 2) => {
  const round = (x: number) => Number(x.toFixed(digits));
  return { median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), runs: xs.map(round) };
};

// ---------------------------------------------------------------- processes the bench starts

interface PrivateRedis {
  url: string;
  info(section: string): Promise<Record<string, string>>;
  client: Redis;
  stop(): Promise<void>;
}

/** A fresh redis-server of the bench's own (the tests' helper), with a client to read INFO from. */
async function startPrivateRedis(): Promise<PrivateRedis> {
  const server = await startRedisServer();
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return {
    url: server.url,
    client,
    info: async (section) =>
      Object.fromEntries(
        (await client.info(section))
          .split('\r\n')
          .filter((l) => l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
      ),
    stop: async () => {
      client.disconnect();
      await server.stop();
    },
  };
}

interface Farm {
  urls: string[];
  bytes: number;
  ask(request: FarmRequest): Promise<FarmReply>;
  stop(): void;
}

async function startFarm(options: FarmOptions): Promise<Farm> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/scale/farm-server.ts'), JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Extract<FarmReply, { type: 'ready' }>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Extract<FarmReply, { type: 'ready' }>));
    child.once('exit', (code) => reject(new Error(`the farm process exited (${code}) before serving`)));
  });
  const generated = farm(options);
  const urls = Array.from({ length: options.sources }, (_, i) => {
    const s = generated.source(i);
    return `http://127.0.0.${s.host}:${ready.ports[s.host - 1]}${s.path}`;
  });
  return {
    urls,
    bytes: ready.bytes,
    ask: (request) =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as FarmReply));
        child.send(request);
      }),
    stop: () => child.disconnect(),
  };
}

interface Usage {
  pid: number;
  args: string[];
  maxRssKb: number;
  userMs: number;
  systemMs: number;
}

interface CliRun {
  wallMs: number;
  code: number | null;
  stdout: string;
  stderrTail: string;
  usage: Usage[];
}

/** Runs the built CLI as its own process, with its peak RSS and CPU recorded at its exit. */
function runCli(args: string[], env: Record<string, string>, options: { nodeArgs?: string[] } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const usageFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'feedmill-scale-usage-')), 'usage.jsonl');
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: `--import ${RECORD_USAGE}`, FEEDMILL_BENCH_USAGE: usageFile, FEEDMILL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const done = new Promise<CliRun>((resolve) => {
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      const usage = existsSync(usageFile)
        ? readFileSync(usageFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Usage)
        : [];
      rmSync(path.dirname(usageFile), { recursive: true, force: true });
      resolve({ wallMs, code, stdout, stderrTail: stderr, usage });
    });
  });
  return { child, done };
}

/** One field per command from INFO commandstats (a script's own commands are counted both on their
 * own line and inside evalsha's): `calls` or `usec`. */
function commandStat(stats: Record<string, string>, field: 'calls' | 'usec'): Record<string, number> {
  const pattern = new RegExp(`${field}=(\\d+)`);
  return Object.fromEntries(
    Object.entries(stats)
      .filter(([key]) => key.startsWith('cmdstat_'))
      .map(([key, value]) => [key.slice('cmdstat_'.length), Number(pattern.exec(value)?.[1] ?? 0)]),
  );
}
const commandCounts = (stats: Record<string, string>) => commandStat(stats, 'calls');
const commandMicros = (stats: Record<string, string>) => commandStat(stats, 'usec');

// ---------------------------------------------------------------- config and checks

function writeConfig(dir: string, redisUrl: string, urls: string[], extra: Record<string, unknown> = {}): { file: string; config: Config } {
  const file = path.join(dir, 'feedmill.yaml');
  const text = stringify({
    redis: { url: redisUrl, prefix: 'scale' },
    output: { dir: path.join(dir, 'public'), baseUrl: 'http://scale.test' },
    // Stories must not be pruned while the farm's 50,000+ are counted: retention is not what this measures.
    retention: { maxPerCategory: 10_000_000 },
    categories: TOPIC_IDS.map((id) => ({ id, title: id[0]?.toUpperCase() + id.slice(1) })),
    sources: urls.map((url, i) => ({ id: `src-${String(i).padStart(5, '0')}`, url })),
    ...extra,
  });
  writeFileSync(file, text);
  return { file, config: parseConfig(text, file, {}) };
}

/** Every distinct story of the farm stored exactly once: counts, and the stored links against the truth. */
/** Renders per category feed (publish numbers each render it starts: renderStarted). */
async function countRenders(redis: Redis, config: Config): Promise<{ median: number; max: number; total: number }> {
  const keys = new Keys(config.redis.prefix);
  const ids = ['all', ...config.categories.map((c) => c.id)];
  const counts = (await Promise.all(ids.map((id) => redis.hget(keys.categoryState(id), 'renderStarted')))).map((n) => Number(n ?? 0));
  return { median: median(counts), max: Math.max(...counts), total: counts.reduce((a, b) => a + b, 0) };
}

async function checkExactlyOnce(redis: Redis, config: Config, truth: Set<string>): Promise<{ ok: boolean; stored: number; distinct: number; missing: number; extra: number; checked: string }> {
  const store = new StoryStore(redis, new Keys(config.redis.prefix), storeOptions(config));
  const stored = (await store.countByCategory(['all'])).all ?? 0;
  let missing = 0;
  let extra = 0;
  let checked: string;
  if (stored <= 120_000) {
    const links = new Map<string, number>();
    for (const story of await store.latest('all', stored)) if (story.link) links.set(story.link, (links.get(story.link) ?? 0) + 1);
    for (const link of truth) if (!links.has(link)) missing++;
    for (const [link, n] of links) if (!truth.has(link)) extra += n;
    else extra += n - 1;
    checked = 'every stored link against the truth';
  } else {
    // Reading back hundreds of thousands of stories would measure the bench: a sample by link, plus the count.
    const sample = [...truth].filter((_, i) => i % Math.ceil(truth.size / 2000) === 0);
    for (const link of sample) if (!(await store.findByLink(link))) missing++;
    checked = `count, and ${sample.length} sampled links found`;
  }
  return { ok: stored === truth.size && missing === 0 && extra === 0, stored, distinct: truth.size, missing, extra, checked };
}

// ---------------------------------------------------------------- newsboat

function hasNewsboat(): boolean {
  return spawnSync('newsboat', ['-v'], { stdio: 'ignore' }).status === 0;
}

async function runNewsboat(urls: string[]): Promise<{ wallMs: number; code: number | null; items?: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-scale-newsboat-'));
  try {
    writeFileSync(path.join(dir, 'urls'), `${urls.join('\n')}\n`);
    writeFileSync(path.join(dir, 'config'), 'reload-threads 8\nshow-read-feeds yes\n');
    const started = performance.now();
    const child = spawn('newsboat', ['-x', 'reload', '-u', path.join(dir, 'urls'), '-c', path.join(dir, 'cache.db'), '-C', path.join(dir, 'config')], {
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const wallMs = performance.now() - started;
    const count = spawnSync('python3', ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from rss_item").fetchone()[0])', path.join(dir, 'cache.db')], { encoding: 'utf8' });
    return { wallMs, code, ...(count.status === 0 ? { items: Number(count.stdout.trim()) } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- sections

interface OnceSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  items: number;
  newStories: number;
  durationMs: number;
  errors: { source: string; code: string; message: string }[];
}

const parseSummary = (run: CliRun, what: string): OnceSummary => {
  try {
    return JSON.parse(run.stdout) as OnceSummary;
  } catch {
    throw new Error(`${what}: feedmill exited ${run.code} without a JSON summary: ${run.stderrTail.slice(-600)}`);
  }
};

interface ColdRun {
  processes: number;
  seconds: number;
  itemsPerSecond: number;
  summary: OnceSummary;
  exactlyOnce: Awaited<ReturnType<typeof checkExactlyOnce>>;
  usedMemoryBytes: number;
  keys: number;
  peakRssMb: number;
  cpuCores: number;
  cpuSeconds: number;
  redisCpuSeconds: number;
  redisTopMicrosPerItem: Record<string, { usPerItem: number; callsPerItem: number }>;
  /** Redis commands per stored item in the cold run (a script's own commands counted in too), and the most called. */
  redisCallsPerItem: number;
  redisTopCallsPerItem: Record<string, number>;
  /** Renders the cold run made per category feed (publish's renderStarted): median and largest. */
  rendersPerCategory: { median: number; max: number; total: number };
  steady?: {
    pollsPerSecond: number;
    notModified: number;
    seconds: number;
    redisCommandsPerPoll: number;
    topCommandsPerPoll: Record<string, number>;
    redisCpuMsPerPoll: number;
    cpuMsPerPoll: number;
    warm?: WarmCycles;
  };
}

interface WarmCycles {
  /** Each cycle's polls/s, CPU ms a poll of the process that runs them (the first cycle is its first work) and Redis commands a poll. */
  cycles: { pollsPerSecond: number; cpuMsPerPoll: number; redisCommandsPerPoll: number }[];
  /** Medians of the later half of the cycles: the code's warm-up takes a few (JIT compilation). */
  pollsPerSecond: number;
  cpuMsPerPoll: number;
  redisCommandsPerPoll: number;
}

/**
 * The 304 cycle repeated inside one running process (bench/scale/warm-cycles.mjs, the built code),
 * with `processes - 1` worker processes taking part as with `once --processes`: what a running
 * feedmill does when every source is due, its start and its code's warm-up behind it.
 */
async function warmCycles(file: string, redis: PrivateRedis, cycles: number, processes: number, polls: number): Promise<WarmCycles> {
  const child = spawn(process.execPath, [WARM_CYCLES, file, String(cycles), String(processes)], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redis.url, FEEDMILL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`warm cycles exited ${code}: ${stderr}`);
  const runs = (JSON.parse(stdout) as { cycles: { durationMs: number; sources: number; notModified: number; cpuMs: number; redisCommands: number }[] }).cycles;
  if (runs.some((r) => r.notModified !== polls)) throw new Error(`warm cycles: not every source answered 304 (${runs.map((r) => r.notModified).join(', ')} of ${polls})`);
  const each = runs.map((r) => ({
    pollsPerSecond: Math.round(r.sources / (r.durationMs / 1000)),
    cpuMsPerPoll: Number((r.cpuMs / r.sources).toFixed(3)),
    redisCommandsPerPoll: Number((r.redisCommands / r.sources).toFixed(2)),
  }));
  const later = each.slice(Math.floor(each.length / 2));
  return {
    cycles: each,
    pollsPerSecond: Math.round(median(later.map((c) => c.pollsPerSecond))),
    cpuMsPerPoll: Number(median(later.map((c) => c.cpuMsPerPoll)).toFixed(3)),
    redisCommandsPerPoll: Number(median(later.map((c) => c.redisCommandsPerPoll)).toFixed(2)),
  };
}

async function coldRun(urls: string[], truth: Set<string>, processes: number, options: { steady: boolean; warmCycles?: number; profileDir?: string }): Promise<ColdRun> {
  const redis = await startPrivateRedis();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-scale-'));
  try {
    const { file, config } = writeConfig(dir, redis.url, urls);
    const before = Number((await redis.info('memory')).used_memory);
    const cpuBefore = await redis.info('cpu');
    const [callsBefore, microsBefore] = await redis.info('commandstats').then((st) => [commandCounts(st), commandMicros(st)] as const);
    const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const env = { REDIS_URL: redis.url };
    const args = ['--config', file, 'once', '--json', ...(processes > 1 ? ['--processes', String(processes)] : [])];
    const run = await runCli(args, env, { nodeArgs }).done;
    const summary = parseSummary(run, 'cold once');
    const cpuAfter = await redis.info('cpu');
    const [callsAfter, microsAfter] = await redis.info('commandstats').then((st) => [commandCounts(st), commandMicros(st)] as const);
    const exactlyOnce = await checkExactlyOnce(redis.client, config, truth);
    const rendersPerCategory = await countRenders(redis.client, config);
    const used = Number((await redis.info('memory')).used_memory) - before;
    const keys = await redis.client.dbsize();
    const cpu = run.usage.reduce((n, u) => n + u.userMs + u.systemMs, 0);
    const redisCpu = ['used_cpu_sys', 'used_cpu_user'].reduce((n, k) => n + Number(cpuAfter[k]) - Number(cpuBefore[k]), 0);
    const result: ColdRun = {
      processes,
      seconds: run.wallMs / 1000,
      itemsPerSecond: summary.items / (run.wallMs / 1000),
      summary: { ...summary, errors: summary.errors.slice(0, 5) },
      exactlyOnce,
      usedMemoryBytes: used,
      keys,
      peakRssMb: Math.max(...run.usage.map((u) => u.maxRssKb / 1024)),
      cpuCores: cpu / run.wallMs,
      cpuSeconds: cpu / 1000,
      redisCpuSeconds: redisCpu,
      rendersPerCategory,
      // Where Redis spent the cold run: the commands that took the most time, per stored item.
      redisCallsPerItem: Number(
        (Object.entries(callsAfter).reduce((n, [name, calls]) => n + calls - (callsBefore[name] ?? 0), 0) / Math.max(1, summary.items)).toFixed(3),
      ),
      redisTopCallsPerItem: Object.fromEntries(
        Object.entries(callsAfter)
          .map(([name, calls]) => [name, calls - (callsBefore[name] ?? 0)] as const)
          .filter(([, calls]) => calls > 0)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 16)
          .map(([name, calls]) => [name, Number((calls / Math.max(1, summary.items)).toFixed(3))]),
      ),
      redisTopMicrosPerItem: Object.fromEntries(
        Object.entries(microsAfter)
          .map(([name, us]) => [name, us - (microsBefore[name] ?? 0), (callsAfter[name] ?? 0) - (callsBefore[name] ?? 0)] as const)
          .filter(([, us]) => us > 0)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([name, us, calls]) => [name, { usPerItem: Number((us / Math.max(1, summary.items)).toFixed(1)), callsPerItem: Number((calls / Math.max(1, summary.items)).toFixed(3)) }]),
      ),
    };
    if (options.steady) {
      // The poll path's own capacity: politeness (fetch.hostGap, 250ms per host by default) would
      // cap 100 hosts at 400 polls/s whatever feedmill does.
      writeConfig(dir, redis.url, urls, { fetch: { hostGap: '0s' } });
      // Wall-clock is noisy on a shared machine: what each poll costs (Redis commands, Redis CPU,
      // feedmill CPU) says more, and does not depend on what else runs.
      const [statsBefore, cpuSteadyBefore] = [commandCounts(await redis.info('commandstats')), await redis.info('cpu')];
      const again = await runCli(args, env).done;
      const s = parseSummary(again, 'steady once');
      const [statsAfter, cpuSteadyAfter] = [commandCounts(await redis.info('commandstats')), await redis.info('cpu')];
      const polls = Math.max(1, s.sources);
      const perPoll = (n: number) => Number((n / polls).toFixed(2));
      const commands = Object.entries(statsAfter)
        .map(([name, n]) => [name, n - (statsBefore[name] ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]);
      result.steady = {
        pollsPerSecond: s.sources / (s.durationMs / 1000),
        notModified: s.notModified,
        seconds: s.durationMs / 1000,
        redisCommandsPerPoll: perPoll(commands.reduce((n, [, c]) => n + c, 0)),
        topCommandsPerPoll: Object.fromEntries(commands.slice(0, 8).map(([name, n]) => [name, perPoll(n)])),
        redisCpuMsPerPoll: perPoll(['used_cpu_sys', 'used_cpu_user'].reduce((n, k) => n + Number(cpuSteadyAfter[k]) - Number(cpuSteadyBefore[k]), 0) * 1000),
        cpuMsPerPoll: perPoll(again.usage.reduce((n, u) => n + u.userMs + u.systemMs, 0)),
      };
      if (options.warmCycles) result.steady.warm = await warmCycles(file, redis, options.warmCycles, processes, polls);
    }
    return result;
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `start` running over the farm while a share of the sources gains items: time from the poll that served an item to the item in all.json. */
async function freshness(f: Farm, urls: string[], churnSeconds: number, log: (l: string) => void) {
  const redis = await startPrivateRedis();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-scale-fresh-'));
  try {
    const port = await freePort();
    const { file } = writeConfig(dir, redis.url, urls, {
      defaults: { interval: '10s' },
      server: { host: '127.0.0.1', port },
      // Room for every item one render may bring, so that none passes unseen between two looks.
      output: { dir: path.join(dir, 'public'), baseUrl: 'http://scale.test', maxItems: 200 },
    });
    const env = { REDIS_URL: redis.url };
    // Warm: the cold cycle first, so that `start` then sees 304s and the churn.
    parseSummary(await runCli(['--config', file, 'once', '--json'], env).done, 'warm-up once');
    const start = runCli(['--config', file, 'start'], env);
    const allJson = path.join(dir, 'public', 'all.json');
    const seen = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          const feed = JSON.parse(readFileSync(allJson, 'utf8')) as { items: { url?: string }[] };
          const now = Date.now();
          for (const item of feed.items) if (item.url && !seen.has(item.url)) seen.set(item.url, now);
        } catch {
          // Not written yet, or being replaced: the next look reads it.
        }
        await sleep(10);
      }
    })();
    await sleep(12_000);
    const added: string[] = [];
    const perTick = Math.max(1, Math.round(urls.length * 0.01));
    for (let tick = 0; tick < churnSeconds * 2; tick++) {
      const indexes = Array.from({ length: perTick }, () => Math.floor(Math.random() * urls.length));
      const reply = await f.ask({ type: 'churn', indexes: [...new Set(indexes)] });
      if (reply.type === 'churned') added.push(...reply.links);
      await sleep(500);
    }
    await sleep(12_000);
    start.child.kill('SIGTERM');
    const run = await start.done;
    watching = false;
    await watcher;
    const served = await f.ask({ type: 'served' });
    const servedAt = new Map(served.type === 'served' ? served.served : []);
    const latencies: number[] = [];
    let unseen = 0;
    for (const link of added) {
      const at = servedAt.get(link);
      const inFile = seen.get(link);
      if (at !== undefined && inFile !== undefined) latencies.push(inFile - at);
      else if (at !== undefined) unseen++;
    }
    log(`  freshness: ${added.length} items added, ${latencies.length} seen in all.json, ${unseen} polled but never seen`);
    return {
      itemsAdded: added.length,
      measured: latencies.length,
      polledButNotSeen: unseen,
      p50Ms: latencies.length ? Math.round(percentile(latencies, 50)) : null,
      p99Ms: latencies.length ? Math.round(percentile(latencies, 99)) : null,
      maxMs: latencies.length ? Math.round(Math.max(...latencies)) : null,
      startPeakRssMb: Math.round(Math.max(0, ...run.usage.map((u) => u.maxRssKb / 1024))),
    };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the section

export async function benchScale(options: ScaleOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  log('scale: building the CLI (npm run build)');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed: the scale bench runs the built CLI');
  const newsboat = options.newsboat && hasNewsboat();
  const out: Record<string, unknown> = {
    settings: { items: options.items, syndicated: options.syndicated, hosts: HOSTS, runs: options.runs, processes: options.processes, newsboat, loadavgAtStart: os.loadavg().map((l) => Number(l.toFixed(2))) },
  };
  let failed: string | undefined;
  for (const [sizeIndex, sources] of options.sizes.entries()) {
    const farmOptions: FarmOptions = { sources, items: options.items, syndicated: options.syndicated, seed: 42, now: Date.now() };
    const f = await startFarm(farmOptions);
    try {
      const truth = truthOf(farm(farmOptions));
      log(`scale ${sources}: farm of ${sources} feeds x ${options.items} items (${(f.bytes / 1e6).toFixed(1)} MB, ${truth.size} distinct stories) on ${HOSTS} hosts`);
      const runs: ColdRun[] = [];
      const newsboatRuns: { wallMs: number; items?: number }[] = [];
      for (let r = 0; r < options.runs; r++) {
        for (const processes of options.processes) {
          const run = await coldRun(f.urls, truth, processes, { steady: true, warmCycles: options.warmCycles });
          runs.push(run);
          log(
            `  run ${r + 1}, ${processes} process${processes > 1 ? 'es' : ''}: ${run.seconds.toFixed(1)}s, ${Math.round(run.itemsPerSecond)} items/s, ` +
              `${run.exactlyOnce.ok ? 'exactly once' : `WRONG (${JSON.stringify(run.exactlyOnce)})`}, ${Math.round(run.usedMemoryBytes / Math.max(1, run.exactlyOnce.stored))} B/story, ` +
              `RSS ${Math.round(run.peakRssMb)} MB, ${run.cpuSeconds.toFixed(1)} CPU s (${run.cpuCores.toFixed(2)} cores, ${((run.cpuSeconds * 1000) / Math.max(1, run.summary.items)).toFixed(3)} ms an item) + Redis ${run.redisCpuSeconds.toFixed(1)} s, ` +
              `${run.redisCallsPerItem} Redis commands an item ${JSON.stringify(run.redisTopCallsPerItem)}, ` +
              `304 cycle ${Math.round(run.steady?.pollsPerSecond ?? 0)} polls/s (per poll: ${run.steady?.redisCommandsPerPoll} Redis commands, ` +
              `Redis ${run.steady?.redisCpuMsPerPoll} ms, feedmill ${run.steady?.cpuMsPerPoll} CPU ms, its start included)` +
              (run.steady?.warm
                ? `; in a running process, cycles ${run.steady.warm.cycles.map((c) => c.pollsPerSecond).join(', ')} polls/s (median of the later half ${run.steady.warm.pollsPerSecond}; ` +
                  `per poll: ${run.steady.warm.redisCommandsPerPoll} Redis commands, ${run.steady.warm.cpuMsPerPoll} CPU ms of the process running the cycles)`
                : ''),
          );
          if (!run.exactlyOnce.ok) failed = `${sources} sources: stored ${run.exactlyOnce.stored} for ${run.exactlyOnce.distinct} distinct stories (${run.exactlyOnce.missing} missing, ${run.exactlyOnce.extra} extra)`;
        }
        if (newsboat) {
          const nb = await runNewsboat(f.urls);
          newsboatRuns.push(nb);
          log(`  run ${r + 1}, newsboat: ${(nb.wallMs / 1000).toFixed(1)}s${nb.items !== undefined ? `, ${nb.items} items in its cache` : ''}`);
        }
      }
      const byProcesses = Object.fromEntries(
        options.processes.map((p) => {
          const mine = runs.filter((r) => r.processes === p);
          return [
            `${p}`,
            {
              seconds: stat(mine.map((r) => r.seconds)),
              itemsPerSecond: stat(mine.map((r) => r.itemsPerSecond), 0),
              peakRssMb: stat(mine.map((r) => r.peakRssMb), 0),
              cpuCores: stat(mine.map((r) => r.cpuCores)),
              // CPU time is what a busy shared machine distorts least: feedmill's processes, and redis-server.
              cpuSeconds: stat(mine.map((r) => r.cpuSeconds)),
              cpuMsPerItem: stat(mine.map((r) => (r.cpuSeconds * 1000) / Math.max(1, r.summary.items)), 3),
              redisCpuSeconds: stat(mine.map((r) => r.redisCpuSeconds)),
              rendersPerCategory: stat(mine.map((r) => r.rendersPerCategory.median)),
              rendersTotal: stat(mine.map((r) => r.rendersPerCategory.total)),
              usedMemoryBytesPerStory: stat(mine.map((r) => r.usedMemoryBytes / Math.max(1, r.exactlyOnce.stored)), 0),
              keysPerStory: stat(mine.map((r) => r.keys / Math.max(1, r.exactlyOnce.stored))),
              steadyPollsPerSecond: stat(mine.map((r) => r.steady?.pollsPerSecond ?? 0), 0),
              steadyRedisCommandsPerPoll: stat(mine.map((r) => r.steady?.redisCommandsPerPoll ?? 0)),
              steadyRedisCpuMsPerPoll: stat(mine.map((r) => r.steady?.redisCpuMsPerPoll ?? 0), 3),
              steadyCpuMsPerPoll: stat(mine.map((r) => r.steady?.cpuMsPerPoll ?? 0), 3),
              steadyTopCommandsPerPoll: mine.at(-1)?.steady?.topCommandsPerPoll,
              ...(mine.some((r) => r.steady?.warm)
                ? {
                    warmPollsPerSecond: stat(mine.map((r) => r.steady?.warm?.pollsPerSecond ?? 0), 0),
                    warmCpuMsPerPoll: stat(mine.map((r) => r.steady?.warm?.cpuMsPerPoll ?? 0), 3),
                    warmRedisCommandsPerPoll: stat(mine.map((r) => r.steady?.warm?.redisCommandsPerPoll ?? 0)),
                    warmCycles: mine.at(-1)?.steady?.warm?.cycles,
                  }
                : {}),
              exactlyOnce: mine.every((r) => r.exactlyOnce.ok),
              redisCallsPerItem: stat(mine.map((r) => r.redisCallsPerItem), 3),
              lastRun: { summary: mine.at(-1)?.summary, exactlyOnce: mine.at(-1)?.exactlyOnce, redisTopMicrosPerItem: mine.at(-1)?.redisTopMicrosPerItem, redisTopCallsPerItem: mine.at(-1)?.redisTopCallsPerItem },
            },
          ];
        }),
      );
      const result: Record<string, unknown> = { sources, items: options.items, farmMegabytes: Number((f.bytes / 1e6).toFixed(1)), distinctStories: truth.size, byProcesses };
      if (newsboatRuns.length > 0) {
        const nbSeconds = newsboatRuns.map((n) => n.wallMs / 1000);
        result.newsboat = { seconds: stat(nbSeconds), items: newsboatRuns.at(-1)?.items };
        result.ratioToNewsboat = Object.fromEntries(
          options.processes.map((p) => [`${p}`, Number((median(runs.filter((r) => r.processes === p).map((r) => r.seconds)) / median(nbSeconds)).toFixed(3))]),
        );
      }
      if (options.processes.length > 1) {
        const one = median(runs.filter((r) => r.processes === options.processes[0]).map((r) => r.itemsPerSecond));
        result.throughputRatio = Object.fromEntries(options.processes.map((p) => [`${p}`, Number((median(runs.filter((r) => r.processes === p).map((r) => r.itemsPerSecond)) / one).toFixed(2))]));
      }
      if (sizeIndex === 0 && options.profile) {
        if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
        const profileDir = mkdtempSync(options.profileDir ? path.join(path.resolve(options.profileDir), `scale-${sources}-`) : path.join(os.tmpdir(), 'feedmill-scale-prof-'));
        try {
          log('  profiled cold run (node --cpu-prof; slower, not timed)');
          await coldRun(f.urls, truth, options.processes[0] ?? 1, { steady: false, profileDir });
          result.cpuProfile = { ...summarizeProfiles(profileDir), ...(options.profileDir ? { kept: profileDir } : {}) };
        } finally {
          if (!options.profileDir) rmSync(profileDir, { recursive: true, force: true });
        }
      }
      if (sizeIndex === 0 && options.churnSeconds > 0) {
        log(`  freshness: start running, 1% of sources gain an item every 500 ms for ${options.churnSeconds}s`);
        result.freshness = await freshness(f, f.urls, options.churnSeconds, log);
      }
      out[`sources${sources}`] = result;
    } finally {
      f.stop();
    }
  }
  if (options.sizes.length > 1) {
    const first = out[`sources${options.sizes[0]}`] as { byProcesses: Record<string, { seconds: { median: number } }> };
    const last = out[`sources${options.sizes.at(-1)}`] as typeof first;
    const p = `${options.processes[0]}`;
    out.costRatio = Number(((last.byProcesses[p]?.seconds.median ?? 0) / (first.byProcesses[p]?.seconds.median ?? 1)).toFixed(2));
  }
  if (failed) throw Object.assign(new Error(`not every story stored exactly once: ${failed}`), { partial: out });
  return out;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** What the scale section runs when an option is not given (bench --help prints them). */
export const SCALE_DEFAULTS = { sizes: [1000], items: 50, runs: 3, syndicated: 0.2, processes: [1], churnSeconds: 20, warmCycles: 8 };

export function scaleOptionsFrom(args: string[], log: (line: string) => void): ScaleOptions {
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const list = (name: string, fallback: number[]) => (value(name)?.split(',').map(Number).filter((n) => n > 0) ?? fallback);
  const d = SCALE_DEFAULTS;
  return {
    sizes: list('scale-sources', d.sizes),
    items: Number(value('items') ?? d.items),
    runs: Number(value('runs') ?? d.runs),
    syndicated: Number(value('syndicated') ?? d.syndicated),
    processes: list('processes', d.processes),
    churnSeconds: Number(value('churn-seconds') ?? d.churnSeconds),
    warmCycles: Number(value('warm-cycles') ?? d.warmCycles),
    newsboat: !args.includes('--no-newsboat'),
    profile: !args.includes('--no-profile'),
    profileDir: value('profile-dir'),
    log,
  };
}

/** Bars of the cold cycle per size (feedmill per process count, newsboat), in seconds: the scale figures at a glance. */
export function scaleChart(result: Record<string, unknown>): string {
  const bars: [string, number][] = [];
  for (const [key, value] of Object.entries(result)) {
    if (!key.startsWith('sources')) continue;
    const size = value as { sources: number; byProcesses: Record<string, { seconds: { median: number } }>; newsboat?: { seconds: { median: number } } };
    for (const [p, r] of Object.entries(size.byProcesses)) bars.push([`feedmill once, ${size.sources} sources, ${p} proc`, r.seconds.median]);
    if (size.newsboat) bars.push([`newsboat reload, ${size.sources} sources`, size.newsboat.seconds.median]);
  }
  return barChart(bars, { title: 'feedmill scale bench: cold cycle, median seconds', unit: 's', labelWidth: 290 });
}
