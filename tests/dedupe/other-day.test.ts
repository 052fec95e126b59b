// A story on another weekday is another day's story, however many of a first story's figures it
// repeats: a strike weeks after a vote, retelling the vote's tally, stays apart from the vote and
// from an outlet's rewrite of it, while the rewrite, which tells the vote's day, joins the vote.
// Through the store, as a reader sees it, in either order.
import { expect, test } from 'vitest';
import { from, item, useTestStores } from '../store/items.js';
import { strikeLater, voteCut, voteRewrite } from './other-day-story.js';

const testStores = useTestStores();

function carried(sourceId: string, story: { title: string; body: string }, n: number) {
  return from(sourceId, item({ guid: `${sourceId}-${n}`, link: `https://${sourceId}.example/news/${n}`, title: story.title, content: story.body }));
}

test("a later story on another weekday that repeats a vote's figures stays apart from the vote and its rewrite, in either order", async () => {
  for (const order of [[voteCut, strikeLater, voteRewrite], [strikeLater, voteRewrite, voteCut]]) {
    const { store } = testStores.store();
    const stored = new Map<object, string | undefined>();
    for (const [n, story] of order.entries()) stored.set(story, (await store.ingest([carried(`source${n}`, story, n)], Date.now()))[0]?.storyId);
    const storyOf = (story: object) => stored.get(story);
    expect(storyOf(voteRewrite)).toBe(storyOf(voteCut));
    expect(storyOf(strikeLater)).not.toBe(storyOf(voteCut));
  }
});
