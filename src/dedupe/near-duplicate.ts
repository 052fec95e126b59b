// Dedupe stage, last test: syndicated copies of one story whose links differ.
// Pure functions, no Redis: text -> word shingles -> MinHash signature -> LSH band keys,
// and the similarity estimate between two signatures. The story store keeps the band keys
// as Redis sets and repeats estimateSimilarity() inside its Lua script (ingest-item), so a
// change to the signature layout here must be matched there.
//
// The shingle window is the headline plus the lead of the text: wire copies differ
// mostly at the end (a trimmed paragraph, an added line of context), and a feed that only
// carries a summary usually carries the lead. Shingle size, window, bands and rows were
// chosen on tests/eval/dedupe-pairs.json (scripts/eval/dedupe.ts) and on nothing else:
// there, copies score 0.39 and above and different stories on one topic 0.25 and below
// (exact Jaccard), so the threshold (config dedupe.threshold) belongs near 0.35, and with
// 3 rows per band a pair at 0.39 becomes a candidate with probability 0.92.

import { createHash } from 'node:crypto';

/** Words per shingle. */
export const SHINGLE_WORDS = 3;
/** Words of text (after the headline) that take part in the signature. */
export const LEAD_WORDS = 50;
/** Fewer shingles than this and a text is too short to call anything its copy (e.g. "Live: scores"). */
export const MIN_SHINGLES = 8;
/** MinHash values per signature = BANDS * ROWS. */
export const BANDS = 42;
export const ROWS = 3;
export const SIGNATURE_SIZE = BANDS * ROWS;

export interface TextSignature {
  /** One 32-bit minimum per hash function. */
  minhash: Uint32Array;
  shingleCount: number;
}

/** Headline and lead as one signature; undefined when the text is too short to compare. */
export function textSignature(title: string, body: string | undefined): TextSignature | undefined {
  const set = shingles(title, body);
  if (set.size < MIN_SHINGLES) return undefined;
  return { minhash: minhash(set), shingleCount: set.size };
}

export function shingles(title: string, body: string | undefined): Set<string> {
  const words = [...normalizedWords(title), ...normalizedWords(plainText(body ?? '')).slice(0, LEAD_WORDS)];
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) set.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return set;
}

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
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => decodeEntity(entity))
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntity(entity: string): string {
  const lower = entity.toLowerCase();
  if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 32);
  if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 32);
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[lower] ?? ' ';
}

/** Fixed seeds: signatures are stored in Redis, so they must be the same in every process and release. */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let state = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    seeds[i] = mix32(state);
  }
  return seeds;
})();

export function minhash(set: Iterable<string>): Uint32Array {
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of set) {
    const base = fnv1a(shingle);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const value = mix32(base ^ (SEEDS[i] as number));
      if (value < (mins[i] as number)) mins[i] = value;
    }
  }
  return mins;
}

/** One key per band; two signatures sharing any band key are near-duplicate candidates. */
export function bandKeys(minhashes: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    const rows = Buffer.from(minhashes.buffer, minhashes.byteOffset + band * ROWS * 4, ROWS * 4);
    keys.push(createHash('sha1').update(rows).digest('hex').slice(0, 16));
  }
  return keys;
}

/** Share of equal MinHash values: an estimate of the Jaccard similarity of the shingle sets. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) equal++;
  return equal / SIGNATURE_SIZE;
}

/** What the store decides for two texts: LSH makes them candidates, and the estimate reaches the threshold. */
export function isNearDuplicate(a: TextSignature, b: TextSignature, threshold: number): boolean {
  const bandsOfA = bandKeys(a.minhash);
  const isCandidate = bandKeys(b.minhash).some((key, band) => bandsOfA[band] === key);
  return isCandidate && estimateSimilarity(a.minhash, b.minhash) >= threshold;
}

/** Fixed-width hex (8 digits per value) as stored in the story hash and compared by the Lua script. */
export function encodeSignature(minhashes: Uint32Array): string {
  let hex = '';
  for (const value of minhashes) hex += value.toString(16).padStart(8, '0');
  return hex;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's finalizer: a bijection on 32 bits that spreads every input bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
