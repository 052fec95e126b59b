// A cheap pass over XML markup before any parser sees it. It finds the root element (to tell
// the format from the content, not the URL) and refuses documents built to hurt a parser:
// a DOCTYPE that still declares entities (doctype-entities.ts has already expanded and removed
// the internal subsets it can read; one it cannot find the end of is refused here, and nothing is
// ever fetched), nesting deeper than any feed needs, and start tags that are one huge attribute.
// It jumps from '<' to '>' with indexOf and copies nothing but element names and the root's start tag.
// Nesting is counted the way both parsers see it: an end tag closes the innermost open element of
// its name and everything inside it, so "<br>" left unclosed in a description (which the strict
// parser rejects there, and the liberal one closes) does not add up across a feed, while a run of
// start tags that never close does.

import { hostileDocument, lineAt, parseError } from './errors.js';
import { MAX_DEPTH, MAX_TAG_LENGTH } from './limits.js';

export interface XmlOutline {
  /** The root element's name as written, e.g. "rss", "feed", "rdf:RDF". */
  root: string;
  /** The root's start tag, for its version and xmlns attributes. */
  rootTag: string;
}

const NAME = /^<([A-Za-z_][\w.:-]*)/;

/** The five entities XML predefines; every other name must be declared (doctype-entities.ts) or repaired (recover-xml.ts). */
export const XML_ENTITIES: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

export function scanXml(text: string, url: string): XmlOutline {
  let outline: XmlOutline | undefined;
  const open: string[] = [];
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text[i + 1];
    let end: number;
    if (next === '/') {
      end = text.indexOf('>', i + 2);
      const name = nameAt(text, i + 2);
      const at = name === undefined ? -1 : open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (next === '!') {
      if (text.startsWith('<!--', i)) end = endOf(text, '-->', i + 4);
      else if (text.startsWith('<![CDATA[', i)) end = endOf(text, ']]>', i + 9);
      else {
        end = declarationEnd(text, i);
        if (!outline && /<!ENTITY/i.test(text.slice(i, end))) {
          throw hostileDocument(url, 'the DOCTYPE declares entities (entity expansion or external entities)', lineAt(text, i));
        }
      }
    } else if (next === '?') {
      end = endOf(text, '?>', i + 2);
    } else {
      end = text.indexOf('>', i + 1);
      // An unclosed tag at the end is the parser's to report, with its line.
      if (end === -1) break;
      if (end - i > MAX_TAG_LENGTH) {
        throw hostileDocument(url, `a start tag of ${end - i} characters (one huge attribute)`, lineAt(text, i));
      }
      if (!outline) {
        const name = NAME.exec(text.slice(i, i + 256))?.[1];
        if (name) outline = { root: name, rootTag: text.slice(i, end + 1) };
      }
      if (text[end - 1] !== '/') {
        open.push(nameAt(text, i + 1) ?? '');
        if (open.length > MAX_DEPTH) throw hostileDocument(url, `elements nested more than ${MAX_DEPTH} deep`, lineAt(text, i));
      }
    }
    if (end === -1) break;
    i = text.indexOf('<', end + 1);
  }
  if (!outline) throw parseError(url, 'no XML element found');
  return outline;
}

const NAME_AT = /[A-Za-z_][\w.:-]*/y;

/** The element name starting at `at`, matched in place (no copy of the text around it). */
function nameAt(text: string, at: number): string | undefined {
  NAME_AT.lastIndex = at;
  return NAME_AT.exec(text)?.[0];
}

function endOf(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length - 1;
}

/** End of "<!DOCTYPE ...>" including an internal subset "[ ... ]", or of any other "<!...>". */
function declarationEnd(text: string, start: number): number {
  const close = text.indexOf('>', start);
  const bracket = text.indexOf('[', start);
  if (bracket === -1 || close === -1 || bracket > close) return close;
  const subsetEnd = text.indexOf(']', bracket);
  return subsetEnd === -1 ? -1 : text.indexOf('>', subsetEnd);
}
