// What the poll worker relies on from parseFeed, stated once per behaviour (the fixture
// test pins every field; these say which fields matter and why).

import { describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { ParsedFeed } from '../../src/shared/types.js';
import { fixtureCases, fixtureUrl, NOW, parseFixture, readFixture } from './fixture-files.js';
import { DANGEROUS } from './dangerous.js';

describe('the format is detected from the content', () => {
  test.each([
    ['rss-0.90.xml', 'rss0.90'],
    ['rss-0.91-netscape-doctype.xml', 'rss0.91'],
    ['rss-0.92.xml', 'rss0.92'],
    ['rss-2.0.xml', 'rss2.0'],
    ['rss-1.0-rdf.xml', 'rss1.0'],
    ['atom-0.3.xml', 'atom0.3'],
    ['atom-1.0.xml', 'atom1.0'],
    ['json-feed-1.0.json', 'json1.0'],
    ['json-feed-1.1.json', 'json1.1'],
  ])('%s is %s', async (name, format) => {
    expect((await parseFixture(name)).format).toBe(format);
  });

  test('whatever the URL says', async () => {
    const atom = readFixture('atom-1.0.xml');
    expect((await parseFeed(atom, { url: 'https://x.example/rss.xml', now: NOW })).format).toBe('atom1.0');
  });
});

describe('items', () => {
  test('a malformed date loses only that date, never the feed', async () => {
    const feed = await parseFixture('atom-malformed-dates.xml');
    expect(feed.items.map((i) => i.title)).toEqual(['Broken published', 'Space instead of T, no zone', 'Empty dates']);
    expect(feed.items[0]!.published).toBeUndefined();
    expect(feed.items[1]!.published).toBe(Date.parse('2024-06-01T08:30:00Z'));
  });

  test('guids derived for items without one are the same poll after poll', async () => {
    const text = readFixture('rss-missing-guids.xml');
    const first = await parseFeed(text, { url: fixtureUrl('x'), now: NOW });
    const later = await parseFeed(text, { url: fixtureUrl('x'), now: NOW + 3_600_000 });
    expect(later.items.map((i) => i.guid)).toEqual(first.items.map((i) => i.guid));
    expect(new Set(first.items.map((i) => i.guid)).size).toBe(first.items.length);
  });

  test('an item without a title is named by the first words of its text', async () => {
    const feed = await parseFixture('rss-missing-guids.xml');
    expect(feed.items[2]!.title).toMatch(/^No title, no link, no guid: the item is known by the first words of its…$/);
  });

  test('relative links resolve against the nearest xml:base, else the URL the document was read from, never the feed link', async () => {
    const atom = await parseFixture('atom-relative-links-xml-base.xml');
    expect(atom.items.map((i) => i.link)).toEqual([
      'https://blog.example.com/journal/first-post.html',
      'https://blog.example.com/journal/archive/2023/old-post.html',
    ]);
    const read = (name: string, url: string) => parseFeed(readFixture(name), { url, now: NOW });
    // The channel link is https://weekly.example.com/issues/; the document lives elsewhere.
    const rss = await read('rss-relative-links.xml', 'https://cdn.example.org/feeds/weekly.xml');
    expect(rss.items.map((i) => i.link)).toEqual(['https://cdn.example.org/feeds/12/', 'https://mirror.example.net/weekly/11/']);
    // HTML in an RSS item without xml:base resolves against the item's own page.
    expect(rss.items[0]!.summary).toContain('src="https://cdn.example.org/feeds/12/12/cover.jpg"');
    const json = await read('json-feed-1.0.json', 'https://cdn.example.org/micro/feed.json');
    expect(json.link).toBe('https://micro.example.com/');
    expect(json.items.map((i) => i.link)).toContain('https://cdn.example.org/2024/05/01/hello');
  });

  test('Atom links prefer rel="alternate" over edit and enclosure links', async () => {
    const [entry] = (await parseFixture('atom-1.0.xml')).items;
    expect(entry!.link).toBe('https://eng.example.com/posts/faster-builds');
    expect(entry!.enclosures).toEqual([{ url: 'https://eng.example.com/media/demo.mp4', type: 'video/mp4', length: 1048576 }]);
  });

  test('titles are plain text with entities decoded exactly once', async () => {
    const titles = (feed: ParsedFeed) => feed.items.map((i) => i.title);
    expect(titles(await parseFixture('atom-1.0.xml'))).toEqual(['Faster builds with cache & friends', 'Plain text title: 1 < 2 & 3 > 2']);
    expect((await parseFixture('rss-2.0.xml')).description).toBe('News & views from the example desk');
    expect(titles(await parseFixture('rss-bare-ampersands.xml'))).toEqual(['AT&T and R&D; costs … & more']);
  });

  test('the same text is not kept as both summary and content', async () => {
    const [same, different] = (await parseFixture('rss-summary-equals-content.xml')).items;
    expect(same!.summary).toBeUndefined();
    expect(same!.content).toContain('Exactly the');
    expect(different!.summary).toBe('The first sentence.');
    expect(different!.content).toContain('The second sentence.');
  });

  test('authors: RSS "email (Name)", several dc:creator, Atom entries inherit the feed author', async () => {
    const rss = await parseFixture('rss-2.0.xml');
    expect(rss.items.map((i) => i.authors)).toEqual([['Ana Lima', 'Bo Chen'], ['The Desk'], []]);
    const atom = await parseFixture('atom-1.0.xml');
    expect(atom.items.map((i) => i.authors)).toEqual([['Priya N.', 'Sam O.'], ['Example Engineering Team']]);
  });

  test('JSON Feed: 1.0 author and 1.1 authors, content_html before content_text, attachments as enclosures', async () => {
    const v10 = await parseFixture('json-feed-1.0.json');
    expect(v10.items.map((i) => i.authors)).toEqual([['Jo Park'], ['Guest Writer']]);
    expect(v10.items[0]!.content).toBe('<p>A short note.</p><p>With a second paragraph &lt;and brackets&gt;.</p>');
    const v11 = await parseFixture('json-feed-1.1.json');
    expect(v11.items[0]!.authors).toEqual(['Host One', 'Guest Three']);
    expect(v11.items[0]!.enclosures.map((e) => e.url)).toEqual(['https://pod.example.com/audio/31.mp3', 'https://fixtures.example/audio/31.m4a']);
    expect(v11.items[1]!.link).toBe('https://elsewhere.example.net/30');
  });

  test('a broken JSON Feed item is skipped and a wrong-typed field is dropped, the rest is kept', async () => {
    const feed = await parseFixture('json-feed-bad-items.json');
    expect(feed.items.map((i) => i.guid)).toEqual(['good', 'wrong-types']);
    expect(feed.items[1]!.content).toBe('<p>Body survives.</p>');
  });

  test('tags are plain text and deduplicated regardless of case', async () => {
    expect((await parseFixture('rss-2.0.xml')).items[0]!.tags).toEqual(['Local', 'Transport']);
  });
});

describe('feed-level fields', () => {
  test('poll hints: RSS ttl in minutes, sy:updatePeriod divided by sy:updateFrequency', async () => {
    expect((await parseFixture('rss-2.0.xml')).pollHintMs).toBe(30 * 60_000);
    expect((await parseFixture('rss-1.0-rdf.xml')).pollHintMs).toBe(30 * 60_000);
    expect((await parseFixture('atom-1.0.xml')).pollHintMs).toBeUndefined();
  });

  test('junk before the XML (a BOM, PHP warnings) is skipped', async () => {
    const feed = await parseFixture('rss-junk-before-xml.xml');
    expect(feed.items.map((i) => i.title)).toEqual(['Still readable']);
  });

  test('errors give the line of the original document, junk included', async () => {
    const text = `<b>Warning</b>\n\n${readFixture('not-well-formed-no-channel.xml')}`;
    await expect(parseFeed(text, { url: fixtureUrl('x'), now: NOW })).rejects.toMatchObject({ code: 'PARSE_ERROR', facts: { line: 6 } });
  });
});

describe('no dangerous token survives in any field of any fixture', () => {
  test.each(fixtureCases())('%s', async (name) => {
    const feed = await parseFixture(name).catch(() => undefined);
    for (const item of feed?.items ?? []) {
      for (const html of [item.summary, item.content]) {
        for (const token of DANGEROUS) expect(html ?? '').not.toMatch(token);
      }
      for (const address of [item.link, ...item.enclosures.map((e) => e.url)]) {
        if (address !== undefined) expect(address).toMatch(/^https?:\/\/[^\s]+$/);
      }
      expect(item.title).not.toMatch(/<script|<iframe|javascript:/i);
    }
  });
});

describe('plain-text titles keep their words', () => {
  const titles = async (...written: string[]) =>
    (await parseFeed(`<rss version="2.0"><channel><title>T</title>${written.map((t, i) => `<item><title>${t}</title><link>https://t.example/${i}</link></item>`).join('')}</channel></rss>`, { url: fixtureUrl('titles'), now: NOW })).items.map((i) => i.title);

  test('angle-bracket words stay; markup that closes a tag is read as HTML', async () => {
    expect(await titles('von &lt;i&gt; und &lt;b&gt;', '&lt;em&gt;Now&lt;/em&gt; live', 'a&lt;br&gt;b')).toEqual(['von <i> und <b>', 'Now live', 'a b']);
  });

  test('an element that runs code is never kept as words, closed or not', async () => {
    for (const title of await titles('&lt;script&gt;alert(1) hi', 'x &lt;img src=x onerror=alert(1)&gt; y')) {
      for (const token of DANGEROUS) expect(title).not.toMatch(token);
    }
  });
});
