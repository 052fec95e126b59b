// The liberal path: a document the strict XML parser refused is read again by a tolerant one
// (htmlparser2 in XML mode) and written back out as well-formed XML, which then takes the same
// strict path as every other feed. This is what readers do (feedparser's loose parser, libxml2's
// recover mode, Go's non-strict decoder). What it repairs, and counts so the publisher can be told:
// - bare "&" ("AT&T", "?a=1&b=2") escaped; HTML entities (&nbsp; &eacute;) read as their
//   characters; unknown names kept as the text written; references to characters XML forbids
//   replaced by U+FFFD;
// - a "<" that starts no tag ("a < b") read as text;
// - unclosed and mismatched tags closed where the enclosing element closes; HTML's empty
//   elements written without a slash (<br>, <img ...>) closed at once;
// - raw HTML in a text element (a description, summary, content or title written without
//   CDATA or escaping) kept as that element's HTML text, as readers show it, rather than as
//   child elements whose words the feed mappers never read;
// - a truncated document: elements left open at the end are closed, and an item or entry cut
//   off in the middle is dropped, so that every complete item is kept and no half item is taken
//   for a whole one;
// - anything after the root element's end (a PHP warning, a second document) ignored.
// Where it stops on purpose: it never guesses structure beyond closing tags (an element left
// open swallows what follows until its parent closes), never invents a root or a channel, and
// runs only after the strict parse failed and after the hostile-document checks, so bounds on
// nesting, tag size and entities hold here too. Work and memory are linear in the document.

import { Parser } from 'htmlparser2';
import { decodeHtml } from '../sanitize/index.js';

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
}

const XML_NAME = /^[A-Za-z_][\w.:-]*$/;
const ITEM = /^(?:[\w.-]+:)?(?:item|entry)$/;
/** HTML's empty elements; no RSS, RDF or Atom element has these names. */
const HTML_EMPTY = new Set(['br', 'img', 'hr', 'wbr', 'area', 'col', 'embed', 'param', 'input']);
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** Elements whose content is text or HTML in RSS and Atom (by local name); Media RSS's media:content carries a url instead. */
const TEXT_ELEMENTS = new Set(['title', 'description', 'encoded', 'summary', 'content', 'subtitle', 'tagline']);
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

  const flushText = () => {
    if (pendingText && stack.length > 0 && !rootDone) out.push(repair(pendingText, false));
    pendingText = '';
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flushText();
        if (rootDone) ignoredAfterRoot = true;
        const written = !rootDone && XML_NAME.test(name);
        stack.push({ name, written, at: out.length });
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

/** Closes what a truncated document left open, dropping an item or entry cut off in the middle. */
function closeTruncated(stack: Open[], out: string[]): string {
  const cut = stack.findIndex((open) => ITEM.test(open.name));
  let dropped = '';
  if (cut >= 0) {
    out.length = stack[cut]!.at;
    dropped = `, its last <${stack[cut]!.name}> incomplete and dropped`;
    stack.length = cut;
  }
  const open = stack.filter((o) => o.written);
  for (const element of open.reverse()) out.push(`</${element.name}>`);
  return `the document ends early (truncated)${dropped}; ${open.length} element${open.length === 1 ? '' : 's'} closed`;
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

/** An HTML entity as a numeric reference (the same characters, valid XML), or undefined for names HTML does not know. */
function htmlEntity(name: string, known: Map<string, string | undefined>): string | undefined {
  if (known.has(name)) return known.get(name);
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
