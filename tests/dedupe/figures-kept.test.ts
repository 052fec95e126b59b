// An outlet's rewrite in its own words shares few of the wire's phrases, and tells fewer or
// other small numbers and days (a "48-hour" strike as "two days", a paragraph with its figures cut,
// a context sentence with a date of its own), but keeps the wire's figures; a follow-up repeats the
// background figures and names and brings figures of its own. Through the store, as a reader sees it.
import { expect, test } from 'vitest';
import { from, item, useTestStores } from '../store/items.js';
import { followUp, rewrite, wire } from './figures-kept-story.js';

const testStores = useTestStores();

function carried(sourceId: string, story: { title: string; body: string }, n: number) {
  return from(sourceId, item({ guid: `${sourceId}-${n}`, link: `https://${sourceId}.example/news/${n}`, title: story.title, content: story.body }));
}

test("the wire's story and an outlet's rewrite in its own words are stored as one story, a follow-up as another", async () => {
  const { store } = testStores.store();
  const [first] = await store.ingest([carried('wire', wire, 1)], Date.now());
  const [second] = await store.ingest([carried('outlet', rewrite, 2)], Date.now());
  const [third] = await store.ingest([carried('paper', followUp, 3)], Date.now());
  expect(first?.status).toBe('new');
  expect(second?.storyId).toBe(first?.storyId);
  expect(third?.status).toBe('new');
  expect(third?.storyId).not.toBe(first?.storyId);
});

test('the same holds whichever outlet is read first', async () => {
  const { store } = testStores.store();
  const [first] = await store.ingest([carried('paper', followUp, 1)], Date.now());
  const [second] = await store.ingest([carried('outlet', rewrite, 2)], Date.now());
  const [third] = await store.ingest([carried('wire', wire, 3)], Date.now());
  expect(second?.storyId).not.toBe(first?.storyId);
  expect(third?.storyId).toBe(second?.storyId);
});
