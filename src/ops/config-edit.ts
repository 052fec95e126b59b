// Operator edits of feedmill.yaml (`feedmill sources add/remove`, `feedmill opml import`):
// the file is changed in place through yaml's Document API, so comments, order and layout
// survive; the result is validated with parseConfig before anything is written, and written
// atomically (temp file + rename), so a running `feedmill start` only ever reloads a whole file.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLSeq } from 'yaml';
import { parseConfig, type Config } from '../shared/config.js';
import { FeedmillError } from '../shared/errors.js';

export interface NewSource {
  url: string;
  id?: string;
  title?: string;
  category?: string;
  /** As the operator wrote it ("15m"); validated by parseConfig. */
  interval?: string;
}

export interface ConfigEdit {
  /** The validated config the edited text describes. */
  config: Config;
  text: string;
}

const ID_LIMIT = 64;
/** Path segments that say "this is a feed" and nothing about which one. */
const FEED_WORDS = new Set(['feed', 'feeds', 'rss', 'atom', 'xml', 'index', 'rss2', 'json', 'news']);

/** Adds sources to the config text; refuses a duplicate id or URL. Returns the new text, validated. */
export function addSources(text: string, file: string, sources: NewSource[]): ConfigEdit & { added: { id: string; url: string }[] } {
  const { doc, current } = parseForEdit(text, file);
  const ids = new Set(current.sources.map((s) => s.id));
  const urls = new Map(current.sources.map((s) => [sameFeedUrl(s.url), s.id]));
  const seq = sourcesSeq(doc);
  const added: { id: string; url: string }[] = [];
  for (const source of sources) {
    const sameUrl = urls.get(sameFeedUrl(source.url));
    if (sameUrl !== undefined) {
      throw new FeedmillError('USAGE', `${source.url} is already configured as source "${sameUrl}"`, { url: source.url });
    }
    if (source.id !== undefined && ids.has(source.id)) {
      throw new FeedmillError('USAGE', `a source with id "${source.id}" already exists; choose another --id`);
    }
    const id = source.id ?? uniqueId(deriveSourceId(source.url), ids);
    ids.add(id);
    urls.set(sameFeedUrl(source.url), id);
    const entry: Record<string, string> = { id, url: source.url };
    if (source.title !== undefined) entry.title = source.title;
    if (source.category !== undefined) entry.category = source.category;
    if (source.interval !== undefined) entry.interval = source.interval;
    seq.add(doc.createNode(entry));
    added.push({ id, url: source.url });
  }
  const edited = doc.toString();
  return { ...validate(edited, file), added };
}

/** Removes one source by id; NOT_FOUND when there is none. */
export function removeSource(text: string, file: string, id: string): ConfigEdit {
  const { doc } = parseForEdit(text, file);
  const seq = sourcesSeq(doc);
  const index = seq.items.findIndex((item) => isMap(item) && scalarValue(item.get('id', true)) === id);
  if (index < 0) throw new FeedmillError('NOT_FOUND', `no source with id "${id}" in ${file}`);
  seq.delete(index);
  return validate(doc.toString(), file);
}

/**
 * A readable, valid source id from a feed URL: host without "www." and the path's telling
 * segments, e.g. https://www.example.com/world/rss.xml -> "example-com-world".
 */
export function deriveSourceId(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'source';
  }
  const host = parsed.hostname.replace(/^www\./, '');
  const segments = parsed.pathname
    .split('/')
    .map((s) => safeDecode(s).replace(/\.(xml|rss|atom|json|php|cgi|aspx?)$/i, ''))
    .filter((s) => s !== '' && !FEED_WORDS.has(s.toLowerCase()));
  const id = [host, ...segments]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, ID_LIMIT)
    .replace(/[-_]+$/, '');
  return id || 'source';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function uniqueId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, ID_LIMIT - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Reads the config file's text (CONFIG_NOT_FOUND when it cannot). */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new FeedmillError('CONFIG_NOT_FOUND', `${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** Replaces the file at once (temp file in the same folder + rename), keeping its permissions. */
export function writeConfigAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temp, text, { mode });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

function parseForEdit(text: string, file: string): { doc: Document; current: Config } {
  // Validate first: an edit must never turn a broken file into a differently broken one.
  const current = parseConfig(text, file);
  return { doc: parseDocument(text), current };
}

function sourcesSeq(doc: Document): YAMLSeq {
  const existing = doc.get('sources', true);
  if (isSeq(existing)) return existing;
  if (existing !== undefined && existing !== null && !(isScalar(existing) && existing.value === null)) {
    throw new FeedmillError('CONFIG_INVALID', '"sources" is not a list; fix the config file by hand first');
  }
  const seq = doc.createNode([]) as YAMLSeq;
  doc.set('sources', seq);
  return seq;
}

/** The edited text must pass the same validation as at start; if not, nothing is written. */
function validate(text: string, file: string): ConfigEdit {
  try {
    return { config: parseConfig(text, file), text };
  } catch (err) {
    if (!(err instanceof FeedmillError)) throw err;
    throw new FeedmillError('CONFIG_INVALID', `the change would make the config invalid, so nothing was written:\n${err.message}`, err.facts);
  }
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/** Two spellings of one feed URL (case of the host, a trailing slash) count as the same source. */
export function sameFeedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}
