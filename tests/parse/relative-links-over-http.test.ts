// Relative addresses in real feeds, fetched over HTTP through the whole pipeline, as a user sees
// them in feedmill's output feeds: every link, image and enclosure absolute, resolved against the
// nearest xml:base (nested ones against each other), else the URL the document was read from
// after redirects, never against the feed's own <link> (which here names another host).
// tests/fixtures/feeds/served/ holds the documents.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce, type RunSummary } from '../../src/app/run-once.js';
import type { FeedServer } from '../support/feed-server.js';
import type { TestPipeline } from '../support/pipeline.js';
import { startServedPipeline, type ServedPipeline } from '../support/served-pipeline.js';

const SERVED = fileURLToPath(new URL('../fixtures/feeds/served/', import.meta.url));
const served = (name: string) => readFileSync(path.join(SERVED, name));
const ATOM = 'application/atom+xml; charset=utf-8';

interface OutputItem {
  title: string;
  url?: string;
  content_html?: string;
  attachments?: { url: string }[];
}

let running: ServedPipeline;
let feeds: FeedServer;
let pipeline: TestPipeline;
let run: RunSummary;
let items: Map<string, OutputItem>;
let atomOutput: string;

beforeAll(async () => {
  running = await startServedPipeline(
    {
      // A moved feed: the document is read from /tides/2026/feed.atom.
      '/old/tides.atom': { body: 'moved', status: 301, type: 'text/plain', headers: { location: '/tides/2026/feed.atom' } },
      '/tides/2026/feed.atom': { body: served('atom-relative-no-base.xml'), type: ATOM },
      '/lighthouse/feed.atom': { body: served('atom-nested-xml-base.xml'), type: ATOM },
      '/ferries/rss.xml': { body: served('rss-relative-links.xml') },
      '/orchard/feed.json': { body: served('json-feed-relative-links.json'), type: 'application/feed+json' },
      '/harbour/': { body: '<html><head><link rel="alternate" type="application/rss+xml" href="rss.xml"></head><body>Harbour</body></html>', type: 'text/html' },
    },
    {
      tides: '/old/tides.atom',
      lighthouse: '/lighthouse/feed.atom',
      ferries: '/ferries/rss.xml',
      orchard: '/orchard/feed.json',
      harbour: '/harbour/',
    },
    { fetch: { timeout: '5s', hostGap: '0s', perHost: 16 }, output: { fullContent: true } },
  );
  ({ feeds, pipeline } = running);
  run = await runOnce(pipeline.runtime);
  const all = JSON.parse(readFileSync(path.join(pipeline.outputDir, 'all.json'), 'utf8')) as { items: OutputItem[] };
  items = new Map(all.items.map((item) => [item.title, item]));
  atomOutput = readFileSync(path.join(pipeline.outputDir, 'all.atom'), 'utf8');
});

afterAll(async () => {
  await running?.close();
});

function item(title: string): OutputItem {
  const found = items.get(title);
  if (!found) throw new Error(`no output item titled ${JSON.stringify(title)}; have ${JSON.stringify([...items.keys()])}`);
  return found;
}

describe('relative links in fetched feeds come out absolute', () => {
  test('Atom without xml:base: against the URL the feed was read from after the redirect, not its <link> nor the first URL', () => {
    const spring = item('Spring tide warning for the estuary moorings');
    expect(spring.url).toBe(`${feeds.url}/tides/2026/posts/spring-tide.html`);
    expect(spring.content_html).toContain(`src="${feeds.url}/tides/2026/img/estuary.jpg"`);
    expect(spring.content_html).toContain(`href="${feeds.url}/about"`);
    expect(spring.attachments?.map((a) => a.url)).toEqual([`${feeds.url}/tides/2026/charts/spring.png`]);
  });

  test('Atom xml:base on an entry and its content, relative, resolve against each other and the document', () => {
    const surge = item("Last year's record surge, remembered by the harbour master");
    expect(surge.url).toBe(`${feeds.url}/tides/2026/archive/2025/record-surge.html`);
    expect(surge.content_html).toContain(`src="${feeds.url}/tides/2026/archive/2025/photos/quay.jpg"`);
    expect(surge.content_html).toContain(`href="${feeds.url}/tides/2026/archive/2025/record-surge.html#comments"`);
  });

  test('Atom xml:base nested from the feed through the entry to a link and the content', () => {
    const lens = item('New lens fitted in the north tower after forty years');
    expect(lens.url).toBe('https://static.lighthouse.example/journal/2026/11/new-lens.html');
    expect(lens.content_html).toContain('src="https://static.lighthouse.example/journal/2026/11/new-lens/lens.jpg"');
    expect(lens.content_html).toContain('href="https://static.lighthouse.example/journal/2026/11/"');
    expect(lens.attachments?.map((a) => a.url)).toEqual(['https://static.lighthouse.example/audio/lens-interview.mp3']);
  });

  test('RSS: link and enclosure against the document, item HTML against the item page', () => {
    const winter = item('Winter timetable starts on the island crossing');
    expect(winter.url).toBe(`${feeds.url}/ferries/notices/winter-timetable`);
    expect(winter.attachments?.map((a) => a.url)).toEqual([`${feeds.url}/ferries/media/winter.pdf`]);
    expect(winter.content_html).toContain(`src="${feeds.url}/ferries/notices/timetable.png"`);
    expect(winter.content_html).toContain(`href="${feeds.url}/routes"`);
  });

  test('JSON Feed: against the document, not home_page_url', () => {
    const harvest = item('Apple harvest weighed in at a record four tonnes');
    expect(harvest.url).toBe(`${feeds.url}/orchard/entries/apple-harvest`);
    expect(harvest.content_html).toContain(`src="${feeds.url}/orchard/entries/crates.jpg"`);
    expect(harvest.attachments?.map((a) => a.url)).toEqual([`${feeds.url}/audio/harvest.mp3`]);
  });

  test('the Atom output has no relative address and none pointing at the feeds\' own <link> hosts', () => {
    const addresses = [...atomOutput.matchAll(/\b(?:href|src)=(?:"|&quot;)([^"&]*)/g)].map((m) => m[1]!);
    expect(addresses.length).toBeGreaterThan(10);
    for (const address of addresses) expect(address, address).toMatch(/^https?:\/\//);
    expect(atomOutput).not.toMatch(/www\.(tides|ferries|orchard)\.example\/(?!site\/|")[\w-]/);
  });

  test('an HTML page served as a source says which feed it links to', () => {
    const error = run.errors.find((e) => e.source === 'harbour');
    expect(error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(error?.message).toContain(`this URL serves an HTML page, not a feed; its <link rel="alternate"> points to ${feeds.url}/harbour/rss.xml`);
    expect(run.errors.map((e) => e.source)).toEqual(['harbour']);
  });
});
