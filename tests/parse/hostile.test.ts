// Documents built to hurt a parser or a reader are refused before a parser sees them, with
// HOSTILE_DOCUMENT, and no external entity is ever fetched. Junk and non-feeds get a
// PARSE_ERROR or UNSUPPORTED_FORMAT that says what was wrong.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { FeedmillError } from '../../src/shared/errors.js';
import { NOW, parseFixture } from './fixture-files.js';

const url = 'https://hostile.example/feed.xml';

async function parseError(text: string): Promise<FeedmillError> {
  const err = await parseFeed(text, { url, now: NOW }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedmillError);
  return err as FeedmillError;
}

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://hostile.example/</link>${items}</channel></rss>`;

describe('external entities are never fetched', () => {
  let server: Server;
  let requests = 0;
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      res.end('<!ENTITY leaked "secret">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('a SYSTEM entity pointing at a live server is refused and the server never hears from us', async () => {
    const err = await parseError(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "${base}/xxe">]>${rss('<item><title>&xxe;</title></item>').replace('<?xml version="1.0"?>', '')}`);
    expect(err.code).toBe('HOSTILE_DOCUMENT');
    expect(requests).toBe(0);
  });

  test('a DOCTYPE naming an external DTD (like RSS 0.91) is read without fetching the DTD', async () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "${base}/rss-0.91.dtd"><rss version="0.91"><channel><title>T</title><item><title>Caf&eacute;</title><link>https://hostile.example/1</link></item></channel></rss>`;
    const feed = await parseFeed(doc, { url, now: NOW });
    expect(feed.items.map((i) => i.title)).toEqual(['Café']);
    expect(requests).toBe(0);
  });
});

describe('documents built to hurt a parser are refused', () => {
  test.each([
    'hostile-billion-laughs.xml',
    'hostile-quadratic-blowup.xml',
    'hostile-recursive-entity.xml',
    'hostile-xxe.xml',
    'hostile-parameter-entity.xml',
    'hostile-deep-nesting.xml',
    'hostile-deep-nesting-json.json',
  ])('%s', async (name) => {
    await expect(parseFixture(name)).rejects.toMatchObject({ code: 'HOSTILE_DOCUMENT' });
  });

  test('a billion-laughs document with thousands of entity levels is refused as cheaply as a small one', async () => {
    const levels = Array.from({ length: 5000 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const err = await parseError(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">${levels}]>${rss('<item><title>&l5000;</title></item>')}`);
    expect(err.code).toBe('HOSTILE_DOCUMENT');
    expect(err.message).toMatch(/entities/);
  });

  test('a start tag that is one huge attribute is refused', async () => {
    const err = await parseError(rss(`<item><title>x</title><enclosure url="https://hostile.example/${'a'.repeat(300_000)}" type="audio/mpeg"/></item>`));
    expect(err.code).toBe('HOSTILE_DOCUMENT');
    expect(err.message).toMatch(/start tag of \d+ characters/);
  });

  test('deep nesting is refused with the line where it goes too deep', async () => {
    const err = await parseError(`${rss('').slice(0, -('</channel></rss>'.length))}\n<item><description>${'<div>'.repeat(1000)}</description></item></channel></rss>`);
    expect(err.code).toBe('HOSTILE_DOCUMENT');
    expect(err.facts.line).toBe(2);
  });

  test('a JSON document of two million nested arrays is refused before JSON.parse builds it', async () => {
    const err = await parseError(`{"version":"https://jsonfeed.org/version/1.1","items":[${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}]}`);
    expect(err.code).toBe('HOSTILE_DOCUMENT');
  });

  test('brackets and escaped quotes inside JSON strings do not count as nesting', async () => {
    const title = '[{\\"'.repeat(150);
    const document = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', title }] });
    expect(document).toContain('[{\\\\\\"');
    const feed = await parseFeed(document, { url, now: NOW });
    expect(feed.items[0]!.title).toBe(title);
  });

  test('unclosed <br> in many descriptions is not nesting: each end tag closes what it encloses', async () => {
    const items = Array.from({ length: 400 }, (_, i) => `<item><title>T${i}</title><link>https://hostile.example/${i}</link><description>a<br>b</description></item>`).join('');
    const feed = await parseFeed(rss(items), { url, now: NOW });
    expect(feed.items).toHaveLength(400);
    expect(feed.items[0]!.summary).toBe('a<br />b');
    expect(feed.warnings?.map((w) => w.code)).toEqual(['RECOVERED']);
  });

  test('nesting within the limit parses', async () => {
    const feed = await parseFeed(rss(`<item><title>ok</title><description>${'<div>'.repeat(100)}x${'</div>'.repeat(100)}</description></item>`), { url, now: NOW });
    expect(feed.items).toHaveLength(1);
  });
});

describe('entities a DOCTYPE declares', () => {
  const withSubset = (subset: string, title: string) => `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${subset}\n]>\n${rss(`<item><title>${title}</title><link>https://hostile.example/1</link></item>`)}`;

  test('small internal entities are expanded, in text and attributes, nested ones too, with no warning', async () => {
    const feed = await parseFeed(
      withSubset('<!ENTITY who "the &org; team"><!ENTITY org "Acme"><!ENTITY base "https://hostile.example">', 'News from &who;</title><link>&base;/2</link><title>x'),
      { url, now: NOW },
    );
    expect(feed.items[0]).toMatchObject({ title: 'News from the Acme team', link: 'https://hostile.example/2' });
    expect(feed.warnings).toBeUndefined();
  });

  test('the first declaration of a name binds, and a reference in CDATA stays text', async () => {
    const feed = await parseFeed(withSubset('<!ENTITY a "first"><!ENTITY a "second">', '&a; <![CDATA[&a;]]>'), { url, now: NOW });
    expect(feed.items[0]!.title).toBe('first &a;');
  });

  test.each([
    ['<!ENTITY big "' + 'x'.repeat(5000) + '">', /longer than 4096/],
    ['<!ENTITY a "&b;"><!ENTITY b "&a;">', /refers to itself/],
    [Array.from({ length: 65 }, (_, i) => `<!ENTITY e${i} "v">`).join(''), /more than 64 entities/],
    ['<!ENTITY ext SYSTEM "http://127.0.0.1:1/x">', /external entity "ext"/],
    ['<!ENTITY pub PUBLIC "-//X//EN" "http://127.0.0.1:1/x">', /external entity "pub"/],
    ['<!ENTITY % p "<!ENTITY q \'x\'>"> %p;', /parameter entity "p"/],
  ])('%s is refused', async (subset, message) => {
    const err = await parseError(withSubset(subset, 'x'));
    expect(err.code).toBe('HOSTILE_DOCUMENT');
    expect(err.message).toMatch(message);
  });
});

describe('what is not a feed says so', () => {
  test.each([
    ['empty.xml', 'PARSE_ERROR', /empty/],
    ['html-page.xml', 'UNSUPPORTED_FORMAT', /serves an HTML page, not a feed; its <link rel="alternate"> points to https:\/\/fixtures\.example\/feed\.xml$/],
    // No DOCTYPE, unquoted attributes, void elements: the feeds it names, resolved against the page's URL.
    [
      'html-page-no-doctype.xml',
      'UNSUPPORTED_FORMAT',
      /serves an HTML page, not a feed; its <link rel="alternate"> points to https:\/\/fixtures\.example\/notes\/atom\.xml, https:\/\/fixtures\.example\/feed\.json\?lang=en&full=1$/,
    ],
    ['unknown-root.xml', 'UNSUPPORTED_FORMAT', /<sitemapindex>/],
    ['json-not-a-feed.json', 'UNSUPPORTED_FORMAT', /not a JSON Feed/],
    ['json-broken.json', 'PARSE_ERROR', /JSON is not valid/],
    ['not-well-formed-no-channel.xml', 'PARSE_ERROR', /not well-formed.*line 4/],
  ])('%s → %s', async (name, code, message) => {
    await expect(parseFixture(name)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  test('an HTML page that names no feed says so, whatever its case or what comes before it', async () => {
    for (const page of ['<HTML><HEAD><TITLE>Parked</TITLE></HEAD><BODY>For sale</BODY></HTML>', '<!-- cache -->\n<html><body>Sign in</body></html>']) {
      const err = await parseError(page);
      expect(err.code).toBe('UNSUPPORTED_FORMAT');
      expect(err.message).toMatch(/serves an HTML page, not a feed, and the page names no feed/);
    }
  });

  test('binary garbage (an undecompressed gzip body) is a PARSE_ERROR', async () => {
    const gzipAsText = Buffer.from([0x1f, 0x8b, 0x08, 0x00, ...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)]).toString('latin1');
    const err = await parseError(gzipAsText.replace(/[<{[]/g, ''));
    expect(err.code).toBe('PARSE_ERROR');
    expect(err.message).toMatch(/binary/);
  });

  test('plain text is a PARSE_ERROR', async () => {
    expect((await parseError('Service temporarily unavailable')).code).toBe('PARSE_ERROR');
  });

  test('errors name the URL', async () => {
    expect((await parseError('')).message).toContain(url);
  });
});

describe('bounds', () => {
  test('at most maxItems items are taken, in document order (default 2000), and the cut is reported', async () => {
    const items = Array.from({ length: 2100 }, (_, i) => `<item><title>n${i}</title><guid>g${i}</guid></item>`).join('');
    const few = await parseFeed(rss(items), { url, now: NOW, maxItems: 3 });
    expect(few.items.map((i) => i.guid)).toEqual(['g0', 'g1', 'g2']);
    expect(few.warnings).toEqual([{ code: 'TRUNCATED', message: 'the feed lists 2100 items; only the first 3 were read (parse.maxItems)' }]);
    const all = await parseFeed(rss(items), { url, now: NOW });
    expect(all.items).toHaveLength(2000);
    expect(all.warnings?.map((w) => w.code)).toEqual(['TRUNCATED']);
    expect((await parseFeed(rss(items), { url, now: NOW, maxItems: 2100 })).warnings).toBeUndefined();
  });

  test('a JSON Feed cut at maxItems is reported the same way', async () => {
    const items = Array.from({ length: 4 }, (_, i) => ({ id: `j${i}`, title: `t${i}`, url: `https://hostile.example/${i}` }));
    const feed = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items }), { url, now: NOW, maxItems: 2 });
    expect(feed.items.map((i) => i.guid)).toEqual(['j0', 'j1']);
    expect(feed.warnings).toEqual([{ code: 'TRUNCATED', message: 'the feed lists 4 items; only the first 2 were read (parse.maxItems)' }]);
  });

  test('overly long fields are cut', async () => {
    const long = 'word '.repeat(5000);
    const tags = Array.from({ length: 200 }, (_, i) => `<category>t${i}</category>`).join('');
    const feed = await parseFeed(
      rss(`<item><title>${long}</title><guid>${'g'.repeat(5000)}</guid><link>https://hostile.example/${'p'.repeat(5000)}</link>${tags}<description><![CDATA[${'<p><a href="x">x</a></p>'.repeat(5_000)}]]></description></item>`),
      { url, now: NOW },
    );
    const [item] = feed.items;
    expect(item!.title.length).toBeLessThanOrEqual(1000);
    expect(item!.guid).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(item!.link).toBeUndefined();
    expect(item!.tags.length).toBeLessThanOrEqual(50);
    expect(item!.summary!.length).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('the liberal path is bounded', () => {
  test('a document of a hundred thousand made-up entity names is recovered, the names kept as text', async () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `&x${i};`).join(' ');
    const feed = await parseFeed(rss(`<item><title>Names</title><link>https://hostile.example/n</link><description>&eacute; ${names}</description></item>`), { url, now: NOW });
    expect(feed.items[0]!.summary!.startsWith('é &amp;x0; &amp;x1;')).toBe(true);
    expect(feed.warnings?.[0]?.message).toMatch(/1 HTML entities .* 100000 unknown entities kept as text/);
  });
});
