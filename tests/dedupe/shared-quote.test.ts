// An outlet's rewrite in its own words shares few of the wire's phrases and few of its facts, but
// keeps the wire's quote verbatim; a follow-up that repeats the quote tells facts of its own.
// Through the store (the Lua rule), as a reader sees it, and by isCopy() alone.
import { expect, test } from 'vitest';
import { decodeSignature, encodeSignature, INDEX_HASHES, isCopy, QUOTE_INDEX_HASHES, textSignature } from '../../src/dedupe/near-duplicate.js';
import { from, item, useTestStores } from '../store/items.js';
import { followUp, rewrite, wire } from './shared-quote-story.js';

const testStores = useTestStores();
const THRESHOLD = 0.23;

function carried(sourceId: string, story: { title: string; body: string }, n: number) {
  return from(sourceId, item({ guid: `${sourceId}-${n}`, link: `https://${sourceId}.example/news/${n}`, title: story.title, content: story.body }));
}

const signatureOf = ({ title, body }: { title: string; body: string }) => {
  const signature = textSignature(title, body);
  if (!signature) throw new Error('text too short for a signature');
  return signature;
};

test('the quote makes the rewrite a copy: without it, the two are judged apart', () => {
  const [a, b] = [signatureOf(wire), signatureOf(rewrite)];
  expect(a.quotes?.length).toBeGreaterThan(0);
  expect(isCopy(a, b, THRESHOLD)).toBe(true);
  expect(isCopy({ ...a, quotes: undefined }, b, THRESHOLD)).toBe(false);
  expect(isCopy(a, signatureOf(followUp), THRESHOLD)).toBe(false);
  expect(isCopy(b, signatureOf(followUp), THRESHOLD)).toBe(false);
  // Straight quotes, curly quotes and &quot; read alike, and the quotes survive the store's encoding.
  expect([...(signatureOf(followUp).quotes ?? [])]).toEqual([...(a.quotes ?? [])]);
  expect(decodeSignature(encodeSignature(a))).toEqual({ shingles: a.shingles, words: a.words, facts: a.facts, figures: a.figures, textWords: a.textWords, quotes: a.quotes });
});

test('a text files its smallest quote shingle as an index entry beyond INDEX_HASHES, which a rewrite keeping the quote files too', () => {
  const [a, b] = [signatureOf(wire), signatureOf(rewrite)];
  expect(a.index).toHaveLength(INDEX_HASHES + QUOTE_INDEX_HASHES);
  // Without quotation marks the same words file no such entry.
  const unquoted = signatureOf({ ...wire, body: wire.body.replace(/"/g, '') });
  expect(unquoted.index).toHaveLength(INDEX_HASHES);
  expect(unquoted.quotes).toHaveLength(0);
  const quoteEntries = [...a.index].filter((hash) => !unquoted.index.includes(hash));
  expect(quoteEntries).toHaveLength(QUOTE_INDEX_HASHES);
  expect(b.index).toContain(quoteEntries[0]);
});

test.each([
  ['the wire first', [wire, rewrite, followUp]],
  ['the follow-up first', [followUp, rewrite, wire]],
])("the wire's story and a rewrite keeping its quote are stored as one story, a follow-up repeating the quote as another (%s)", async (_, order) => {
  const { store } = testStores.store();
  const ids = new Map<object, string | undefined>();
  for (const [n, story] of order.entries()) {
    const [result] = await store.ingest([carried(`source${n}`, story, n)], Date.now());
    ids.set(story, result?.storyId);
  }
  expect(ids.get(rewrite)).toBe(ids.get(wire));
  expect(ids.get(followUp)).not.toBe(ids.get(wire));
});
