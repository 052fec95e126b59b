// Measures categorization on tests/eval/categorize-items.json: hand-written news items
// (headline and a short summary) labeled with one of the nine starter categories, never
// used for training. Runs the real Categorizer against a Redis (REDIS_URL, else the local
// default) under a throwaway key prefix, with the nine categories configured and no keywords,
// so that what is measured is the classifier: first its starter vocabulary alone, or after
// training it through learnFrom on fixed-category stories when `trainOn` is given.
//
//   npx tsx scripts/eval/categorize.ts [<labeled set>.json] [--headlines] [--misses]
//
// A labeled set given (tests/eval/categorize-*.json) is measured instead of categorize-items.json;
// --misses lists the items it got wrong, to tune on; never a held-out or check part's (looking at its
// misses is tuning on it).

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Categorizer, type CategorizeInput } from '../../src/categorize/index.js';
import type { CategoryVectors } from '../../src/categorize/meaning.js';
import { parseConfig } from '../../src/shared/config.js';
import { Keys } from '../../src/shared/keys.js';
import { deleteKeysUnder } from '../../src/shared/redis.js';

export const EVAL_CATEGORIES = [
  'politics',
  'world',
  'business',
  'science',
  'technology',
  'health',
  'sports',
  'entertainment',
  'lifestyle',
] as const;

export interface LabeledItem {
  title: string;
  summary?: string;
  category: string;
  /** The kind of hard case an item stands for (disaster-abroad, climate-policy, ...), in the desk sets. */
  kind?: string;
  /** Another section the story could honestly also be filed in; top-1 is still judged on category. */
  also?: string;
}

export interface CategorizationReport {
  accuracy: number;
  perCategory: Record<string, { accuracy: number; n: number }>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  n: number;
  /** Accuracy on the items that have no summary. */
  headlineOnly: { accuracy: number; n: number };
  /** Accuracy per kind of hard case (items with a kind). */
  perKind: Record<string, { accuracy: number; n: number }>;
  /** Items given a second category, and how many of those were the item's `also`. */
  second: { n: number; also: number };
  /** The items whose top category is not their label, with what they got. */
  misses: Miss[];
}

export interface Miss {
  item: LabeledItem;
  got: string[];
}

export function loadEvalItems(): LabeledItem[] {
  return JSON.parse(readFileSync(new URL('../../tests/eval/categorize-items.json', import.meta.url), 'utf8')) as LabeledItem[];
}

export async function evaluateCategorization(
  options: { trainOn?: LabeledItem[]; headlinesOnly?: boolean; items?: LabeledItem[]; redisUrl?: string; meaning?: CategoryVectors | 'off' } = {},
): Promise<CategorizationReport> {
  const items = options.items ?? loadEvalItems();
  const config = parseConfig(
    `${options.meaning === 'off' ? 'categorize:\n  wordVectors: false\n' : ''}categories:\n${EVAL_CATEGORIES.map((id) => `  - { id: ${id}, title: ${id} }`).join('\n')}\n`,
    'eval.yaml',
    {},
  );
  const redis = new Redis(options.redisUrl ?? (process.env.REDIS_URL || 'redis://127.0.0.1:6379'), { maxRetriesPerRequest: 1 });
  const keys = new Keys(`eval-categorize-${randomBytes(4).toString('hex')}`);
  try {
    const categorizer = new Categorizer(redis, keys, config, options.meaning === 'off' ? undefined : options.meaning);
    if (options.trainOn && options.trainOn.length > 0) {
      const inputs: CategorizeInput[] = options.trainOn.map((item) => ({
        title: item.title,
        summary: item.summary,
        tags: [],
        sourceCategory: item.category,
      }));
      // Through classify, as ingest does, so that learnFrom sees real fixed-source results.
      for (let i = 0; i < inputs.length; i += 200) {
        const batch = inputs.slice(i, i + 200);
        await categorizer.learnFrom(batch, await categorizer.classify(batch));
      }
    }
    const inputs = items.map((item) => ({
      title: item.title,
      summary: options.headlinesOnly ? undefined : item.summary,
      tags: [],
    }));
    const results = await categorizer.classify(inputs);
    return tally(
      items,
      results.map((r) => r.map((assignment) => assignment.id)),
      options.headlinesOnly === true,
    );
  } finally {
    await deleteKeysUnder(redis, keys);
    redis.disconnect();
  }
}

function tally(items: LabeledItem[], predicted: string[][], headlinesOnly: boolean): CategorizationReport {
  const confusion: Record<string, Record<string, number>> = {};
  const perCategory: Record<string, { accuracy: number; n: number }> = {};
  const kinds: Record<string, { correct: number; n: number }> = {};
  const headlines = { correct: 0, n: 0 };
  const second = { n: 0, also: 0 };
  const misses: Miss[] = [];
  let correct = 0;
  items.forEach((item, i) => {
    const [got, next] = predicted[i]!;
    const isRight = got === item.category;
    const row = (confusion[item.category] ??= {});
    row[got!] = (row[got!] ?? 0) + 1;
    if (isRight) correct++;
    else misses.push({ item, got: predicted[i]! });
    if (headlinesOnly || !item.summary) {
      headlines.n++;
      if (isRight) headlines.correct++;
    }
    if (item.kind) {
      const kind = (kinds[item.kind] ??= { correct: 0, n: 0 });
      kind.n++;
      if (isRight) kind.correct++;
    }
    if (next) {
      second.n++;
      if ([item.category, item.also].includes(got) && [item.category, item.also].includes(next)) second.also++;
    }
  });
  for (const [category, row] of Object.entries(confusion)) {
    const n = Object.values(row).reduce((a, b) => a + b, 0);
    perCategory[category] = { accuracy: (row[category] ?? 0) / n, n };
  }
  const share = ({ correct: c, n }: { correct: number; n: number }) => ({ accuracy: n ? c / n : 0, n });
  return {
    accuracy: items.length ? correct / items.length : 0,
    perCategory,
    confusion,
    n: items.length,
    headlineOnly: share(headlines),
    perKind: Object.fromEntries(Object.entries(kinds).map(([kind, counts]) => [kind, share(counts)])),
    second,
    misses,
  };
}

/** The report as text: overall and per-category accuracy, then the confusion matrix (rows: expected). */
export function formatCategorizationReport(report: CategorizationReport, title = 'categorization'): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const columns = [...new Set([...Object.keys(report.confusion), ...Object.values(report.confusion).flatMap(Object.keys)])];
  const width = Math.max(8, ...columns.map((c) => c.length)) + 1;
  const short = (c: string) => c.slice(0, 6).padStart(7);
  const lines = [`${title}: ${pct(report.accuracy)} of ${report.n} items`, ''];
  for (const [category, { accuracy, n }] of Object.entries(report.perCategory)) {
    lines.push(`  ${category.padEnd(width)} ${pct(accuracy).padStart(6)}  (n=${n})`);
  }
  lines.push('', `  ${'expected \\ got'.padEnd(width)}${columns.map(short).join('')}`);
  for (const [category, row] of Object.entries(report.confusion)) {
    lines.push(`  ${category.padEnd(width)}${columns.map((c) => String(row[c] ?? '.').padStart(7)).join('')}`);
  }
  if (report.headlineOnly.n > 0 && report.headlineOnly.n < report.n) {
    lines.push('', `  headline-only items: ${pct(report.headlineOnly.accuracy)} of ${report.headlineOnly.n}`);
  }
  const kinds = Object.entries(report.perKind);
  if (kinds.length > 0) {
    lines.push(`  hard cases: ${kinds.map(([kind, { accuracy, n }]) => `${kind} ${pct(accuracy)} (n=${n})`).join(', ')}`);
  }
  if (report.second.n > 0) {
    lines.push(`  given a second category: ${report.second.n} items, ${report.second.also} of them both in the item's labeled sections`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const headlinesOnly = args.includes('--headlines');
  const file = args.find((a) => !a.startsWith('--'));
  const items = file ? (JSON.parse(readFileSync(file, 'utf8')) as LabeledItem[]) : undefined;
  const report = await evaluateCategorization({ headlinesOnly, items });
  const name = file ? basename(file) : 'starter vocabulary';
  console.log(formatCategorizationReport(report, `${name}${headlinesOnly ? ', headlines only' : ''}`));
  if (args.includes('--misses')) {
    // As scripts/eval/dedupe.ts does: a held-out part's misses, once read, are tuned on.
    if (name.includes('heldout') || name.includes('desk-check')) {
      console.log(`\n  misses not listed: ${name} is a held-out or check part (its misses would become tuning)`);
    }
    else console.log(['', ...report.misses.map(formatMiss)].join('\n'));
  }
}

function formatMiss({ item, got }: Miss): string {
  return `  ${item.category.padEnd(13)} got ${got.join('+').padEnd(20)} ${item.title}${item.summary ? ' [+summary]' : ''}`;
}
