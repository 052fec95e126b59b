// Word vectors: for each of 40,000 plain English words, 100 numbers placing it so that words used
// alike ("flood", "deluge"; "shares", "stocks") lie near each other. They let the categorizer judge
// a text by what its words mean, not only by which words it has (scripts/eval/dedupe-meaning.ts
// measured them for the near-duplicate check too: they did not tell copies from other stories).
// Built once by scripts/build-word-vectors.ts from public-domain GloVe vectors; read from
// models/word-vectors.bin (about 4.4 MB) the first time a process asks, and shared from then on.

import { readFileSync } from 'node:fs';

/** Next to src/ and dist/ alike, so the compiled code finds it as the sources do. */
export const WORD_VECTORS_FILE = new URL('../../models/word-vectors.bin', import.meta.url);

export interface WordVectors {
  readonly dims: number;
  readonly size: number;
  /** The word's row, or -1 for a word it does not know; expects the word lower-cased. */
  row(word: string): number;
  /** Adds weight x the word's unit vector to target (length dims). */
  addTo(target: Float32Array, row: number, weight: number): void;
}

class PackedWordVectors implements WordVectors {
  readonly dims: number;
  readonly size: number;
  private readonly rows = new Map<string, number>();
  private readonly vectors: Int8Array;
  private readonly scale: number;

  constructor(bytes: Buffer) {
    if (bytes.toString('latin1', 0, 4) !== 'FMWV' || bytes.readUInt8(4) !== 1) {
      throw new Error(`${WORD_VECTORS_FILE.pathname} is not a word vectors file of version 1: rebuild it (scripts/build-word-vectors.ts)`);
    }
    this.dims = bytes.readUInt16LE(6);
    this.size = bytes.readUInt32LE(8);
    this.scale = bytes.readFloatLE(12);
    const end = 16 + this.size * this.dims;
    this.vectors = new Int8Array(bytes.buffer, bytes.byteOffset + 16, this.size * this.dims);
    bytes
      .toString('utf8', end)
      .split('\n')
      .forEach((word, i) => this.rows.set(word, i));
  }

  row(word: string): number {
    return this.rows.get(word) ?? -1;
  }

  addTo(target: Float32Array, row: number, weight: number): void {
    const w = weight * this.scale;
    const v = this.vectors;
    for (let d = 0, at = row * this.dims; d < this.dims; d++, at++) target[d]! += w * v[at]!;
  }
}

let loaded: WordVectors | undefined;

/** The process's word vectors, read on first use. */
export function wordVectors(): WordVectors {
  loaded ??= new PackedWordVectors(readModelFile(WORD_VECTORS_FILE));
  return loaded;
}

/** A file of models/, with an error that says what to do when an install left the folder out. */
export function readModelFile(file: URL): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(
      `${file.pathname} is missing: feedmill's models/ folder must sit beside its src/ or dist/ folder (copy it with the build), or set categorize.wordVectors: false to run without the meaning vote`,
    );
  }
}
