// renderFeed read back by independent parsers: feedparser and xmllint for RSS and Atom, the
// JSON Feed 1.1 fields for JSON Feed, with the awkward content real feeds carry.
import { Feed } from 'feed';
import { describe, expect, test, vi } from 'vitest';
import { KeptFrames } from '../../src/feeds/render/entry-splice.js';
import { entryId, RenderedEntries, renderFeed, renderFeedBytes, renderFeeds } from '../../src/feeds/render/index.js';
import type { OutputFormat, Story } from '../../src/shared/types.js';
import { parseWithFeedparser, titleText, xmllintErrors } from './independent-parsers.js';
import { awkwardStories, EXPECTED_TITLES, outputConfig, story, T0 } from './stories.js';

const tech = { id: 'tech', title: 'Tech & Science', description: 'Compilers, chips <and> code' };
const extras = {
  categories: [
    { id: 'tech', title: 'Tech & Science' },
    { id: 'security', title: 'Security <Alerts>' },
  ],
  sources: [{ id: 'daily', url: 'https://daily.example/feed.xml?format=rss&v=2' }],
  language: 'en',
};

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe.each(['rss', 'atom'] as const)('%s output read by feedparser and xmllint', (format) => {
  const stories = awkwardStories();
  const text = renderFeed(
    format,
    tech,
    stories,
    outputConfig({ websubHub: 'https://hub.example/publish?x=1&y=2', icon: 'https://news.example.org/icon.png?size=64&v=2' }),
    extras,
  );
  const parsed = parseWithFeedparser(text, `tech.${format}`);

  test('is well-formed and feedparser reads it without complaint', () => {
    expect(xmllintErrors(text, `tech.${format}`)).toBe('');
    expect(parsed.bozoException ?? '').toBe('');
    expect(parsed.bozo).toBe(0);
    expect(parsed.version).toBe(format === 'rss' ? 'rss20' : 'atom10');
  });

  test('every story comes out with its permanent id, text title, link and dates', () => {
    expect(parsed.entries.map((e) => e.id)).toEqual(stories.map((s) => entryId(s.id)));
    for (const [i, s] of stories.entries()) {
      const entry = parsed.entries[i]!;
      expect(titleText(entry)).toBe(EXPECTED_TITLES[s.id]);
      expect(entry.link).toBe(s.link);
      expect(entry.published).toBe(iso(s.published));
      if (format === 'atom') expect(entry.updated).toBe(iso(s.updated));
    }
  });

  test('a <script> title stays text that a reader shows, never markup', () => {
    const entry = parsed.entries.find((e) => e.id === entryId('script'))!;
    expect(titleText(entry)).toBe('<script>alert("pwned")</script> is plain text');
    expect(text).not.toContain('<script>');
  });

  test('summaries keep their markup and escaped ampersands; "]]>" does not end a section early', () => {
    const amp = parsed.entries.find((e) => e.id === entryId('amp'))!;
    expect(amp.summary).toContain('Fish &amp; chips');
    expect(amp.summary).toContain('href="https://site.example/?x=1&amp;y=2"');
    const cdata = parsed.entries.find((e) => e.id === entryId('cdata'))!;
    expect(cdata.summary).toBe('<p>one ]]&gt; two ]]&gt; three</p>');
  });

  test('forbidden control characters are gone, emoji and right-to-left text intact', () => {
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(parsed.entries.find((e) => e.id === entryId('control'))!.authors).toEqual(['Null Byte']);
    expect(text).toContain('🚀');
    expect(text).toContain('مرحبا بالعالم');
  });

  test('authors, categories by title, enclosures and the first source are attributed', () => {
    const entry = parsed.entries.find((e) => e.id === entryId('script'))!;
    expect(entry.tags).toEqual(['Tech & Science', 'Security <Alerts>']);
    expect(entry.enclosures).toEqual([{ href: 'https://cdn.example/a.mp3?sig=1&exp=2', type: 'audio/mpeg', length: '12345' }]);
    expect(entry.source?.title).toBe('The Wire');
    expect(parsed.entries.find((e) => e.id === entryId('amp'))!.authors).toEqual(['Smith & Wesson']);
  });

  test('feed links: self, alternate and the WebSub hub; updated is the newest story', () => {
    const links = parsed.feed.links.map((l) => `${l.rel} ${l.href}`);
    expect(links).toContain(`self https://news.example.org/feeds/tech.${format}`);
    expect(links).toContain('hub https://hub.example/publish?x=1&y=2');
    expect(links).toContain('alternate https://news.example.org/#tech');
    expect(parsed.feed.title).toBe('Example News: Tech & Science');
    expect(parsed.feed.updated).toBe(iso(T0 + 60_000));
    expect(parsed.feed.icon).toBe('https://news.example.org/icon.png?size=64&v=2');
    expect(parsed.feed.language).toBe('en');
  });
});

describe('Atom specifics', () => {
  const text = renderFeed('atom', tech, awkwardStories(), outputConfig(), extras);

  test('one <source> per entry; the other sources are named as contributors', () => {
    const entry = text.split('<entry>').find((chunk) => chunk.includes(entryId('script')))!;
    expect(entry.match(/<source>/g)).toHaveLength(1);
    expect(entry).toContain('<contributor>');
    expect(entry).toContain('<name>Daily &lt;Times&gt; &amp; Co</name>');
    expect(entry).toContain('<name>A Blog</name>');
  });

  test('titles are declared as HTML and escaped, so markup in a title is shown as text', () => {
    expect(text).toContain('<title type="html"><![CDATA[&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; is plain text]]></title>');
  });
});

describe('RSS specifics', () => {
  const text = renderFeed('rss', tech, awkwardStories(), outputConfig(), extras);

  test('guid is not a permalink; <source url> points at the source feed when known', () => {
    expect(text).toContain(`<guid isPermaLink="false">${entryId('amp')}</guid>`);
    expect(text).toContain('<source url="https://site.example/script">The Wire</source>');
    const daily = renderFeed('rss', tech, [story('d', { sources: [{ id: 'daily', title: 'Daily', guid: 'g', firstSeen: T0 }] })], outputConfig(), extras);
    expect(daily).toContain('<source url="https://daily.example/feed.xml?format=rss&amp;v=2">Daily</source>');
  });
});

describe('JSON Feed 1.1', () => {
  const text = renderFeed('json', tech, awkwardStories(), outputConfig({ websubHub: 'https://hub.example/', icon: 'https://news.example.org/icon.png' }), extras);
  const feed = JSON.parse(text) as Record<string, unknown> & { items: Record<string, unknown>[] };

  test('has the 1.1 top-level fields', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Example News: Tech & Science');
    expect(feed.feed_url).toBe('https://news.example.org/feeds/tech.json');
    expect(feed.home_page_url).toBe('https://news.example.org/#tech');
    expect(feed.description).toBe('Compilers, chips <and> code');
    expect(feed.language).toBe('en');
    expect(feed.icon).toBe('https://news.example.org/icon.png');
    expect(feed.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example/' }]);
    expect(feed).not.toHaveProperty('author');
  });

  test('items: id, plain-text title, url, dates, authors array, a body', () => {
    const stories = awkwardStories();
    expect(feed.items.map((i) => i.id)).toEqual(stories.map((s) => entryId(s.id)));
    for (const [i, s] of stories.entries()) {
      const item = feed.items[i]!;
      expect(item.title).toBe(EXPECTED_TITLES[s.id]);
      expect(item.url).toBe(s.link);
      expect(item.date_published).toBe(new Date(s.published).toISOString());
      expect(item.date_modified).toBe(new Date(s.updated).toISOString());
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(item).not.toHaveProperty('author');
    }
    expect(feed.items[0]!.authors).toEqual([{ name: 'Smith & Wesson' }]);
    expect(feed.items[0]!.summary).toBe('Fish & chips, link');
  });

  test('_feedmill carries categories with their reasons and every source', () => {
    const item = feed.items.find((i) => i.id === entryId('script'))!;
    expect(item._feedmill).toEqual({
      story_id: 'script',
      categories: [
        { id: 'tech', title: 'Tech & Science', layer: 'rules', score: 0.8, reason: 'keyword "script"' },
        { id: 'security', title: 'Security <Alerts>', layer: 'bayes', score: 0.7, reason: 'classifier: 0.70' },
      ],
      sources: [
        { id: 'wire', title: 'The Wire', url: 'https://site.example/script' },
        { id: 'daily', title: 'Daily <Times> & Co', url: 'https://daily.example/s?id=1&ref=rss', feed_url: 'https://daily.example/feed.xml?format=rss&v=2' },
        { id: 'blog', title: 'A Blog' },
      ],
    });
    expect(item.attachments).toEqual([{ url: 'https://cdn.example/a.mp3?sig=1&exp=2', mime_type: 'audio/mpeg', size_in_bytes: 12345 }]);
  });

  test('no lone surrogates or control characters survive', () => {
    expect(text).not.toMatch(/\\u(?:00[01][0-9a-f]|d[89a-f][0-9a-f]{2})/i);
    expect(feed.items.find((i) => i.id === entryId('control'))!.title).toBe(EXPECTED_TITLES.control);
  });
});

describe.each(['rss', 'atom', 'json'] as const)('%s determinism and options', (format: OutputFormat) => {
  test('the same stories render to identical bytes, whatever the clock says', () => {
    const first = renderFeed(format, tech, awkwardStories(), outputConfig(), extras);
    vi.useFakeTimers({ now: T0 + 90 * 86_400_000 });
    try {
      expect(renderFeed(format, tech, awkwardStories().reverse(), outputConfig(), extras)).toBe(first);
    } finally {
      vi.useRealTimers();
    }
  });

  test('entry ids survive a title edit and a move of the base URL', () => {
    const before = renderFeed(format, tech, [story('keep', { title: 'Old title' })], outputConfig());
    const after = renderFeed(format, tech, [story('keep', { title: 'New title' })], outputConfig({ baseUrl: 'https://moved.example' }));
    expect(before).toContain(entryId('keep'));
    expect(after).toContain(entryId('keep'));
    expect(entryId('keep')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('full content only when output.fullContent is on; maxItems keeps the newest', () => {
    const stories = [story('old', { published: T0 - 1000, updated: T0 - 1000 }), story('new')];
    const off = renderFeed(format, tech, stories, outputConfig({ maxItems: 1 }));
    expect(off).not.toContain('Full text of');
    expect(off).toContain('Summary of new');
    expect(off).not.toContain('Summary of old');
    expect(renderFeed(format, tech, stories, outputConfig({ fullContent: true }))).toContain('Full text of new');
  });

  test('an empty category renders a valid feed dated at the epoch, not now', () => {
    const text = renderFeed(format, tech, [], outputConfig());
    if (format === 'json') {
      expect(JSON.parse(text).items).toEqual([]);
    } else {
      expect(xmllintErrors(text, `empty.${format}`)).toBe('');
      const parsed = parseWithFeedparser(text, `empty.${format}`);
      expect(parsed.bozo).toBe(0);
      expect(parsed.feed.updated).toBe('1970-01-01T00:00:00Z');
    }
  });
});

describe('kept frames (KeptFrames)', () => {
  test('a kept frame is the bytes `feed` writes at the feed\'s own date, for any date', () => {
    const rss = (updated: Date) => new Feed({ title: 'Tech', id: 'urn:t', link: 'https://news.example/', updated }).rss2();
    const atom = (updated: Date) => new Feed({ title: 'Tech', id: 'urn:t', link: 'https://news.example/', updated }).atom1();
    const rssFrames = new KeptFrames((d) => `<lastBuildDate>${d.toUTCString()}</lastBuildDate>`);
    const atomFrames = new KeptFrames((d) => `<updated>${d.toISOString()}</updated>`);
    for (const at of [T0, T0 + 60_000, 0, Date.UTC(2000, 0, 1), T0]) {
      expect(rssFrames.frame('tech', new Date(at), rss)).toBe(rss(new Date(at)));
      expect(atomFrames.frame('tech', new Date(at), atom)).toBe(atom(new Date(at)));
    }
  });

  test('a frame that shows its date twice is rendered anew each time', () => {
    const twice = (d: Date) => `<a><u>${d.toISOString()}</u><u>${d.toISOString()}</u></a>`;
    const frames = new KeptFrames((d) => `<u>${d.toISOString()}</u>`);
    for (const at of [T0, T0 + 1]) expect(frames.frame('k', new Date(at), twice)).toBe(twice(new Date(at)));
  });
});

describe('kept entries (RenderedEntries)', () => {
  const formats = ['rss', 'atom', 'json'] as const;
  const config = outputConfig({ fullContent: true, websubHub: 'https://hub.example/' });

  test('a render that reuses kept entries writes the same bytes as a fresh one, as stories change', () => {
    const kept = new RenderedEntries(100);
    // Raw markup that holds an entry's own opening line, at the depth the entries are written at.
    const tricky = story('tricky', { summary: '<p>a\n        <item>\n    <entry> b</p>', published: T0 - 400_000, updated: T0 - 400_000 });
    const rounds: Story[][] = [
      [...awkwardStories(), tricky],
      [story('newest', { published: T0 + 60_000 }), ...awkwardStories(), tricky],
      // A story edited (title) and carried by one more source: its entries change, the others are reused.
      [story('newest', { published: T0 + 60_000, title: 'Edited', sources: [...story('newest').sources, { id: 'daily', title: 'Daily', guid: 'n2', firstSeen: T0 + 1 }] }), ...awkwardStories()],
    ];
    for (const stories of rounds) {
      for (const category of [tech, { id: 'all', title: 'All stories' }]) {
        const fresh = renderFeeds(formats, category, stories, config, extras);
        const first = renderFeedBytes(formats, category, stories, config, extras, kept);
        expect(Object.fromEntries(formats.map((f) => [f, first[f]?.toString('utf8')]))).toEqual(fresh);
        // The bytes the publish worker writes: the fresh texts, encoded.
        const bytes = renderFeedBytes(formats, category, stories, config, extras, kept);
        for (const format of formats) expect(bytes[format]?.equals(Buffer.from(fresh[format]!, 'utf8'))).toBe(true);
      }
    }
    expect(kept.size).toBeLessThanOrEqual(100);
  });

  test('the oldest entries make room once the capacity is reached', () => {
    const kept = new RenderedEntries(3);
    renderFeedBytes(formats, tech, awkwardStories().slice(0, 3), config, extras, kept);
    renderFeedBytes(formats, tech, awkwardStories().slice(3), config, extras, kept);
    expect(kept.size).toBe(3);
  });
});
