// Generators of feed documents for the property tests: RSS 2.0, Atom 1.0 and JSON Feed built
// from hostile fragments (scripts, event handlers, javascript: links, CDATA ends, control
// characters, broken entities, random text), and mutations of them (cut, spliced, duplicated,
// truncated) as a broken server or a careless publisher produces.
import fc from 'fast-check';

/** Pieces of markup that an attacker or a broken CMS puts into feeds. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" jAvAsCrIpT:alert(1)">y</a>',
  '<svg onload=alert(1)><circle/></svg>',
  '<iframe src="//evil.example"></iframe>',
  '<object data="x.swf"></object>',
  '<form action="//evil.example"><input name=q></form>',
  '<style>body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=//evil.example">',
  '<base href="//evil.example/">',
  '<div style="background:url(javascript:alert(1))">z</div>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
  '<p onclick="steal()">click</p>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  ']]>',
  '<![CDATA[',
  '&amp;',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#x3C;img src=x onerror=alert(1)&#x3E;',
  '&bogus;',
  '&#0;',
  '\u0000',
  '\u0008',
  '\uFFFE',
  '\uD800',
  '<p>',
  '</p>',
  '<b>bold</b>',
  '<a href="/relative">rel</a>',
  '<img src="//cdn.example/pixel.gif" width="1" height="1">',
  'Ünïcödé – “quotes” 🚀 العربية',
];

export const htmlFragment: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }), { maxLength: 8 })
  .map((parts) => parts.join(''));

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

interface GeneratedItem {
  title: string;
  link: string;
  body: string;
  asCdata: boolean;
  date: string;
}

const item: fc.Arbitrary<GeneratedItem> = fc.record({
  title: htmlFragment,
  link: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', '/relative/path', 'not a url', '')),
  body: htmlFragment,
  asCdata: fc.boolean(),
  date: fc.oneof(fc.constant('Tue, 10 Mar 2026 09:00:00 GMT'), fc.constant('2026-03-10T09:00:00Z'), fc.string({ maxLength: 12 })),
});

function rssDocument(items: GeneratedItem[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link><description>${i.asCdata ? cdata(i.body) : xmlEscape(i.body)}</description><pubDate>${xmlEscape(i.date)}</pubDate></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Generated</title><link>https://gen.example/</link><description>d</description>\n${entries}\n</channel></rss>`;
}

function atomDocument(items: GeneratedItem[]): string {
  const entries = items
    .map(
      (i, n) =>
        `<entry><id>urn:gen:${n}</id><title type="html">${xmlEscape(i.title)}</title><link href="${xmlEscape(i.link)}"/><updated>${xmlEscape(i.date)}</updated><content type="html">${i.asCdata ? cdata(i.body) : xmlEscape(i.body)}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Generated</title><id>urn:gen</id><updated>2026-03-10T09:00:00Z</updated>\n${entries}\n</feed>`;
}

function jsonDocument(items: GeneratedItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Generated',
    items: items.map((i, n) => ({ id: `gen-${n}`, url: i.link, title: i.title, content_html: i.body, date_published: i.date })),
  });
}

export const feedDocument: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(rssDocument, atomDocument, jsonDocument), fc.array(item, { minLength: 1, maxLength: 4 }))
  .map(([build, items]) => build(items));

type Mutation = (doc: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, length]): Mutation => (doc) => {
    const start = at % (doc.length + 1);
    return doc.slice(0, start) + doc.slice(start + length);
  }),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }))).map(([at, text]): Mutation => (doc) => {
    const start = at % (doc.length + 1);
    return doc.slice(0, start) + text + doc.slice(start);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 60 })).map(([at, length]): Mutation => (doc) => {
    const start = at % (doc.length + 1);
    return doc.slice(0, start + length) + doc.slice(start);
  }),
  fc.nat().map((at): Mutation => (doc) => doc.slice(0, at % (doc.length + 1))),
);

/** A generated document, most of the time with a few mutations applied. */
export const mutatedFeedDocument: fc.Arbitrary<string> = fc
  .tuple(feedDocument, fc.array(mutation, { maxLength: 3 }))
  .map(([doc, mutations]) => mutations.reduce((text, mutate) => mutate(text), doc));
