// The pure near-duplicate path: what makes two texts copies, and what the store will store.
import { describe, expect, test } from 'vitest';
import {
  bandKeys,
  BANDS,
  encodeSignature,
  estimateSimilarity,
  isNearDuplicate,
  normalizedWords,
  plainText,
  SIGNATURE_SIZE,
  textSignature,
} from '../../src/dedupe/near-duplicate.js';

const THRESHOLD = 0.35;
const title = 'Ferry operator suspends crossings after engine fire';
const body =
  'A ferry operator suspended all crossings between the mainland and the islands on Monday after an engine fire on one of its vessels forced 240 passengers to return to port. Nobody was hurt, the coastguard said. The company said inspections of its four other ships would take at least a week and that passengers with tickets would get refunds.';

function signature(t: string, b: string) {
  const sig = textSignature(t, b);
  if (!sig) throw new Error('text too short for a signature');
  return sig;
}

describe('near duplicates', () => {
  test('a wire copy with a dateline, recased headline and a trimmed last sentence is a near duplicate', () => {
    const copy = signature(
      'Ferry Operator Suspends Crossings After Engine Fire',
      `PORT ELLEN (Reuters) - ${body.replace(/ The company said.*$/, '')}`,
    );
    expect(isNearDuplicate(signature(title, body), copy, THRESHOLD)).toBe(true);
  });

  test('another story about the same operator is not', () => {
    const other = signature(
      'Ferry operator resumes crossings after inspections',
      'A ferry operator resumed crossings between the mainland and the islands on Tuesday after inspections of its ships were completed two days early. The company said timetables would be back to normal by the weekend and that it had hired two extra engineers.',
    );
    expect(isNearDuplicate(signature(title, body), other, THRESHOLD)).toBe(false);
  });

  test('identical texts have similarity 1 and share every band', () => {
    const a = signature(title, body);
    const b = signature(title, `<p>${body}</p>`);
    expect(estimateSimilarity(a.minhash, b.minhash)).toBe(1);
    expect(bandKeys(a.minhash)).toEqual(bandKeys(b.minhash));
  });

  test('a headline alone is too short to call anything its copy', () => {
    expect(textSignature('Live: scores', undefined)).toBeUndefined();
  });
});

describe('signature layout the store relies on', () => {
  test('is fixed: 8 hex digits per value, one band key per band, the same in every process', () => {
    const sig = signature(title, body);
    expect(sig.minhash).toHaveLength(SIGNATURE_SIZE);
    expect(encodeSignature(sig.minhash)).toMatch(new RegExp(`^[0-9a-f]{${SIGNATURE_SIZE * 8}}$`));
    expect(bandKeys(sig.minhash)).toHaveLength(BANDS);
    // Stored signatures outlive a release: a change of seeds or hashing would silently stop merges.
    expect(encodeSignature(sig.minhash).slice(0, 32)).toMatchInlineSnapshot(`"0609f2ea00245e53014c4b7801658ce8"`);
  });
});

describe('text normalization', () => {
  test('drops accents, case and punctuation but keeps digits', () => {
    expect(normalizedWords('Café “Zürich” won 2–1, U.S.-style!')).toEqual(['cafe', 'zurich', 'won', '2', '1', 'u', 's', 'style']);
  });

  test('reads sanitized HTML as text', () => {
    expect(plainText('<p>Fish &amp; chips&nbsp;&#8364;5</p><p>Next</p>')).toBe('Fish & chips €5 Next');
  });
});
