// Dedupe stage, last test: syndicated copies of one story whose links differ.
// Pure functions, no Redis: text -> word shingles -> one fast 32-bit hash per shingle ->
// a compact signature (the shingle set itself, 16 bits per shingle, sorted) and a few index
// hashes (the smallest shingle hashes, a bottom-k sketch, and the smallest of the lede's alone,
// so that a summary-only feed carrying the lede finds the full text). Two texts are candidates when they
// share an index hash; a candidate is a copy when the two stored shingle sets, compared exactly,
// are similar enough (isCopy). The story store keeps the index hashes in bucketed Redis hashes
// and repeats isCopy() inside its Lua script (src/store/lua/ingest-items.ts), so a change to the
// layout or the rule here must be matched there.
//
// The shingle window is the headline plus the first LEAD_WORDS words of the text: an outlet's
// rewrite of a wire story changes the headline and the lede but keeps later paragraphs, and a
// feed that only carries a summary usually carries the lead. Window, thresholds and the index
// size were chosen on tests/eval/dedupe-pairs.json and the tuning part of the rewrite sets
// (scripts/eval/dedupe.ts), never on the held-out part: there, 3-word shingles over the headline
// and 120 words separate copies from different stories on one topic at a Jaccard similarity near
// 0.23 (config dedupe.threshold), and a short summary whose shingles are mostly inside the other
// text (CONTAINMENT) is a copy too. What is left are summaries that paraphrase the lede: no
// shared phrase tells them from a follow-up on the same event.

/** Words per shingle. */
export const SHINGLE_WORDS = 3;
/** Words of text (after the headline) that take part in the signature. */
export const LEAD_WORDS = 120;
/** Fewer shingles than this and a text is too short to call anything its copy (e.g. "Live: scores"). */
export const MIN_SHINGLES = 8;
/** Shingles kept in a signature, at most (a long headline plus the lead stays below it). */
export const MAX_SHINGLES = 110;
/** Index entries per story: its smallest shingle hashes, LEDE_INDEX_HASHES of them from the lede alone. */
export const INDEX_HASHES = 9;
/** Words at the start of the text (after the headline) that a summary-only feed tends to carry whole... */
export const LEDE_WORDS = 30;
/**
 * ...whose smallest shingle hashes are index entries whatever the rest of the text holds: the
 * smallest of a long text's shingles are mostly outside its lede, so a summary that is the lede
 * alone would share none of them, although its shingles lie inside the text.
 */
export const LEDE_INDEX_HASHES = 3;
/** A text whose shingles are at least this share inside another's is a copy of it (a summary-only feed's lede)... */
export const CONTAINMENT = 0.6;
/** ...if it has at least this many shingles: fewer, and a few stock phrases could be most of it. */
export const MIN_CONTAINED = 16;

export interface TextSignature {
  /** The shingle set as sorted, distinct 16-bit values: 2 bytes a shingle, compared exactly. */
  shingles: Uint16Array;
  /** The INDEX_HASHES smallest 32-bit shingle hashes, ascending: where the store files and looks up the story. */
  index: Uint32Array;
}

/** Headline and lead as one signature; undefined when the text is too short to compare. */
export function textSignature(title: string, body: string | undefined): TextSignature | undefined {
  const titleWords = normalizedWords(title);
  const words = titleWords.concat(body ? leadingWords(wordsOfHtml(body), LEAD_WORDS) : []);
  const count = words.length - SHINGLE_WORDS + 1;
  if (count < MIN_SHINGLES) return undefined;
  const byPosition = new Uint32Array(count);
  for (let i = 0; i < count; i++) byPosition[i] = shingleHashAt(words, i);
  const ledeStart = Math.min(titleWords.length, count);
  const lede = distinct(byPosition.slice(ledeStart, ledeStart + LEDE_WORDS - SHINGLE_WORDS + 1).sort());
  const hashes = distinct(byPosition.sort());
  if (hashes.length < MIN_SHINGLES) return undefined;
  const kept = hashes.subarray(0, MAX_SHINGLES);
  const short = new Uint16Array(kept.length);
  for (let i = 0; i < kept.length; i++) short[i] = (kept[i] as number) >>> 16;
  short.sort();
  return { shingles: distinct(short), index: indexOf(hashes, lede) };
}

/** The lede's LEDE_INDEX_HASHES smallest hashes, then the whole window's smallest, INDEX_HASHES distinct ones ascending. */
function indexOf(sorted: Uint32Array, lede: Uint32Array): Uint32Array {
  const index = new Set<number>(lede.subarray(0, LEDE_INDEX_HASHES));
  for (let i = 0; i < sorted.length && index.size < INDEX_HASHES; i++) index.add(sorted[i] as number);
  return Uint32Array.from(index).sort();
}

/** The window's word shingles as text (what textSignature hashes). */
export function shingles(title: string, body: string | undefined): Set<string> {
  const words = [...normalizedWords(title), ...normalizedWords(plainText(body ?? '')).slice(0, LEAD_WORDS)];
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) set.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return set;
}

/**
 * normalizedWords(text).slice(0, count) without normalizing all of a long text (a full article
 * for the first 120 words): a prefix cut at a space has the same first words as the whole, since
 * neither decomposition, accent removal, lowercasing nor the split reach across a space.
 */
function leadingWords(text: string, count: number): string[] {
  const cut = text.indexOf(' ', count * CHARS_PER_WORD);
  if (cut >= 0) {
    const words = normalizedWords(text.slice(0, cut));
    if (words.length >= count) return words.slice(0, count);
  }
  return normalizedWords(text).slice(0, count);
}

/** Generous: English words and the spaces and markup left between them average well under this. */
const CHARS_PER_WORD = 12;

/** Lowercased words without accents or punctuation: "U.S. stocks' 2-1 rally" -> [u, s, stocks, 2, 1, rally]. */
export function normalizedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Sanitized HTML as the words a reader sees (tags dropped, common entities decoded). */
export function plainText(html: string): string {
  return wordsOfHtml(html).replace(/\s+/g, ' ').trim();
}

/** plainText without its spacing tidied (normalizedWords splits at any space anyway), and no pass for what is absent. */
function wordsOfHtml(html: string): string {
  const text = html.includes('<') ? html.replace(/<[^>]*>/g, ' ') : html;
  return text.includes('&') ? text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => decodeEntity(entity)) : text;
}

function decodeEntity(entity: string): string {
  const lower = entity.toLowerCase();
  if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 32);
  if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 32);
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[lower] ?? ' ';
}

/** Shingles two sorted sets share (a merge walk; the Lua script walks the same way). */
export function sharedShingles(a: Uint16Array, b: Uint16Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** Jaccard similarity of two sorted shingle sets. */
export function similarity(a: Uint16Array, b: Uint16Array): number {
  const shared = sharedShingles(a, b);
  const union = a.length + b.length - shared;
  return union === 0 ? 0 : shared / union;
}

/** Whether two shingle sets are one story's: similar enough overall, or the smaller one mostly inside the other. */
export function isCopy(a: Uint16Array, b: Uint16Array, threshold: number): boolean {
  const shared = sharedShingles(a, b);
  const smaller = Math.min(a.length, b.length);
  if (shared >= threshold * (a.length + b.length - shared)) return true;
  return smaller >= MIN_CONTAINED && shared >= CONTAINMENT * smaller;
}

/** What the store decides for two texts: a shared index hash makes them candidates, and isCopy decides. */
export function isNearDuplicate(a: TextSignature, b: TextSignature, threshold: number): boolean {
  const isCandidate = [...a.index].some((hash) => b.index.includes(hash));
  return isCandidate && isCopy(a.shingles, b.shingles, threshold);
}

/** The shingle set as stored in the story record: 2 bytes a value, big-endian, so that Lua reads it with string.byte. */
export function encodeShingles(values: Uint16Array): Buffer {
  const bytes = Buffer.allocUnsafe(values.length * 2);
  for (let i = 0; i < values.length; i++) bytes.writeUInt16BE(values[i] as number, i * 2);
  return bytes;
}

export function decodeShingles(bytes: Buffer): Uint16Array {
  const values = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < values.length; i++) values[i] = bytes.readUInt16BE(i * 2);
  return values;
}

function distinct<T extends Uint16Array | Uint32Array>(sorted: T): T {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n) as T;
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so that every bit of the result depends on every input bit. */
export function shingleHash(text: string): number {
  return finish(fnv(0x811c9dc5, text));
}

/**
 * shingleHash of the SHINGLE_WORDS words from `start` joined by single spaces, without building
 * that string (one per word of every item, the hot loop of textSignature).
 */
function shingleHashAt(words: readonly string[], start: number): number {
  let hash = fnv(0x811c9dc5, words[start] as string);
  for (let w = start + 1; w < start + SHINGLE_WORDS; w++) hash = fnv(Math.imul(hash ^ 0x20, 0x01000193), words[w] as string);
  return finish(hash);
}

function fnv(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

function finish(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
