// Parse throughput: how fast parseFeed turns decoded documents into ParsedFeeds, sanitizing
// included. 200 generated feeds (RSS 2.0, Atom 1.0 and JSON Feed in turn) of 50 items each,
// with HTML bodies of realistic size (paragraphs, links, images, a tracking pixel), parsed
// in full several times; the figures are the median pass.
// Called by bench/run.ts as benchParse(); also runnable alone with `npx tsx bench/parse.ts`.

import { pathToFileURL } from 'node:url';
import Parser from 'rss-parser';
import { parseFeed } from '../src/feeds/parse/index.js';
import { clearSanitizeCache } from '../src/feeds/sanitize/index.js';
import { median } from './pipeline.js';

const FEEDS = 200;
const ITEMS = 50;
const PASSES = 3;

const WORDS = ['council', 'vote', 'researchers', 'market', 'season', 'climate', 'the', 'new', 'after', 'report', 'city', 'record', 'talks', 'deal', 'shares', 'study'];

function words(seed: number, count: number): string {
  return Array.from({ length: count }, (_, i) => WORDS[(seed * 31 + i * 7) % WORDS.length]).join(' ');
}

function bodyHtml(feed: number, item: number): string {
  const paragraphs = Array.from({ length: 6 }, (_, p) => `<p>${words(feed + item + p, 40)} <a href="/story/${feed}-${item}-${p}">more</a> &amp; <em>${words(p, 3)}</em>.</p>`);
  return `${paragraphs.join('')}<figure><img src="/img/${feed}/${item}.jpg" alt="photo" width="800"><figcaption>${words(item, 8)}</figcaption></figure><img src="https://t.example/p.gif" width="1" height="1">`;
}

const cdata = (html: string) => `<![CDATA[${html}]]>`;
const date = (feed: number, item: number) => new Date(Date.UTC(2024, 0, 1) + (feed * ITEMS + item) * 60_000);

function rssFeed(feed: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const link = `https://src${feed}.example/story/${i}`;
    return `<item><title>${words(feed + i, 9)} &amp; more</title><link>${link}</link><guid>${link}</guid><pubDate>${date(feed, i).toUTCString()}</pubDate><dc:creator>Writer ${i % 7}</dc:creator><category>${WORDS[i % WORDS.length]}</category><description>${cdata(`<p>${words(i, 30)}</p>`)}</description><content:encoded>${cdata(bodyHtml(feed, i))}</content:encoded></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Source ${feed}</title><link>https://src${feed}.example/</link><description>Bench source</description><ttl>15</ttl>\n${items}\n</channel></rss>`;
}

function atomFeed(feed: number): string {
  const entries = Array.from({ length: ITEMS }, (_, i) => {
    const escaped = bodyHtml(feed, i).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<entry><title>${words(feed + i, 9)}</title><link rel="alternate" href="/story/${i}"/><id>tag:src${feed}.example,2024:${i}</id><published>${date(feed, i).toISOString()}</published><updated>${date(feed, i).toISOString()}</updated><author><name>Writer ${i % 7}</name></author><category term="${WORDS[i % WORDS.length]}"/><summary>${words(i, 30)}</summary><content type="html">${escaped}</content></entry>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://src${feed}.example/"><title>Source ${feed}</title><link href="https://src${feed}.example/"/><id>tag:src${feed}.example,2024:feed</id><updated>2024-01-02T00:00:00Z</updated>\n${entries}\n</feed>`;
}

function jsonFeed(feed: number): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: `Source ${feed}`,
    home_page_url: `https://src${feed}.example/`,
    items: Array.from({ length: ITEMS }, (_, i) => ({
      id: `src${feed}-${i}`,
      url: `https://src${feed}.example/story/${i}`,
      title: words(feed + i, 9),
      summary: words(i, 30),
      content_html: bodyHtml(feed, i),
      date_published: date(feed, i).toISOString(),
      authors: [{ name: `Writer ${i % 7}` }],
      tags: [WORDS[i % WORDS.length]],
    })),
  });
}

export async function benchParse(): Promise<{ mbPerSec: number; itemsPerSec: number; runs: number[]; baselineMbPerSec: number; ratioToBaseline: number; warmItemsPerSec: number; warmRuns: number[] }> {
  const generators = [rssFeed, atomFeed, jsonFeed];
  const documents = Array.from({ length: FEEDS }, (_, i) => generators[i % generators.length]!(i));
  const megabytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d), 0) / 1_048_576;
  const now = Date.UTC(2025, 0, 1);
  // Baseline: the bare parsers feedmill builds on (rss-parser for XML, JSON.parse for JSON
  // Feed), with none of feedmill's checks, dates, links or sanitizing, on the same documents.
  const bare = new Parser();
  const baseline = async (document: string) => (document.startsWith('{') ? JSON.parse(document) : await bare.parseString(document));
  const runs: number[] = [];
  const baselineRuns: number[] = [];
  let items = 0;
  // One untimed pass first, so that the JIT has warmed up before anything is measured.
  for (let pass = 0; pass <= PASSES; pass++) {
    let start = performance.now();
    for (const document of documents) await baseline(document);
    if (pass > 0) baselineRuns.push(Math.round(performance.now() - start));
    items = 0;
    // Cold: a first poll of every feed, nothing seen before.
    clearSanitizeCache();
    start = performance.now();
    for (const [i, document] of documents.entries()) {
      items += (await parseFeed(document, { url: `https://src${i}.example/feed`, now })).items.length;
    }
    if (pass > 0) runs.push(Math.round(performance.now() - start));
  }
  // Warm: the same feeds polled again with their items unchanged (the steady state of a running feedmill).
  const warmRuns: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = performance.now();
    for (const [i, document] of documents.entries()) await parseFeed(document, { url: `https://src${i}.example/feed`, now });
    warmRuns.push(Math.round(performance.now() - start));
  }
  const seconds = median(runs) / 1000;
  const baselineSeconds = median(baselineRuns) / 1000;
  return {
    mbPerSec: Number((megabytes / seconds).toFixed(2)),
    itemsPerSec: Math.round(items / seconds),
    runs,
    baselineMbPerSec: Number((megabytes / baselineSeconds).toFixed(2)),
    ratioToBaseline: Number((seconds / baselineSeconds).toFixed(2)),
    warmItemsPerSec: Math.round(items / (median(warmRuns) / 1000)),
    warmRuns,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchParse(), null, 2)}\n`);
}
