// The liberal path: a document the strict XML parser refused is read again by a tolerant one
// (htmlparser2 in XML mode) and written back out as well-formed XML, which then takes the same
// strict path as every other feed. This is what readers do (feedparser's loose parser, libxml2's
// recover mode, Go's non-strict decoder). What it repairs, and counts so the publisher can be told:
// - bare "&" ("AT&T", "?a=1&b=2") escaped; HTML entities (&nbsp; &eacute;) read as their
//   characters; unknown names kept as the text written; references to characters XML forbids
//   replaced by U+FFFD;
// - a "<" that starts no tag ("a < b") read as text;
// - unclosed and mismatched tags closed where the enclosing element closes; an item or entry
//   left open is closed where the next one starts, and a title, link or description left open
//   where the item's next field starts (as feedparser reads them); HTML's empty elements
//   written without a slash (<br>, <img ...>) closed at once;
// - raw HTML in a text element (a description, summary, content or title written without
//   CDATA or escaping) kept as that element's HTML text, as readers show it, rather than as
//   child elements whose words the feed mappers never read;
// - a truncated document: elements left open at the end are closed; an item or entry cut off
//   in the middle keeps the fields it completed and loses the one being written, and is kept
//   only when what identifies it is complete (its guid or id, or both its title and link), so
//   that it is the same item when the next poll reads it whole; otherwise it is dropped;
// - anything after the root element's end (a PHP warning, a second document) ignored.
// Where it stops on purpose: it closes elements but never moves or invents them: beyond the
// item and field rules above, an element left open takes in what follows until its parent
// closes; a missing root, channel or feed element is not made up (that is a PARSE_ERROR); and it
// runs only after the strict parse failed and after the hostile-document checks, so bounds on
// nesting, tag size and entities hold here too. Work and memory are linear in the document.

import { Parser } from 'htmlparser2';
import { decodeHtml } from '../sanitize/index.js';
import { XML_ENTITIES } from './scan-xml.js';

export interface Recovery {
  /** The document as well-formed XML. */
  text: string;
  /** What was repaired, in words for the publisher ("3 bare \"&\" escaped"). */
  repairs: string[];
}

interface Open {
  name: string;
  /** False for elements that are not written out (invalid names, HTML empty elements, after the root). */
  written: boolean;
  /** Length of the output when the element opened: where to cut when it is a truncated item. */
  at: number;
  /** An HTML element inside a text element, written as escaped text: its end tag is too. */
  closeAsText?: boolean;
  /** For an item or entry: the local names of the fields it completed. */
  fields?: Set<string>;
}

const XML_NAME = /^[A-Za-z_][\w.:-]*$/;
const ITEM = /^(?:[\w.-]+:)?(?:item|entry)$/;
/** HTML's empty elements; no RSS, RDF or Atom element has these names. */
const HTML_EMPTY = new Set(['br', 'img', 'hr', 'wbr', 'area', 'col', 'embed', 'param', 'input']);
/** Elements whose content is text or HTML in RSS and Atom (by local name); Media RSS's media:content carries a url instead. */
const TEXT_ELEMENTS = new Set(['title', 'description', 'encoded', 'summary', 'content', 'subtitle', 'tagline']);
/** Item fields that are never HTML elements too (unlike <summary>, <source>): one starting inside a text element ends that element. */
const ITEM_FIELDS = new Set([
  'title', 'link', 'description', 'guid', 'pubDate', 'author', 'category', 'enclosure', 'comments',
  'content:encoded', 'dc:creator', 'dc:date', 'dc:subject', 'id', 'updated', 'published',
]);
const AMPERSAND = /&(?:#(\d{1,8});|#[xX]([\da-fA-F]{1,8});|([A-Za-z_][\w.-]*);)?/g;

export function recoverXml(text: string): Recovery {
  const counts = { htmlElements: 0, bareAmpersands: 0, htmlEntities: 0, unknownEntities: 0, badCharacters: 0, strayLessThans: 0, closedTags: 0 };
  const knownEntities = new Map<string, string | undefined>();
  const out: string[] = [];
  const stack: Open[] = [];
  let pendingText = '';
  let cdata: string | undefined;
  /** Depth in the stack of the text element whose children are being written as HTML text, or -1. */
  let htmlTextAt = -1;
  let rootDone = false;
  let ignoredAfterRoot = false;
  let ending = false;

  const repair = (raw: string, quote: boolean): string => {
    const escaped = raw.replace(AMPERSAND, (reference, decimal?: string, hex?: string, name?: string) => {
      if (decimal !== undefined || hex !== undefined) {
        const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
        if (isXmlChar(code)) return reference;
        counts.badCharacters++;
        return '&#65533;';
      }
      if (name === undefined) {
        counts.bareAmpersands++;
        return '&amp;';
      }
      if (XML_ENTITIES.has(name)) return reference;
      const decoded = htmlEntity(name, knownEntities);
      if (decoded === undefined) {
        counts.unknownEntities++;
        return `&amp;${name};`;
      }
      counts.htmlEntities++;
      return decoded;
    });
    const lessThans = escaped.split('<').length - 1;
    counts.strayLessThans += lessThans;
    const safe = (lessThans > 0 ? escaped.replace(/</g, '&lt;') : escaped).replace(/>/g, '&gt;');
    return quote ? safe.replace(/"/g, '&quot;') : safe;
  };

  const lastOpen = (test: (open: Open) => boolean): number => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.written && test(stack[i]!)) return i;
    return -1;
  };

  /** Closes the open elements from the top of the stack down to `index` here; the parser's own closes of them later write nothing. */
  const closeFrom = (index: number) => {
    if (index < 0) return;
    for (let i = stack.length - 1; i >= index; i--) {
      const open = stack[i]!;
      if (open.closeAsText) out.push(escapeMarkup(`</${open.name}>`));
      if (open.written) {
        out.push(`</${open.name}>`);
        stack[i - 1]?.fields?.add(localName(open.name));
        counts.closedTags++;
      }
      open.written = false;
      open.closeAsText = false;
    }
    if (htmlTextAt >= index) htmlTextAt = -1;
  };

  const flushText = () => {
    if (pendingText && stack.length > 0 && !rootDone) out.push(repair(pendingText, false));
    pendingText = '';
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flushText();
        if (rootDone) ignoredAfterRoot = true;
        else if (ITEM.test(name)) closeFrom(lastOpen((open) => ITEM.test(open.name)));
        else if (htmlTextAt >= 0 && ITEM_FIELDS.has(name)) closeFrom(htmlTextAt);
        const written = !rootDone && XML_NAME.test(name);
        stack.push({ name, written, at: out.length, fields: ITEM.test(name) ? new Set() : undefined });
        if (!written) return;
        const attributeText = Object.entries(attributes)
          .filter(([attribute]) => XML_NAME.test(attribute))
          .map(([attribute, value]) => ` ${attribute}="${repair(value, true)}"`)
          .join('');
        const selfClosing = text[parser.endIndex - 1] === '/';
        if (htmlTextAt >= 0) {
          counts.htmlElements++;
          const empty = selfClosing || HTML_EMPTY.has(name.toLowerCase());
          out.push(escapeMarkup(`<${name}${attributeText}${empty ? ' /' : ''}>`));
          stack[stack.length - 1]!.written = false;
          if (!empty) stack[stack.length - 1]!.closeAsText = true;
          return;
        }
        if (TEXT_ELEMENTS.has(localName(name)) && !('url' in attributes)) htmlTextAt = stack.length - 1;
        if (HTML_EMPTY.has(name.toLowerCase()) && !selfClosing) {
          // Left in the output as an empty element; the parser's own close of it (implied later) writes nothing.
          out.push(`<${name}${attributeText}/>`);
          stack[stack.length - 1]!.written = false;
          return;
        }
        out.push(`<${name}${attributeText}>`);
      },
      onclosetag(name, isImplied) {
        if (ending) return;
        flushText();
        const open = stack.pop();
        if (open?.closeAsText) out.push(escapeMarkup(`</${name}>`));
        if (!open?.written) return;
        if (htmlTextAt === stack.length) htmlTextAt = -1;
        // htmlparser2 also calls a self-closing tag's close "implied"; only the others were repaired.
        if (isImplied && !(text[parser.endIndex - 1] === '/' && text[parser.endIndex] === '>')) counts.closedTags++;
        out.push(`</${name}>`);
        stack[stack.length - 1]?.fields?.add(localName(name));
        if (stack.length === 0) rootDone = true;
      },
      ontext(data) {
        if (cdata !== undefined) cdata += data;
        else pendingText += data;
      },
      oncdatastart() {
        flushText();
        cdata = '';
      },
      oncdataend() {
        if (stack.length > 0 && !rootDone && cdata) out.push(`<![CDATA[${cdata}]]>`);
        cdata = undefined;
      },
      oncomment() {
        flushText();
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(text);
  ending = true;
  parser.end();
  flushText();

  const repairs = describeCounts(counts);
  if (stack.length > 0) repairs.push(closeTruncated(stack, out));
  if (ignoredAfterRoot) repairs.push('content after the end of the root element ignored');
  return { text: out.join(''), repairs };
}

/** Closes what a truncated document left open; an item or entry cut off in the middle loses its unfinished field, or all of it when its identity is incomplete. */
function closeTruncated(stack: Open[], out: string[]): string {
  const cut = stack.findIndex((open) => open.written && ITEM.test(open.name));
  let what = '';
  if (cut >= 0) {
    const item = stack[cut]!;
    const fields = item.fields!;
    if (fields.has('guid') || fields.has('id') || (fields.has('title') && fields.has('link'))) {
      const unfinished = stack[cut + 1];
      if (unfinished) out.length = unfinished.at;
      stack.length = cut + 1;
      what = `, its last <${item.name}> kept without the field it was cut in`;
    } else {
      out.length = item.at;
      stack.length = cut;
      what = `, its last <${item.name}> incomplete and dropped`;
    }
  }
  const open = stack.filter((o) => o.written);
  for (const element of open.reverse()) out.push(`</${element.name}>`);
  return `the document ends early (truncated)${what}; ${open.length} element${open.length === 1 ? '' : 's'} closed`;
}

function describeCounts(counts: Record<string, number>): string[] {
  const words: [number, string][] = [
    [counts.bareAmpersands!, 'bare "&" escaped'],
    [counts.htmlEntities!, 'HTML entities (&nbsp; and the like) read as characters'],
    [counts.unknownEntities!, 'unknown entities kept as text'],
    [counts.badCharacters!, 'references to characters XML forbids replaced'],
    [counts.strayLessThans!, '"<" starting no tag read as text'],
    [counts.closedTags!, 'unclosed or mismatched tags closed'],
    [counts.htmlElements!, 'HTML tags inside text elements read as their HTML'],
  ];
  return words.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
}

/** Distinct entity names looked up per document: feeds use a handful; a million made-up names is an attack on the lookup. */
const MAX_ENTITY_NAMES = 512;

/** An HTML entity as a numeric reference (the same characters, valid XML), or undefined for names HTML does not know. */
function htmlEntity(name: string, known: Map<string, string | undefined>): string | undefined {
  if (known.has(name)) return known.get(name);
  if (known.size >= MAX_ENTITY_NAMES) return undefined;
  const reference = `&${name};`;
  const decoded = decodeHtml(reference);
  const replacement = decoded === reference ? undefined : [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
  known.set(name, replacement);
  return replacement;
}

/** Markup already written as well-formed XML, as text that shows it. */
function escapeMarkup(markup: string): string {
  return markup.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** XML 1.0's Char production. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
