// The fast path of sanitizeHtml (simple-html.ts) must give exactly what sanitize-html gives:
// generated fragments of the markup it takes (and of what it must hand on) are cleaned both
// ways, and wherever the fast path answers, the answers are the same string.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { sanitizeWithLibrary } from '../../src/feeds/sanitize/html.js';
import { sanitizeSimpleHtml } from '../../src/feeds/sanitize/simple-html.js';

const PIECES = [
  '<p>', '</p>', '<em>', '</em>', '<strong>', '</strong>', '<b>', '</b>', '<i>', '</i>', '</a>',
  '<a href="https://x.example/a?b=1">', '<a href="/story/1">', '<a href="rel">', '<a href="">', '<a href="#notes">',
  '<a href="javascript:alert(1)">', '<a href="mailto:desk@x.example">', '<a href="HTTP://X.EXAMPLE/%41">',
  '<a href="https://x.example/ä">', '<a href="//other.example/x">', '<a href="ftp://x.example/">',
  'Council votes', ' ', '\n', 'Read more at', '"quoted"', "it's", 'é', '\u0001', '\u00a0', '&', '&amp;', '>', '<',
  '<br>', '<P>', '<p class="x">', '<span>', '</span>', '<!-- note -->', '<a href="x" title="t">', '\t', '😀', '\ud800',
];

test('the simple-HTML path cleans exactly as sanitize-html does, and takes the markup feeds usually carry', () => {
  let taken = 0;
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }),
      fc.constantFrom('https://site.example/news/page.html', 'http://127.0.0.1:8080/feed.xml'),
      (pieces, base) => {
        const html = pieces.join('');
        const fast = sanitizeSimpleHtml(html, base);
        if (fast === undefined) return;
        taken++;
        expect(fast).toBe(sanitizeWithLibrary(html, base));
      },
    ),
    { numRuns: 3000 },
  );
  expect(taken).toBeGreaterThan(100);
  const summary = '<p>Senate passes the bill. <em>Vote</em> next week.</p><p>Read more at <a href="/news/1">the site</a>.</p>';
  expect(sanitizeSimpleHtml(summary, 'https://site.example/')).toBe(
    '<p>Senate passes the bill. <em>Vote</em> next week.</p><p>Read more at <a href="https://site.example/news/1" rel="noopener noreferrer">the site</a>.</p>',
  );
});
