// canonicalLink(): every spelling of one page gives one identity, and different pages stay apart.
import { describe, expect, test } from 'vitest';
import { canonicalLink, readerLink } from '../../src/dedupe/canonical-link.js';

const PAGE = 'https://example.com/news/2026/11/24/story';

describe('canonicalLink treats as one page', () => {
  test.each([
    ['scheme and host in capitals', 'HTTPS://Example.COM/news/2026/11/24/story'],
    ['http and https', 'http://example.com/news/2026/11/24/story'],
    ['the default http port', 'http://example.com:80/news/2026/11/24/story'],
    ['the default https port', 'https://example.com:443/news/2026/11/24/story'],
    ['a fragment', 'https://example.com/news/2026/11/24/story#comments'],
    ['a trailing slash', 'https://example.com/news/2026/11/24/story/'],
    ['www.', 'https://www.example.com/news/2026/11/24/story'],
    ['surrounding whitespace', '  https://example.com/news/2026/11/24/story\n'],
    ['utm_* parameters', 'https://example.com/news/2026/11/24/story?utm_source=rss&utm_medium=feed&UTM_Campaign=x'],
    ['fbclid', 'https://example.com/news/2026/11/24/story?fbclid=IwAR2vQk7xLm'],
    ['gclid, dclid, msclkid, yclid', 'https://example.com/news/2026/11/24/story?gclid=a&dclid=b&msclkid=c&yclid=d'],
    ['Mailchimp ids', 'https://example.com/news/2026/11/24/story?mc_cid=1&mc_eid=2'],
    ['ref, cmpid, _ga, igshid', 'https://example.com/news/2026/11/24/story?ref=rss&cmpid=x&_ga=1.2&igshid=z'],
    ['an /amp path segment at the end', 'https://example.com/news/2026/11/24/story/amp'],
    ['an /amp/ path segment at the start', 'https://example.com/amp/news/2026/11/24/story'],
    ['an amp. host', 'https://amp.example.com/news/2026/11/24/story'],
    ['?outputType=amp', 'https://example.com/news/2026/11/24/story?outputType=amp'],
    ['?amp=1', 'https://example.com/news/2026/11/24/story?amp=1'],
    ['?amp', 'https://example.com/news/2026/11/24/story?amp'],
  ])('%s', (_, spelling) => {
    expect(canonicalLink(spelling)).toBe(canonicalLink(PAGE));
  });

  test('.amp.html and .html editions', () => {
    expect(canonicalLink('https://example.com/news/story-123.amp.html')).toBe(canonicalLink('https://example.com/news/story-123.html'));
  });

  test('query parameters in any order', () => {
    expect(canonicalLink('https://example.com/article?id=42&page=2')).toBe(canonicalLink('https://example.com/article?page=2&id=42'));
  });

  test('configured extra tracking parameters', () => {
    const extra = ['src', 'CMP'];
    expect(canonicalLink('https://example.com/a?src=newsletter&cmp=x', extra)).toBe(canonicalLink('https://example.com/a', extra));
  });
});

describe('canonicalLink keeps apart', () => {
  test.each([
    ['another path', 'https://example.com/news/2026/11/24/other-story'],
    ['another host', 'https://example.org/news/2026/11/24/story'],
    ['a subdomain that is not www or amp', 'https://sport.example.com/news/2026/11/24/story'],
    ['a meaningful query parameter', 'https://example.com/news/2026/11/24/story?id=42'],
    ['a non-default port', 'https://example.com:8443/news/2026/11/24/story'],
    ['a path that only ends in "amp" letters', 'https://example.com/news/2026/11/24/story-champ'],
  ])('%s', (_, other) => {
    expect(canonicalLink(other)).not.toBe(canonicalLink(PAGE));
  });

  test('a page whose own id is a query parameter keeps it', () => {
    expect(canonicalLink('https://example.com/item?id=1')).not.toBe(canonicalLink('https://example.com/item?id=2'));
  });
});

describe('canonicalLink output', () => {
  test('is https with a lowercase bare host, a path without trailing slash, and sorted parameters', () => {
    expect(canonicalLink('HTTP://WWW.Example.com:80/A/B/?z=1&a=2&utm_source=x#top')).toBe('https://example.com/A/B?a=2&z=1');
  });

  test('keeps the root path', () => {
    expect(canonicalLink('http://www.example.com')).toBe('https://example.com/');
  });

  test('returns an unparseable link trimmed instead of throwing', () => {
    expect(canonicalLink('  not a url  ')).toBe('not a url');
    expect(canonicalLink('')).toBe('');
    expect(canonicalLink('http://')).toBe('http://');
  });

  test('leaves links of other schemes as they are', () => {
    expect(canonicalLink(' tag:example.com,2026:story-1 ')).toBe('tag:example.com,2026:story-1');
  });
});

describe('readerLink', () => {
  test('drops tracking parameters and tracking fragments, and nothing else', () => {
    expect(readerLink('http://www.Example.com/a/?utm_source=rss&id=7#tk.rss_all')).toBe('http://www.example.com/a/?id=7');
    expect(readerLink('https://example.com/a#xtor=RSS-3')).toBe('https://example.com/a');
    expect(readerLink('https://example.com/a#utm_medium=feed')).toBe('https://example.com/a');
    expect(readerLink('https://example.com/a#')).toBe('https://example.com/a');
  });

  test('keeps a fragment that tells posts on one page apart', () => {
    expect(readerLink('https://example.com/2026/notes#note-3')).toBe('https://example.com/2026/notes#note-3');
    expect(readerLink('https://example.com/a?utm_source=x#comments')).toBe('https://example.com/a#comments');
  });
});
