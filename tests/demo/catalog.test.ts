// The bundled demo sources that `feedmill demo` serves: a newcomer's first run and the
// categorizer's evaluation both read them, so the catalog must point at feeds that exist,
// are well-formed in their declared encoding, and carry what the demo is meant to show.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

interface DemoCatalog {
  categories: { id: string; title: string }[];
  sources: { id: string; title: string; file: string; contentType: string; category?: string }[];
}

/** demo/expected-categories.json: where an editor would file each story of the general outlets. */
interface ExpectedCategories {
  items: { source: string; link: string; title: string; accept: string[] }[];
}

/** demo/expected-duplicates.json: stories dedupe must merge, and same-topic stories it must keep apart. */
interface ExpectedDuplicates {
  same: { why: string; kind: string; links: string[] }[];
  different: { why: string; links: string[] }[];
}

interface DemoItem {
  date: number;
  link: string;
}

const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));
const readJson = <T>(file: string) => JSON.parse(readFileSync(`${demoDir}${file}`, 'utf8')) as T;
const catalog = readJson<DemoCatalog>('catalog.json');
const categoryIds = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];
// The same rule the config applies to source and category ids, so the lead can feed these straight in.
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
// Namespace and spec URIs are not links to anyone's site.
const SPEC_HOSTS = new Set(['www.w3.org', 'purl.org', 'jsonfeed.org']);

function charsetOf(contentType: string): string {
  return /charset=([^;\s]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
}

function readFeed(file: string, contentType: string): string {
  return new TextDecoder(charsetOf(contentType)).decode(readFileSync(`${demoDir}${file}`));
}

/** Each item's date and absolute link, read loosely: the parser's job is tested elsewhere. */
function itemsOf(text: string, isJson: boolean): DemoItem[] {
  if (isJson) {
    const feed = JSON.parse(text) as { items: { url: string; date_published: string }[] };
    return feed.items.map((item) => ({ date: Date.parse(item.date_published), link: item.url }));
  }
  const feedBase = /<feed[^>]*xml:base="([^"]+)"/.exec(text)?.[1];
  const blocks = text.match(/<(item|entry)[\s>][\s\S]*?<\/\1>/g) ?? [];
  return blocks.map((block) => {
    const date = /<(pubDate|published|dc:date)>([^<]+)</.exec(block)?.[2] ?? '';
    const link = /<link>([^<]+)<\/link>/.exec(block)?.[1] ?? /<link rel="alternate"[^>]*href="([^"]+)"/.exec(block)?.[1] ?? '';
    const entryBase = /^<entry[^>]*xml:base="([^"]+)"/.exec(block)?.[1];
    const base = entryBase ? new URL(entryBase, feedBase).href : feedBase;
    return { date: Date.parse(date), link: new URL(link.replaceAll('&amp;', '&'), base).href };
  });
}

const feeds = catalog.sources.map((source) => {
  const isJson = source.file.endsWith('.json');
  const text = readFeed(source.file, source.contentType);
  return { source, isJson, text, items: itemsOf(text, isJson) };
});

describe('demo catalog', () => {
  test('offers the nine categories, titled', () => {
    expect(catalog.categories.map((c) => c.id)).toEqual(categoryIds);
    for (const c of catalog.categories) expect(c.title).toBe(c.id[0]?.toUpperCase() + c.id.slice(1));
  });

  test('names each source once, with a valid id, a known category and an existing file', () => {
    const ids = catalog.sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const s of catalog.sources) {
      expect(s.id).toMatch(ID);
      expect(s.title.trim()).not.toBe('');
      expect(s.file).toMatch(/^feeds\/[a-z0-9-]+\.(xml|json)$/);
      expect(existsSync(`${demoDir}${s.file}`), s.file).toBe(true);
      if (s.category !== undefined) expect(categoryIds).toContain(s.category);
    }
    const fixed = catalog.sources.filter((s) => s.category).length;
    expect(fixed).toBeGreaterThanOrEqual(4);
    expect(catalog.sources.length - fixed).toBeGreaterThanOrEqual(4);
  });
});

describe.each(feeds)('demo feed $source.id', ({ source, isJson, text, items }) => {
  test('is well-formed and declares the charset it is served with', () => {
    if (isJson) {
      const feed = JSON.parse(text) as { version: string };
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(source.contentType).toMatch(/^application\/feed\+json/);
      return;
    }
    // xmllint exits non-zero with the line and column of the first error.
    execFileSync('xmllint', ['--noout', `${demoDir}${source.file}`], { stdio: 'pipe' });
    const declared = /^<\?xml[^>]*encoding="([^"]+)"/.exec(text)?.[1]?.toLowerCase() ?? 'utf-8';
    expect(declared).toBe(charsetOf(source.contentType));
  });

  test('dates every item in the ten days before 25 November 2026 and links it to an .example site', () => {
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const item of items) {
      expect(item.date, item.link).toBeGreaterThanOrEqual(Date.parse('2026-11-14T00:00:00Z'));
      expect(item.date, item.link).toBeLessThanOrEqual(Date.parse('2026-11-25T23:59:59Z'));
    }
    for (const [url] of text.matchAll(/https?:\/\/[^\s"'<>)]+/g)) {
      const host = new URL(url).hostname;
      if (!SPEC_HOSTS.has(host)) expect(host, url).toMatch(/\.example$/);
    }
  });
});

describe('demo content as a whole', () => {
  test('has enough items for the pipeline, and full desks to train the categorizer', () => {
    const total = feeds.reduce((sum, f) => sum + f.items.length, 0);
    expect(total).toBeGreaterThanOrEqual(120);
    expect(total).toBeLessThanOrEqual(180);
    for (const category of ['sports', 'business', 'science']) {
      const desk = feeds.find((f) => f.source.category === category);
      expect(desk?.items.length ?? 0, category).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('demo ground truth', () => {
  const expectedCategories = readJson<ExpectedCategories>('expected-categories.json');
  const expectedDuplicates = readJson<ExpectedDuplicates>('expected-duplicates.json');
  const sourcesOf = (link: string) => feeds.filter((f) => f.items.some((item) => item.link === link)).map((f) => f.source.id);

  test('files every story of the general outlets once, under known categories', () => {
    const general = feeds.filter((f) => f.source.category === undefined);
    const stories = general.flatMap((f) => f.items.map((item) => `${f.source.id} ${item.link}`));
    expect(expectedCategories.items.map((item) => `${item.source} ${item.link}`).sort()).toEqual(stories.sort());
    for (const item of expectedCategories.items) for (const id of item.accept) expect(categoryIds, item.title).toContain(id);
  });

  test('names syndicated stories and same-topic stories by links the feeds carry', () => {
    for (const group of expectedDuplicates.same) {
      for (const link of group.links) expect(sourcesOf(link), link).toHaveLength(1);
      expect(new Set(group.links.flatMap(sourcesOf)).size, group.why).toBeGreaterThanOrEqual(2);
    }
    expect(expectedDuplicates.same.length).toBeGreaterThanOrEqual(10);
    for (const group of expectedDuplicates.different) {
      expect(new Set(group.links).size, group.why).toBeGreaterThanOrEqual(2);
      for (const link of group.links) expect(sourcesOf(link), link).toHaveLength(1);
    }
  });
});
