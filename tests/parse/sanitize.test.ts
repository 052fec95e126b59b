// Story HTML after cleaning: what a reader sees survives, nothing that runs does, every
// address is absolute. Titles: plain text, entities decoded exactly once.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collapseWhitespace, sanitizeHtml, toPlainText } from '../../src/feeds/sanitize/index.js';
import { DANGEROUS } from './dangerous.js';

const BASE = 'https://site.example/posts/42/';

// Classic filter-evasion vectors (OWASP XSS Filter Evasion Cheat Sheet and html5sec.org).
const VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://x.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(1);">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=`javascript:alert(1)`>',
  '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)>',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<IMG SRC="jav&#x0A;ascript:alert(1);">',
  '<IMG SRC=" &#14;  javascript:alert(1);">',
  '<SCRIPT/XSS SRC="https://x.example/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(1)>',
  '<<SCRIPT>alert(1);//<</SCRIPT>',
  '<IMG SRC="x" onerror="alert(1)">',
  '<img src=x onerror=alert(1)//',
  '<svg/onload=alert(1)>',
  '<iframe src=javascript:alert(1)></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form><button formaction=javascript:alert(1)>x</button></form>',
  '<input onfocus=alert(1) autofocus>',
  '<details open ontoggle=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=import href="https://x.example/x.html">',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<video><source onerror="alert(1)"></video>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<template><script>alert(1)</script></template>',
  '<xmp><script>alert(1)</script></xmp>',
];

describe('sanitizeHtml', () => {
  test.each(VECTORS)('nothing that runs survives %s', (vector) => {
    const clean = sanitizeHtml(vector, BASE);
    for (const token of DANGEROUS) expect(clean).not.toMatch(token);
  });

  test('keeps the text structure a reader sees', () => {
    const html = '<h2>Title</h2><p>One <em>two</em> <strong>three</strong></p><ul><li>a</li></ul><blockquote>q</blockquote><pre><code>x &lt; y</code></pre>';
    expect(sanitizeHtml(html, BASE)).toBe(html);
  });

  test('makes relative and protocol-relative addresses absolute against the base', () => {
    const clean = sanitizeHtml('<a href="../41/">prev</a><a href="/about">about</a><img src="img/a.png"><a href="//cdn.example/x">cdn</a><a href="#notes">notes</a>', BASE);
    expect(clean).toContain('href="https://site.example/posts/41/"');
    expect(clean).toContain('href="https://site.example/about"');
    expect(clean).toContain('src="https://site.example/posts/42/img/a.png"');
    expect(clean).toContain('href="https://cdn.example/x"');
    expect(clean).toContain('href="https://site.example/posts/42/#notes"');
  });

  test('gives every link rel="noopener noreferrer" and drops a link whose address was refused, keeping its text', () => {
    expect(sanitizeHtml('<a href="https://x.example/" rel="opener" target="_blank">x</a>', BASE)).toBe(
      '<a href="https://x.example/" rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeHtml('<a href="javascript:alert(1)">read more</a>', BASE)).toBe('read more');
  });

  test('drops 1x1 and 0x0 tracking images and keeps real ones', () => {
    const clean = sanitizeHtml('<img src="/t.gif" width="1" height="1"><img src="/u.gif" width="0" height="0"><img src="/v.gif" height="1"><img src="/photo.jpg" width="600">', BASE);
    expect(clean).toBe('<img src="https://site.example/photo.jpg" width="600" />');
  });

  test('allows inline raster images on img only, never SVG or HTML', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeHtml(`<img src="${png}">`, BASE)).toBe(`<img src="${png}" />`);
    expect(sanitizeHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">', BASE)).toBe('');
    expect(sanitizeHtml(`<a href="${png}">x</a>`, BASE)).toBe('x');
  });

  test('reduces srcset to one absolute src', () => {
    expect(sanitizeHtml('<img srcset="small.jpg 480w, large.jpg 1080w" alt="a">', BASE)).toBe(
      '<img alt="a" src="https://site.example/posts/42/small.jpg" />',
    );
    expect(sanitizeHtml('<img src="a.jpg" srcset="javascript:alert(1) 2x">', BASE)).toBe('<img src="https://site.example/posts/42/a.jpg" />');
  });

  test('removes control characters XML forbids', () => {
    expect(sanitizeHtml('a\u0000b\u0007c\u000Bd\u001Fe\uFFFEf<b>\u0008g</b>\ttab\nline', BASE)).toBe('abcdef<b>g</b>\ttab\nline');
  });

  test('drops style and class attributes and unknown tags but keeps their text', () => {
    expect(sanitizeHtml('<p style="color:red" class="x" id="y">a</p><custom-tag>b</custom-tag><font color="red">c</font>', BASE)).toBe('<p>a</p>bc');
  });
});

describe('toPlainText', () => {
  test.each([
    ['AT&amp;T', 'AT&T'],
    ['&amp;amp;', '&amp;'],
    ['Caf&eacute; &#8217;s &#x2014; &hellip;', 'Café ’s — …'],
    ['<b>Bold</b> <i>move</i>', 'Bold move'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['line\n\n  breaks\t and   spaces ', 'line breaks and spaces'],
    ['<script>alert(1)</script>Safe', 'Safe'],
    ['5 < 6 and 7 > 3', '5 < 6 and 7 > 3'],
    ['Fish &amp; Chips &lt;3', 'Fish & Chips <3'],
    ['bell\u0007 here', 'bell here'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });
});

test('whitespace is collapsed the same whether or not the text needed it', () => {
  // collapseWhitespace returns already-spaced text as it is; any other text is collapsed.
  const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028'];
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...spaces), fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }),
    { numRuns: 2000 },
  );
});
