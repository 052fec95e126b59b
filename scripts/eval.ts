// `npm run eval`: how well feedmill categorizes and dedupes, on labeled sets it never trains on
// (tests/eval/). Categorization: top-1 accuracy overall and per category with a confusion matrix,
// with the starter vocabulary alone, on headlines alone, and after training on the demo's
// fixed-category sources. Dedupe: precision and recall on labeled pairs of copies and hard negatives.
//
// Every set is either a tuning part, on which rules and settings may be chosen, or a held-out part,
// which is only measured (scripts/eval/*.ts --misses refuses to list a held-out part's misses):
// - desk sets (categorize-desk-*.json: every starter category, many headline-only, with the hard
//   cases a news desk files by angle): tuning parts 1-6 (2: technology and the sections it borders;
//   3: everyday headlines; 4: the kinds issue 12 found weak, written before it was measured; 5: weighted
//   to lifestyle as real desks run it, politics and business, written before it was measured; 6: the
//   same three sections again, written apart from the vocabulary: household money, columns, ministers
//   deciding, firms' results);
//   held-out part 1 (looked at while the categorizer was tuned: no longer clean), part 2 (written
//   apart from the categorizer) and part 3 (written by someone who never saw the code or any other
//   set, measured only after the changes it judges); check part 7 (written apart from the vocabulary
//   and the tuning parts, measured only: does tuning on part 6 carry over?); tuning parts 7 and 8
//   and check part 8 (written apart from the code and every other set, from one labeling guide);
//   final slices 1-3, reported only.
// - rewrite sets (dedupe-rewrites-*.json: syndicated copies in real outlets' styles): tuning parts
//   1, 3, 4, 5 and 6 (4 weighted to summaries in their own words next to paraphrased ledes, 5 to full
//   rewrites in which every sentence is reworded, 6 to outlets' own words beside negatives from one
//   press release or matchday, 7 to decks and heavy rewrites far from the wire's words, each
//   written before the rule was run on it); check parts 7 and 8 (written apart, their figures only
//   read, never their pairs); held-out part 1 (no longer clean), part 2 and
//   part 3 (written like the desk set's part 3).
// The held-out figures quoted are those of part 3, with part 2 beside them. Exits 1 when a target
// is missed: the starter and trained accuracy, the first dedupe pairs, held-out parts 2 and 3.
import { readFileSync } from 'node:fs';
import { decodeFeedBody } from '../src/feeds/decode/index.js';
import { parseFeed } from '../src/feeds/parse/index.js';
import { DEMO_DIR, readDemoCatalog } from '../src/demo/source-server.js';
import { pingRedis } from '../src/shared/redis.js';
import { findRedis, type TestRedis } from '../tests/support/redis-server.js';
import { evaluateCategorization, formatCategorizationReport, type LabeledItem } from './eval/categorize.js';
import { DEDUPE_SETS, evaluateDedupe, formatDedupeReport } from './eval/dedupe.js';

const TARGETS = { starter: 0.85, trained: 0.9, precision: 0.98, recall: 0.9, desk: 0.9, deskCategory: 0.8 };

let started: TestRedis | undefined;
if (!process.env.REDIS_URL && !(await pingRedis('redis://127.0.0.1:6379'))) {
  started = await findRedis();
  process.env.REDIS_URL = started.url;
}

try {
  const starter = await evaluateCategorization();
  const headlines = await evaluateCategorization({ headlinesOnly: true });
  const holdout = await evaluateCategorization({ items: labeledItems('categorize-holdout.json') });
  const check2 = await evaluateCategorization({ items: labeledItems('categorize-check-2.json') });
  const check2Headlines = await evaluateCategorization({ items: labeledItems('categorize-check-2.json'), headlinesOnly: true });
  const deskTuning = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning.json') });
  const deskTuning2 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-2.json') });
  const deskTuning3 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-3.json') });
  const deskTuning4 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-4.json') });
  const deskTuning5 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-5.json') });
  const deskTuning6 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-6.json') });
  const deskTuning7 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-7.json') });
  const deskTuning8 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-8.json') });
  const deskTuning9 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-9.json') });
  const deskTuning10 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-10.json') });
  const deskTuning11 = await evaluateCategorization({ items: labeledItems('categorize-desk-tuning-11.json') });
  const deskHeldout = await evaluateCategorization({ items: labeledItems('categorize-desk-heldout.json') });
  const deskHeldout2 = await evaluateCategorization({ items: labeledItems('categorize-desk-heldout-2.json') });
  const deskHeldout3 = await evaluateCategorization({ items: labeledItems('categorize-desk-heldout-3.json') });
  const deskCheck7 = await evaluateCategorization({ items: labeledItems('categorize-desk-check-7.json') });
  const deskCheck8 = await evaluateCategorization({ items: labeledItems('categorize-desk-check-8.json') });
  const deskCheck9 = await evaluateCategorization({ items: labeledItems('categorize-desk-check-9.json') });
  const deskFinal = await evaluateCategorization({ items: labeledItems('categorize-desk-final.json') });
  const deskFinal2 = await evaluateCategorization({ items: labeledItems('categorize-desk-final-2.json') });
  const deskFinal3 = await evaluateCategorization({ items: labeledItems('categorize-desk-final-3.json') });
  const training = await demoTrainingItems();
  const trained = await evaluateCategorization({ trainOn: training });
  const dedupe = await evaluateDedupe(DEDUPE_SETS.first);
  const dedupeTuning = await evaluateDedupe(DEDUPE_SETS.tuning);
  const dedupeTuning3 = await evaluateDedupe(DEDUPE_SETS.tuning3);
  const dedupeTuning4 = await evaluateDedupe(DEDUPE_SETS.tuning4);
  const dedupeTuning5 = await evaluateDedupe(DEDUPE_SETS.tuning5);
  const dedupeTuning6 = await evaluateDedupe(DEDUPE_SETS.tuning6);
  const dedupeTuning7 = await evaluateDedupe(DEDUPE_SETS.tuning7);
  const dedupeTuning8 = await evaluateDedupe(DEDUPE_SETS.tuning8);
  const dedupeCheck7 = await evaluateDedupe(DEDUPE_SETS.check7);
  const dedupeCheck8 = await evaluateDedupe(DEDUPE_SETS.check8);
  const dedupeCheck9 = await evaluateDedupe(DEDUPE_SETS.check9);
  const dedupeHeldout = await evaluateDedupe(DEDUPE_SETS.heldout);
  const dedupeHeldout2 = await evaluateDedupe(DEDUPE_SETS.heldout2);
  const dedupeHeldout3 = await evaluateDedupe(DEDUPE_SETS.heldout3);

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const verdict = (value: number, target: number) => `${value >= target ? 'meets' : 'MISSES'} target ${pct(target)}`;
  console.log(formatCategorizationReport(starter, 'categorization, starter vocabulary alone'));
  console.log('');
  console.log(`categorization, headlines only: ${pct(headlines.accuracy)} of ${headlines.n} items`);
  console.log(`categorization on the hold-out set (written separately from the vocabulary): ${pct(holdout.accuracy)} of ${holdout.n} items`);
  for (const [category, { accuracy, n }] of Object.entries(holdout.perCategory)) {
    console.log(`  ${category.padEnd(14)} ${pct(accuracy).padStart(6)}  (n=${n})`);
  }
  console.log(
    `categorization on check set 2 (feed styles unlike the other sets, half headline-only): ${pct(check2.accuracy)} of ${check2.n} items; headlines only ${pct(check2Headlines.accuracy)}`,
  );
  console.log(`categorization after training on ${training.length} stories of the demo's fixed-category sources: ${pct(trained.accuracy)}`);
  console.log('');
  console.log(formatCategorizationReport(deskTuning, 'categorization, desk set, tuning part'));
  console.log('');
  console.log(
    formatCategorizationReport(deskTuning2, 'categorization, desk set, tuning part 2 (technology and the sections it borders)'),
  );
  console.log('');
  console.log(formatCategorizationReport(deskTuning3, 'categorization, desk set, tuning part 3 (every section, everyday headlines)'));
  console.log('');
  console.log(formatCategorizationReport(deskTuning4, 'categorization, desk set, tuning part 4 (the kinds issue 12 found weak)'));
  console.log('');
  console.log(
    formatCategorizationReport(deskTuning5, 'categorization, desk set, tuning part 5 (lifestyle as desks run it, politics, business)'),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning6,
      'categorization, desk set, tuning part 6 (lifestyle, politics and business again, written apart from the vocabulary)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning7,
      'categorization, desk set, tuning part 7 (every section, two in five of the hard kinds, written apart from the code)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning8,
      'categorization, desk set, tuning part 8 (every section, lifestyle across its whole range, a third of the hard kinds, written apart from the code)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning9,
      'categorization, desk set, tuning part 9 (every section, UK, Irish and US broadsheets and wires, two in five of the hard kinds, written apart from the code)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning10,
      'categorization, desk set, tuning part 10 (every section, outlets of India, Australia, New Zealand, South Africa, Singapore, Canada and tabloids, three in four headline-only)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskTuning11,
      'categorization, desk set, tuning part 11 (magazines, Sunday, local and trade press: lifestyle, councils and small firms weighted, written apart from the code)',
    ),
  );
  console.log('');
  console.log(formatCategorizationReport(deskHeldout, 'categorization, desk set, held-out part 1 (looked at while the categorizer was tuned: no longer clean)'));
  console.log('');
  console.log(
    formatCategorizationReport(deskHeldout2, 'categorization, desk set, held-out part 2 (written apart from the categorizer; its figures were seen while it was changed)'),
  );
  console.log('');
  console.log(
    formatCategorizationReport(deskHeldout3, 'categorization, desk set, HELD-OUT part 3 (written by someone who never saw the code or the other sets: the figure to quote)'),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskCheck7,
      'categorization, desk set, check part 7 (written apart from the vocabulary and the tuning parts; measured only, to see whether tuning part 6 carries over)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskCheck8,
      'categorization, desk set, check part 8 (written apart from the code and every other set, after part 7 had been read; measured only)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(
      deskCheck9,
      'categorization, desk set, check part 9 (written apart from the code and every other set, before the changes of its session; measured only)',
    ),
  );
  console.log('');
  console.log(formatCategorizationReport(deskFinal, 'categorization, desk set, final slice (written after the angles, before the second tuning set; reported only)'));
  console.log('');
  console.log(
    formatCategorizationReport(
      deskFinal2,
      'categorization, desk set, final slice 2 (written after the first batches of tuning part 2, before the later ones changed the categorizer; reported only)',
    ),
  );
  console.log('');
  console.log(
    formatCategorizationReport(deskFinal3, 'categorization, desk set, final slice 3 (written after the last change but one of the categorizer, the last a narrowing of the systems-outage angle; reported only)'),
  );
  console.log('');
  console.log(formatDedupeReport(dedupe, 'dedupe, first labeled pairs'));
  console.log(formatDedupeReport(dedupeTuning, 'dedupe, rewrites, tuning part'));
  console.log(formatDedupeReport(dedupeTuning3, 'dedupe, rewrites, tuning part 3 (written fresh in real outlets\' styles)'));
  console.log(formatDedupeReport(dedupeTuning4, 'dedupe, rewrites, tuning part 4 (weighted to summaries in their own words and paraphrased ledes)'));
  console.log(formatDedupeReport(dedupeTuning5, 'dedupe, rewrites, tuning part 5 (full rewrites in which every sentence is reworded)'));
  console.log(formatDedupeReport(dedupeTuning6, "dedupe, rewrites, tuning part 6 (outlets' own words, summaries, cuts; negatives sharing a press release or a matchday)"));
  console.log(formatDedupeReport(dedupeTuning7, "dedupe, rewrites, tuning part 7 (decks and heavy rewrites far from the wire's words; follow-ups repeating two or more figures)"));
  console.log(formatDedupeReport(dedupeTuning8, 'dedupe, rewrites, tuning part 8 (12 stories of five versions each: wire, rewrite, heavy rewrite, deck, cut; written apart from the code)'));
  console.log(formatDedupeReport(dedupeCheck7, 'dedupe, rewrites, check part 7 (written apart from the rules and the tuning parts; nothing is tuned on its pairs)'));
  console.log(formatDedupeReport(dedupeCheck8, 'dedupe, rewrites, check part 8 (written apart from the code and every other set, after part 7 had been read; nothing is tuned on its pairs)'));
  console.log(formatDedupeReport(dedupeCheck9, 'dedupe, rewrites, check part 9 (12 stories of five versions each, written apart from the code and every other set; nothing is tuned on its pairs)'));
  console.log(formatDedupeReport(dedupeHeldout, 'dedupe, rewrites, held-out part 1 (looked at while rules were chosen: no longer clean)'));
  console.log(formatDedupeReport(dedupeHeldout2, 'dedupe, rewrites, held-out part 2 (written apart from the rules; its figures were seen while they were changed)'));
  console.log(formatDedupeReport(dedupeHeldout3, 'dedupe, rewrites, HELD-OUT part 3 (written by someone who never saw the code or the other sets: the figure to quote)'));
  console.log('');
  const checks: [string, number, number][] = [
    ['starter accuracy', starter.accuracy, TARGETS.starter],
    ['trained accuracy', trained.accuracy, TARGETS.trained],
    ['desk held-out 2 accuracy', deskHeldout2.accuracy, TARGETS.desk],
    ...Object.entries(deskHeldout2.perCategory).map(
      ([category, { accuracy }]) => [`desk held-out 2 ${category}`, accuracy, TARGETS.deskCategory] as [string, number, number],
    ),
    ['desk held-out 3 accuracy', deskHeldout3.accuracy, TARGETS.desk],
    ...Object.entries(deskHeldout3.perCategory).map(
      ([category, { accuracy }]) => [`desk held-out 3 ${category}`, accuracy, TARGETS.deskCategory] as [string, number, number],
    ),
    ['dedupe precision', dedupe.precision, TARGETS.precision],
    ['dedupe recall', dedupe.recall, TARGETS.recall],
    ['dedupe held-out 2 precision', dedupeHeldout2.precision, TARGETS.precision],
    ['dedupe held-out 2 recall', dedupeHeldout2.recall, TARGETS.recall],
    ['dedupe held-out 3 precision', dedupeHeldout3.precision, TARGETS.precision],
    ['dedupe held-out 3 recall', dedupeHeldout3.recall, TARGETS.recall],
  ];
  for (const [name, value, target] of checks) console.log(`${name}: ${pct(value)} ${verdict(value, target)}`);
  process.exitCode = checks.every(([, value, target]) => value >= target) ? 0 : 1;
} finally {
  await started?.stop();
}

/**
 * Further labeled sets written apart from the starter vocabulary, in other styles (wire, tabloid,
 * local, trade press, explainers, headline-only), as checks on how the vocabulary generalizes.
 * Reported only: the targets stay on the main set.
 */
function labeledItems(file: string): LabeledItem[] {
  return JSON.parse(readFileSync(new URL(`../tests/eval/${file}`, import.meta.url), 'utf8')) as LabeledItem[];
}

/** The stories of the demo's fixed-category sources, as the pipeline would parse them. */
async function demoTrainingItems(): Promise<LabeledItem[]> {
  const items: LabeledItem[] = [];
  for (const source of readDemoCatalog().sources) {
    if (!source.category) continue;
    const body = readFileSync(new URL(source.file, `file://${DEMO_DIR}`));
    const feed = await parseFeed(decodeFeedBody(body, source.contentType), { url: `https://demo.example/${source.file}`, now: Date.now() });
    for (const item of feed.items) items.push({ title: item.title, summary: item.summary, category: source.category });
  }
  return items;
}
