// A fast path of sanitizeHtml for the commonest story HTML: paragraphs, emphasis and plain links
// around text that has nothing to escape. sanitize-html rebuilds its options, a parser and its
// frames at every call, which made it the largest CPU cost of parsing a feed; for this subset
// what it returns is known exactly: the same markup, with each link made absolute and given
// rel="noopener noreferrer". Anything else (another tag or attribute, an entity, a stray "<"
// or ">", a link that does not resolve, tags not closed in order) returns undefined and goes
// through sanitize-html. tests/properties/simple-html.test.ts holds the two paths to the same output.

import { removeControlChars } from './control-chars.js';
import { resolveWebUrl } from './url.js';

/** An allowed tag without attributes, or a link with only a plain href, at the position lastIndex. */
const TAG = /<(\/?)(p|em|strong|b|i|a)(?: href="([^"&<>\s]*)")?>/y;
/** What text may not hold here: the parser would decode or re-escape it. */
const SPECIAL_TEXT = /[&>]/;

export function sanitizeSimpleHtml(html: string, baseUrl: string): string | undefined {
  const source = removeControlChars(html);
  const open: string[] = [];
  let out = '';
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const text = source.slice(at, lt < 0 ? source.length : lt);
    if (SPECIAL_TEXT.test(text)) return undefined;
    out += text;
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(source);
    if (!tag) return undefined;
    const [whole, slash, name, href] = tag as unknown as [string, string, string, string | undefined];
    if (slash) {
      if (href !== undefined || open.pop() !== name) return undefined;
      out += `</${name}>`;
    } else if (name === 'a') {
      // Nested links, and mailto: links (sanitize-html keeps them as written), take the long way.
      if (href === undefined || open.includes('a') || /^mailto:/i.test(href)) return undefined;
      const resolved = resolveWebUrl(href, baseUrl);
      if (resolved === undefined) return undefined;
      out += `<a href="${escapeAttribute(resolved)}" rel="noopener noreferrer">`;
      open.push(name);
    } else {
      // A <p> inside a <p> closes the first one: the parser's business, not this path's.
      if (href !== undefined || (name === 'p' && open.includes('p'))) return undefined;
      out += `<${name}>`;
      open.push(name);
    }
    at = lt + whole.length;
  }
  return open.length === 0 ? out.trim() : undefined;
}

/** What sanitize-html does to an attribute value. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
