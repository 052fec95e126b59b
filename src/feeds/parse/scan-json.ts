// The JSON counterpart of scan-xml.ts: one cheap pass that refuses nesting deeper than any
// JSON Feed needs before JSON.parse builds it (two million "[" take seconds and much memory).
// It jumps between structural characters with native regex search, skipping string contents.

import { hostileDocument, lineAt } from './errors.js';
import { MAX_DEPTH } from './limits.js';

const STRUCTURE = /["{}[\]]/g;
const STRING_END = /["\\]/g;

export function assertJsonDepth(text: string, url: string): void {
  let depth = 0;
  STRUCTURE.lastIndex = 0;
  for (let m = STRUCTURE.exec(text); m; m = STRUCTURE.exec(text)) {
    const c = m[0];
    if (c === '"') {
      STRUCTURE.lastIndex = stringEnd(text, m.index + 1);
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_DEPTH) throw hostileDocument(url, `JSON nested more than ${MAX_DEPTH} deep`, lineAt(text, m.index));
    } else {
      depth--;
    }
  }
}

/** Index just past the quote that closes the string starting at `from` (or the end of the text). */
function stringEnd(text: string, from: number): number {
  STRING_END.lastIndex = from;
  for (let m = STRING_END.exec(text); m; m = STRING_END.exec(text)) {
    if (m[0] === '"') return m.index + 1;
    STRING_END.lastIndex = m.index + 2;
  }
  return text.length;
}
