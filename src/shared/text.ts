// Text folding shared by categorization (tokens, tag aliases) and dedupe (normalized words), so
// "Zürich" reads as "Zurich" the same way everywhere.

/** Any character outside ASCII. */
export const NON_ASCII = /[^\x00-\x7f]/;

/** Accents and other combining marks dropped ("Zürich" -> "Zurich"); ASCII text, which has none, as it is. */
export function withoutMarks(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKD').replace(/\p{M}+/gu, '') : text;
}
