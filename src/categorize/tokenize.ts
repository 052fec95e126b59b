// The classifier's view of a text: lowercased, accent- and punctuation-free word stems
// without stop words, plus the bigrams of neighbouring stems ("interest rate", "world cup")
// because a pair often says what neither word does. Learning, classifying and the starter
// vocabulary all go through this one function, so they always agree on what a token is.

import { STOP_WORDS } from './stop-words.js';

/** Distinct features of a text (stems and "stem stem" bigrams), each with the words it came from. */
export function features(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const content = contentWords(text);
  content.forEach(({ stem, word }, i) => {
    if (!found.has(stem)) found.set(stem, word);
    const previous = content[i - 1];
    if (previous) {
      const bigram = `${previous.stem} ${stem}`;
      if (!found.has(bigram)) found.set(bigram, `${previous.word} ${word}`);
    }
  });
  return found;
}

/** The content words of a text with their stems, in order, stop words removed. */
export function contentWords(text: string): { word: string; stem: string }[] {
  const content: { word: string; stem: string }[] = [];
  for (const word of words(text)) {
    if (word.length < 2 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    content.push({ word, stem: stem(word) });
  }
  return content;
}

function words(text: string): string[] {
  const expanded = text
    // "US" and "U.S." would otherwise become the pronoun "us", a stop word; dotted
    // abbreviations would fall apart into single letters.
    .replace(/\bU\.S\.(?:A\.)?|\bUSA?\b/g, ' usa ')
    .replace(/\bU\.K\.|\bUK\b/g, ' uk ')
    .replace(/\bU\.N\./g, ' un ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[’']/g, '');
  return expanded.split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * A light suffix stripper (plurals, -ing, -ed, -ly): enough to fold "elections" into
 * "election" and "striking" into "strik", cheap, and predictable. Stems need not be words,
 * only consistent.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** "runn" -> "run", "stopp" -> "stop", but "fall" and "kiss" keep their letters. */
function undouble(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}
