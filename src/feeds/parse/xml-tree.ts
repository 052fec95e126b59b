// Reading RSS, RDF and Atom documents into raw fields with rss-parser. rss-parser finds
// channel, items and entries for every version; its `customFields` (keepArray) hand over each
// element as xml2js wrote it, so the format mappers can read what rss-parser would flatten
// or drop: repeated authors and categories, attributes (xml:base, rel, type), raw dates.

import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { parseError } from './errors.js';
import type { ElementNaming } from './namespaces.js';
import { recoverXml } from './recover-xml.js';

/** An element as xml2js gives it: text, or an object with text in `_`, attributes in `$` and child arrays. */
export type XmlValue = string | XmlElement;
export interface XmlElement {
  _?: string;
  $?: Record<string, string>;
  [child: string]: unknown;
}

/** One channel or item: rss-parser's own fields plus every listed element raw, as an array. */
export type RawFields = Record<string, unknown>;

export interface XmlTree {
  feed: RawFields;
  items: RawFields[];
  /** Attributes of the document's root: <rss xml:base> is where Drupal and others put the base. */
  rootAttributes: Record<string, string>;
}

const FEED_ELEMENTS = ['$', 'title', 'link', 'atom:link', 'description', 'subtitle', 'tagline', 'author', 'ttl', 'sy:updatePeriod', 'sy:updateFrequency'];
/** The elements of an item or entry the mappers read raw (as `raw:<name>`). */
export const ITEM_ELEMENTS = [
  '$', 'title', 'link', 'guid', 'id', 'author', 'dc:creator', 'description', 'summary', 'content', 'content:encoded',
  'pubDate', 'dc:date', 'published', 'updated', 'issued', 'modified', 'created',
  'atom:published', 'atom:updated', 'dcterms:modified',
  'category', 'dc:subject', 'enclosure', 'media:content', 'media:group', 'media:description',
  'feedburner:origLink', 'itunes:author', 'itunes:summary',
  // .NET's SyndicationFeed writes Atom elements into RSS items ("a10:link", "a10:content").
  'atom:link', 'atom:content', 'atom:author',
];

const RAW = 'raw:';

/**
 * The key a raw element is kept under. Made once per name: a key concatenated at each lookup is
 * a new string that V8 must flatten and look up in its string table before it can find the
 * property, which made elements() a twentieth of parsing a feed.
 */
const rawKeys = new Map<string, string>();
function rawKey(name: string): string {
  let key = rawKeys.get(name);
  if (key === undefined) rawKeys.set(name, (key = RAW + name));
  return key;
}

/** Every occurrence of a child element, as written. */
export function elements(fields: RawFields, name: string): XmlValue[] {
  const value = fields[rawKey(name)];
  return Array.isArray(value) ? (value as XmlValue[]) : [];
}

/** Text of the first occurrence of a child element. */
export function firstText(fields: RawFields, name: string): string | undefined {
  const [first] = elements(fields, name);
  return first === undefined ? undefined : textOf(first);
}

/** An attribute of the channel, feed, item or entry element itself (xml:base, rdf:about). */
const RAW_ATTRIBUTES = rawKey('$');
export function ownAttribute(fields: RawFields, name: string): string | undefined {
  const attributes = fields[RAW_ATTRIBUTES];
  return attributes && typeof attributes === 'object' ? (attributes as Record<string, string>)[name] : undefined;
}

export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as XmlElement)._ === 'string') return (value as XmlElement)._;
  return undefined;
}

export function attributeOf(value: unknown, name: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return (value as XmlElement).$?.[name];
}

/** Children of an element by name (media:group's media:content, author's name). */
export function childrenOf(value: unknown, name: string): XmlValue[] {
  if (!value || typeof value !== 'object') return [];
  const children = (value as XmlElement)[name];
  return Array.isArray(children) ? (children as XmlValue[]) : [];
}

const keep = (name: string) => [name, rawKey(name), { keepArray: true }];

// rss-parser reads an RSS channel and forgets the <rss> or <rdf:RDF> element around it; its
// attributes are kept next to the channel's. It also looks for items in one place only (inside
// the RSS 2.0 channel, beside the RSS 1.0 channel), while feeds put them in the other too
// (after </channel>, or inside an RDF channel), and readers take them wherever they are.
//
// Of what rss-parser makes of an item or entry, the mappers read only the raw elements and, for
// RSS, `content` (the description). Its own reading of each item also makes text snippets of the
// description and the content (a regex pass and an entity decoding of the whole body), ISO dates
// and some twenty fields that nothing reads (and 3.13 throws RangeError on a malformed Atom
// <published>, losing the whole feed). Items and entries are read here instead: the raw elements
// as its copyFromXML copies them, `content` as it makes it, and the calls of its own that can
// throw on markup it serializes still made, so that a document it refused is refused the same way;
// only its link reader is not called, since it threw on an Atom <link> without attributes and lost
// every entry of the feed. Dates are read raw by dates.ts.
type Build = (document: Record<string, XmlElement>) => RawFields;
const base = Parser.prototype as unknown as { buildRSS2: Build; buildRSS1: Build; buildRSS0_9: Build };
const ROOT = RAW + 'root$';
const ITEM_FIELDS: [from: string, to: string][] = ITEM_ELEMENTS.map((name) => [name, rawKey(name)]);
/** rss-parser's own helpers, which its item readers call. */
const itemUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as {
  getContent(content: unknown): unknown;
};

/** The raw elements of an item or entry, as rss-parser's copyFromXML copies fields with keepArray. */
function rawFields(element: XmlElement): RawFields {
  const fields: RawFields = {};
  if (typeof element !== 'object' || element === null) return fields;
  for (const [from, to] of ITEM_FIELDS) {
    const value = element[from];
    if (value === undefined) continue;
    fields[to] = value && typeof (value as XmlElement)._ === 'string' ? (value as XmlElement)._ : value;
  }
  return fields;
}

class TolerantParser extends Parser<RawFields, RawFields> {
  parseItemRss(item: XmlElement): RawFields {
    const fields = rawFields(item);
    const description = item.description as unknown[] | undefined;
    if (description) fields.content = itemUtils.getContent(description[0]);
    return fields;
  }
  parseItemAtom(entry: XmlElement): RawFields {
    const fields = rawFields(entry);
    // rss-parser's getLink() threw on a <link> without attributes and so failed the whole feed; the
    // links are read from the raw elements (atom.ts), which takes a link written as text too.
    const { content, summary } = entry as { content?: unknown[]; summary?: unknown[] };
    if (content && content.length) itemUtils.getContent(content[0]);
    if (summary && summary.length) itemUtils.getContent(summary[0]);
    return fields;
  }
  buildRSS2(document: Record<string, XmlElement>): RawFields {
    moveItems(document.rss, firstChannel(document.rss));
    return { ...base.buildRSS2.call(this, document), [ROOT]: document.rss?.$ };
  }
  buildRSS1(document: Record<string, XmlElement>): RawFields {
    moveItems(firstChannel(document['rdf:RDF']), document['rdf:RDF']);
    return { ...base.buildRSS1.call(this, document), [ROOT]: document['rdf:RDF']?.$ };
  }
  buildRSS0_9(document: Record<string, XmlElement>): RawFields {
    moveItems(document.rss, firstChannel(document.rss));
    return { ...base.buildRSS0_9.call(this, document), [ROOT]: document.rss?.$ };
  }
}

function firstChannel(root: XmlElement | undefined): XmlElement | undefined {
  const channels = root?.channel;
  return Array.isArray(channels) && typeof channels[0] === 'object' ? (channels[0] as XmlElement) : undefined;
}

/** Appends the <item>s of `from` to those of `to`, in document order as far as xml2js keeps it. */
function moveItems(from: XmlElement | undefined, to: XmlElement | undefined): void {
  if (!from || !to || !Array.isArray(from.item)) return;
  to.item = [...(Array.isArray(to.item) ? to.item : []), ...from.item];
  delete from.item;
}

/** What the liberal path read from a document the strict parser refused (recover-xml.ts). */
export interface XmlRecovery {
  /** The strict parser's complaint, as users see it ("Unexpected close tag at line 4"). */
  fault: string;
  repairs: string[];
}

/** `naming` renames elements as they are read (namespaces.ts); without it names stay as written. */
export async function readXmlTree(text: string, url: string, naming?: ElementNaming): Promise<XmlTree & { recovery?: XmlRecovery }> {
  const readWith = (document: string) => readTree(document, naming);
  let tree: XmlTree;
  try {
    tree = await readWith(text);
  } catch (err) {
    // A document without the elements its format needs is not repaired by reading it liberally.
    if (err instanceof TypeError) throw describeXmlError(err, url);
    const recovered = recoverXml(text);
    try {
      const tree = await readWith(recovered.text);
      return { ...tree, recovery: { fault: xmlFault(err), repairs: recovered.repairs } };
    } catch {
      throw describeXmlError(err, url);
    }
  }
  // Well-formed, but with HTML written as elements inside a title or description: xml2js would
  // keep their text apart from the element's own ("a <b>b</b> c" as "a  c"). The liberal writer
  // turns such markup into the element's HTML text; the document was valid XML, so no warning.
  return tree.items.some(hasMarkupInText) ? readWith(recoverXml(text).text) : tree;
}

const TEXT_FIELDS = ['title', 'description', 'summary', 'content', 'content:encoded'];

function hasMarkupInText(item: RawFields): boolean {
  return TEXT_FIELDS.some((name) =>
    elements(item, name).some((value) => typeof value === 'object' && Object.keys(value).some((key) => key !== '_' && key !== '$')),
  );
}

async function readTree(text: string, naming: ElementNaming | undefined): Promise<XmlTree> {
  // One parser per document: xml2js keeps listeners and state per instance.
  const parser = new TolerantParser({
    defaultRSS: 2,
    xml2js: naming ? { tagNameProcessors: [naming] } : {},
    customFields: {
      feed: FEED_ELEMENTS.map(keep) as unknown as string[],
    },
  });
  const { items, [ROOT]: root, ...feed } = await parser.parseString(text);
  return { feed, items: items as RawFields[], rootAttributes: (root as Record<string, string> | undefined) ?? {} };
}

/** sax writes "Unexpected close tag\nLine: 4\nColumn: 7\nChar: >"; users get one line with the line number. */
function describeXmlError(err: unknown, url: string): Error {
  if (err instanceof TypeError) return parseError(url, `the document has no channel or items where its format needs them (${firstLine(err)})`);
  const line = saxLine(err);
  return parseError(url, `the XML is not well-formed: ${firstLine(err)}`, line);
}

function xmlFault(err: unknown): string {
  const line = saxLine(err);
  return `${firstLine(err)}${line === undefined ? '' : ` at line ${line}`}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}

/** sax counts lines from 0. */
function saxLine(err: unknown): number | undefined {
  const line = /Line: (\d+)/.exec(err instanceof Error ? err.message : String(err))?.[1];
  return line === undefined ? undefined : Number(line) + 1;
}
