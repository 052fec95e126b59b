// Measures categorization on tests/eval/categorize-items.json: hand-written news items
// (headline and a short summary) labeled with one of the nine starter categories, never
// used for training. Runs the real Categorizer against a Redis (REDIS_URL, else the local
// default) under a throwaway key prefix, with the nine categories configured and no keywords,
// so that what is measured is the classifier: first its starter vocabulary alone, or after
// training it through learnFrom on fixed-category stories when `trainOn` is given.
//
//   npx tsx scripts/eval/categorize.ts [--headlines]

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Categorizer, type CategorizeInput } from '../../src/categorize/index.js';
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
}

export interface CategorizationReport {
  accuracy: number;
  perCategory: Record<string, { accuracy: number; n: number }>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  n: number;
}

export function loadEvalItems(): LabeledItem[] {
  return JSON.parse(readFileSync(new URL('../../tests/eval/categorize-items.json', import.meta.url), 'utf8')) as LabeledItem[];
}

export async function evaluateCategorization(
  options: { trainOn?: LabeledItem[]; headlinesOnly?: boolean; items?: LabeledItem[]; redisUrl?: string } = {},
): Promise<CategorizationReport> {
  const items = options.items ?? loadEvalItems();
  const config = parseConfig(
    `categories:\n${EVAL_CATEGORIES.map((id) => `  - { id: ${id}, title: ${id} }`).join('\n')}\n`,
    'eval.yaml',
    {},
  );
  const redis = new Redis(options.redisUrl ?? (process.env.REDIS_URL || 'redis://127.0.0.1:6379'), { maxRetriesPerRequest: 1 });
  const keys = new Keys(`eval-categorize-${randomBytes(4).toString('hex')}`);
  try {
    const categorizer = new Categorizer(redis, keys, config);
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
      items.map((item) => item.category),
      results.map((r) => r[0]!.id),
    );
  } finally {
    await deleteKeysUnder(redis, keys);
    redis.disconnect();
  }
}

function tally(expected: string[], predicted: string[]): CategorizationReport {
  const confusion: Record<string, Record<string, number>> = {};
  const perCategory: Record<string, { accuracy: number; n: number }> = {};
  let correct = 0;
  expected.forEach((want, i) => {
    const got = predicted[i]!;
    const row = (confusion[want] ??= {});
    row[got] = (row[got] ?? 0) + 1;
    if (got === want) correct++;
  });
  for (const [category, row] of Object.entries(confusion)) {
    const n = Object.values(row).reduce((a, b) => a + b, 0);
    perCategory[category] = { accuracy: (row[category] ?? 0) / n, n };
  }
  return { accuracy: expected.length ? correct / expected.length : 0, perCategory, confusion, n: expected.length };
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
  return lines.join('\n');
}

/** Deletes every key under one throwaway prefix, and nothing else. */

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const headlinesOnly = process.argv.includes('--headlines');
  const report = await evaluateCategorization({ headlinesOnly });
  console.log(formatCategorizationReport(report, `starter vocabulary${headlinesOnly ? ', headlines only' : ''}`));
}
