import { describe, expect, it } from 'vitest';
import { readModelFile, wordVectors } from '../../src/shared/word-vectors.js';

function vector(word: string): Float32Array {
  const vectors = wordVectors();
  const v = new Float32Array(vectors.dims);
  const row = vectors.row(word);
  expect(row, `${word} is known`).toBeGreaterThanOrEqual(0);
  vectors.addTo(v, row, 1);
  return v;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(aa * bb);
}

describe('word vectors', () => {
  it('place words of one meaning nearer than words of different subjects', () => {
    expect(cosine(vector('flood'), vector('deluge'))).toBeGreaterThan(cosine(vector('flood'), vector('football')) + 0.2);
    expect(cosine(vector('shares'), vector('stocks'))).toBeGreaterThan(cosine(vector('shares'), vector('recipe')) + 0.2);
  });

  it('know everyday news words and not made-up ones', () => {
    const vectors = wordVectors();
    expect(vectors.size).toBe(40_000);
    for (const word of ['parliament', 'inflation', 'vaccine', 'striker', 'novelist', 'recipe']) expect(vectors.row(word)).toBeGreaterThanOrEqual(0);
    expect(vectors.row('qzxvbnm')).toBe(-1);
  });

  it('say what to do when an install left the models folder out', () => {
    expect(() => readModelFile(new URL('../../models/not-shipped.bin', import.meta.url))).toThrow(
      /not-shipped\.bin is missing: .*models\/ folder must sit beside its src\/ or dist\/ folder.*categorize\.wordVectors: false/,
    );
  });
});
