// Editing feedmill.yaml in place (what `sources add/remove` and `opml import` do): comments,
// order and layout survive, the result passes the same validation as at start, and an edit
// that would break the config is refused before anything is written.
import { describe, expect, test } from 'vitest';
import { addSources, deriveSourceId, removeSource } from '../../src/ops/config-edit.js';
import { FeedmillError } from '../../src/shared/errors.js';

const NEWSROOM = `# feedmill for the newsroom
# ask the desk before removing a source
redis:
  prefix: newsroom   # shared with the staging box
categories:
  - id: politics
    title: Politics
  - id: sports
    title: Sports
sources:
  - id: wire
    url: https://wire.example/rss.xml
    category: politics
  # the Herald changed its feed in 2025
  - id: herald
    url: https://herald.example/feed.atom
    interval: 30m
`;

function refusal(edit: () => unknown): FeedmillError {
  try {
    edit();
  } catch (err) {
    if (err instanceof FeedmillError) return err;
    throw err;
  }
  throw new Error('the edit was accepted');
}

describe('adding sources', () => {
  test('appends to the list, keeps every comment and the order of everything else', () => {
    const edit = addSources(NEWSROOM, 'feedmill.yaml', [
      { url: 'https://www.daily.example/world/rss.xml', interval: '5m', category: 'politics', title: 'The Daily' },
    ]);
    expect(edit.text.startsWith(NEWSROOM.slice(0, NEWSROOM.indexOf('redis:')))).toBe(true);
    expect(edit.text).toContain('# shared with the staging box');
    expect(edit.text).toContain('  # the Herald changed its feed in 2025\n  - id: herald');
    expect(edit.text.endsWith(
      '  - id: daily-example-world\n    url: https://www.daily.example/world/rss.xml\n    title: The Daily\n    category: politics\n    interval: 5m\n',
    )).toBe(true);
    expect(edit.config.sources.map((s) => s.id)).toEqual(['wire', 'herald', 'daily-example-world']);
    expect(edit.config.sources[2]).toMatchObject({ intervalMs: 300_000, category: 'politics' });
  });

  test('derived ids stay unique, and a config without sources gets a list', () => {
    const edit = addSources('categories: []\n', 'feedmill.yaml', [
      { url: 'https://news.example/feed.xml' },
      { url: 'https://news.example/rss' },
    ]);
    expect(edit.added.map((a) => a.id)).toEqual(['news-example', 'news-example-2']);
    expect(edit.config.sources).toHaveLength(2);
  });

  test('refuses the same URL (under another spelling) and the same id', () => {
    const sameUrl = refusal(() => addSources(NEWSROOM, 'feedmill.yaml', [{ url: 'https://WIRE.example/rss.xml/' }]));
    expect(sameUrl.message).toBe('https://WIRE.example/rss.xml/ is already configured as source "wire"');
    const sameId = refusal(() => addSources(NEWSROOM, 'feedmill.yaml', [{ url: 'https://other.example/', id: 'herald' }]));
    expect(sameId.message).toContain('a source with id "herald" already exists');
  });

  test('an edit that would make the config invalid names the line and field', () => {
    const err = refusal(() => addSources(NEWSROOM, 'feedmill.yaml', [{ url: 'https://other.example/', category: 'weather' }]));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/nothing was written:\nfeedmill\.yaml:\d+:\d+: sources\[2\]\.category: unknown category "weather"/);
  });

  test('a broken file is not edited', () => {
    const err = refusal(() => addSources('sources:\n  - id: a\n    url: nope\n', 'feedmill.yaml', [{ url: 'https://b.example/' }]));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('feedmill.yaml:3:10: sources[0].url');
  });
});

describe('removing sources', () => {
  test('takes out only that entry, comments elsewhere stay', () => {
    const edit = removeSource(NEWSROOM, 'feedmill.yaml', 'wire');
    expect(edit.config.sources.map((s) => s.id)).toEqual(['herald']);
    expect(edit.text).toContain('# the Herald changed its feed in 2025');
    expect(edit.text).toContain('# ask the desk before removing a source');
  });

  test('an unknown id is NOT_FOUND', () => {
    expect(refusal(() => removeSource(NEWSROOM, 'feedmill.yaml', 'daily')).code).toBe('NOT_FOUND');
  });
});

test.each([
  ['https://www.example.com/world/rss.xml', 'example-com-world'],
  ['https://feeds.bbci.co.uk/news/rss.xml', 'feeds-bbci-co-uk'],
  ['http://blog.example:8080/category/Tech%20News/feed/', 'blog-example-category-tech-news'],
  ['https://example.org/', 'example-org'],
])('an id derived from %s is %s', (url, id) => {
  expect(deriveSourceId(url)).toBe(id);
});
