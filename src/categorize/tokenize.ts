// The classifier's view of a text: lowercased, accent- and punctuation-free word stems
// without stop words, plus the bigrams of neighbouring stems ("interest rate", "world cup")
// because a pair often says what neither word does. A few stop words ("new", "day", "off")
// and numbers take part in pairs only ("new species", "deadline day", "bake off",
// "Formula 1", "Six Nations"). Learning, classifying
// and the starter vocabulary all go through this one function, so they always agree on what
// a token is.

import { withoutMarks } from '../shared/text.js';
import { PAIRING_STOP_WORDS, STOP_WORDS } from './stop-words.js';

/**
 * Which features a caller reads (the classifier: those it may know): features() leaves out the
 * others, and builds no pair whose first stem `pairsFrom` rules out.
 */
export interface FeatureFilter {
  keeps(feature: string): boolean;
  /** Whether some kept feature may be a pair that starts with this stem. */
  pairsFrom(stem: string): boolean;
}

/**
 * Distinct features of a text (stems and "stem stem" bigrams), each with the words it came from.
 * Given the text's stemmedWords, it does not split the text again. With `keep`, only the features
 * it keeps, in the same order and with the same words: the classifier asks about the few it knows,
 * and a story has a hundred or more, each a map entry, and a pair two strings made and hashed.
 */
export function features(text: string | readonly StemmedWord[], keep?: FeatureFilter): Map<string, string> {
  const found = new Map<string, string>();
  const content = contentWords(text);
  for (let i = 0; i < content.length; i++) {
    const current = content[i]!;
    if (!current.pairsOnly && !found.has(current.stem) && (keep === undefined || keep.keeps(current.stem))) found.set(current.stem, current.word);
    addPair(found, content[i - 1], current, keep);
    // A number also lets the words either side of it pair, as if it were not there: "cut
    // 20,000 jobs" still says "cut jobs", "season 2 finale" still says "season finale".
    if (!current.numeric && i > 0 && content[i - 1]!.numeric) {
      let j = i - 1;
      while (j >= 0 && content[j]!.numeric) j--;
      if (j >= 0) addPair(found, content[j], current, keep);
    }
  }
  return found;
}

/** The first stem of a pair feature ("stem other", as features() makes them), or undefined for a single stem or a form. */
export function pairStart(feature: string): string | undefined {
  const space = feature.indexOf(' ');
  return space > 0 ? feature.slice(0, space) : undefined;
}

function addPair(found: Map<string, string>, previous: ContentWord | undefined, current: ContentWord, keep: FeatureFilter | undefined): void {
  if (!previous || (previous.pairsOnly && current.pairsOnly)) return;
  if (keep !== undefined && !keep.pairsFrom(previous.stem)) return;
  const bigram = `${previous.stem} ${current.stem}`;
  if (!found.has(bigram) && (keep === undefined || keep.keeps(bigram))) found.set(bigram, `${previous.word} ${current.word}`);
}

function isNumber(word: string): boolean {
  return /^\d+$/.test(word);
}

export interface ContentWord {
  word: string;
  stem: string;
  /** A pairing stop word: it forms pairs with a content word, never a feature alone. */
  pairsOnly: boolean;
  /** All digits: pairs like a pairing stop word, and lets its neighbours pair across it. */
  numeric: boolean;
}

/** The content and pairing words of a text (or of its stemmedWords) with their stems, in order, other stop words removed. */
export function contentWords(text: string | readonly StemmedWord[]): ContentWord[] {
  const content: ContentWord[] = [];
  if (typeof text === 'string') {
    for (const word of words(text)) {
      const found = knownWord(word).content;
      if (found) content.push(found);
    }
    return content;
  }
  for (const entry of text) {
    // A word of stemmedWords carries its content word; another is looked up, and keeps the stem it came with.
    const known = entry instanceof KnownWord ? entry : knownWord(entry.word);
    const found = known.content;
    if (found) content.push(found.stem === entry.stem ? found : { ...found, stem: entry.stem });
  }
  return content;
}

/**
 * A word as tokenize reads it, made once per process while it stays in the cache: its stem, its
 * content word (none for a stop word or a single letter), and its row in the process's word
 * vectors once the meaning vote asked (meaning.ts). News repeats its words, so a word read again
 * costs one lookup instead of its stem, two stop-word lookups and a vector lookup. Shared: nobody
 * may change one, but vectorRow.
 */
export class KnownWord implements StemmedWord {
  readonly stem: string;
  readonly content: ContentWord | undefined;
  /** The word's row in wordVectors() (-1: none), or -2 until the meaning vote first asks. */
  vectorRow = -2;

  constructor(readonly word: string) {
    this.stem = stem(word);
    this.content = contentWordOf(word, this.stem);
  }
}

const knownWords = new Map<string, KnownWord>();
/** Words kept at most: the cache is emptied when it is full (a long-running process meets every number and name). */
const MAX_KNOWN_WORDS = 50_000;

function knownWord(word: string): KnownWord {
  let known = knownWords.get(word);
  if (known === undefined) {
    if (knownWords.size >= MAX_KNOWN_WORDS) knownWords.clear();
    known = new KnownWord(word);
    knownWords.set(word, known);
  }
  return known;
}

function contentWordOf(word: string, stemmed: string): ContentWord | undefined {
  // A number says nothing alone but names something with its neighbour ("Formula 1",
  // "Euro 2024", "Hot 100", "Chapter 11"), so it pairs like a pairing stop word.
  const numeric = isNumber(word);
  if (word.length < 2 && !numeric) return undefined;
  const pairsOnly = numeric || PAIRING_STOP_WORDS.has(word);
  if (STOP_WORDS.has(word) && !pairsOnly) return undefined;
  return { word, stem: stemmed, pairsOnly, numeric };
}

export interface StemmedWord {
  word: string;
  stem: string;
}

/**
 * Every word of a text with its stem, stop words included (angles.ts reads "says", "finds"):
 * split once, it serves both features() and the angles.
 */
export function stemmedWords(text: string, mixedCase?: boolean): StemmedWord[] {
  return words(text, mixedCase).map(knownWord);
}

/**
 * Whether a text has lower-case letters, which decides how words() reads "WHO". Pieces of one
 * text split at line breaks (a headline, then its summary) read as that text does when each
 * is given the whole text's answer: no rule of words() reaches across a line break.
 */
export function isMixedCase(text: string): boolean {
  return /\p{Ll}/u.test(text);
}

// Each pass runs only when its text can be there: most headlines are ASCII without "U", "'" or "&".
function words(text: string, mixedCase = isMixedCase(text)): string[] {
  // In mixed-case text a capitalized "WHO" is the World Health Organization and "IT" is
  // information technology ("IT outage", "NHS IT system"), never the pronouns (stop words); in an
  // all-capitals headline either could be the pronoun, so it is left be.
  let expanded = text;
  if (mixedCase) {
    if (expanded.includes('WHO')) expanded = expanded.replace(/\bWHO\b/g, ' World Health Organization ');
    if (expanded.includes('IT')) expanded = expanded.replace(/\bIT\b(?![’'])/g, ' information technology ');
  }
  if (expanded.includes('U')) {
    expanded = expanded
      // "US" and "U.S." would otherwise become the pronoun "us", a stop word; dotted
      // abbreviations would fall apart into single letters.
      .replace(/\bU\.S\.(?:A\.)?|\bUSA?\b/g, ' usa ')
      .replace(/\bU\.K\.|\bUK\b/g, ' uk ')
      .replace(/\bU\.N\./g, ' un ');
  }
  expanded = withoutMarks(expanded).toLowerCase();
  if (expanded.includes("'") || expanded.includes('’')) expanded = expanded.replace(/[’']s\b/g, '').replace(/[’']/g, '');
  // Ampersand initialisms ("S&P", "M&A", "AT&T", "R&B", "A&E") would otherwise fall apart
  // into letters too short to count; joined, each is one word the vocabulary can list.
  if (expanded.includes('&')) expanded = expanded.replace(/\b([a-z]{1,2})&([a-z]{1,2})\b/g, '$1and$2');
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
  else if (w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes') || w.endsWith('zes')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** "runn" -> "run", "stopp" -> "stop", but "fall" and "kiss" keep their letters. */
function undouble(w: string): string {
  const last = w[w.length - 1]!;
  return last === w[w.length - 2] && DOUBLED.includes(last) ? w.slice(0, -1) : w;
}

const DOUBLED = 'bdgmnprt';

/**
 * The feature of a headline told in the first person ("The summer I stopped saying yes", "Turning
 * 70 taught me ..."): columns and personal essays, the lifestyle
 * pages' form, whose words often say nothing of a section. Not a word a text can contain, so it
 * never collides with a stem or a pair.
 */
export const FIRST_PERSON = '@first-person';

/** A quotation inside a headline: its first person is someone quoted, not the writer. */
const QUOTED = /(^|[\s:(—–-])['‘"“][^'‘’"“”]*['’"”](?=$|[\s,.:;!?)—–-])/gu;
/** Words that attribute a first person to someone in the news ("'We acted too late', says minister"). */
const ATTRIBUTION = /(?<!\p{L})(?:says|said|tells|told|admits|admitted|claims|insists|warns|reveals|recalls|vows|urges)(?!\p{L})/iu;
/**
 * The writer's I, me, my; "I" only capitalized. Not "we" and "our": "why we dream", "our oceans"
 * speak for everyone, in any section.
 */
const WRITER = /(?<![\p{L}\p{N}'’])(?:I(?:['’](?:m|ve|d|ll))?|[Mm]e|[Mm]y|[Mm]yself)(?![\p{L}\p{N}])/u;

/** A reader's letter to a columnist, a form that settles the lifestyle pages: "Dear Jo:", "Ask Margaret:". */
export const ADVICE_COLUMN_FORM = '@advice-column';
const ADVICE_COLUMN = /^(?:Dear|Ask) \p{Lu}\p{Ll}+:/u;

/**
 * The first-person feature of a headline and the pronoun that gave it, or undefined: the
 * writer's own pronoun, outside quotation marks, in a mixed-case headline that attributes no
 * words to anyone (an all-capitals "ME" may be Maine); or a reader's letter to a columnist.
 */
export function firstPerson(headline: string): [string, string] | undefined {
  const column = ADVICE_COLUMN.exec(headline);
  if (column) return [ADVICE_COLUMN_FORM, `advice column "${column[0]}"`];
  if (!isMixedCase(headline) || ATTRIBUTION.test(headline)) return undefined;
  const found = WRITER.exec(headline.replace(QUOTED, '$1'));
  return found ? [FIRST_PERSON, `first person "${found[0]}"`] : undefined;
}

/**
 * The service form of a feature headline: "how to ...", "ways to ...", a numbered list of things,
 * tips or ideas ("Seven ways to make a small flat feel bigger"). Alone it leans towards the
 * lifestyle pages, which run most such pieces, and files a headline that has no other known word
 * there rather than under no section; any section's own words outweigh it.
 */
export const SERVICE_FORM = '@service-form';

const SERVICE = /(?<!\p{L})(?:how to|ways to|(?:\d+|three|four|five|six|seven|eight|nine|ten|twelve|twenty) (?:ways|things|tips|ideas|reasons|rules|steps|habits|signs|questions))(?!\p{L})/iu;

/** The service-form feature of a headline and the words that gave it, or undefined. */
export function serviceForm(headline: string): [string, string] | undefined {
  const found = SERVICE.exec(headline);
  return found ? [SERVICE_FORM, `service form "${found[0]}"`] : undefined;
}
