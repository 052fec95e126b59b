// Trains the meaning vote of src/categorize/meaning.ts and writes models/category-vectors.json:
// a multinomial logistic regression from a story's meaning vector (its words' GloVe vectors,
// weighted by rarity, headline twice) to the nine starter categories, trained by full-batch
// gradient descent from zero weights, so the same sets always give the same file. It learns from
// the tuning parts only (tests/eval/categorize-items.json and categorize-desk-tuning*.json), never
// from a held-out, check or final part.
//
//   npx tsx scripts/train-category-vectors.ts          train on every tuning part, write the model
//   npx tsx scripts/train-category-vectors.ts --cv     leave-one-part-out over the desk tuning parts
//
// --cv trains the vote on categorize-items.json and every desk tuning part but one, measures the
// whole categorizer's top-1 on the part left out, for each blend weight, cap and shrink, and prints
// the mean over the parts left out: the figure the settings are chosen by, as it says what carries
// over to sets the vote never saw. Settings to try: --blend=, --cap=, --shrink= (training), --l2=, --steps=, --scale=, --max, --headline,
// --hashed=<buckets>, --hidden=<units>, --only=<blend>/<cap>/<shrink> (one row, every part shown).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { storyWords } from '../src/categorize/index.js';
import {
  CATEGORY_VECTORS_FILE,
  CategoryVectors,
  featureCount,
  voteFeatures,
  type CategoryVectorsFile,
  type VoteFeatureSpec,
} from '../src/categorize/meaning.js';
import type { StemmedWord } from '../src/categorize/tokenize.js';
import { wordVectors } from '../src/shared/word-vectors.js';
import { findRedis, type TestRedis } from '../tests/support/redis-server.js';
import { pingRedis } from '../src/shared/redis.js';
import { EVAL_CATEGORIES, evaluateCategorization, type LabeledItem } from './eval/categorize.js';
import { rng } from '../bench/scale/farm-data.js';

interface Settings {
  /** The blend weight of the vote beside the classifier (src/categorize/index.ts). */
  blend: number;
  /** How far ahead of any other category the vote's favourite may be, in nats. */
  cap: number;
  /** Logits times n / (n + shrink), n the story's words with a vector. */
  shrink: number;
  /** The cap where the classifier's words settle little (meaning.ts); undefined: cap everywhere. */
  openCap?: number;
  /** The starter pseudo-count from which a listed word settles a story (meaning.ts). */
  settle: number;
  /** The meaning vector (unit length) is scaled by this, so that modest weights give confident votes. */
  scale: number;
  l2: number;
  steps: number;
  learningRate: number;
  features: VoteFeatureSpec;
  /** Hidden units (tanh); 0: none, a plain linear model. */
  hidden: number;
}

/**
 * The settings shipped. Blend 0.75 and cap 0.7 were chosen before on desk tuning part 7, trained
 * without it (82.7% against 80.2% without the vote). --cv over desk tuning parts 1-11 (each left
 * out in turn): 89.8% mean without the vote, 91.1% with these settings; every blend (0.5-1) and
 * shrink (0-8) at cap 0.7 gave 91.0-91.1%; max-pooling, 512 hashed stems, L2 1e-4 or 1e-2 or 32
 * hidden units did no better than the mean vector alone (measured over parts 1-8: 93.3-93.7%
 * against 93.6%). A larger cap does better (cap 3, shrink 4: 92.2%; cap 1.5: 92.0%; cap 1.1: 91.7%)
 * but lets the vote outvote the starter vocabulary on a quoted first person ("Macron: my advice to
 * Trump on Ukraine" filed as lifestyle, tests/categorize/meaning.test.ts and angles.test.ts), and
 * from cap 3 what the fixed sources taught (learning.test.ts): it stays 0.7, and opens to 3 only
 * where the classifier's best has no word listed strong for it and nothing learned counts (meaning.ts
 * openCap): --cv --only=0.75/0.7/0 --open=3 --settle=12: 91.64% mean against 91.13%; open caps 5
 * and 100 give the same as 3 (settled by a strong word of any category: 91.56%).
 */
const SHIPPED: Settings = {
  blend: 0.75,
  cap: 0.7,
  shrink: 0,
  openCap: 3,
  settle: 12,
  scale: 8,
  l2: 1e-3,
  steps: 600,
  learningRate: 0.5,
  features: {},
  hidden: 0,
};

const BLENDS = [0.5, 0.75, 1];
const CAPS = [0.7, 0.9, 1, 1.1, 1.5, 3];
const SHRINKS = [0, 2, 4, 8];

const EVAL_DIR = new URL('../tests/eval/', import.meta.url);
const DESK_PARTS = ['categorize-desk-tuning.json', ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `categorize-desk-tuning-${n}.json`)];

function load(name: string): LabeledItem[] {
  return JSON.parse(readFileSync(new URL(name, EVAL_DIR), 'utf8')) as LabeledItem[];
}

const present = (name: string) => existsSync(new URL(name, EVAL_DIR));

interface Story {
  words: StemmedWord[];
  headlineWords: number;
  y: number;
}

interface Example {
  /** The vector features, dense. */
  x: Float64Array;
  /** The hashed features that are not zero: their indices (after the dense ones) and values. */
  at: Int32Array;
  v: Float64Array;
  y: number;
}

function stories(items: LabeledItem[]): Story[] {
  const out: Story[] = [];
  for (const item of items) {
    const y = EVAL_CATEGORIES.indexOf(item.category as (typeof EVAL_CATEGORIES)[number]);
    if (y >= 0) out.push({ ...storyWords({ title: item.title, summary: item.summary, tags: [] }), y });
  }
  return out;
}

function examples(from: Story[], settings: Settings): Example[] {
  const out: Example[] = [];
  for (const { words, headlineWords, y } of from) {
    const story = voteFeatures(words, headlineWords, settings.features, settings.scale);
    if (!story) continue;
    const dense = story.x.length - (settings.features.hashed ?? 0);
    const at: number[] = [];
    for (let i = dense; i < story.x.length; i++) if (story.x[i] !== 0) at.push(i);
    out.push({ x: Float64Array.from(story.x.subarray(0, dense)), at: Int32Array.from(at), v: Float64Array.from(at, (i) => story.x[i]!), y });
  }
  return out;
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * Multinomial logistic regression (with a tanh hidden layer when settings.hidden > 0), full-batch
 * gradient descent; L2 on the weights, not the biases. Linear: from zeros; hidden: from seeded weights.
 */
function train(data: Example[], settings: Settings, about: string): CategoryVectorsFile {
  const k = EVAL_CATEGORIES.length;
  const inputs = featureCount(settings.features, wordVectors().dims);
  const H = settings.hidden;
  const width = (H || inputs) + 1;
  const w = new Float64Array(k * width);
  const gw = new Float64Array(k * width);
  const hw = H ? new Float64Array(H * (inputs + 1)) : undefined;
  const gh = H ? new Float64Array(H * (inputs + 1)) : undefined;
  const vw = new Float64Array(k * width);
  const vh = H ? new Float64Array(H * (inputs + 1)) : undefined;
  if (hw) {
    // The hidden layer's first weights, the same on every run.
    const random = rng(12);
    const bound = Math.sqrt(3 / inputs) / settings.scale;
    for (let i = 0; i < hw.length; i++) hw[i] = i % (inputs + 1) === inputs ? 0 : (random() * 2 - 1) * bound;
    for (let i = 0; i < w.length; i++) w[i] = i % width === H ? 0 : (random() * 2 - 1) * Math.sqrt(3 / H);
  }
  const momentum = H ? 0.9 : 0;
  const p = new Float64Array(k);
  const h = new Float64Array(H);
  const dh = new Float64Array(H);
  for (let step = 0; step < settings.steps; step++) {
    gw.fill(0);
    gh?.fill(0);
    for (const { x, at, v, y } of data) {
      const D = x.length;
      if (hw) {
        for (let j = 0; j < H; j++) {
          const o = j * (inputs + 1);
          let z = hw[o + inputs]!;
          for (let d = 0; d < D; d++) z += hw[o + d]! * x[d]!;
          for (let n = 0; n < at.length; n++) z += hw[o + at[n]!]! * v[n]!;
          h[j] = Math.tanh(z);
        }
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const o = c * width;
        let z = w[o + width - 1]!;
        if (hw) for (let j = 0; j < H; j++) z += w[o + j]! * h[j]!;
        else {
          for (let d = 0; d < D; d++) z += w[o + d]! * x[d]!;
          for (let n = 0; n < at.length; n++) z += w[o + at[n]!]! * v[n]!;
        }
        p[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c]! - max);
      dh.fill(0);
      for (let c = 0; c < k; c++) {
        const g = p[c]! / sum - (c === y ? 1 : 0);
        const o = c * width;
        if (hw) {
          for (let j = 0; j < H; j++) {
            gw[o + j]! += g * h[j]!;
            dh[j]! += g * w[o + j]!;
          }
        } else {
          for (let d = 0; d < D; d++) gw[o + d]! += g * x[d]!;
          for (let n = 0; n < at.length; n++) gw[o + at[n]!]! += g * v[n]!;
        }
        gw[o + width - 1]! += g;
      }
      if (hw && gh) {
        for (let j = 0; j < H; j++) {
          const g = dh[j]! * (1 - h[j]! * h[j]!);
          const o = j * (inputs + 1);
          for (let d = 0; d < D; d++) gh[o + d]! += g * x[d]!;
          for (let n = 0; n < at.length; n++) gh[o + at[n]!]! += g * v[n]!;
          gh[o + inputs]! += g;
        }
      }
    }
    const lr = settings.learningRate;
    for (let i = 0; i < w.length; i++) {
      const regularized = i % width === width - 1 ? 0 : settings.l2 * w[i]!;
      vw[i] = momentum * vw[i]! + gw[i]! / data.length + regularized;
      w[i]! -= lr * vw[i]!;
    }
    if (hw && gh && vh) {
      for (let i = 0; i < hw.length; i++) {
        const regularized = i % (inputs + 1) === inputs ? 0 : settings.l2 * hw[i]!;
        vh[i] = momentum * vh[i]! + gh[i]! / data.length + regularized;
        hw[i]! -= lr * vh[i]!;
      }
    }
  }
  const rows = (a: Float64Array, n: number, wide: number) => Array.from({ length: n }, (_, r) => Array.from(a.subarray(r * wide, (r + 1) * wide), round4));
  const { blend, cap, openCap, settle, shrink, scale, features } = settings;
  return {
    about,
    dims: wordVectors().dims,
    blend,
    cap,
    ...(openCap === undefined ? {} : { openCap, settle }),
    shrink,
    scale,
    ...(Object.keys(features).length > 0 ? { features } : {}),
    categories: [...EVAL_CATEGORIES],
    ...(hw ? { hidden: rows(hw, H, inputs + 1) } : {}),
    weights: rows(w, k, width),
  };
}

const ABOUT =
  'scripts/train-category-vectors.ts: logistic regression over GloVe meaning vectors, trained on categorize-items.json and the desk tuning parts';

function settingsFromArgs(args: string[]): Settings {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const number = (name: string, fallback: number) => (value(name) === undefined ? fallback : Number(value(name)));
  const features: VoteFeatureSpec = { ...SHIPPED.features };
  if (args.includes('--max')) features.max = true;
  if (args.includes('--headline')) features.headline = true;
  if (value('hashed')) features.hashed = Number(value('hashed'));
  return {
    ...SHIPPED,
    blend: number('blend', SHIPPED.blend),
    cap: number('cap', SHIPPED.cap),
    shrink: number('shrink', SHIPPED.shrink),
    openCap: value('open-cap') === undefined ? SHIPPED.openCap : Number(value('open-cap')),
    settle: number('settle-at', SHIPPED.settle),
    scale: number('scale', SHIPPED.scale),
    l2: number('l2', SHIPPED.l2),
    steps: number('steps', SHIPPED.steps),
    learningRate: number('lr', SHIPPED.learningRate),
    hidden: number('hidden', SHIPPED.hidden),
    features,
  };
}

async function crossValidate(settings: Settings, only: [number, number, number] | undefined): Promise<void> {
  let started: TestRedis | undefined;
  if (!process.env.REDIS_URL && !(await pingRedis('redis://127.0.0.1:6379'))) {
    started = await findRedis();
    process.env.REDIS_URL = started.url;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const parts = DESK_PARTS.filter(present);
  const words = new Map(['categorize-items.json', ...parts].map((p) => [p, stories(load(p))]));
  const base: [number, number, number][] = only ? [only] : BLENDS.flatMap((b) => CAPS.flatMap((c) => SHRINKS.map((s) => [b, c, s] as [number, number, number])));
  // --open=<caps> --settle=<counts>: each row again with the cap opened to each of these where the words settle little (meaning.ts openCap, settle).
  const list = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',').map(Number);
  const opens = list('open');
  const grid: [number, number, number, number | undefined, number | undefined][] = base.flatMap(([b, c, s]) => [
    [b, c, s, undefined, undefined] as [number, number, number, number | undefined, number | undefined],
    ...(opens ?? []).flatMap((o) => (list('settle') ?? [SHIPPED.settle]).map((t) => [b, c, s, o, t] as [number, number, number, number | undefined, number | undefined])),
  ]);
  const scores = new Map<string, number[]>();
  const off: number[] = [];
  const started_ = process.cpuUsage();
  try {
    for (const out of parts) {
      const on = ['categorize-items.json', ...parts.filter((p) => p !== out)];
      const model = train(examples(on.flatMap((p) => words.get(p)!), settings), settings, ABOUT);
      const items = load(out);
      off.push((await evaluateCategorization({ items, meaning: 'off' })).accuracy);
      for (const [blend, cap, shrink, openCap, settle] of grid) {
        const key = `${blend}/${cap}/${shrink}${openCap === undefined ? '' : ` open ${openCap}/${settle}`}`;
        const report = await evaluateCategorization({ items, meaning: new CategoryVectors({ ...model, blend, cap, shrink, ...(openCap === undefined ? {} : { openCap, settle }) }) });
        scores.set(key, [...(scores.get(key) ?? []), report.accuracy]);
      }
    }
  } finally {
    await started?.stop();
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const sizes = parts.map((p) => words.get(p)!.length);
  const pooled = (a: number[]) => a.reduce((x, y, i) => x + y * sizes[i]!, 0) / sizes.reduce((x, y) => x + y, 0);
  const ranked = [...scores].sort((a, b) => mean(b[1]) - mean(a[1]));
  const shipped = `${SHIPPED.blend}/${SHIPPED.cap}/${SHIPPED.shrink}`;
  const shortName = (p: string) => p.replace('categorize-desk-tuning', 't').replace('.json', '');
  console.log(`settings: ${JSON.stringify({ ...settings, blend: undefined, cap: undefined, shrink: undefined, openCap: undefined, settle: undefined })}; ${featureCount(settings.features, wordVectors().dims)} features; cpu ${(process.cpuUsage(started_).user / 1e6).toFixed(0)} s`);
  console.log(`${'blend/cap/shrink'.padEnd(28)}${'mean'.padStart(7)}${'pooled'.padStart(7)}${parts.map((p) => shortName(p).padStart(7)).join('')}`);
  const line = (name: string, a: number[]) => console.log(`${name.padEnd(28)}${(mean(a) * 100).toFixed(2).padStart(6)}%${pct(pooled(a)).padStart(7)}${a.map((v) => pct(v).padStart(7)).join('')}`);
  line('vote off', off);
  if (scores.has(shipped)) line(`${shipped} (shipped)`, scores.get(shipped)!);
  for (const [key, a] of ranked.slice(0, args.includes("--all") ? undefined : 8)) line(key, a);
}

const args = process.argv.slice(2);
const settings = settingsFromArgs(args);
if (args.includes('--cv')) {
  const only = args.find((a) => a.startsWith('--only='))?.split('=')[1]?.split('/').map(Number) as [number, number, number] | undefined;
  await crossValidate(settings, only);
} else {
  const parts = DESK_PARTS.filter(present);
  const data = examples(['categorize-items.json', ...parts].flatMap((p) => stories(load(p))), settings);
  const model = train(data, settings, `${ABOUT} (${['categorize-items.json', ...parts].join(', ')}; ${data.length} items)`);
  writeFileSync(CATEGORY_VECTORS_FILE, `${JSON.stringify(model)}\n`);
  console.log(`${data.length} items, ${model.categories.length} categories x ${model.weights[0]!.length} weights, blend ${model.blend}: ${CATEGORY_VECTORS_FILE.pathname}`);
}
