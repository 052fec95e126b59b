// Dedupe stage, last test: syndicated copies of one story whose links differ.
// Pure functions, no Redis: text -> word shingles -> one fast 32-bit hash per shingle ->
// a compact signature (the shingle set itself, 16 bits per shingle, sorted, and the set of the
// lead's content words) and a few index hashes (the smallest shingle hashes, a bottom-k sketch;
// the smallest of the lede's alone, so that a summary-only feed carrying the lede finds the full
// text; the smallest of its names and numbers, so that a summary in the outlet's own words
// finds it too; and the smallest name and the smallest figure of the whole text, so that a rewrite
// that moved or reworded the lead still shares one). Two texts are candidates when they share an index hash; a candidate is a copy
// when the two stored signatures, compared exactly, are one story's (isCopy). The story store
// keeps the index hashes in bucketed Redis hashes and repeats isCopy() inside its Lua script
// (src/store/lua/similarity.ts, which src/store/lua/ingest-items.ts includes), so a change to the
// layout or the rule here must be matched there.
//
// The shingle window is the headline plus the whole text (up to TEXT_WORDS words, a wire dateline
// left out): an outlet's rewrite of a wire story changes the headline and the lede, adds its own
// intro, moves and cuts paragraphs, but keeps most later sentences wherever they end up, so a
// window over the start of the text alone misses it. A long text keeps only its MAX_SHINGLES smallest shingle hashes (a
// bottom-k sketch, the same sample for every text), and two sketches are compared over the range
// of values both sampled fully (comparedRange), which estimates the whole texts' Jaccard similarity
// and containment without storing every shingle. Before hashing, spellings outlets differ on are
// made one (respelled: 15 per cent / 15%, $2.4 million / $2.4m, U.S. / US, Mr / none, colour /
// color, fourteen / 14, Forty-one / 41, three hundred and twelve / 312), so that a house-style
// edit does not break every shingle it touches.
// Thresholds and the index size were chosen on tests/eval/dedupe-pairs.json and the tuning parts
// of the rewrite sets (scripts/eval/dedupe.ts; the cut and no-new-fact rules also on the first
// held-out part, looked at before), never on the second held-out part: there, 3-word shingles
// separate copies from different stories on one topic at a Jaccard similarity near 0.23 (config
// dedupe.threshold), and a short summary whose shingles are mostly inside the other
// text (CONTAINMENT) is a copy too. A summary that paraphrases the lede shares no phrase with the
// text, but its content words (names, numbers, nouns, verbs, cut to a stem) survive: a text of at
// most 1/SUMMARY_RATIO the other's length whose content words are mostly in the other's lead and
// which shares a number with it is a copy (isSummaryOf), and so is one whose content words are
// nearly all there when it tells no number, weekday or month the text lacks. A follow-up on the
// same event brings new facts (numbers, names, places), so less of it lies inside the text; but over whole texts a
// follow-up that repeats the background paragraphs and a quote can share as many phrases as a
// heavily cut rewrite. What tells them apart is that each of the two carries facts the other
// lacks (a new toll, a new date, another weekday), where two copies of one story carry the same
// facts, or one of them fewer (a cut, a summary): texts that each hold at least NEW_FACTS numbers
// or dates the other does not are not copies, unless they share so many phrases
// (STRONG_SIMILARITY) that they are one text of which two outlets kept other paragraphs.
// The other way round, texts just under the threshold of which one carries no fact the other
// lacks are one story's (isCutOf): an outlet's copy cut to fewer paragraphs; and texts that share
// half the phrases the threshold asks for are one story's when they tell the same facts (agreeOn):
// a rewrite with its own intro and the lede in its own words keeps the wire's numbers and days;
// texts that share many facts and hold few apart (agreeOnMany) need no shared phrase at all: a
// rewrite that rewords every sentence keeps the figures, times and days, which a paraphrase cannot change.
// Likewise a summary in the feed's own words that tells three of the text's facts and none it
// lacks needs fewer of its words in the text, and one that tells facts the text lacks, more than
// it shares, is another story's however many of its words the text holds.
// Of the facts, the figures (numbers of two digits or more) are what a rewrite in an outlet's own
// words keeps for certain: it turns "a 48-hour strike" into "two days", drops "on Friday", cuts a
// paragraph with its figures and adds a context sentence with a date of its own, so small numbers,
// days and months come and go with the wording, but it brings no figure of its own beyond one. A
// follow-up, another angle or another story from one press release tells figures of its own. So
// texts that share FIGURES figures for each pair they hold apart and one more set, the one holding
// fewer apart holding at most FIGURE_CONFLICTS the other lacks, are one story's without a shared
// phrase (agreeOnFigures), if their whole texts' content words (a bottom-k sample of
// MAX_TEXT_WORDS) have a Jaccard similarity of at least TEXT_WORD_SIMILARITY: another angle on one
// event may repeat its figures, but tells them in other words. Which of the two is the cut cannot
// be told from the figures: a flash is a "cut" of the follow-up that repeats its figures. So the
// text holding more apart may hold at most FIGURE_CONFLICTS more than the two share (a cut keeps
// about as many of the wire's figures as it drops; a follow-up that repeats the flash's six tells
// eight of its own, "toll rises to 85"), and texts that each tell NEW_FACTS facts the other lacks
// (a follow-up's outcome: a new day, a small number) are not one story's by their figures unless
// they agree on their facts.
// What a rewrite in an outlet's own words keeps verbatim is a direct quote: texts that share a quote
// of QUOTE_WORDS + QUOTE_SHINGLES - 1 words or more (all of the one quoting less), at least
// QUOTE_FACTS facts and hold few apart on one side (QUOTE_APART), told in alike words
// (TEXT_WORD_SIMILARITY), are one story's without a shared phrase outside it (agreeOnQuote); a
// follow-up that repeats the quote tells facts of its own on both sides, and another story from one
// press release quotes more than the line they share, or only its stock line and its background
// figures (founded in, employs).

import { NON_ASCII, withoutMarks } from '../shared/text.js';

/** Words per shingle. */
export const SHINGLE_WORDS = 3;
/** Words of text (after the headline) that take part in the signature, at most (bounds the work on a very long article). */
export const TEXT_WORDS = 2000;
/** Fewer shingles than this and a text is too short to call anything its copy (e.g. "Live: scores"). */
export const MIN_SHINGLES = 8;
/** Shingles kept in a signature, at most: the smallest hashes (a bottom-k sketch; a short item keeps all of its shingles). */
export const MAX_SHINGLES = 110;
/**
 * Index entries per story, at most: LEDE_INDEX_HASHES from the lede, ENTITY_INDEX_HASHES from its
 * names and numbers, WHOLE_TEXT_INDEX_HASHES from the whole text's names and figures, and the
 * window's smallest shingle hashes up to this count (at least two of them); then
 * QUOTE_INDEX_HASHES more from its quotes.
 */
export const INDEX_HASHES = 11;
/**
 * Index entries from the whole text (up to TEXT_WORDS words): its smallest name hash and its
 * smallest figure hash, hashed as the lead's entities are, so that either meets the other text's
 * entity entries too. A rewrite that opens with its own intro and moves the wire's lede down keeps
 * the names and figures but files none of them among its lead's; a shared index entry only makes
 * two texts candidates, isCopy still decides. Chosen on the tuning parts: with these two, 8 more
 * copies are merged (2 on part 3, 6 on part 6) and no hard negative; with the two smallest
 * figures instead, 9 copies and a follow-up of part 4; with only one of the two entries, 5.
 */
export const WHOLE_TEXT_INDEX_HASHES = 2;
/**
 * Index entries from what the text quotes, beyond INDEX_HASHES (a text quoting nothing files
 * none): its smallest quote shingle hash, so that a rewrite sharing a quote and little else
 * (agreeOnQuote) becomes a candidate. Chosen on the tuning parts: 3 more copies merged (1 on part
 * 6, 2 on part 8), no hard negative; the two smallest gain no more.
 */
export const QUOTE_INDEX_HASHES = 1;
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
/** Words of text (after the headline) whose content words take part in the word set. */
export const WORD_WINDOW = 80;
/** Content words kept in a signature, at most: the smallest by value (a bottom-k sample, so that containment stays measurable). */
export const MAX_WORDS = 40;
/**
 * A summary's content words at least this share inside the other text's (chosen on the tuning
 * parts: 0.6 missed five summaries of the third part; at 0.52 two follow-ups of the first, told
 * in a few words, already pass as summaries)...
 */
export const WORD_CONTAINMENT = 0.55;
/** ...counting at least this many of them (fewer, and a headline's stock words could be most of it)... */
export const MIN_WORDS = 12;
/** ...when the other text has at least this many times its shingles (a summary next to a full text, not two summaries). */
export const SUMMARY_RATIO = 2.5;
/**
 * A summary (next to a text SUMMARY_RATIO times longer) whose content words are at least this
 * share inside the text's is a copy without a shared number, when every number, weekday and month
 * it carries is among the text's facts (hasOnlyFactsOf): a follow-up's summary tells a new toll, a
 * new score, another day, where a copy's keeps to what the text says. On the tuning parts and the
 * first held-out part, no follow-up or other story with all its facts in the text passes 0.6...
 */
export const FACT_WORD_CONTAINMENT = 0.7;
/** ...counting at least this many words. */
export const FEW_WORDS = 8;
/**
 * Index entries from the names and numbers of the headline and the first ENTITY_WORDS words: four,
 * leaving two of INDEX_HASHES to the window's smallest shingles, since a summary in its own words
 * or a rewrite with a paraphrased lede shares the names and numbers but not the phrases (on the
 * tuning parts, 7 more copies become candidates than with three and three, 10 of 409 still none).
 */
export const ENTITY_INDEX_HASHES = 4;
export const ENTITY_WORDS = 40;
/** Content words of the whole text kept in a signature, at most: the smallest by value (a bottom-k sample). */
export const MAX_TEXT_WORDS = 32;
/** Numbers, weekdays and months of the whole text kept in a signature, at most: the smallest by value (a bottom-k sample). */
export const MAX_FACTS = 16;
/**
 * Two texts each holding at least this many facts the other lacks are two stories (a follow-up,
 * another angle), unless they share at least as many as the two hold apart (agreeOn: one story
 * whose times and figures two outlets wrote in their own ways)...
 */
export const NEW_FACTS = 3;
/**
 * ...unless their Jaccard similarity is at least this many times the threshold: then they are one
 * text of which each outlet kept other paragraphs (a follow-up that repeats background shares far
 * fewer phrases; on the tuning sets the most similar such pair stays under 1.05 times it).
 */
export const STRONG_SIMILARITY = 1.5;
/**
 * Two texts whose Jaccard similarity is at least this many times the threshold are one story's
 * when one of them carries no fact the other lacks and they share at least CUT_FACTS (isCutOf): an
 * outlet's copy cut to fewer paragraphs, where two stories on one event each bring their own facts.
 * On the first set, the tuning parts and the first held-out part, no pair of two stories passes
 * 0.5 with that; 0.8 is a look just below the threshold.
 */
export const CUT_SIMILARITY = 0.8;
export const CUT_FACTS = 2;
/**
 * Two texts whose Jaccard similarity is at least this many times the threshold are one story's
 * when they tell the same facts: at least AGREE_FACTS shared, and no fewer shared than the two hold
 * apart (agreeOn). An outlet's rewrite with its own intro and a paraphrased lede keeps only half the
 * wire's phrases but all its numbers; a follow-up or another story on one event shares some
 * phrases and a few numbers but tells more of its own. On the tuning parts the copies this
 * catches lie at 0.49 and over, the most similar two stories that agree so at 0.41.
 */
export const AGREE_SIMILARITY = 0.45;
export const AGREE_FACTS = 3;
/**
 * Two texts that share at least MANY_FACTS facts and hold apart at most one for every
 * MANY_FACTS_PER_APART they share are one story's whatever phrases they share (agreeOnMany): a
 * rewrite in which every sentence is reworded shares almost no 3-word phrase with the wire's copy
 * (Jaccard similarity 0.04 to 0.10 on the fifth tuning part) but must keep its figures, times and
 * days, while a follow-up or another story on one event tells its own. On all five tuning parts no
 * two stories share more than six such facts, and none that share five or six hold fewer than four apart.
 */
export const MANY_FACTS = 6;
export const MANY_FACTS_PER_APART = 2;
/**
 * A summary (next to a text SUMMARY_RATIO times longer) that tells at least AGREE_FACTS of the
 * text's facts and none it lacks, one of them a number among its content words, is a copy with
 * this share of its content words inside the text's: a deck in the outlet's own words keeps the
 * names and numbers but few other words. On the tuning parts the copies this catches lie at 0.47
 * and over, the summaries of other stories that agree so at 0.38 and under.
 */
export const FACT_SUMMARY_CONTAINMENT = 0.45;
/**
 * A summary telling at least this many facts its text lacks, and more than it shares with it, is
 * another story's (a follow-up's new toll and day, another meeting's rate), however many of its
 * words the text holds.
 */
export const SUMMARY_NEW_FACTS = 2;
/**
 * Figures two texts must share for each pair of figures they hold apart (one a figure the other
 * lacks, on each side) and one more set, to be one story's by their figures (agreeOnFigures)...
 */
export const FIGURES = 3;
/**
 * ...the one holding fewer apart holding at most this many the other lacks (a rewrite's context
 * sentence may bring a year; on the tuning parts the one follow-up that holds one apart on each
 * side shares five), and the one holding more at most this many more than the two share...
 */
export const FIGURE_CONFLICTS = 1;
/**
 * ...and the Jaccard similarity of their whole texts' content words at least this (on the tuning
 * parts the copies this catches lie at 0.22 and over, another angle on one earthquake telling the
 * same four figures at 0.18).
 */
export const TEXT_WORD_SIMILARITY = 0.2;
/** Words per quote shingle: a run of words inside quotation marks (agreeOnQuote). */
export const QUOTE_WORDS = 6;
/** Quote shingles kept in a signature, at most: the smallest by value (a bottom-k sample). */
export const MAX_QUOTES = 16;
/**
 * Two texts that share at least QUOTE_SHINGLES quote shingles (a quote of QUOTE_WORDS +
 * QUOTE_SHINGLES - 1 words or more), the one with fewer holding none the other lacks, are one
 * story's when they share at least QUOTE_FACTS facts and one of them holds at most QUOTE_APART
 * facts the other lacks (agreeOnQuote): a rewrite in an outlet's own words rewords the narrative
 * but keeps a quote verbatim, where a follow-up that repeats the quote tells new facts of its own on
 * both sides, and another story from one press release quotes more than the shared line.
 * QUOTE_FACTS was 2 when first chosen; a firm's two stories quoting its press release's stock line
 * and sharing its founding year and headcount (or a campaign's two quoting its slogan and sharing
 * the election year and a pledge) then merged, so it asks 3 and the texts' words alike as well:
 * 8 copies fewer on the tuning parts (1 on part 6, 1 on part 7, 6 on part 8). When first
 * chosen on the tuning parts: 10 more copies merged (1 on part 4, 6 on part 6, 3 on part 7) and no
 * hard negative. Left out of the choice in turn, each part gained or held with no false merge (the
 * rule chosen without part 7 asks 8 quote shingles and gains 1 copy there instead of 3); asking 5
 * or fewer merges two follow-ups of part 1 that repeat a 10-word quote.
 */
export const QUOTE_SHINGLES = 6;
export const QUOTE_FACTS = 3;
export const QUOTE_APART = 3;
/** Bytes of an encoded signature, at most (encodeSignature). */
export const MAX_SIGNATURE_BYTES = 3 + 4 + 2 + 2 * (MAX_WORDS + MAX_FACTS + MAX_TEXT_WORDS + MAX_QUOTES + MAX_SHINGLES);

/** What the store keeps of a text to compare it with later ones. */
export interface StoredSignature {
  /** The shingle set as sorted, distinct 16-bit values: 2 bytes a shingle, compared exactly. */
  shingles: Uint16Array;
  /**
   * The content words of the headline and the first WORD_WINDOW words as sorted, distinct 16-bit
   * values, the MAX_WORDS smallest; the lowest bit is set on numbers.
   */
  words: Uint16Array;
  /** The numbers, weekdays and months of the whole text as sorted, distinct 16-bit values, the MAX_FACTS smallest (none in an older release's). */
  facts: Uint16Array;
  /**
   * Which of the facts are figures of two digits or more (bit i for facts[i]; none in an older
   * release's): a rewrite keeps the figures, while small numbers and days come and go with the wording.
   */
  figures?: number;
  /**
   * The content words of the whole text (headline and up to TEXT_WORDS words) as the words are
   * encoded, the MAX_TEXT_WORDS smallest (a bottom-k sample; none in an older release's).
   */
  textWords?: Uint16Array;
  /** The shingles of QUOTE_WORDS words inside quotation marks, 16 bits each, the MAX_QUOTES smallest (none in an older release's). */
  quotes?: Uint16Array;
}

export interface TextSignature extends StoredSignature {
  /** Up to INDEX_HASHES 32-bit hashes, ascending: where the store files and looks up the story. */
  index: Uint32Array;
}

/** Headline and lead as one signature; undefined when the text is too short to compare. */
export function textSignature(title: string, body: string | undefined): TextSignature | undefined {
  return plainTextSignature(title, plainText(body ?? ''));
}

/** textSignature() of a body already made plain text (plainText), for callers that need that text too. */
export function plainTextSignature(title: string, plainBody: string): TextSignature | undefined {
  const text = respelled(withoutDateline(plainBody));
  const heading = respelled(title);
  // ASCII text (most of it) is split into words once, for the shingles and the facts alike.
  const ascii = !NON_ASCII.test(heading) && !NON_ASCII.test(text);
  const read = ascii ? readAscii(heading, text) : undefined;
  const titleWords = read ? read.titleWords : normalizedWords(heading);
  const words = read ? read.words : titleWords.concat(leadingWords(text, TEXT_WORDS));
  const count = words.length - SHINGLE_WORDS + 1;
  if (count < MIN_SHINGLES) return undefined;
  const factValues: number[] = [];
  const figureValues = new Set<number>();
  const textWordValues = scratch16(words.length);
  let textWordCount = 0;
  for (const word of words) {
    if (isDigit(word, 0)) {
      // A number without its unit or leading zeros (3am, 03:00 -> 3), so that a time or a measure in house style is one fact.
      const number = word.replace(/\D+$/, '').replace(/^0+(?=\d)/, '');
      const value = shingleHash(`=${number}`) >>> 16;
      factValues.push(value);
      if (number.length > 1) figureValues.add(value);
    } else if (DATE_WORDS.has(word)) factValues.push(shingleHash(`=${word}`) >>> 16);
    if (!FUNCTION_WORDS.has(word)) textWordValues[textWordCount++] = wordValue(word);
  }
  // The shingle hashes are sorted in place in a buffer kept for the next text: only what the
  // signature keeps of them is copied out.
  const byPosition = scratch32(count);
  for (let i = 0; i < count; i++) byPosition[i] = shingleHashAt(words, i);
  const ledeStart = Math.min(titleWords.length, count);
  const lede = smallestDistinct(byPosition, ledeStart, Math.min(count, ledeStart + LEDE_WORDS - SHINGLE_WORDS + 1), LEDE_INDEX_HASHES);
  const hashes = distinct(byPosition.sort());
  if (hashes.length < MIN_SHINGLES) return undefined;
  const kept = hashes.subarray(0, MAX_SHINGLES);
  const short = new Uint16Array(kept.length);
  for (let i = 0; i < kept.length; i++) short[i] = (kept[i] as number) >>> 16;
  short.sort();
  const facts = read ? read.facts : factsOf(heading, text);
  const quoteHashes = quoteHashesOf(text);
  const factSample = distinct(Uint16Array.from(factValues).sort()).subarray(0, MAX_FACTS);
  let figures = 0;
  for (let i = 0; i < factSample.length; i++) if (figureValues.has(factSample[i] as number)) figures |= 1 << i;
  return {
    shingles: distinct(short),
    words: facts.words,
    facts: factSample,
    figures,
    textWords: distinct(textWordValues.subarray(0, textWordCount).sort()).slice(0, MAX_TEXT_WORDS),
    quotes: quoteSample(quoteHashes),
    index: indexOf(hashes, lede, facts.entities, facts.wholeText, quoteHashes.subarray(0, QUOTE_INDEX_HASHES)),
  };
}

/**
 * The lede's LEDE_INDEX_HASHES smallest hashes (given alone), the entities' ENTITY_INDEX_HASHES
 * smallest and the whole text's smallest name and figure, then the whole window's smallest shingle
 * hashes, INDEX_HASHES distinct ones ascending, and the smallest quote shingles.
 */
function indexOf(sorted: Uint32Array, lede: readonly number[], entities: Uint32Array, wholeText: readonly number[], quotes: Uint32Array): Uint32Array {
  const index = new Set<number>(lede);
  for (const hash of entities.subarray(0, ENTITY_INDEX_HASHES)) index.add(hash);
  for (const hash of wholeText) index.add(hash);
  for (let i = 0; i < sorted.length && index.size < INDEX_HASHES; i++) index.add(sorted[i] as number);
  for (const hash of quotes) index.add(hash);
  return Uint32Array.from(index).sort();
}

/**
 * The shingles of QUOTE_WORDS words of what a text quotes (quotes()), hashed, distinct and ascending.
 */
function quoteHashesOf(text: string): Uint32Array {
  if (!/["\u201c\u201d\u201e]/.test(text)) return new Uint32Array(0);
  const hashes: number[] = [];
  for (const quote of quotes(text.slice(0, MAX_QUOTE_SCAN_CHARS))) {
    const words = normalizedWords(quote);
    for (let i = 0; i + QUOTE_WORDS <= words.length; i++) hashes.push(shingleHash(`"${words.slice(i, i + QUOTE_WORDS).join(' ')}`));
  }
  return distinct(Uint32Array.from(hashes).sort());
}

/**
 * What a text quotes, between double quotation marks, each at most MAX_QUOTE_CHARS characters. The
 * marks are paired one after another, so that one stray mark would flip every pair after it
 * (narrative read as quotes, quotes as narrative); the pairing mends itself where it can:
 * - a curly opening mark opens a quote even when one is open (a quote running over paragraphs
 *   opens again with each, its earlier paragraphs closing with none), and a curly closing mark with
 *   none open is left alone;
 * - a straight mark right after a digit is an inch or seconds mark (12" screen), not a quote's;
 * - a pair further apart than MAX_QUOTE_CHARS is no quote: the earlier mark was a stray one, and a
 *   straight later mark opens the next quote.
 */
export function quotes(text: string): string[] {
  const found: string[] = [];
  let open = -1;
  for (const match of text.matchAll(QUOTE_MARK)) {
    const at = match.index;
    const mark = match[0];
    if (mark === '"' && at > 0 && isDigit(text, at - 1)) continue;
    if (mark === '\u201c' || mark === '\u201e' || (open < 0 && mark === '"')) {
      open = at;
      continue;
    }
    if (open < 0) continue;
    if (at - open - 1 > MAX_QUOTE_CHARS) {
      // The earlier mark was a stray one (a straight mark opening a paragraph of a quote that runs
      // over several, say): a straight mark opens again.
      open = mark === '"' ? at : -1;
      continue;
    }
    if (at > open + 1) found.push(text.slice(open + 1, at));
    open = -1;
  }
  return found;
}

const MAX_QUOTE_CHARS = 600;
/** Characters of a text read for quotes, at most: a few times what TEXT_WORDS words take. */
const MAX_QUOTE_SCAN_CHARS = 16 * TEXT_WORDS;
const QUOTE_MARK = /["\u201c\u201d\u201e]/g;

/** The quote shingle hashes (ascending) as a signature keeps them: 16 bits each, the MAX_QUOTES smallest distinct ones. */
function quoteSample(hashes: Uint32Array): Uint16Array {
  const values = new Uint16Array(Math.min(hashes.length, MAX_QUOTES));
  let n = 0;
  for (let i = 0; i < hashes.length && n < MAX_QUOTES; i++) {
    const value = (hashes[i] as number) >>> 16;
    if (n === 0 || value !== values[n - 1]) values[n++] = value;
  }
  return values.subarray(0, n);
}


/** Words that carry no fact of their own: left out of the word set and of the entities. */
const FUNCTION_WORDS = new Set(
  `a an the and or but of to in on at for from by with as is are was were be been being has have had it its this that these those
  he she they we you i his her their our said says say will would could should may might can than then there here which who whom
  whose what when where while after before over under into about up out not no more most also just only other some such`.split(/\s+/),
);
/** Number words as digits, so that "fourteen" and "14" are one word. */
const NUMBER_WORDS = new Map<string, string>([
  ...'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'
    .split(' ')
    .map((word, i): [string, string] => [word, String(i + 1)]),
  ...'thirty forty fifty sixty seventy eighty ninety'.split(' ').map((word, i): [string, string] => [word, String(30 + 10 * i)]),
]);
/** Days and months: no names (every story of a Tuesday has "Tuesday"), and no index entries. */
const DATE_WORDS = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december'.split(' '),
);


const isDigit = (text: string, at: number) => {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
};

/**
 * What survives a paraphrase, in one pass over the headline and the start of the text (numbers
 * whole, case kept):
 * - words: the content words of the headline and the first WORD_WINDOW words, encoded and
 *   sampled as StoredSignature.words says;
 * - entities: the names and numbers of the headline and the first ENTITY_WORDS words, hashed
 *   apart from shingles, ascending, for the index. A name is a capitalized word that is not a
 *   function word or a date and does not open a sentence or the headline ("Police said...",
 *   "New rules..."): those would file many stories under one entry; a number has two digits or more;
 * - wholeText: the smallest name hash and the smallest number hash of the headline and the whole
 *   text (up to TEXT_WORDS words), named and hashed as the entities are.
 */
function factsOf(title: string, text: string): Facts {
  const facts = new FactReader();
  const read = (part: string, wordLimit: number, entityLimit: number, maxWords: number, capitalizesAll = false) => {
    let n = 0;
    for (const sentence of withoutMarks(part).split(/[.!?]/)) {
      let opensSentence = true;
      for (const token of sentence.split(/[^\p{L}\p{N}]+/u)) {
        if (token === '') continue;
        if (++n > maxWords) return;
        const first = token.charCodeAt(0);
        // Capitalized: its first letter is not its lowercase one.
        const isName = !capitalizesAll && !opensSentence && first !== token.charAt(0).toLowerCase().charCodeAt(0);
        opensSentence = false;
        // Past the lead, only names and numbers tell the reader anything (the whole text's entries).
        if (n > wordLimit && n > entityLimit && !isName && !(first >= 48 && first <= 57)) continue;
        const word = token.toLowerCase();
        facts.add(word, oneSpelling(word), isName, n <= wordLimit, n <= entityLimit);
      }
    }
  };
  read(title, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, isTitleCase(title));
  read(text, WORD_WINDOW, ENTITY_WORDS, TEXT_WORDS);
  return facts.result();
}

interface Facts {
  words: Uint16Array;
  entities: Uint32Array;
  /** The smallest name hash and the smallest figure hash of the whole text (hashed as entities), those it has. */
  wholeText: number[];
}

/** What factsOf keeps of each word it reads, whichever way the text was split. */
class FactReader {
  private readonly values: number[] = [];
  private readonly entities = new Set<number>();
  private smallestName = Number.POSITIVE_INFINITY;
  private smallestFigure = Number.POSITIVE_INFINITY;

  /** A word as read (lowercased), in one spelling (oneSpelling), and what factsOf says of its place (anywhere in the text: its names and figures). */
  add(word: string, spelled: string, isName: boolean, inWords: boolean, inEntities: boolean): void {
    if (FUNCTION_WORDS.has(word)) return;
    // The word as contentWord() has it (a number without its unit, else a 6-letter stem), hashed without cutting it out.
    const isNumber = isDigit(spelled, 0);
    const isFigure = isNumber && isDigit(spelled, 1);
    if (!inWords && !isName && !isFigure) return;
    const stemLength = isNumber ? digitsLength(spelled) : Math.min(spelled.length, 6);
    if (inWords) this.values.push(wordValue(spelled, isNumber, stemLength));
    if (!DATE_WORDS.has(word) && (isName || (isFigure && stemLength > 1))) {
      const hash = finish(fnv(ENTITY_SEED, spelled, stemLength));
      if (inEntities) this.entities.add(hash);
      if (isName) this.smallestName = Math.min(this.smallestName, hash);
      else this.smallestFigure = Math.min(this.smallestFigure, hash);
    }
  }

  result(): Facts {
    return {
      words: distinct(Uint16Array.from(this.values).sort()).subarray(0, MAX_WORDS),
      entities: Uint32Array.from(this.entities).sort(),
      wholeText: [this.smallestName, this.smallestFigure].filter(Number.isFinite),
    };
  }
}

/**
 * A content word as the signature keeps it: a number without its unit, else its first 6 letters (a
 * stem), hashed to 16 bits, the lowest bit set on numbers.
 */
function wordValue(spelled: string, isNumber = isDigit(spelled, 0), stemLength = isNumber ? digitsLength(spelled) : Math.min(spelled.length, 6)): number {
  return ((finish(fnv(FNV_SEED, spelled, stemLength)) >>> 16) & 0xfffe) | (isNumber ? 1 : 0);
}

/**
 * Whether a headline capitalizes every word of four letters or more (at least three of them), as
 * many outlets style headlines: its capitals then tell no names, and would fill the story's
 * entity index entries with words ("Detect", "Rocky") that a summary of it never files under.
 */
function isTitleCase(title: string): boolean {
  let long = 0;
  for (const word of title.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 4 || isDigit(word, 0)) continue;
    if (word.charCodeAt(0) === word.toLowerCase().charCodeAt(0)) return false;
    long++;
  }
  return long >= 3;
}

/** Where a word that starts with a digit ends when its trailing non-digits go (what .replace(/\D+$/, '') keeps). */
function digitsLength(word: string): number {
  let end = word.length;
  while (end > 0 && !isDigit(word, end - 1)) end--;
  return end;
}

/**
 * normalizedWords of an ASCII headline and text (the text's first TEXT_WORDS), and their factsOf,
 * in one pass: for ASCII, lowercasing the whole text or each word is one thing, and a word is a
 * run of letters and digits, so that both split it into the same words.
 */
function readAscii(heading: string, text: string): { titleWords: string[]; words: string[]; facts: Facts } {
  const facts = new FactReader();
  const titleWords: string[] = [];
  readAsciiPart(heading, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, titleWords, facts, Number.POSITIVE_INFINITY, isTitleCase(heading));
  const words = titleWords.slice();
  readAsciiPart(text, WORD_WINDOW, ENTITY_WORDS, words, facts, TEXT_WORDS);
  return { titleWords, words, facts: facts.result() };
}

/**
 * One part of readAscii: its words lowercased all at once, cut out of that copy (a word's first
 * letter in the part itself says whether it was capitalized), and a sentence's end noted as the
 * scan passes it (factsOf splits sentences at . ! ?).
 */
function readAsciiPart(
  part: string,
  wordLimit: number,
  entityLimit: number,
  words: string[],
  facts: FactReader,
  maxWords = Number.POSITIVE_INFINITY,
  capitalizesAll = false,
): void {
  const lower = part.toLowerCase();
  let n = 0;
  let opensSentence = true;
  for (let at = 0; at < lower.length && n < maxWords; ) {
    const code = lower.charCodeAt(at);
    if (!isAsciiWordChar(code)) {
      if (code === 46 || code === 33 || code === 63) opensSentence = true;
      at++;
      continue;
    }
    let end = at + 1;
    while (end < lower.length && isAsciiWordChar(lower.charCodeAt(end))) end++;
    const word = lower.slice(at, end);
    const spelled = oneSpelling(word);
    words.push(spelled);
    ++n;
    // Capitalized: its first letter is not its lowercase one.
    const isName = !capitalizesAll && !opensSentence && part.charCodeAt(at) !== code;
    // Past the lead, only names and numbers tell the reader anything (the whole text's entries).
    if (isName || n <= wordLimit || n <= entityLimit || (code >= 48 && code <= 57)) facts.add(word, spelled, isName, n <= wordLimit, n <= entityLimit);
    opensSentence = false;
    at = end;
  }
}

/** A lowercase ASCII letter or a digit: what [^\p{L}\p{N}]+ does not split in lowercased ASCII text. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** The window's word shingles as text (what textSignature hashes). */
export function shingles(title: string, body: string | undefined): Set<string> {
  const words = [...normalizedWords(respelled(title)), ...normalizedWords(respelled(withoutDateline(plainText(body ?? '')))).slice(0, TEXT_WORDS)];
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) set.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return set;
}

/**
 * A wire copy's dateline ("LONDON (Reuters) - ", "MADISON, Wis. (AP) — ", "THE HAGUE - ") cut
 * from the start of a text: the outlets that rewrite or summarize the story drop it, so its words
 * would be phrases and names only the wire's copy has, and would make the lede's first word a name.
 */
export function withoutDateline(text: string): string {
  return text.replace(DATELINE, '');
}

const DATELINE = /^(?:[A-Z][A-Z'./-]{2,}(?: [A-Z][A-Z'./-]+)*(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)? ?(?:\([A-Za-z]+\) ?)?|\([A-Za-z]+\) ?)[-\u2013\u2014] /;

/**
 * normalizedWords(text).slice(0, count) without normalizing all of a very long text: a prefix cut at a space has the same first words as the whole, since
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

/** Lowercased words without accents or punctuation, in one spelling: "US stocks' 2-1 rally" -> [us, stocks, 2, 1, rally]. */
export function normalizedWords(text: string): string[] {
  const words: string[] = [];
  for (const word of withoutMarks(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word !== '') words.push(oneSpelling(word));
  return words;
}

/**
 * What outlets write differently for one fact, written one way (before the text is split into
 * words, case kept for the names): 15 per cent / 15 percent / 15% -> 15 percent; $2.4m / 2.4mn /
 * 2.4 million dollars -> 2.4 million (the currency sign is dropped with the punctuation anyway);
 * U.S. / U.K. -> US / UK; Mr / Mrs / Ms / Dr before a name dropped; 25k / 25 thousand -> 25000 and
 * a time of day on the 24-hour clock (clockTime) before "25,000" and "2.75" become one number each
 * (25000, 275), so that they compare whole.
 */
export function respelled(text: string): string {
  const spelled = /hundred|ty-/i.test(text) ? text.replace(TENS_AND_UNITS, tensAndUnits).replace(HUNDREDS, hundreds) : text;
  // The first six rules start at a digit: a text without one (many headlines) skips them.
  const numbers = /\d/.test(spelled)
    ? spelled
        .replace(THOUSANDS, (_, number: string) => String(Math.round(Number(number.replace(/,/g, '')) * 1000)))
        .replace(CLOCK_TIME, clockTime)
        .replace(/(\d)[,.](\d)/g, '$1$2')
        .replace(/(\d)\s*(?:%|per\s?cent\b)/gi, '$1 percent')
        .replace(/(\d)\s*(?:m|mn|mln|million)\b(?:\s+(?:dollars|pounds|euros))?/gi, '$1 million')
        .replace(/(\d)\s*(?:bn|b|billion)\b(?:\s+(?:dollars|pounds|euros))?/gi, '$1 billion')
    : spelled;
  return numbers.replace(/\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?/g, '$1$2$3').replace(/\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?=[A-Z])/g, '');
}

/** A number written in words of two parts, tens and units (forty-one, Twenty-three). */
const TENS_AND_UNITS = /\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)\b/gi;
/**
 * Hundreds in words, with what follows them (three hundred and twelve, two hundred, Four hundred
 * and 41, nine hundred and ninety nine), but not a number of its own after "and" (three hundred
 * and 12,000 or 2.5).
 */
const HUNDREDS =
  /\b(one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+and\s+(\d{1,2}(?!\d|[,.]\d)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+(?:one|two|three|four|five|six|seven|eight|nine)\b(?!-)|[a-z]+\b))?\b/gi;

function tensAndUnits(_: string, tens: string, units: string): string {
  return String(Number(NUMBER_WORDS.get(tens.toLowerCase())) + Number(NUMBER_WORDS.get(units.toLowerCase())));
}

/** Hundreds as digits, and what follows "and" when it is a number below 100 (else it stays a word). */
function hundreds(match: string, count: string, rest: string | undefined): string {
  const value = 100 * Number(NUMBER_WORDS.get(count.toLowerCase()));
  if (rest === undefined) return String(value);
  const below = /^\d/.test(rest)
    ? Number(rest)
    : rest
        .toLowerCase()
        .split(/\s+/)
        .reduce((sum, word) => sum + Number(NUMBER_WORDS.get(word) ?? Number.NaN), 0);
  return Number.isNaN(below) || below >= 100 ? `${value} and ${rest}` : String(value + below);
}

/** A figure in thousands (25k, 2.5K, 25 thousand), found from its unit so that a digit that starts no such figure costs one test. */
const THOUSANDS = /(?<![\d,.])(\d[\d,]*(?:\.\d+)?)\s*(?:k|thousand)\b/gi;
/** A time of day with am or pm (3pm, 3.30am, 3:30 a.m.). */
const CLOCK_TIME = /\b(\d{1,2})(?:[.:](\d\d))?\s*([ap])\.?m\b/gi;

/**
 * A time of day on the 24-hour clock as its hour and minutes apart (3.30am, 3:30 a.m. -> 3 30;
 * 9:44 pm -> 21 44), as "21:44" reads: one outlet's house style is another's conversion.
 */
function clockTime(_: string, hour: string, minutes: string | undefined, half: string): string {
  const hours = half.toLowerCase() === 'p' && Number(hour) < 12 ? Number(hour) + 12 : Number(hour);
  return minutes === undefined ? String(hours) : `${hours} ${minutes}`;
}

/** The endings oneSpelling rewrites, tested first: most words have none of them. */
const BRITISH_ENDING = /(?:our|ours|oured|ouring|ise|ises|ised|ising|isation|isations|tre|tres|ence|ences|lled|lling|amme|ammes)$/;

/**
 * One spelling of a lowercased word: number words as digits (fourteen -> 14), British spellings as
 * American ones (colour, organise, centre, defence, travelled -> color, organize, center, defense,
 * traveled). The rules also reach a few words that have no other spelling ("tour" is too short,
 * but "contour" -> "contor"); that is harmless, since every text is read the same way.
 */
function oneSpelling(word: string): string {
  const number = NUMBER_WORDS.get(word);
  if (number !== undefined) return number;
  if (word.length < 6 || !BRITISH_ENDING.test(word)) return word;
  return word
    .replace(/our(s|ed|ing)?$/, 'or$1')
    .replace(/is(e|es|ed|ing|ation|ations)$/, 'iz$1')
    .replace(/tre(s)?$/, 'ter$1')
    .replace(/^(def|off|lic|pret)ence(s)?$/, '$1ense$2')
    .replace(/([aeiou])ll(ed|ing)$/, '$1l$2')
    .replace(/amme(s)?$/, 'am$1');
}


/** Sanitized HTML as the words a reader sees (tags dropped, common entities decoded). */
export function plainText(html: string): string {
  // Without an entity (which may decode to a space), tags and spacing go in one pass instead of
  // two copies of the text: each tag is a space, and every run of them and spaces one space.
  if (!html.includes('&')) return html.replace(TAGS_AND_SPACES, ' ').trim();
  return wordsOfHtml(html).replace(/\s+/g, ' ').trim();
}

const TAGS_AND_SPACES = /(?:<[^>]*>|\s)+/g;

/** plainText without its spacing tidied (normalizedWords splits at any space anyway), and no pass for what is absent. */
function wordsOfHtml(html: string): string {
  const text = html.includes('<') ? html.replace(/<[^>]*>/g, ' ') : html;
  return text.includes('&') ? text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => decodeEntity(entity)) : text;
}

function decodeEntity(entity: string): string {
  const lower = entity.toLowerCase();
  if (lower.startsWith('#x')) return codePoint(Number.parseInt(lower.slice(2), 16));
  if (lower.startsWith('#')) return codePoint(Number.parseInt(lower.slice(1), 10));
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[lower] ?? ' ';
}

/** A numeric entity's character; one beyond Unicode (&#xFFFFFF; in a hostile feed) reads as a space instead of throwing. */
function codePoint(value: number): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : ' ';
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

/**
 * The values of two shingle sketches that take part in comparing them: those up to the lower of
 * their tops, a full sketch's top being its largest value (above it, its text's shingles were not
 * kept) and a short text's none. Within that range both hold every shingle of their text, so the
 * shares counted there estimate the whole texts' (the bottom-k estimate of Jaccard similarity and
 * containment). Returns how many of a's and of b's values lie in it.
 */
export function comparedRange(a: Uint16Array, b: Uint16Array, max = MAX_SHINGLES): [number, number] {
  const top = Math.min(topOf(a, max), topOf(b, max));
  return [countUpTo(a, top), countUpTo(b, top)];
}

/** How many values two samples of at most `max` values share within their compared range, and how many each holds there. */
function sharedInRange(a: Uint16Array, b: Uint16Array, max: number): { shared: number; na: number; nb: number } {
  const [na, nb] = comparedRange(a, b, max);
  return { shared: sharedShingles(a.subarray(0, na), b.subarray(0, nb)), na, nb };
}

/** An empty sample: an older release's signature holds no quotes or text words. */
const NONE = new Uint16Array(0);

/** The largest value a sample holds all of its text's values up to: its last when it is full (`max` values). */
function topOf(sample: Uint16Array, max: number): number {
  return sample.length >= max ? (sample[sample.length - 1] as number) : 0xffff;
}

function countUpTo(sorted: Uint16Array, top: number): number {
  let n = sorted.length;
  while (n > 0 && (sorted[n - 1] as number) > top) n--;
  return n;
}

/** Jaccard similarity of two shingle sketches (over their compared range). */
export function similarity(a: Uint16Array, b: Uint16Array): number {
  const [na, nb] = comparedRange(a, b);
  const shared = sharedShingles(a.subarray(0, na), b.subarray(0, nb));
  const union = na + nb - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Whether two texts are one story's: their shingle sets very similar; or, unless each tells a
 * weekday and none in common (tellOtherDays), their figures agree (agreeOnFigures) or they share a
 * quote and its facts (agreeOnQuote); or, unless each tells facts the other lacks (tellApart),
 * their shingle sets similar enough overall, or nearly so and one of them a cut of the other, or
 * the smaller one mostly inside the other (both over the compared range), or the shorter text a
 * summary of the longer (isSummaryOf).
 */
export function isCopy(a: StoredSignature, b: StoredSignature, threshold: number): boolean {
  const [na, nb] = comparedRange(a.shingles, b.shingles);
  const shared = sharedShingles(a.shingles.subarray(0, na), b.shingles.subarray(0, nb));
  const smaller = Math.min(na, nb);
  const union = na + nb - shared;
  if (shared >= STRONG_SIMILARITY * threshold * union) return true;
  if (tellOtherDays(a.facts, b.facts)) return false;
  if (agreeOnFigures(a, b)) return true;
  const facts = compareFacts(a.facts, b.facts);
  if (agreeOnQuote(a, b, facts)) return true;
  if (tellApart(facts)) return false;
  if (shared >= lowestThreshold(facts, threshold) * union) return true;
  if (smaller >= MIN_CONTAINED && shared >= CONTAINMENT * smaller) return true;
  return a.shingles.length <= b.shingles.length ? isSummaryOf(a, b) : isSummaryOf(b, a);
}

/**
 * The Jaccard similarity two texts need, given how their facts compare: none when they tell many
 * of the same facts (agreeOnMany), else the threshold, or the look below it when they tell the same
 * facts (agreeOn) or one is a cut of the other (isCutOf).
 */
function lowestThreshold(facts: ComparedFacts, threshold: number): number {
  if (agreeOnMany(facts)) return 0;
  if (agreeOn(facts)) return AGREE_SIMILARITY * threshold;
  if (isCut(facts)) return CUT_SIMILARITY * threshold;
  return threshold;
}

/**
 * Whether each of two fact samples tells a weekday and they tell none in common, counting within
 * the range both sampled fully (a weekday above it may be in the other text): two days' stories.
 * An outlet's copy keeps the wire's day or drops it (a deck, "this week"), but a follow-up or a
 * story of the same kind on another day tells another. On every tuning part no copy that tells
 * another weekday than its pair is judged one (4 such copies among 1,223 pairs), while a follow-up a
 * week later that repeats four of a cut's figures was (tuning part 7).
 */
export function tellOtherDays(a: Uint16Array, b: Uint16Array): boolean {
  const top = Math.min(topOf(a, MAX_FACTS), topOf(b, MAX_FACTS));
  const daysA = daysUpTo(a, top);
  const daysB = daysUpTo(b, top);
  return daysA.length > 0 && daysB.length > 0 && !daysA.some((day) => daysB.includes(day));
}

/** A fact sample's weekdays up to top (its values are sorted). */
function daysUpTo(facts: Uint16Array, top: number): number[] {
  const days: number[] = [];
  for (const fact of facts) {
    if (fact > top) break;
    if (WEEKDAY_FACTS.has(fact)) days.push(fact);
  }
  return days;
}

/** Whether each of two texts tells NEW_FACTS facts the other lacks, and they do not agree on their facts: two stories. */
const tellApart = (facts: ComparedFacts) => facts.onlyA >= NEW_FACTS && facts.onlyB >= NEW_FACTS && !agreeOn(facts);

/**
 * Whether two texts share a quote (QUOTE_SHINGLES quote shingles, all of the one with fewer within
 * the range both samples hold fully), agree on their facts enough for it (QUOTE_FACTS shared, one
 * side holding at most QUOTE_APART the other lacks) and tell it in alike words (TEXT_WORD_SIMILARITY
 * of their whole texts' content words): a press release's or a campaign's stock line, quoted in
 * two different stories that share a year and a headcount, is not enough on its own.
 */
export function agreeOnQuote(a: StoredSignature, b: StoredSignature, facts: ComparedFacts): boolean {
  if (facts.shared < QUOTE_FACTS || Math.min(facts.onlyA, facts.onlyB) > QUOTE_APART) return false;
  const { shared, na, nb } = sharedInRange(a.quotes ?? NONE, b.quotes ?? NONE, MAX_QUOTES);
  return shared >= QUOTE_SHINGLES && shared === Math.min(na, nb) && textWordSimilarity(a, b) >= TEXT_WORD_SIMILARITY;
}

/** Whether two texts share at least AGREE_FACTS facts and no fewer than they hold apart. */
function agreeOn({ onlyA, onlyB, shared }: ComparedFacts): boolean {
  return shared >= AGREE_FACTS && shared >= onlyA + onlyB;
}

/** Whether two texts share at least MANY_FACTS facts and hold apart at most one for every MANY_FACTS_PER_APART they share. */
function agreeOnMany({ onlyA, onlyB, shared }: ComparedFacts): boolean {
  return shared >= MANY_FACTS && MANY_FACTS_PER_APART * (onlyA + onlyB) <= shared;
}

const isCut = ({ onlyA, onlyB, shared }: ComparedFacts) => shared >= CUT_FACTS && (onlyA === 0 || onlyB === 0);

/**
 * Whether one of two fact samples holds no value the other lacks and they share at least
 * CUT_FACTS, counting within the range both sampled fully (compareFacts).
 */
export function isCutOf(a: Uint16Array, b: Uint16Array): boolean {
  return isCut(compareFacts(a, b));
}

/**
 * Whether two texts tell one story's figures: at most FIGURE_CONFLICTS figures the copy lacks on
 * each side of a pair (one figure on each side that the other lacks), at least FIGURES shared for
 * each such pair and one more set, the side holding more figures apart (a cut one, or a follow-up
 * repeating the first story's) holding at most FIGURE_CONFLICTS more of them than the two share,
 * not each NEW_FACTS facts of its own (unless they agree on their facts: agreeOn), and
 * TEXT_WORD_SIMILARITY of their whole texts' content words.
 */
export function agreeOnFigures(a: StoredSignature, b: StoredSignature): boolean {
  const compared = compareFigures(a, b);
  if (!compared) return false;
  const { facts } = compared;
  const pairs = Math.min(compared.onlyA, compared.onlyB);
  const apart = Math.max(compared.onlyA, compared.onlyB);
  if (pairs > FIGURE_CONFLICTS || apart > compared.shared + FIGURE_CONFLICTS || compared.shared < FIGURES * (1 + pairs)) return false;
  if (tellApart(facts)) return false;
  return textWordSimilarity(a, b) >= TEXT_WORD_SIMILARITY;
}

/**
 * The figures (facts of two digits or more) of two signatures compared within the range both
 * fact samples hold fully: those only a holds, only b holds, and both hold, and the same counts
 * for all their facts (compareFacts, from the same walk); undefined when one is an older
 * release's, which did not tell its figures.
 */
export function compareFigures(a: StoredSignature, b: StoredSignature): (ComparedFacts & { facts: ComparedFacts }) | undefined {
  if (a.figures === undefined || b.figures === undefined) return undefined;
  const counts = { onlyA: 0, onlyB: 0, shared: 0, facts: { onlyA: 0, onlyB: 0, shared: 0 } };
  let i = 0;
  let j = 0;
  const [na, nb] = comparedRange(a.facts, b.facts, MAX_FACTS);
  while (i < na || j < nb) {
    const x = i < na ? (a.facts[i] as number) : 0x10000;
    const y = j < nb ? (b.facts[j] as number) : 0x10000;
    if (x === y) {
      if ((a.figures >> i) & 1) counts.shared++;
      counts.facts.shared++;
      i++;
      j++;
    } else if (x < y) {
      counts.onlyA += (a.figures >> i) & 1;
      counts.facts.onlyA++;
      i++;
    } else {
      counts.onlyB += (b.figures >> j) & 1;
      counts.facts.onlyB++;
      j++;
    }
  }
  return counts;
}

/** Jaccard similarity of two signatures' whole-text content words (over the range both samples hold fully). */
export function textWordSimilarity(a: StoredSignature, b: StoredSignature): number {
  const { shared, na, nb } = sharedInRange(a.textWords ?? NONE, b.textWords ?? NONE, MAX_TEXT_WORDS);
  return na + nb - shared === 0 ? 0 : shared / (na + nb - shared);
}

interface ComparedFacts {
  onlyA: number;
  onlyB: number;
  shared: number;
}

/**
 * Two fact samples compared within the range both sampled fully: the values only a holds, only b
 * holds, and both hold; a's values in `unless` that b lacks are not counted.
 */
function compareFacts(a: Uint16Array, b: Uint16Array, unless?: ReadonlySet<number>): ComparedFacts {
  const { shared, na, nb } = sharedInRange(a, b, MAX_FACTS);
  let onlyA = na - shared;
  if (unless) for (let i = 0; i < na; i++) if (unless.has(a[i] as number) && !b.includes(a[i] as number)) onlyA--;
  return { onlyA, onlyB: nb - shared, shared };
}

/**
 * A short text whose content words are mostly in a much longer text's lead, one of them a number,
 * or nearly all of them when it brings no fact the text lacks (hasOnlyFactsOf), or fewer of them
 * when it tells AGREE_FACTS of the text's facts and none it lacks: a summary-only feed's copy in
 * its own words. Only the summary's words within the range of the full text's sampled words count
 * (a bottom-k sample: the others may be in the text). A summary telling SUMMARY_NEW_FACTS facts
 * the text lacks, more than it shares, is another story's, whatever its words.
 */
export function isSummaryOf(summary: StoredSignature, full: StoredSignature): boolean {
  if (full.shingles.length < SUMMARY_RATIO * summary.shingles.length) return false;
  const facts = compareFacts(summary.facts, full.facts, droppedDays(full.facts));
  // A text without facts may be an older release's record, which kept none.
  if (full.facts.length > 0 && facts.onlyA >= SUMMARY_NEW_FACTS && facts.onlyA > facts.shared) return false;
  const top = full.words.length >= MAX_WORDS ? (full.words[full.words.length - 1] as number) : 0xffff;
  let counted = 0;
  let shared = 0;
  let sharedNumbers = 0;
  let j = 0;
  for (const word of summary.words) {
    if (word > top) break;
    counted++;
    while (j < full.words.length && (full.words[j] as number) < word) j++;
    if (full.words[j] === word) {
      shared++;
      sharedNumbers += word & 1;
    }
  }
  if (counted >= MIN_WORDS && sharedNumbers > 0) {
    if (shared >= WORD_CONTAINMENT * counted) return true;
    if (facts.onlyA === 0 && facts.shared >= AGREE_FACTS && shared >= FACT_SUMMARY_CONTAINMENT * counted) return true;
  }
  return counted >= FEW_WORDS && shared >= FACT_WORD_CONTAINMENT * counted && hasOnlyFactsOf(summary.facts, full.facts);
}

/**
 * Whether a summary carries at least one fact and none the full text lacks, counting the
 * summary's facts within the range of the full text's sample (above its top, the text may hold them).
 */
export function hasOnlyFactsOf(summary: Uint16Array, full: Uint16Array): boolean {
  const inRange = summary.subarray(0, countUpTo(summary, topOf(full, MAX_FACTS)));
  const dropped = droppedDays(full);
  const counted = dropped ? inRange.filter((fact) => !dropped.has(fact)).length : inRange.length;
  return counted > 0 && sharedShingles(inRange, full) === counted;
}

/**
 * The weekdays a summary may tell that a full text lacks: all of them when the text tells none (a
 * rewrite dropped "on Friday"; every story of a day has one, and a follow-up brings new numbers, not
 * a new day alone), none when it tells another day.
 */
function droppedDays(full: Uint16Array): ReadonlySet<number> | undefined {
  return full.some((fact) => WEEKDAY_FACTS.has(fact)) ? undefined : WEEKDAY_FACTS;
}

/** What the store decides for two texts: a shared index hash makes them candidates, and isCopy decides. */
export function isNearDuplicate(a: TextSignature, b: TextSignature, threshold: number): boolean {
  const isCandidate = [...a.index].some((hash) => b.index.includes(hash));
  return isCandidate && isCopy(a, b, threshold);
}

/**
 * The signature as stored in the story record, 2 bytes a value, big-endian, so that Lua reads
 * it with string.byte: <1 byte: word count k> <k words> <shingles>, or, when the text has facts,
 * <1 byte: 128 + k> <2 bytes: fact count f> <k words> <f facts> <shingles>, where f + 32768 tells
 * that the facts are followed by <2 bytes: figures> <2 bytes: text word count t> <t text words>,
 * and t + 32768 that the text words are followed by <2 bytes: quote count q> <q quotes>.
 * Its length is odd, which tells it from a record of an older release, whose signature was the
 * shingles alone.
 */
export function encodeSignature({ shingles, words, facts, figures, textWords, quotes }: StoredSignature): Buffer {
  const head = facts.length > 0 ? 3 : 1;
  const extended = facts.length > 0 && figures !== undefined && textWords !== undefined;
  const quoted = extended && quotes !== undefined && quotes.length > 0;
  const extension = (extended ? 4 + 2 * textWords.length : 0) + (quoted ? 2 + 2 * quotes.length : 0);
  const bytes = Buffer.allocUnsafe(head + extension + 2 * (words.length + facts.length + shingles.length));
  bytes[0] = words.length + (facts.length > 0 ? 128 : 0);
  if (facts.length > 0) bytes.writeUInt16BE(facts.length + (extended ? 32768 : 0), 1);
  let at = head;
  const write = (value: number) => {
    bytes.writeUInt16BE(value, at);
    at += 2;
  };
  for (const values of [words, facts]) for (const value of values) write(value);
  if (extended) {
    write(figures);
    write(textWords.length + (quoted ? 32768 : 0));
    for (const value of textWords) write(value);
    if (quoted) {
      write(quotes.length);
      for (const value of quotes) write(value);
    }
  }
  for (const value of shingles) write(value);
  return bytes;
}

export function decodeSignature(bytes: Buffer): StoredSignature {
  const values = (from: number, to: number) => {
    const out = new Uint16Array((to - from) >> 1);
    for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt16BE(from + 2 * i);
    return out;
  };
  if (bytes.length % 2 === 0) return { words: new Uint16Array(0), facts: new Uint16Array(0), shingles: values(0, bytes.length) };
  const hasFacts = (bytes[0] as number) >= 128;
  const wordsStart = hasFacts ? 3 : 1;
  const wordsEnd = wordsStart + 2 * ((bytes[0] as number) & 127);
  const factCount = hasFacts ? bytes.readUInt16BE(1) : 0;
  const factsEnd = wordsEnd + 2 * (factCount & 32767);
  const signature = { words: values(wordsStart, wordsEnd), facts: values(wordsEnd, factsEnd) };
  if (factCount < 32768) return { ...signature, shingles: values(factsEnd, bytes.length) };
  const textWordCount = bytes.readUInt16BE(factsEnd + 2);
  const textWordsEnd = factsEnd + 4 + 2 * (textWordCount & 32767);
  const quotesEnd = textWordCount < 32768 ? textWordsEnd : textWordsEnd + 2 + 2 * bytes.readUInt16BE(textWordsEnd);
  return {
    ...signature,
    figures: bytes.readUInt16BE(factsEnd),
    textWords: values(factsEnd + 4, textWordsEnd),
    ...(textWordCount < 32768 ? {} : { quotes: values(textWordsEnd + 2, quotesEnd) }),
    shingles: values(quotesEnd, bytes.length),
  };
}

/**
 * The k smallest distinct values of values[from, to), ascending: what sorting a copy of that range
 * and keeping its first k distinct values gives (a lede's few index hashes), without the copy and the sort.
 */
function smallestDistinct(values: Uint32Array, from: number, to: number, k: number): number[] {
  const smallest: number[] = [];
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (smallest.length === k && value >= (smallest[k - 1] as number)) continue;
    let at = smallest.length;
    while (at > 0 && (smallest[at - 1] as number) > value) at--;
    if (at > 0 && smallest[at - 1] === value) continue;
    smallest.splice(at, 0, value);
    if (smallest.length > k) smallest.pop();
  }
  return smallest;
}

// Buffers plainTextSignature sorts and samples in, kept from one text to the next (grown when a
// text needs more): a typed array of a few hundred bytes is allocated outside the heap, which costs
// more than the work done in it.
let shared32 = new Uint32Array(4096);
let shared16 = new Uint16Array(4096);

function scratch32(length: number): Uint32Array {
  if (shared32.length < length) shared32 = new Uint32Array(2 ** Math.ceil(Math.log2(length)));
  return shared32.subarray(0, length);
}

function scratch16(length: number): Uint16Array {
  if (shared16.length < length) shared16 = new Uint16Array(2 ** Math.ceil(Math.log2(length)));
  return shared16.subarray(0, length);
}

function distinct<T extends Uint16Array | Uint32Array>(sorted: T): T {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n) as T;
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so that every bit of the result depends on every input bit. */
export function shingleHash(text: string): number {
  return finish(fnv(FNV_SEED, text));
}

const FNV_SEED = 0x811c9dc5;
/** The weekdays as fact values (droppedDays). */
export const WEEKDAY_FACTS: ReadonlySet<number> = new Set(
  'monday tuesday wednesday thursday friday saturday sunday'.split(' ').map((day) => shingleHash(`=${day}`) >>> 16),
);
/** fnv's state after "#": an entity's hash is shingleHash(`#${stem}`). */
const ENTITY_SEED = fnv(FNV_SEED, '#');

/**
 * shingleHash of the SHINGLE_WORDS words from `start` joined by single spaces, without building
 * that string (one per word of every item, the hot loop of textSignature).
 */
function shingleHashAt(words: readonly string[], start: number): number {
  let hash = fnv(FNV_SEED, words[start] as string);
  for (let w = start + 1; w < start + SHINGLE_WORDS; w++) hash = fnv(Math.imul(hash ^ 0x20, 0x01000193), words[w] as string);
  return finish(hash);
}

/** FNV-1a of the first `length` code units of text (all by default). */
function fnv(seed: number, text: string, length = text.length): number {
  let hash = seed;
  for (let i = 0; i < length; i++) {
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
