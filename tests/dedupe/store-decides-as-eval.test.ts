// The story store repeats the near-duplicate rule in Lua (src/store/lua/ingest-items.ts); the
// eval measures the TypeScript one. Every labeled pair of the first set, of the tuning parts (the
// third one's long texts fill their shingle and fact sketches, so the sampled ranges count; the
// fourth's rewrites and summaries take the looks below the threshold when facts agree, the fifth's
// reworded rewrites the look without a shingle test when many facts agree, the sixth's rewrites
// in outlets' own words the look at figures and whole-text content words) and of
// the first held-out part (its cut copies take the rule's look just below the threshold), ingested
// into a real Redis from two sources, must be merged exactly when the eval merges it.
import { expect, test } from 'vitest';
import { DEDUPE_SETS, decidePair, loadPairs } from '../../scripts/eval/dedupe.js';
import { defaultOptions, from, item, useTestStores } from '../store/items.js';

const testStores = useTestStores();

test('the store merges exactly the labeled pairs the eval merges', async () => {
  const pairs = (await Promise.all([DEDUPE_SETS.first, DEDUPE_SETS.tuning, DEDUPE_SETS.tuning3, DEDUPE_SETS.tuning4, DEDUPE_SETS.tuning5, DEDUPE_SETS.tuning6, DEDUPE_SETS.heldout].map((file) => loadPairs(file)))).flat();
  const disagreements: string[] = [];
  let merges = 0;
  for (const [n, pair] of pairs.entries()) {
    const s = testStores.store().store;
    const [first] = await s.ingest([from('a', item({ guid: `a-${n}`, link: `https://a.example/${n}`, ...pair.a }))], Date.now());
    const [second] = await s.ingest([from('b', item({ guid: `b-${n}`, link: `https://b.example/${n}`, ...pair.b }))], Date.now());
    const isMerged = second?.storyId === first?.storyId;
    if (isMerged) merges++;
    if (isMerged !== decidePair(pair, defaultOptions.nearThreshold)) disagreements.push(pair.id);
  }
  expect(disagreements).toEqual([]);
  // Not a vacuous agreement: the sets hold copies the store merges.
  expect(merges).toBeGreaterThan(100);
}, 120_000);
