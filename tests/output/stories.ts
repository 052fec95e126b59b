// Stories and output config for the output and server tests, including the awkward content
// real feeds carry: ampersands in URLs, "]]>", emoji, right-to-left text, control characters,
// markup in titles.
import type { Config } from '../../src/shared/config.js';
import type { Story } from '../../src/shared/types.js';

export const T0 = Date.UTC(2026, 2, 14, 9, 30, 0);

export function outputConfig(overrides: Partial<Config['output']> = {}): Config['output'] {
  return {
    dir: 'public',
    baseUrl: 'https://news.example.org',
    title: 'Example News',
    maxItems: 50,
    formats: ['rss', 'atom', 'json'],
    fullContent: false,
    ...overrides,
  };
}

export function story(id: string, fields: Partial<Story> = {}): Story {
  return {
    id,
    title: `Story ${id}`,
    link: `https://site.example/${id}`,
    summary: `<p>Summary of ${id}</p>`,
    content: `<p>Full text of ${id}</p>`,
    authors: [],
    tags: [],
    enclosures: [],
    published: T0,
    updated: T0,
    firstSeen: T0,
    sources: [{ id: 'wire', title: 'The Wire', link: `https://site.example/${id}`, guid: id, firstSeen: T0 }],
    categories: [{ id: 'tech', score: 0.92, layer: 'rules', reason: 'keyword "compiler" in title' }],
    ...fields,
  };
}

/** One story per kind of trouble, each with a distinct publish time (newest first = array order). */
export function awkwardStories(): Story[] {
  return [
    story('amp', {
      title: 'Q&A: AT&T & "friends" <3',
      link: 'https://site.example/search?q=a&b=c&lang=en',
      summary: '<p>Fish &amp; chips, <a href="https://site.example/?x=1&amp;y=2">link</a></p>',
      authors: ['Smith & Wesson'],
      published: T0,
      updated: T0 + 60_000,
    }),
    story('cdata', {
      title: 'Arrays end with ]]> and ]]> again',
      summary: '<p>one ]]> two ]]> three</p>',
      content: '<pre>x[a[b]]>0 ]]></pre>',
      published: T0 - 60_000,
      updated: T0 - 60_000,
    }),
    story('emoji', {
      title: 'Launch day 🚀 — ½ price, naïve café',
      published: T0 - 120_000,
      updated: T0 - 120_000,
    }),
    story('rtl', {
      title: 'שלום עולם — مرحبا بالعالم',
      summary: '<p dir="rtl">نص عربي</p>',
      published: T0 - 180_000,
      updated: T0 - 180_000,
    }),
    story('control', {
      title: 'Bell\u0007 back\u0008space \u000Bvertical\u000C\uFFFE lone\uD800 surrogate\u0000',
      summary: '<p>form\u000Cfeed\u001F and \uDC00 trail</p>',
      authors: ['Null\u0000 Byte'],
      published: T0 - 240_000,
      updated: T0 - 240_000,
    }),
    story('script', {
      title: '<script>alert("pwned")</script> is plain text',
      published: T0 - 300_000,
      updated: T0 - 300_000,
      sources: [
        { id: 'wire', title: 'The Wire', link: 'https://site.example/script', guid: 's1', firstSeen: T0 - 300_000 },
        { id: 'daily', title: 'Daily <Times> & Co', link: 'https://daily.example/s?id=1&ref=rss', guid: 's2', firstSeen: T0 - 200_000 },
        { id: 'blog', title: 'A Blog', guid: 's3', firstSeen: T0 - 100_000 },
      ],
      categories: [
        { id: 'tech', score: 0.8, layer: 'rules', reason: 'keyword "script"' },
        { id: 'security', score: 0.7, layer: 'bayes', reason: 'classifier: 0.70' },
      ],
      enclosures: [{ url: 'https://cdn.example/a.mp3?sig=1&exp=2', type: 'audio/mpeg', length: 12345 }],
    }),
  ];
}

/** The text a reader should see for each awkward story's title. */
export const EXPECTED_TITLES: Record<string, string> = {
  amp: 'Q&A: AT&T & "friends" <3',
  cdata: 'Arrays end with ]]> and ]]> again',
  emoji: 'Launch day 🚀 — ½ price, naïve café',
  rtl: 'שלום עולם — مرحبا بالعالم',
  control: 'Bell backspace vertical lone surrogate',
  script: '<script>alert("pwned")</script> is plain text',
};
