// What a reader sees of the rewrite sets (tests/eval/dedupe-rewrites-*.json) once their items go
// through the real story store on Redis: scripts/eval/dedupe.ts decides each pair alone, and
// joins a story's copies by chaining the pairwise merges, which the store need not do (a copy is
// compared with the stories it finds, as they are stored, not with every copy they merged).
//
// Every distinct version of every story (group) in a set, and every hard negative's other story,
// is ingested as an item of a source of its own, one item at a time, in one of two orders:
// - wire first: each group's versions in rounds, the version the set pairs most often first (the
//   wire the others are copies of), then the others in the order the set names them;
// - shortest first: each group's versions in rounds, shortest plain text first (decks and cuts
//   before the wire, so that every later copy is fuller than the story it meets).
// The negatives' other stories come last. Per set and order it reports the groups of two or more
// versions shown as one story, the extra stories beyond one per group, and the false merges (a
// hard negative whose two sides ended as one story).
//
// Run: npx tsx scripts/eval/dedupe-store.ts [file under tests/eval] [--split]
// (--split lists the groups not shown once, on a tuning part only.) Redis: REDIS_URL, else
// 127.0.0.1:6379; each run uses keys of its own prefix and deletes them after.

import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { plainText } from '../../src/dedupe/near-duplicate.js';
import { parseConfig } from '../../src/shared/config.js';
import { Keys } from '../../src/shared/keys.js';
import { deleteKeysUnder } from '../../src/shared/redis.js';
import { StoryStore, storeOptions } from '../../src/store/story-store.js';
import { DEDUPE_SETS, isMeasuredOnly, type LabeledPair, loadPairs } from './dedupe.js';

export type StoreOrder = 'wire first' | 'shortest first';
export const STORE_ORDERS: StoreOrder[] = ['wire first', 'shortest first'];

/** The rewrite sets (every dedupe set but the first, which has no groups). */
export const REWRITE_SETS: string[] = Object.values(DEDUPE_SETS).filter((file) => file !== DEDUPE_SETS.first);

export interface StoreGroupEvaluation {
  file: string;
  order: StoreOrder;
  /** Groups of two or more versions, and those whose versions all ended in one story. */
  groups: number;
  joined: number;
  /** Stories beyond one per group, over those groups. */
  extraStories: number;
  /** Hard negatives, and those whose two sides ended in one story. */
  negatives: number;
  falseMerges: number;
  items: number;
  /** Groups not shown once, and the negatives merged (listed only for a tuning part). */
  split: string[];
  merged: string[];
}

type Side = LabeledPair['a'];

interface Version {
  key: string;
  side: Side;
  /** How often the set pairs it as side a, then where it first appears: the wire leads. */
  asA: number;
  first: number;
  length: number;
}

const sideKey = (side: Side) => JSON.stringify([side.title, side.summary ?? null, side.content ?? null]);

/** The versions of each group, and the items of the negatives (their other stories included). */
function versionsOf(pairs: LabeledPair[]): { groups: Map<string, Version[]>; others: Side[]; negatives: [string, string, string][] } {
  const byGroup = new Map<string, Map<string, Version>>();
  let position = 0;
  const add = (group: string, side: Side, isA: boolean) => {
    const versions = byGroup.get(group) ?? new Map<string, Version>();
    byGroup.set(group, versions);
    const key = sideKey(side);
    const version = versions.get(key) ?? { key, side, asA: 0, first: position++, length: plainText(side.content ?? side.summary ?? '').length };
    if (isA) version.asA++;
    versions.set(key, version);
  };
  for (const pair of pairs) {
    if (!pair.duplicate || !pair.group) continue;
    add(pair.group, pair.a, true);
    add(pair.group, pair.b, false);
  }
  const inGroups = new Set([...byGroup.values()].flatMap((versions) => [...versions.keys()]));
  const others = new Map<string, Side>();
  const negatives: [string, string, string][] = [];
  for (const pair of pairs) {
    if (pair.duplicate) continue;
    const [a, b] = [sideKey(pair.a), sideKey(pair.b)];
    // The side that is a version of a group is the story; the other one is the other story. A
    // negative of a group with no copies has its story as side a.
    const [story, other] = inGroups.has(b) && !inGroups.has(a) ? [pair.b, pair.a] : [pair.a, pair.b];
    if (!inGroups.has(sideKey(story)) && pair.group) add(pair.group, story, true);
    if (!inGroups.has(sideKey(other))) others.set(sideKey(other), other);
    negatives.push([a, b, pair.id]);
  }
  const groups = new Map([...byGroup].map(([group, versions]) => [group, [...versions.values()]]));
  // A version that is also another negative's other story is ingested once, as the version.
  const versionKeys = new Set([...groups.values()].flatMap((versions) => versions.map((v) => v.key)));
  return { groups, others: [...others.values()].filter((side) => !versionKeys.has(sideKey(side))), negatives };
}

function ordered(versions: Version[], order: StoreOrder): Version[] {
  const byWire = [...versions].sort((x, y) => y.asA - x.asA || x.first - y.first);
  if (order === 'wire first') return byWire;
  return byWire.map((v, i) => ({ v, i })).sort((x, y) => x.v.length - y.v.length || x.i - y.i).map(({ v }) => v);
}

export async function evaluateStoreGroups(file: string, order: StoreOrder, redis: Redis): Promise<StoreGroupEvaluation> {
  const pairs = await loadPairs(file);
  const { groups, others, negatives } = versionsOf(pairs);
  const options = storeOptions(parseConfig(''));
  const keys = new Keys(`eval-dedupe-store-${randomBytes(4).toString('hex')}`);
  const store = new StoryStore(redis, keys, options);
  const storyOf = new Map<string, string>();
  // Items a minute apart, all within the dedupe window.
  let now = Date.UTC(2026, 0, 5, 6);
  let n = 0;
  const ingest = async (side: Side) => {
    const key = sideKey(side);
    if (storyOf.has(key)) return;
    const source = `s${++n}`;
    const [outcome] = await store.ingest(
      [
        {
          source: { id: source, title: `Source ${source}` },
          item: {
            guid: `${source}-item`,
            link: `https://${source}.example/story`,
            title: side.title,
            summary: side.summary,
            content: side.content,
            published: now,
            authors: [],
            tags: [],
            enclosures: [],
          },
          categories: [{ id: 'world', score: 1, layer: 'source', reason: 'eval' }],
        },
      ],
      now,
    );
    storyOf.set(key, outcome!.storyId);
    now += 60_000;
  };
  try {
    const rounds = [...groups.values()].map((versions) => ordered(versions, order));
    const longest = Math.max(0, ...rounds.map((versions) => versions.length));
    for (let round = 0; round < longest; round++) {
      for (const versions of rounds) {
        const version = versions[round];
        if (version) await ingest(version.side);
      }
    }
    for (const side of others) await ingest(side);
  } finally {
    await deleteKeysUnder(redis, keys);
  }
  let joined = 0;
  let extraStories = 0;
  let counted = 0;
  const split: string[] = [];
  for (const [group, versions] of groups) {
    if (versions.length < 2) continue;
    counted++;
    const stories = new Set(versions.map((v) => storyOf.get(v.key)));
    extraStories += stories.size - 1;
    if (stories.size === 1) joined++;
    else split.push(group);
  }
  const merged = negatives.filter(([a, b]) => storyOf.get(a) === storyOf.get(b)).map(([, , id]) => id);
  return { file, order, groups: counted, joined, extraStories, negatives: negatives.length, falseMerges: merged.length, items: n, split, merged };
}

/** Every order of one set, on one connection. */
export async function evaluateStoreSet(file: string, redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379'): Promise<StoreGroupEvaluation[]> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const results: StoreGroupEvaluation[] = [];
    for (const order of STORE_ORDERS) results.push(await evaluateStoreGroups(file, order, redis));
    return results;
  } finally {
    redis.disconnect();
  }
}

/** One aggregate line per set; the split groups only when asked, and never for a measured-only part. */
export function formatStoreGroups(results: StoreGroupEvaluation[], title: string, listSplit = false): string {
  const [first] = results;
  if (!first) return `${title}: nothing measured`;
  const parts = results.map(
    (r) => `${r.order}: shown once ${r.joined} of ${r.groups}, extra stories ${r.extraStories}, false merges ${r.falseMerges} of ${r.negatives}`,
  );
  const lines = [`${title} (${first.file}, ${first.items} items through the store): ${parts.join('; ')}`];
  if (listSplit && !isMeasuredOnly(first.file)) {
    for (const r of results) lines.push(`  ${r.order}, not shown once: ${r.split.join(' ') || 'none'}; false merges: ${r.merged.join(' ') || 'none'}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const listSplit = process.argv.includes('--split');
  for (const set of file ? [file] : REWRITE_SETS) console.log(formatStoreGroups(await evaluateStoreSet(set), 'store groups', listSplit));
}
