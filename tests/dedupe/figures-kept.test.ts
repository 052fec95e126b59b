// An outlet's rewrite in its own words shares few of the wire's phrases, and tells fewer or
// other small numbers and days (a "48-hour" strike as "two days", a paragraph with its figures cut,
// a context sentence with a date of its own), but keeps the wire's figures; a follow-up repeats the
// background figures and names and brings figures of its own. Through the store, as a reader sees it.
import { expect, test } from 'vitest';
import { from, item, useTestStores } from '../store/items.js';
import { followUp, followUpWithContainers, followUpWithoutBacklog, rewrite, wire } from './figures-kept-story.js';
import { flash, followUp as quakeFollowUp } from './quake-toll-story.js';

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

// A follow-up that repeats the wire's figures may bring none of its own, or repeat more of the
// wire's: it still tells the outcome (the accepted offer, the day it ended), facts no copy brings.
test.each([
  ['without its one new figure', followUpWithoutBacklog],
  ["repeating one more of the wire's figures", followUpWithContainers],
])('a follow-up %s is stored apart from the wire and from the rewrite', async (_, story) => {
  const { store } = testStores.store();
  const [first] = await store.ingest([carried('wire', wire, 1)], Date.now());
  const [second] = await store.ingest([carried('paper', story, 2)], Date.now());
  const [third] = await store.ingest([carried('outlet', rewrite, 3)], Date.now());
  expect(second?.status).toBe('new');
  expect(second?.storyId).not.toBe(first?.storyId);
  expect(third?.storyId).toBe(first?.storyId);
});

test("a follow-up that repeats every figure of a flash and tells many of its own is another story, whichever comes first", async () => {
  for (const order of [[flash, quakeFollowUp], [quakeFollowUp, flash]]) {
    const { store } = testStores.store();
    const [first] = await store.ingest([carried('agency', order[0]!, 1)], Date.now());
    const [second] = await store.ingest([carried('paper', order[1]!, 2)], Date.now());
    expect(first?.status).toBe('new');
    expect(second?.status).toBe('new');
    expect(second?.storyId).not.toBe(first?.storyId);
  }
});
