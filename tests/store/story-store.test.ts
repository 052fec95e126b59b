// The story store against a real Redis: exact and near-duplicate dedupe, updates in place,
// what poll may skip, and what the publisher reads back.
import { describe, expect, test } from 'vitest';
import { decodeSignature, textSignature } from '../../src/dedupe/near-duplicate.js';
import { DAY, from, HOUR, item, useTestStores } from './items.js';

const testStores = useTestStores();
const store = () => testStores.store().store;

const NOW = Date.UTC(2026, 10, 24, 12);

const wire = {
  title: 'Harbour authority approves second container terminal',
  summary:
    'The harbour authority approved plans for a second container terminal on Tuesday, doubling the port\'s capacity by 2030. The 1.2 billion euro project will create about 900 jobs, the authority said. Environmental groups said they would challenge the decision in court because of the impact on the estuary\'s bird colonies.',
};

describe('exact duplicates', () => {
  test('the same guid from the same source again, unchanged, is one story', async () => {
    const s = store();
    const first = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire, published: NOW - HOUR });
    const [created] = await s.ingest([from('wire', first)], NOW);
    const [again] = await s.ingest([from('wire', first)], NOW + HOUR);
    expect(created).toMatchObject({ status: 'new', changedCategories: ['world'] });
    expect(again).toEqual({ status: 'unchanged', storyId: created?.storyId, changedCategories: [] });
    expect(await s.latest('all', 10)).toHaveLength(1);
  });

  test('an edited item is updated in place and its categories are republished', async () => {
    const s = store();
    const first = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire, published: NOW - HOUR });
    const [created] = await s.ingest([from('wire', first)], NOW);
    const edited = { ...first, title: 'Harbour authority approves second container terminal (corrected)' };
    const [update] = await s.ingest([from('wire', edited)], NOW + HOUR);
    expect(update).toEqual({ status: 'updated', storyId: created?.storyId, changedCategories: ['world'] });
    const stories = await s.latest('world', 10);
    expect(stories.map((story) => story.title)).toEqual([edited.title]);
    expect(stories[0]).toMatchObject({ id: created?.storyId, published: NOW - HOUR, updated: NOW + HOUR });
  });

  test('an edit that is categorized differently moves the story and republishes both categories', async () => {
    const s = store();
    const first = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    await s.ingest([from('wire', first, ['world'])], NOW);
    const [update] = await s.ingest([from('wire', { ...first, summary: `${wire.summary} Shares rose.` }, ['business'])], NOW);
    expect(update?.changedCategories.sort()).toEqual(['business', 'world']);
    expect(await s.countByCategory(['world', 'business', 'all'])).toEqual({ world: 0, business: 1, all: 1 });
    expect((await s.latest('business', 1))[0]?.categories.map((c) => c.id)).toEqual(['business']);
  });

  test("a source's shorter edit replaces its own text, not the fuller text of another source the story shows", async () => {
    const s = store();
    const shorter = wire.summary.replace(/ Environmental groups.*$/, '');
    const own = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    await s.ingest([from('wire', own)], NOW);
    const [edit] = await s.ingest([from('wire', { ...own, summary: shorter })], NOW + HOUR);
    expect(edit?.status).toBe('updated');
    expect((await s.get(edit?.storyId ?? ''))?.summary).toBe(shorter);

    const merged = store();
    const herald = item({ guid: 'h-1', link: 'https://herald.example/terminal', ...wire, summary: shorter });
    const [created] = await merged.ingest([from('herald', herald)], NOW);
    const [copy] = await merged.ingest([from('agency', item({ guid: 'a-1', link: 'https://agency.example/terminal', ...wire }))], NOW);
    expect(copy).toMatchObject({ status: 'duplicate', storyId: created?.storyId });
    const [heraldEdit] = await merged.ingest([from('herald', { ...herald, summary: `${shorter} Updated.` })], NOW + HOUR);
    expect(heraldEdit).toMatchObject({ status: 'unchanged', storyId: created?.storyId });
    expect((await merged.get(created?.storyId ?? ''))?.summary).toBe(wire.summary);
  });

  test('a story and its recategorized edit in one batch end up in the edit\'s category only', async () => {
    // The script writes a batch's sorted-set members once at its end: the edit's move must hold.
    const s = store();
    const first = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    const [created, update] = await s.ingest([from('wire', first, ['world']), from('wire', { ...first, summary: `${wire.summary} Shares rose.` }, ['business'])], NOW);
    expect(created?.status).toBe('new');
    expect(update).toMatchObject({ status: 'updated', storyId: created?.storyId });
    expect(await s.countByCategory(['world', 'business', 'all'])).toEqual({ world: 0, business: 1, all: 1 });
  });

  test('an edit filed under more categories keeps its place (published time) in each, old and new', async () => {
    const { store: s, keys } = testStores.store();
    const first = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire, published: NOW - DAY });
    const [created] = await s.ingest([from('wire', first, ['world'])], NOW);
    const [update] = await s.ingest([from('wire', { ...first, summary: `${wire.summary} Shares rose.` }, ['world', 'business'])], NOW + HOUR);
    expect(update?.changedCategories.sort()).toEqual(['business', 'world']);
    for (const id of ['world', 'business']) {
      expect(Number(await testStores.redis.zscore(keys.category(id), created?.storyId ?? ''))).toBe(NOW - DAY);
    }
    expect(await s.countByCategory(['world', 'business', 'all'])).toEqual({ world: 1, business: 1, all: 1 });
  });

  test('the same page linked by another source is one story listing both sources', async () => {
    const s = store();
    const [created] = await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://www.wire.example/terminal', ...wire }))], NOW);
    const copy = item({ guid: 'herald-77', link: 'http://wire.example/terminal/?utm_source=herald&ref=rss', title: 'Port expansion approved' });
    const [merged] = await s.ingest([from('herald', copy, ['business'])], NOW + HOUR);
    expect(merged).toEqual({ status: 'duplicate', duplicateKind: 'link', storyId: created?.storyId, changedCategories: ['world'] });
    const story = await s.get(created?.storyId ?? '');
    expect(story?.sources.map((source) => [source.id, source.guid])).toEqual([
      ['wire', 'w-1'],
      ['herald', 'herald-77'],
    ]);
    expect(story?.title).toBe(wire.title);
    expect(await s.countByCategory(['world', 'business', 'all'])).toEqual({ world: 1, business: 0, all: 1 });
    expect((await s.findByLink('https://wire.example/terminal#comments'))?.id).toBe(created?.storyId);
  });

  test('a source that sends a story again under a new guid adds nothing', async () => {
    const s = store();
    await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire }))], NOW);
    const [again] = await s.ingest([from('wire', item({ guid: 'w-1-v2', link: 'https://wire.example/terminal', ...wire }))], NOW);
    expect(again).toMatchObject({ status: 'duplicate', duplicateKind: 'link', changedCategories: [] });
    expect((await s.latest('all', 5))[0]?.sources).toHaveLength(1);
  });
});

describe('identity inside one feed', () => {
  test("a podcast whose 131 episodes all link to the show's home page keeps 131 stories", async () => {
    const s = store();
    const episodes = Array.from({ length: 131 }, (_, n) =>
      from('podcast', item({ guid: `episode-${n}`, link: 'https://podcast.example/', title: `Episode ${n}: guest ${n}`, published: NOW - n * HOUR })),
    );
    const outcomes = await s.ingest(episodes, NOW);
    expect(outcomes.filter((o) => o.status === 'new')).toHaveLength(131);
    expect(new Set(outcomes.map((o) => o.storyId)).size).toBe(131);
    const stories = await s.latest('all', 200);
    expect(stories.map((story) => story.title)).toEqual(episodes.map((e) => e.item.title));
    // Polled again, every episode is recognized as itself.
    expect((await s.ingest(episodes, NOW + HOUR)).every((o) => o.status === 'unchanged')).toBe(true);
  });

  test('15 items sharing one landing link stay 15, and another source linking that page still merges into one', async () => {
    const s = store();
    const items = Array.from({ length: 15 }, (_, n) =>
      from('offers', item({ guid: `offer-${n}`, link: 'https://shop.example/offers?utm_source=rss', title: `Offer ${n}`, summary: `Offer number ${n} of the week.` })),
    );
    const outcomes = await s.ingest(items, NOW);
    expect(new Set(outcomes.map((o) => o.storyId)).size).toBe(15);
    const [copy] = await s.ingest([from('deals', item({ guid: 'd-1', link: 'https://www.shop.example/offers', title: 'Shop offers' }))], NOW);
    expect(copy).toMatchObject({ status: 'duplicate', duplicateKind: 'link', storyId: outcomes[0]?.storyId });
    expect(await s.countByCategory(['all'])).toEqual({ all: 15 });
  });

  test('posts told apart only by a #fragment stay apart and keep it; a tracking fragment goes', async () => {
    const s = store();
    const posts = Array.from({ length: 11 }, (_, n) => from('notes', item({ guid: `https://notes.example/2026#note-${n}`, link: `https://notes.example/2026#note-${n}`, title: `Note ${n}` })));
    const outcomes = await s.ingest(posts, NOW);
    expect(new Set(outcomes.map((o) => o.storyId)).size).toBe(11);
    expect((await s.get(outcomes[3]?.storyId ?? ''))?.link).toBe('https://notes.example/2026#note-3');
    const [tracked] = await s.ingest([from('other', item({ guid: 'o-1', link: 'https://other.example/story#tk.rss_all', title: 'Tracked' }))], NOW);
    expect((await s.get(tracked?.storyId ?? ''))?.link).toBe('https://other.example/story');
  });

  test('a sponsor post under the link of an older post of the same feed is its own story, with its own title and date', async () => {
    const s = store();
    const [older] = await s.ingest([from('blog', item({ guid: 'p-1', link: 'https://blog.example/tools', ...wire, published: NOW - 2 * DAY }))], NOW - 2 * DAY);
    const sponsor = item({ guid: 'p-2', link: 'https://blog.example/tools', title: 'Sponsored: the tool we use every day', summary: 'This week is sponsored.', published: NOW });
    const [outcome] = await s.ingest([from('blog', sponsor)], NOW);
    expect(outcome?.status).toBe('new');
    expect(outcome?.storyId).not.toBe(older?.storyId);
    expect(await s.get(outcome?.storyId ?? '')).toMatchObject({ title: sponsor.title, published: NOW });
    expect(await s.get(older?.storyId ?? '')).toMatchObject({ title: wire.title, published: NOW - 2 * DAY });
  });
});

describe('near duplicates', () => {
  test('a syndicated copy under another link merges, and the fullest version wins but keeps the id', async () => {
    const s = store();
    const short = item({
      guid: 'herald-1',
      link: 'https://herald.example/port/terminal-approved',
      title: 'Harbour Authority Approves Second Container Terminal',
      summary: wire.summary.replace(/ Environmental groups.*$/, ''),
    });
    const full = item({
      guid: 'w-1',
      link: 'https://wire.example/terminal',
      title: wire.title,
      summary: `ROTTERDAM (Reuters) - ${wire.summary} The terminal is due to open in stages from 2028.`,
    });
    const [created] = await s.ingest([from('herald', short)], NOW);
    const [merged] = await s.ingest([from('wire', full)], NOW + HOUR);
    expect(merged).toEqual({ status: 'duplicate', duplicateKind: 'near', storyId: created?.storyId, changedCategories: ['world'] });
    const stories = await s.latest('all', 10);
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({ id: created?.storyId, title: full.title, summary: full.summary, link: short.link });
    expect(stories[0]?.sources.map((source) => source.id)).toEqual(['herald', 'wire']);
  });

  test('a shorter copy merges without replacing the fuller text', async () => {
    const s = store();
    const full = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    const short = item({ guid: 'h-1', link: 'https://herald.example/terminal', ...wire, summary: wire.summary.replace(/ Environmental groups.*$/, '') });
    await s.ingest([from('wire', full)], NOW);
    const [merged] = await s.ingest([from('herald', short)], NOW);
    expect(merged).toMatchObject({ status: 'duplicate', duplicateKind: 'near' });
    expect((await s.latest('all', 1))[0]?.summary).toBe(wire.summary);
  });

  test('two different stories on the same topic stay apart', async () => {
    const s = store();
    const approval = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    const challenge = item({
      guid: 'w-2',
      link: 'https://wire.example/terminal-court',
      title: 'Court halts work on second container terminal',
      summary:
        'A court on Friday ordered the harbour authority to halt work on a second container terminal until it has assessed the impact on bird colonies in the estuary. Environmental groups had challenged the 1.2 billion euro project. The authority said it would appeal.',
    });
    const outcomes = await s.ingest([from('wire', approval), from('herald', challenge)], NOW);
    expect(outcomes.map((o) => o.status)).toEqual(['new', 'new']);
    expect(await s.latest('all', 10)).toHaveLength(2);
  });

  test("a source's own recurring template under a new guid is a new story, not a copy", async () => {
    const s = store();
    const briefing = (day: number, guid: string) =>
      item({
        guid,
        link: `https://wire.example/briefing/${day}`,
        title: 'Morning briefing: what you need to know today',
        summary: `Good morning. Here is what you need to know today, ${day} November: the markets, the weather and the headlines from overnight, in five minutes.`,
      });
    await s.ingest([from('wire', briefing(23, 'b-23'))], NOW);
    const [next] = await s.ingest([from('wire', briefing(24, 'b-24'))], NOW);
    expect(next?.status).toBe('new');
  });
});

describe('a feed whose items all open with the same stock lede', () => {
  // Every item of such a feed shares its lede's index entries with every other, so those entries
  // fill up (the store compares an item with only a few of the stories it meets there alone).
  const lede =
    'Good evening and welcome to the evening bulletin from the newsroom, where our reporters bring you the stories that matter most across the region tonight and every night of the week.';
  const syllables = 'ka lo mi ren tas vo bri del fan gor hu jen kel mar nos pra quin sel tor ul'.split(' ');
  const word = (n: number) => `${syllables[n % 20]}${syllables[Math.floor(n / 20) % 20]}${syllables[Math.floor(n / 400) % 20]}`;
  const words = (seed: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const w = word((seed * 7919 + i * 104_729) % 8000);
      return i % 6 === 0 ? `${w.charAt(0).toUpperCase()}${w.slice(1)}` : w;
    }).join(' ');
  const bulletin = (n: number) =>
    item({ guid: `bulletin-${n}`, link: `https://bulletin.example/${n}`, title: words(n + 500, 8), summary: `${lede} ${words(n, 70)}.`, published: NOW - DAY + n * HOUR });

  test('keeps its stories apart, and a copy of its oldest story by another outlet still merges with it', async () => {
    const s = store();
    const items = Array.from({ length: 12 }, (_, n) => bulletin(n));
    // The setting holds: the items share index entries (their lede's) and are not copies of each other.
    const indexes = items.map((i) => [...(textSignature(i.title, i.summary)?.index ?? [])]);
    expect(indexes[0]?.filter((hash) => indexes.every((index) => index.includes(hash))).length).toBeGreaterThanOrEqual(3);
    const outcomes = await s.ingest(items.map((i) => from('bulletin', i)), NOW);
    expect(outcomes.map((o) => o.status)).toEqual(items.map(() => 'new'));
    const copy = item({ ...items[0]!, guid: 'herald-1', link: 'https://herald.example/evening/1', title: `Evening bulletin: ${items[0]!.title}` });
    const [merged] = await s.ingest([from('herald', copy)], NOW);
    expect(merged).toMatchObject({ status: 'duplicate', duplicateKind: 'near', storyId: outcomes[0]?.storyId });
    expect(await s.latest('all', 20)).toHaveLength(12);
  });
});

describe('a summary-only feed in its own words next to the full text', () => {
  // No 3-word phrase in common: the summary's names and numbers find the text through the index,
  // and its content words, mostly in the text's lead with a number among them, make it a copy.
  const full = {
    title: 'Rail operator Nordlink orders 40 high-speed trains from Alstom in 2.1 billion euro deal',
    content:
      '<p>STOCKHOLM (Reuters) - Nordic rail operator Nordlink said on Tuesday it had ordered 40 high-speed trains from French manufacturer Alstom in a deal worth 2.1 billion euros, the largest rolling stock order in its history.</p><p>The trains, able to run at 250 km per hour, will enter service on the Stockholm-Oslo line from 2029 and cut the journey time to under four hours, the company said.</p><p>"This order lets us double the number of daily departures between the two capitals," chief executive Ingrid Holm told reporters.</p><p>Alstom will build the trains at its plant in Salzgitter, Germany, and maintain them for 15 years under a separate contract. Shares in Alstom rose 3 percent in Paris after the announcement.</p>',
  };
  const summary = {
    title: 'Nordlink buys Alstom trains for Oslo route',
    summary: 'The Nordic operator is spending 2.1 billion euros on 40 Alstom high-speed trains that will run between Stockholm and Oslo from 2029, with twice as many daily departures.',
  };
  const followUp = {
    title: "Nordlink's Alstom trains delayed to 2030",
    summary: 'The first of the 40 high-speed trains Nordlink ordered from Alstom will arrive a year late, in 2030, because of a shortage of traction motors, the operator said on Friday.',
  };

  test('merges with the text, whichever comes first', async () => {
    for (const order of [['wire', 'brief'], ['brief', 'wire']]) {
      const s = store();
      const items = { wire: item({ guid: 'w-1', link: 'https://wire.example/nordlink', ...full }), brief: item({ guid: 'b-1', link: 'https://brief.example/trains', ...summary }) };
      const [created] = await s.ingest([from(order[0]!, items[order[0] as 'wire'])], NOW);
      const [merged] = await s.ingest([from(order[1]!, items[order[1] as 'wire'])], NOW + HOUR);
      expect(merged).toMatchObject({ status: 'duplicate', duplicateKind: 'near', storyId: created?.storyId });
      const stories = await s.latest('all', 10);
      expect(stories).toHaveLength(1);
      expect(stories[0]).toMatchObject({ title: full.title, content: full.content });
    }
  });

  test('a follow-up with a new date and a new number stays a story of its own', async () => {
    const s = store();
    await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://wire.example/nordlink', ...full }))], NOW);
    const [later] = await s.ingest([from('brief', item({ guid: 'b-2', link: 'https://brief.example/delay', ...followUp }))], NOW + DAY);
    expect(later?.status).toBe('new');
    expect(await s.latest('all', 10)).toHaveLength(2);
  });

  test("a text too long for a one-byte signature length, once retention removed it, still absorbs the summary", async () => {
    const { store: s } = testStores.store({ maxPerCategory: 1 });
    const [created] = await s.ingest(
      [
        from('wire', item({ guid: 'w-1', link: 'https://wire.example/nordlink', ...full, published: NOW - 2 * HOUR })),
        from('wire', item({ guid: 'w-2', link: 'https://wire.example/other', title: 'Other', published: NOW - HOUR })),
      ],
      NOW,
    );
    expect(await s.prune(NOW)).toBe(1);
    const [late] = await s.ingest([from('brief', item({ guid: 'b-1', link: 'https://brief.example/trains', ...summary }))], NOW + HOUR);
    expect(late).toMatchObject({ status: 'unchanged', duplicateKind: 'near', storyId: created?.storyId });
  });

  test('a story edited down to a text too short to compare is found through its old index entries and left alone', async () => {
    const s = store();
    const [created] = await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://wire.example/nordlink', ...full }))], NOW);
    const [edited] = await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://wire.example/nordlink', title: 'Nordlink: live' }))], NOW + HOUR);
    expect(edited).toMatchObject({ status: 'updated', storyId: created?.storyId });
    const [copy] = await s.ingest([from('brief', item({ guid: 'b-1', link: 'https://brief.example/trains', ...summary }))], NOW + 2 * HOUR);
    expect(copy?.status).toBe('new');
  });

  test('a story stored by the release before word sets (its shingles alone) still absorbs a copy', () =>
    expectCopyAbsorbedAfterRewrite((shingles) => Buffer.concat([Buffer.from([shingles.length]), shingles])));

  test('a stored shingle set with repeated values (written by no current release) still absorbs a copy', () =>
    expectCopyAbsorbedAfterRewrite((shingles) => {
      const repeated = Buffer.concat(Array.from({ length: shingles.length / 2 }, (_, i) => shingles.subarray(2 * i, 2 * i + 2)).flatMap((v) => [v, v]));
      return Buffer.concat([Buffer.from([255, repeated.length >> 8, repeated.length & 255]), repeated]);
    }));
});

/**
 * Stores the wire story, replaces its record's signature (the length-prefixed part up front) with
 * what `rewrite` makes of its shingles, as an older or odd writer would have stored it, and checks
 * that a copy from another source still merges into it.
 */
async function expectCopyAbsorbedAfterRewrite(rewrite: (shingles: Buffer) => Buffer): Promise<void> {
  const { store: s, keys } = testStores.store();
  const [created] = await s.ingest([from('wire', item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire }))], NOW);
  const key = keys.story(created!.storyId);
  const record = (await testStores.redis.getBuffer(key))!;
  const signature = record.subarray(1, 1 + record[0]!);
  const shingles = signature.subarray(signature.length - 2 * decodeSignature(signature).shingles.length);
  await testStores.redis.set(key, Buffer.concat([rewrite(shingles), record.subarray(1 + record[0]!)]));
  const copy = item({ guid: 'h-1', link: 'https://herald.example/terminal', ...wire, title: wire.title.toUpperCase() });
  const [merged] = await s.ingest([from('herald', copy)], NOW + HOUR);
  expect(merged).toMatchObject({ status: 'duplicate', duplicateKind: 'near', storyId: created?.storyId });
  expect((await s.latest('all', 10)).map((story) => story.sources.length)).toEqual([2]);
}

describe('poll: filterDelivered', () => {
  test('drops what a source delivered unchanged, keeps edits and new items, and claims nothing', async () => {
    const s = store();
    const stored = item({ guid: 'w-1', link: 'https://wire.example/terminal', ...wire });
    await s.ingest([from('wire', stored)], NOW);
    const edited = { ...stored, summary: `${wire.summary} Updated with reaction.` };
    const fresh = item({ guid: 'w-2', link: 'https://wire.example/other', title: 'Other story' });
    expect(await s.filterDelivered('wire', [stored, fresh], NOW)).toEqual([fresh]);
    expect(await s.filterDelivered('wire', [edited], NOW)).toEqual([edited]);
    // Another source's item with the same guid is not this source's delivery.
    expect(await s.filterDelivered('herald', [stored], NOW)).toEqual([stored]);
    // Nothing was claimed: a crash between poll and ingest loses no item.
    expect(await s.filterDelivered('wire', [fresh], NOW)).toEqual([fresh]);
    expect(await s.latest('all', 10)).toHaveLength(1);
  });

  test('skips items older than retention, except at the source\'s first poll', async () => {
    const s = store();
    const old = item({ guid: 'w-old', title: 'Old news', published: Date.now() - 40 * DAY });
    expect(await s.filterDelivered('wire', [old])).toEqual([]);
    expect(await s.filterDelivered('wire', [old], Date.now(), { isFirstPoll: true })).toEqual([old]);
  });
});

describe('reading', () => {
  test('latest is newest first by published, per category and over all', async () => {
    const s = store();
    const at = (guid: string, hoursAgo: number, category: string) =>
      from('wire', item({ guid, link: `https://wire.example/${guid}`, title: `Story ${guid}`, published: NOW - hoursAgo * HOUR }), [category]);
    await s.ingest([at('a', 3, 'world'), at('b', 1, 'sport'), at('c', 2, 'world')], NOW);
    expect((await s.latest('all', 10)).map((story) => story.id)).toHaveLength(3);
    expect((await s.latest('all', 2)).map((story) => story.title)).toEqual(['Story b', 'Story c']);
    expect((await s.latest('world', 10)).map((story) => story.title)).toEqual(['Story c', 'Story a']);
    expect(await s.latest('nothing-here', 10)).toEqual([]);
  });

  test('an item without a date gets now, and one dated in the future is pinned to now', async () => {
    const s = store();
    await s.ingest(
      [from('wire', item({ guid: 'undated', title: 'Undated' })), from('wire', item({ guid: 'future', title: 'Future', published: NOW + 5 * DAY }))],
      NOW,
    );
    expect((await s.latest('all', 10)).map((story) => story.published)).toEqual([NOW, NOW]);
  });

  test('an item dated before retention that poll passed on (a new source\'s current window) is stored under its own date', async () => {
    const s = store();
    const [outcome] = await s.ingest([from('wire', item({ guid: 'old', title: 'Old', published: NOW - 400 * DAY }))], NOW);
    expect(outcome).toMatchObject({ status: 'new' });
    expect((await s.latest('all', 5)).map((story) => [story.title, story.published])).toEqual([['Old', NOW - 400 * DAY]]);
  });

  test('story ids are stable and safe in URLs and tag: ids', async () => {
    const s = store();
    const copy = item({ guid: 'x', link: 'https://wire.example/terminal', ...wire });
    const [a] = await s.ingest([from('wire', copy)], NOW);
    const other = store();
    const [b] = await other.ingest([from('herald', { ...copy, guid: 'y', link: 'http://www.wire.example/terminal/' })], NOW);
    expect(a?.storyId).toBe(b?.storyId);
    expect(a?.storyId).toMatch(/^[a-z0-9]{8,}$/);
  });
});
