// The config file (feedmill.yaml): parsed and validated once, at the door, into a typed
// object with durations already in milliseconds. Nothing downstream re-checks it.
// A bad file fails with the file, line, field and what was expected.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DEFAULT_MAX_ITEMS } from '../feeds/parse/limits.js';
import { parseDuration } from './duration.js';
import { FeedmillError } from './errors.js';
import { redisUrlProblem } from './redis-url.js';
import type { OutputFormat, SourceConfig } from './types.js';

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number') {
    if (value >= 0) return Math.round(value * 1000);
  } else {
    const ms = parseDuration(value);
    if (ms !== undefined) return ms;
  }
  ctx.addIssue({ code: 'custom', message: `expected a duration like 90s, 15m or 2h, got ${JSON.stringify(value)}` });
  return z.NEVER;
});

const id = (what: string) =>
  z.string().regex(ID, `expected a ${what} id of lowercase letters, digits, "-" or "_" (at most 64), starting with a letter or digit`);

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'expected an absolute http:// or https:// URL');

const keywordRule = z.union([
  z.string().min(1),
  z.strictObject({ term: z.string().min(1), weight: z.number().positive().default(1) }),
]);

const categorySchema = z.strictObject({
  id: id('category'),
  title: z.string().min(1),
  description: z.string().optional(),
  keywords: z.array(keywordRule).default([]),
  /** Words or phrases that veto this category's keyword rules. */
  exclude: z.array(z.string().min(1)).default([]),
  /** Item categories/tags (as feeds write them) that mean this category, e.g. "Premier League". */
  aliases: z.array(z.string().min(1)).default([]),
});

const sourceSchema = z.strictObject({
  id: id('source'),
  url: httpUrl,
  title: z.string().optional(),
  category: id('category').optional(),
  interval: duration.optional(),
});

const formats = ['rss', 'atom', 'json'] as const;

const schema = z.strictObject({
  redis: z
    .strictObject({
      /** Unset (and no REDIS_URL): feedmill may start its own redis-server (see `managed`). */
      url: z.string().optional(),
      /** Start a redis-server child when none answers at url. Default: only when no url was configured. */
      managed: z.boolean().optional(),
      /** How long `once` waits for a configured Redis that does not answer (`start` and `worker` wait as long as it takes; `status`, `sources`, `explain` fail at once). */
      wait: duration.default(30_000),
      prefix: z.string().regex(/^[A-Za-z0-9:_-]{1,32}$/, 'expected a short key prefix of letters, digits, ":", "-" or "_"').default('feedmill'),
    })
    .prefault({}),
  output: z
    .strictObject({
      dir: z.string().default('./public'),
      baseUrl: httpUrl.default('http://localhost:8080'),
      title: z.string().default('feedmill'),
      maxItems: z.number().int().min(1).max(1000).default(50),
      formats: z.array(z.enum(formats, { message: 'expected rss, atom or json' })).min(1).default([...formats]),
      fullContent: z.boolean().default(false),
      icon: httpUrl.optional(),
      websubHub: httpUrl.optional(),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .prefault({}),
  defaults: z
    .strictObject({
      interval: duration.default(15 * 60_000),
      category: id('category').default('general'),
      /** Feed hints (ttl, sy:updatePeriod, max-age) may lengthen a source's interval up to this. */
      maxInterval: duration.default(6 * 3_600_000),
    })
    .prefault({}),
  fetch: z
    .strictObject({
      timeout: duration.default(30_000),
      /** Time for the response headers (at most `timeout`): a server that never answers frees its slot early. */
      headerTimeout: duration.default(10_000),
      connectTimeout: duration.default(10_000),
      maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      perHost: z.number().int().min(1).max(64).default(2),
      hostGap: duration.default(250),
      maxBackoff: duration.default(6 * 3_600_000),
      failingAfter: z.number().int().min(1).default(10),
      concurrency: z.number().int().min(1).max(1000).default(32),
      /** auto: private/loopback targets only for sources configured on such an address; allow; deny. */
      privateAddresses: z.enum(['auto', 'allow', 'deny'], { message: 'expected auto, allow or deny' }).default('auto'),
    })
    .prefault({}),
  parse: z
    .strictObject({
      /**
       * Items read from one feed document, in document order; a feed with more is reported
       * TRUNCATED. The default takes a podcast's whole back catalogue (a weekly show lists 700+
       * episodes); fetch.maxBytes bounds the document first (10 MB is 5 KB an item at 2000).
       */
      maxItems: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_ITEMS),
    })
    .prefault({}),
  dedupe: z
    .strictObject({
      window: duration.default(72 * 3_600_000),
      /** Share of shared 3-word phrases (headline + first 120 words, Jaccard similarity) above which two stories are one; a text mostly inside another is a copy too. */
      threshold: z.number().min(0.1).max(1).default(0.23),
      trackingParams: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  retention: z
    .strictObject({
      maxAge: duration.default(30 * 86_400_000),
      maxPerCategory: z.number().int().min(1).default(1000),
    })
    .prefault({}),
  categorize: z
    .strictObject({
      maxCategories: z.number().int().min(1).max(10).default(1),
      /** A second (third, ...) category is kept when its score is at least this share of the best one's. */
      threshold: z.number().min(0).max(1).default(0.8),
      /** Minimum classifier confidence before the fallback category is used instead. */
      minConfidence: z.number().min(0).max(1).default(0.2),
      learn: z.boolean().default(true),
      /** Stories one source counts for in one category: a prolific source teaches, but bounded (past it, the category's counts halve). */
      learnPerSource: z.number().int().min(1).default(200),
      /** Learned words kept per category in Redis; past it the rarest are dropped. */
      maxLearnedWords: z.number().int().min(100).default(20_000),
      /** A story an angle files in one section also goes to the angle's second section when that is close. */
      secondSection: z.boolean().default(true),
      /** The meaning vote of word vectors joins the classifier (src/categorize/meaning.ts). */
      wordVectors: z.boolean().default(true),
    })
    .prefault({}),
  categories: z.array(categorySchema).default([]),
  sources: z.array(sourceSchema).default([]),
});

type RawConfig = z.output<typeof schema>;

export interface CategoryConfig {
  id: string;
  title: string;
  description?: string;
  keywords: { term: string; weight: number }[];
  exclude: string[];
  aliases: string[];
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface Config extends Omit<RawConfig, 'sources' | 'categories' | 'output' | 'redis'> {
  redis: { url: string; prefix: string; managed: boolean; wait: number };
  /** Absolute path of the file this was read from (undefined for in-memory configs). */
  file?: string;
  output: Omit<RawConfig['output'], 'formats'> & { formats: OutputFormat[] };
  categories: CategoryConfig[];
  sources: SourceConfig[];
}

/** Where a config comes from: --config, else FEEDMILL_CONFIG, else ./feedmill.yaml. */
export function resolveConfigPath(explicit?: string): string {
  return path.resolve(explicit ?? process.env.FEEDMILL_CONFIG ?? 'feedmill.yaml');
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedmillError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT'
        ? `${file}: no such config file. Create one (see README.md, "Configuration") or pass --config PATH.`
        : `${file}: cannot read the config file (${code ?? String(err)}).`,
    );
  }
  return parseConfig(text, file, env);
}

/** Parses and validates config text; `file` is used for messages and to resolve output.dir. */
export function parseConfig(text: string, file = 'feedmill.yaml', env: NodeJS.ProcessEnv = process.env): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    if (offset === undefined) return { line: 1, col: 1 };
    return lineCounter.linePos(offset);
  };
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = where(first.pos[0]);
    throw new FeedmillError('CONFIG_INVALID', `${file}:${pos.line}:${pos.col}: YAML syntax error: ${first.message.split('\n')[0]}`, {
      file,
      line: pos.line,
    });
  }
  const raw = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (!result.success) {
    const messages = result.error.issues.slice(0, 5).map((issue) => {
      const located = locate(doc, issue.path as (string | number)[]);
      const pos = where(located.offset);
      const field = formatPath(issue.path as (string | number)[]);
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see README.md, "Configuration")`
          : issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
            ? `required field is missing (expected ${issue.expected})`
            : issue.message;
      return { line: pos.line, text: `${file}:${pos.line}:${pos.col}: ${field || '(top level)'}: ${message}` };
    });
    throw new FeedmillError('CONFIG_INVALID', messages.map((m) => m.text).join('\n'), { file, line: messages[0]?.line });
  }
  const config = finish(result.data, file, env, doc, where);
  return config;
}

function finish(
  data: RawConfig,
  file: string,
  env: NodeJS.ProcessEnv,
  doc: Document,
  where: (offset: number | undefined) => { line: number; col: number },
): Config {
  const fail = (p: (string | number)[], message: string): never => {
    const pos = where(locate(doc, p).offset);
    throw new FeedmillError('CONFIG_INVALID', `${file}:${pos.line}:${pos.col}: ${formatPath(p)}: ${message}`, { file, line: pos.line });
  };
  const categoryIds = new Set<string>();
  data.categories.forEach((c, i) => {
    if (c.id === 'all') fail(['categories', i, 'id'], '"all" is reserved for the feed over every category; choose another id');
    if (categoryIds.has(c.id)) fail(['categories', i, 'id'], `category "${c.id}" is defined twice`);
    categoryIds.add(c.id);
  });
  const categories: CategoryConfig[] = data.categories.map((c) => ({
    ...c,
    keywords: c.keywords.map((k) => (typeof k === 'string' ? { term: k, weight: 1 } : k)),
  }));
  if (!categoryIds.has(data.defaults.category)) {
    categories.push({
      id: data.defaults.category,
      title: titleCase(data.defaults.category),
      keywords: [],
      exclude: [],
      aliases: [],
    });
    categoryIds.add(data.defaults.category);
  }
  const sourceIds = new Set<string>();
  const sources: SourceConfig[] = data.sources.map((s, i) => {
    if (sourceIds.has(s.id)) fail(['sources', i, 'id'], `source "${s.id}" is defined twice`);
    sourceIds.add(s.id);
    if (s.category !== undefined && !categoryIds.has(s.category)) {
      fail(['sources', i, 'category'], `unknown category "${s.category}"; expected one of: ${[...categoryIds].join(', ')}`);
    }
    const intervalMs = s.interval ?? data.defaults.interval;
    if (intervalMs < 10_000) fail(['sources', i, 'interval'], 'expected an interval of at least 10s (be polite to publishers)');
    return { id: s.id, url: s.url, title: s.title, category: s.category, intervalMs };
  });
  if (data.redis.url !== undefined) {
    const problem = redisUrlProblem(data.redis.url);
    if (problem) fail(['redis', 'url'], problem);
  }
  if (env.REDIS_URL) {
    const problem = redisUrlProblem(env.REDIS_URL);
    if (problem) throw new FeedmillError('CONFIG_INVALID', `REDIS_URL: ${problem}`);
  }
  const configuredUrl = env.REDIS_URL || data.redis.url;
  const redis = {
    url: configuredUrl ?? DEFAULT_REDIS_URL,
    prefix: data.redis.prefix,
    // A Redis someone configured is theirs: when it is down it is waited for, never replaced by an empty one.
    managed: data.redis.managed ?? configuredUrl === undefined,
    wait: data.redis.wait,
  };
  const outputDir = path.resolve(path.dirname(path.resolve(file)), data.output.dir);
  return {
    ...data,
    file: path.resolve(file),
    redis,
    // In a container the server must listen on every interface; the compose file says so here.
    server: { ...data.server, host: env.FEEDMILL_SERVER_HOST || data.server.host },
    output: { ...data.output, dir: outputDir, baseUrl: data.output.baseUrl.replace(/\/+$/, '') },
    categories,
    sources,
  };
}

/** Offset of the YAML node closest to a schema path (the deepest one that exists). */
function locate(doc: Document, p: (string | number)[]): { offset: number | undefined } {
  for (let depth = p.length; depth >= 0; depth--) {
    const node = doc.getIn(p.slice(0, depth), true) as unknown;
    if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) {
      return { offset: node.range[0] };
    }
    if (depth > 0) {
      // A missing key: point at its parent map's key if there is one.
      const parent = depth === 1 ? doc.contents : doc.getIn(p.slice(0, depth - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === p[depth - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return { offset: pair.key.range[0] };
      }
    }
  }
  return { offset: undefined };
}

function formatPath(p: (string | number)[]): string {
  return p.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function titleCase(id: string): string {
  return id.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
