// The index page in a real browser (Chromium through playwright-core): every category with
// its stories, readable on a phone, and feed links that work.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { awkwardStories, story } from '../output/stories.js';
import { get, makeConfig, publish, startServer, type TestServer } from './serve.js';

const CHROMIUM = '/usr/bin/chromium';
const MINUTE = 60_000;

let site: TestServer;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const now = Date.now();
  const config = await makeConfig();
  const fresh = awkwardStories().map((s, i) => ({ ...s, published: now - (i + 5) * MINUTE, updated: now - (i + 5) * MINUTE }));
  await publish(config, { id: 'tech', title: 'Tech & Science' }, fresh);
  await publish(config, { id: 'world', title: 'World' }, [story('w', { title: 'Old news', published: now - 92 * 86_400_000, updated: now - 92 * 86_400_000 })]);
  await publish(config, { id: 'general', title: 'General' }, []);
  await publish(config, { id: 'all', title: 'Everything' }, fresh);
  site = await startServer(config);
  profile = await mkdtemp(path.join(os.tmpdir(), 'feedmill-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 375, height: 740 },
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

test('shows every category in config order with its stories, sources and ages', async () => {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(`${site.url}/`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');

  expect(await page.locator('h2').allTextContents()).toEqual(['Tech & Science', 'World', 'General']);
  const tech = page.locator('section#tech li');
  expect(await tech.count()).toBe(6);
  expect(await tech.nth(0).locator('a').textContent()).toBe('Q&A: AT&T & "friends" <3');
  expect(await tech.nth(0).locator('a').getAttribute('href')).toBe('https://site.example/search?q=a&b=c&lang=en');
  expect(await tech.nth(0).locator('.meta').textContent()).toBe('The Wire · 5 minutes ago');
  expect(await tech.nth(5).locator('.meta').textContent()).toBe('The Wire, Daily <Times> & Co, A Blog · 10 minutes ago');
  expect(await page.locator('section#tech').textContent()).toContain('<script>alert("pwned")</script> is plain text');
  expect(await page.locator('section#tech').textContent()).toContain('שלום עולם');
  expect(await page.locator('section#world .meta').textContent()).toBe('The Wire · 3 months ago');
  expect(await page.locator('section#general .empty').textContent()).toBe('No stories yet.');
  expect(dialogs).toEqual([]);

  // Readable on a phone: nothing wider than the screen.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
  await page.close();
});

test('subscribe and discovery links return the feeds with the right types', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/`);
  // Attributes as written, resolved against the page URL as a browser does.
  const discovery = (
    await page.locator('link[rel="alternate"]').evaluateAll((links) =>
      links.map((l) => ({ href: l.getAttribute('href') ?? '', type: l.getAttribute('type'), title: l.getAttribute('title') })),
    )
  ).map((d) => ({ ...d, href: new URL(d.href, page.url()).href }));
  expect(discovery).toHaveLength(4 * 3);
  expect(discovery).toContainEqual({ href: `${site.url}/feeds/tech.atom`, type: 'application/atom+xml', title: 'Tech & Science (Atom)' });

  const anchors = (await page.locator('.subscribe a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))).map(
    (href) => new URL(href, page.url()).href,
  );
  expect(anchors).toContain(`${site.url}/feeds/world.json`);
  expect(anchors).toContain(`${site.url}/feeds.opml`);
  const urls = [...new Set([...anchors, ...discovery.map((d) => d.href)])];
  const results = await page.evaluate(
    async (list: string[]) =>
      Promise.all(
        list.map(async (url) => {
          const res = await fetch(url);
          return { url, status: res.status, type: res.headers.get('content-type') };
        }),
      ),
    urls,
  );
  for (const result of results) {
    expect(result.status, result.url).toBe(200);
    const expected = result.url.endsWith('.rss')
      ? 'application/rss+xml; charset=utf-8'
      : result.url.endsWith('.atom')
        ? 'application/atom+xml; charset=utf-8'
        : result.url.endsWith('.json')
          ? 'application/feed+json; charset=utf-8'
          : 'text/x-opml; charset=utf-8';
    expect(result.type, result.url).toBe(expected);
  }
  await page.close();
});

test('the page is served compressed to a browser and answers HEAD', async () => {
  const res = await get(`${site.url}/`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(res.headers['content-encoding']).toBe('br');
  const head = await get(`${site.url}/`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
});
