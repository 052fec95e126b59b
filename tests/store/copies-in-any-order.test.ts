// Outlets' versions of one story reach the store in whatever order their feeds are polled. The
// stored story keeps the fullest text and its signature changes with it, so every order must
// still end as one story listing every source, and a follow-up as a story of its own. (A
// summary-only feed's copy of the wire's lede is not among them: next to a rewrite that
// paraphrased that lede, with the wire not yet stored, it shares too little to be recognised.)
import { expect, test } from 'vitest';
import { followUp, republication, rewrite, wire } from '../dedupe/long-wire-story.js';
import { from, HOUR, item, useTestStores } from './items.js';

const testStores = useTestStores();
const NOW = Date.UTC(2026, 5, 2, 9);

const copies = [
  ['wire', wire],
  ['paper', rewrite],
  ['daily', republication],
] as const;

function orders<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]];
  return list.flatMap((first, i) => orders([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [first, ...rest]));
}

test('a wire story, a rewrite and a republication make one story in every order, and a follow-up stays apart', async () => {
  for (const [n, order] of orders(copies).entries()) {
    const { store } = testStores.store();
    for (const [i, [source, story]] of order.entries()) {
      const parsed = item({ guid: `${source}-${n}`, link: `https://${source}.example/${n}`, title: story.title, content: story.body });
      await store.ingest([from(source, parsed)], NOW + i * HOUR);
    }
    const latest = await store.latest('all', 10);
    expect(latest.map((story) => story.sources.map((s) => s.id).sort()), order.map(([source]) => source).join(' > ')).toEqual([
      ['daily', 'paper', 'wire'],
    ]);
    const later = item({ guid: `wire-later-${n}`, link: `https://wire.example/later-${n}`, title: followUp.title, content: followUp.body });
    await store.ingest([from('wire', later)], NOW + 4 * HOUR);
    expect(await store.latest('all', 10)).toHaveLength(2);
  }
});
