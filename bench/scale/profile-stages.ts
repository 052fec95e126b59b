// Reads V8 CPU profiles (node --cpu-prof) of feedmill processes and says where the time went, by
// pipeline stage: each sample goes to the stage of its innermost frame that belongs to a known
// module (feedmill's own folders, or the library a stage uses), else to its caller's, and so on.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const STAGES = ['fetch', 'decode', 'parse', 'sanitize', 'categorize', 'dedupe/store', 'render', 'redis client + queues', 'gc', 'idle', 'other'] as const;
type Stage = (typeof STAGES)[number];

const RULES: [RegExp, Stage][] = [
  [/\/feeds\/fetch\/|node_modules\/undici\//, 'fetch'],
  [/\/feeds\/decode\/|node_modules\/iconv-lite\//, 'decode'],
  [/\/feeds\/parse\/|node_modules\/(rss-parser|sax|xml2js|saxes)\//, 'parse'],
  [/\/feeds\/sanitize\/|node_modules\/(sanitize-html|htmlparser2|domhandler|entities|parse-srcset|postcss)\//, 'sanitize'],
  [/\/categorize\//, 'categorize'],
  [/\/store\/|\/dedupe\//, 'dedupe/store'],
  [/\/feeds\/render\/|\/feeds\/write\/|node_modules\/(feed|xml-js)\//, 'render'],
  [/node_modules\/(ioredis|@ioredis|redis-parser|redis-errors|bullmq|msgpackr|cron-parser)\//, 'redis client + queues'],
];

function ownStage(node: ProfileNode): Stage | undefined {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'other';
  for (const [pattern, stage] of RULES) if (pattern.test(url)) return stage;
  return undefined;
}

const PIPELINE: ReadonlySet<Stage> = new Set(['fetch', 'decode', 'parse', 'sanitize', 'categorize', 'dedupe/store', 'render']);

type Shares = Record<string, { ms: number; share: number }>;

/**
 * Milliseconds per stage over every *.cpuprofile in `dir`, and each stage's share of the total.
 * `stages` puts Redis client and queue library time apart; `stagesWithTheirRedisCalls` charges it to
 * the pipeline stage that issued the command (what is left there is the queues' own and the workers' glue).
 */
export function summarizeProfiles(dir: string): { totalMs: number; profiles: number; stages: Shares; stagesWithTheirRedisCalls: Shares } {
  const totals = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  const charged = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  let total = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const memo = new Map<number, Stage>();
    const stageOf = (id: number): Stage => {
      const known = memo.get(id);
      if (known) return known;
      const node = byId.get(id);
      const up = parent.get(id);
      const stage = (node && ownStage(node)) ?? (up !== undefined ? stageOf(up) : 'other');
      memo.set(id, stage);
      return stage;
    };
    const callerMemo = new Map<number, Stage | null>();
    const callerOf = (id: number): Stage | null => {
      const known = callerMemo.get(id);
      if (known !== undefined) return known;
      const node = byId.get(id);
      const own = node ? ownStage(node) : undefined;
      const up = parent.get(id);
      const stage = own && PIPELINE.has(own) ? own : up !== undefined ? callerOf(up) : null;
      callerMemo.set(id, stage);
      return stage;
    };
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0;
      const stage = stageOf(id);
      totals.set(stage, (totals.get(stage) ?? 0) + us);
      const payer = stage === 'redis client + queues' ? (callerOf(id) ?? stage) : stage;
      charged.set(payer, (charged.get(payer) ?? 0) + us);
      total += us;
    });
  }
  const shares = (m: Map<Stage, number>): Shares =>
    Object.fromEntries(STAGES.map((s) => [s, { ms: Math.round((m.get(s) ?? 0) / 1000), share: Number(((m.get(s) ?? 0) / Math.max(1, total)).toFixed(3)) }]));
  return { totalMs: Math.round(total / 1000), profiles: files.length, stages: shares(totals), stagesWithTheirRedisCalls: shares(charged) };
}
