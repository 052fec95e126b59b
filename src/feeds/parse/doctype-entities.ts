// Entities a document declares in its own DOCTYPE ("<!ENTITY copy 'Copyright 2024 ACME'>"),
// expanded before any parser sees the document, within a budget. Hand-made and older feeds
// declare a few such names; they are harmless. What is refused, with HOSTILE_DOCUMENT: external
// entities (SYSTEM, PUBLIC: nothing is ever fetched or read from disk), parameter entities (%),
// recursive definitions, an entity that expands beyond MAX_ENTITY_EXPANSION characters (billion
// laughs) and references that would add more than MAX_EXPANDED_TOTAL characters in all
// (quadratic blowup: one mid-sized entity referenced a hundred thousand times).
// A DOCTYPE without an internal subset (RSS 0.91's Netscape DTD) is left as it is.

import { hostileDocument, lineAt, newlinesOf } from './errors.js';
import { MAX_DECLARED_ENTITIES, MAX_ENTITY_EXPANSION, MAX_EXPANDED_TOTAL } from './limits.js';
import { XML_ENTITIES } from './scan-xml.js';

interface Doctype {
  start: number;
  /** Index just past the DOCTYPE's closing ">". */
  end: number;
  subset: string;
  /** Offset of the subset within the text, for line numbers. */
  subsetStart: number;
}

const DECLARATION = /<!ENTITY\s+(%\s*)?([A-Za-z_][\w.:-]*)\s+([^"'>\s]*)\s*(?:"([^"]*)"|'([^']*)')?\s*([^>]*)>/gy;
const REFERENCE = /&([A-Za-z_][\w.:-]*);/g;

/** The text with the DOCTYPE's own entities expanded and its internal subset removed; unchanged when it declares none. */
export function expandDoctypeEntities(text: string, url: string): string {
  const doctype = findDoctype(text);
  if (!doctype || !/<!ENTITY/i.test(doctype.subset)) return text;
  const values = readDeclarations(doctype, text, url);
  const expanded = expandAll(values, (name, why) => hostileDocument(url, `the DOCTYPE's entity "${name}" ${why}`, lineAt(text, doctype.subsetStart)));
  let added = 0;
  const body = replaceOutsideCdata(text.slice(doctype.end), (markup) =>
    markup.replace(REFERENCE, (reference, name: string) => {
      const value = expanded.get(name);
      if (value === undefined) return reference;
      added += value.length;
      if (added > MAX_EXPANDED_TOTAL) {
        throw hostileDocument(url, `entity references expand to more than ${MAX_EXPANDED_TOTAL} characters (quadratic blowup)`, lineAt(text, doctype.start));
      }
      return value;
    }),
  );
  // The DOCTYPE's newlines stay, so that error lines still match the publisher's document.
  return text.slice(0, doctype.start) + newlinesOf(text.slice(doctype.start, doctype.end)) + body;
}

/** The DOCTYPE of the prolog (after the XML declaration, comments and PIs), with its internal subset. */
function findDoctype(text: string): Doctype | undefined {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i === -1) return undefined;
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else break;
    if (i < 2) return undefined;
  }
  if (!/^<!DOCTYPE\s/i.test(text.slice(i, i + 10))) return undefined;
  const open = subsetOpen(text, i);
  if (open === -1) return undefined;
  const close = subsetClose(text, open + 1);
  if (close === -1) return undefined;
  const end = text.indexOf('>', close);
  if (end === -1) return undefined;
  return { start: i, end: end + 1, subset: text.slice(open + 1, close), subsetStart: open + 1 };
}

/** The "[" that opens the internal subset, skipping quoted public and system identifiers; -1 if none. */
function subsetOpen(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = skipQuoted(text, i);
    else if (c === '[') return i;
    else if (c === '>') return -1;
    if (i === -1) return -1;
  }
  return -1;
}

/** The "]" that closes the internal subset: quoted values may hold "]" and ">". */
function subsetClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = skipQuoted(text, i);
    else if (c === ']') return i;
    if (i === -1) return -1;
  }
  return -1;
}

function skipQuoted(text: string, at: number): number {
  return text.indexOf(text[at]!, at + 1);
}

/** Name to literal value of every general entity the subset declares; anything external or parametric is refused. */
function readDeclarations(doctype: Doctype, text: string, url: string): Map<string, string> {
  const values = new Map<string, string>();
  const subset = doctype.subset;
  for (let at = subset.search(/<!ENTITY/i); at !== -1; at = nextEntity(subset, at)) {
    const line = lineAt(text, doctype.subsetStart + at);
    DECLARATION.lastIndex = at;
    const m = DECLARATION.exec(subset);
    if (!m) throw hostileDocument(url, 'the DOCTYPE declares an entity feedmill cannot read', line);
    const [, percent, name, keyword, double, single, rest] = m;
    if (percent) throw hostileDocument(url, `the DOCTYPE declares the parameter entity "${name}"`, line);
    const value = double ?? single;
    if (keyword || value === undefined || rest!.trim()) {
      throw hostileDocument(url, `the DOCTYPE declares the external entity "${name}" (nothing is fetched)`, line);
    }
    // The first declaration of a name binds (XML 1.0, 4.2).
    if (!values.has(name!)) values.set(name!, value);
    if (values.size > MAX_DECLARED_ENTITIES) throw hostileDocument(url, `the DOCTYPE declares more than ${MAX_DECLARED_ENTITIES} entities`, line);
  }
  // A parameter-entity reference outside a declaration pulls in more declarations.
  if (/%[A-Za-z_][\w.:-]*;/.test(subset.replace(/"[^"]*"|'[^']*'/g, ''))) {
    throw hostileDocument(url, 'the DOCTYPE uses parameter entities', lineAt(text, doctype.subsetStart));
  }
  return values;
}

function nextEntity(subset: string, from: number): number {
  const next = subset.slice(from + 8).search(/<!ENTITY/i);
  return next === -1 ? -1 : from + 8 + next;
}

/** Every entity fully expanded, each once (memoized), refusing recursion and values past the bound. */
function expandAll(values: Map<string, string>, refuse: (name: string, why: string) => Error): Map<string, string> {
  const done = new Map<string, string>();
  const expanding = new Set<string>();
  const expand = (name: string): string => {
    const known = done.get(name);
    if (known !== undefined) return known;
    if (expanding.has(name)) throw refuse(name, 'refers to itself (recursive entities)');
    expanding.add(name);
    const literal = values.get(name)!;
    let length = literal.length;
    const value = literal.replace(REFERENCE, (reference, inner: string) => {
      if (XML_ENTITIES.has(inner) || !values.has(inner)) return reference;
      const replacement = expand(inner);
      // Counted as it grows: a value of many references must not build a huge string first.
      length += replacement.length - reference.length;
      if (length > MAX_ENTITY_EXPANSION) throw refuse(name, `expands beyond ${MAX_ENTITY_EXPANSION} characters (an expansion bomb)`);
      return replacement;
    });
    expanding.delete(name);
    if (value.length > MAX_ENTITY_EXPANSION) throw refuse(name, `is longer than ${MAX_ENTITY_EXPANSION} characters`);
    done.set(name, value);
    return value;
  };
  for (const name of values.keys()) expand(name);
  return done;
}

const CDATA_SECTION = /(<!\[CDATA\[[\s\S]*?\]\]>)/;

/** Applies `change` to the markup between CDATA sections, which hold text that is never a reference. */
function replaceOutsideCdata(text: string, change: (markup: string) => string): string {
  if (!text.includes('<![CDATA[')) return change(text);
  // split() with a capturing group puts the CDATA sections at the odd indexes.
  return text
    .split(CDATA_SECTION)
    .map((part, i) => (i % 2 === 1 ? part : change(part)))
    .join('');
}
