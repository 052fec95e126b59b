// Items and entries are read from xml2js's tree by feedmill itself (xml-tree.ts), not by
// rss-parser's item readers, which also made snippets and dates nothing reads. What the format
// mappers get must stay what rss-parser gave: every raw element as written, the description as
// `content`, and a document rss-parser refused is still refused (but for an Atom link without
// attributes, which failed the whole feed there). Held against rss-parser itself,
// on the fixture feeds and on items written the odd ways feeds write them.
import Parser from 'rss-parser';
import { describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { elements, ITEM_ELEMENTS, readXmlTree, type RawFields } from '../../src/feeds/parse/xml-tree.js';
import { fixtureCases, readFixture } from './fixture-files.js';

const keep = (name: string) => [name, `raw:${name}`, { keepArray: true }];

/** What rss-parser's own item readers give, asked for the same raw elements. */
async function rssParserItems(xml: string): Promise<RawFields[]> {
  const parser = new Parser<RawFields, RawFields>({ defaultRSS: 2, customFields: { item: ITEM_ELEMENTS.map(keep) as unknown as string[] } });
  return (await parser.parseString(xml)).items as RawFields[];
}

/** The parts of an item the mappers read. */
const readable = (item: RawFields): Record<string, unknown> => ({
  content: item.content,
  ...Object.fromEntries(ITEM_ELEMENTS.filter((name) => name !== 'published' && name !== 'updated').map((name) => [name, elements(item, name)])),
});

function hasMarkupInText(item: ReturnType<typeof readable>): boolean {
  return ['title', 'description', 'summary', 'content', 'content:encoded'].some((name) =>
    (item[name] as unknown[]).some((value) => typeof value === 'object' && value !== null && Object.keys(value).some((key) => key !== '_' && key !== '$')),
  );
}

const ODD_RSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Odd</title><link>https://odd.example/</link><description>d</description>
<item/>
<item>just text</item>
<item><title type="text">With an attribute</title><description type="html">&lt;p&gt;escaped&lt;/p&gt;</description><guid isPermaLink="false">g-1</guid></item>
<item><title>Two links</title><link>https://odd.example/a</link><link>https://odd.example/b</link><description></description><category>x</category><category domain="d">y</category></item>
<item><title>CDATA body</title><description><![CDATA[<p>body &amp; more</p>]]></description><content:encoded><![CDATA[<div>full</div>]]></content:encoded><enclosure url="https://odd.example/a.mp3" type="audio/mpeg" length="1"/></item>
</channel></rss>`;

const ODD_ATOM = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Odd</title><id>urn:odd</id>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title><id>urn:1</id><link rel="alternate" href="https://odd.example/1"/><link rel="enclosure" href="https://odd.example/1.mp3"/><published>not a date</published><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><summary>Short</summary><author><name>A</name></author></entry>
<entry><id>urn:2</id><updated>2024-01-02T03:04:05Z</updated><summary type="text">Only a summary</summary></entry>
</feed>`;

describe('items read as rss-parser read them', () => {
  const xmlFixtures = fixtureCases().filter((name) => name.endsWith('.xml'));

  test.each([...xmlFixtures.map((name) => [name, readFixture(name)]), ['odd RSS items', ODD_RSS], ['odd Atom entries', ODD_ATOM]])('%s', async (_name, xml) => {
    const theirs = await rssParserItems(xml).then(
      (items) => ({ items: items.map(readable) }),
      (err: unknown) => ({ error: err instanceof Error ? err.constructor.name : 'error' }),
    );
    const ours = await readXmlTree(xml, 'https://odd.example/feed').then(
      (tree) => ({ items: tree.items.map(readable) }),
      () => ({ error: undefined }),
    );
    if ('error' in theirs) {
      // A document rss-parser refuses is refused (recovery may still read what sax refused; an Atom
      // link without attributes, on which rss-parser threw, no longer fails a feed: see below).
      if (theirs.error === 'TypeError') expect(ours).toEqual({ error: undefined });
      return;
    }
    // Markup inside a title or description makes readXmlTree read the document again, rewritten
    // (recover-xml.ts): that tree is not rss-parser's to compare with.
    if (theirs.items.some(hasMarkupInText)) return;
    // Items outside the RSS 2.0 channel or inside the RSS 1.0 one, which rss-parser misses, are
    // found by feedmill (xml-tree.ts, moveItems); those rss-parser found are compared.
    if ('items' in ours && ours.items.length > theirs.items.length) {
      for (const item of theirs.items) expect(ours.items).toContainEqual(item);
      return;
    }
    expect(ours).toEqual(theirs);
  });
});

test('an Atom entry whose link has no attributes no longer fails the feed: its other entries are read, a link written as text is its link', async () => {
  const entries = [
    '<entry><id>urn:1</id><title>A</title><link>https://odd.example/1</link></entry>',
    '<entry><id>urn:2</id><title>B</title><link/></entry>',
    '<entry><id>urn:3</id><title>C</title><link href="/3"/></entry>',
  ];
  const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>${entries.join('')}</feed>`;
  // rss-parser failed the whole document on the first of these.
  await expect(rssParserItems(xml)).rejects.toThrow(TypeError);
  const feed = await parseFeed(xml, { url: 'https://odd.example/feed', now: Date.now() });
  expect(feed.items.map((item) => [item.title, item.link])).toEqual([
    ['A', 'https://odd.example/1'],
    ['B', undefined],
    ['C', 'https://odd.example/3'],
  ]);
});

test('odd items keep their description, guid, categories and enclosure', async () => {
  const feed = await parseFeed(ODD_RSS, { url: 'https://odd.example/feed', now: Date.parse('2026-01-01T00:00:00Z') });
  const byTitle = Object.fromEntries(feed.items.map((item) => [item.title, item]));
  expect(byTitle['With an attribute']).toMatchObject({ guid: 'g-1', summary: '<p>escaped</p>' });
  expect(byTitle['Two links']).toMatchObject({ link: 'https://odd.example/a', tags: ['x', 'y'] });
  expect(byTitle['CDATA body']).toMatchObject({ summary: '<p>body &amp; more</p>', content: '<div>full</div>', enclosures: [{ url: 'https://odd.example/a.mp3', type: 'audio/mpeg', length: 1 }] });
});
