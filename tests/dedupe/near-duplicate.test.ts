// The pure near-duplicate path: what makes two texts copies, and what the store will store.
import { describe, expect, test } from 'vitest';
import {
  decodeSignature,
  encodeSignature,
  INDEX_HASHES,
  isCopy,
  isCutOf,
  isNearDuplicate,
  MAX_TEXT_WORDS,
  MIN_CONTAINED,
  normalizedWords,
  plainText,
  respelled,
  shingleHash,
  shingles,
  similarity,
  textSignature,
  withoutDateline,
} from '../../src/dedupe/near-duplicate.js';

const THRESHOLD = 0.23;
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

  test('a summary-only feed carrying the lede of a long text under its own headline finds the text through the index', () => {
    // The smallest shingle hashes of this long text all lie outside its lede: only the lede's own index entries join them.
    const lede =
      'The island ferry service stopped all sailings on Monday when an engine fire forced a ship with 240 people on board to turn back to harbour.';
    const full = signature(
      title,
      `${lede} ${body.slice(body.indexOf('.') + 2)} Engineers from the manufacturer flew in overnight to examine the damaged engine room, and investigators from the marine accident branch opened an inquiry into the cause of the blaze. Island hauliers warned that supermarket shelves could empty within days if freight could not move, while hoteliers reported a wave of cancellations at the start of the busiest month of the season. Local councillors asked the government to charter a replacement vessel until the fleet was cleared to sail again.`,
    );
    const summary = signature('Islands cut off as ferry fire halts every crossing', lede);
    expect(isNearDuplicate(full, summary, THRESHOLD)).toBe(true);
  });

  test('identical texts have similarity 1 and the same index hashes', () => {
    const a = signature(title, body);
    const b = signature(title, `<p>${body}</p>`);
    expect(similarity(a.shingles, b.shingles)).toBe(1);
    expect(a.index).toEqual(b.index);
  });

  test('the similarity is the Jaccard similarity of the shingle sets', () => {
    const a = shingles(title, body);
    const trimmed = body.replace(/ The company said.*$/, '');
    const b = shingles(title, trimmed);
    const shared = [...a].filter((s) => b.has(s)).length;
    expect(similarity(signature(title, body).shingles, signature(title, trimmed).shingles)).toBeCloseTo(shared / (a.size + b.size - shared), 2);
  });

  test('a headline alone is too short to call anything its copy', () => {
    expect(textSignature('Live: scores', undefined)).toBeUndefined();
  });
});

describe('unseen kinds of copies', () => {
  const original = signature(title, body);
  const copies: [string, string, string][] = [
    ['headline recased', 'FERRY OPERATOR SUSPENDS CROSSINGS AFTER ENGINE FIRE', body],
    ['numbers respelled', title, body.replace('240', 'two hundred and forty').replace('four other', '4 other')],
    ['a sentence added', title, `${body} The operator runs 30 crossings a day in summer.`],
    ['a sentence trimmed', title, body.replace(/ Nobody was hurt, the coastguard said\./, '')],
    [
      'lede rewritten',
      title,
      body.replace(
        'A ferry operator suspended all crossings between the mainland and the islands on Monday after an engine fire on one of its vessels',
        'All ferry crossings to the islands were halted on Monday when an engine fire broke out aboard one of the operator\'s vessels and',
      ),
    ],
  ];
  for (const [kind, copyTitle, copyBody] of copies) {
    test(`${kind}: still a near duplicate`, () => {
      expect(isNearDuplicate(original, signature(copyTitle, copyBody), THRESHOLD)).toBe(true);
    });
  }
});

describe('a summary-only copy', () => {
  const wire = signature(
    title,
    `PORT ELLEN (Reuters) - ${body} Crossings are expected to resume next week, the company said in a statement on its website. The operator carried 1.2 million passengers last year on its five routes. Island businesses said the timing, at the start of the tourist season, could not be worse. A spokesperson for the island council said extra flights to the mainland would be laid on from Wednesday.`,
  );

  test("whose description is the wire's lede, under the outlet's own headline, is a copy", () => {
    const copy = signature('Island ferries halted by fire', body.replace(/ Nobody was hurt.*$/, ''));
    // Most of the summary is inside the wire text, though the two are far from similar overall.
    expect(similarity(wire.shingles, copy.shingles)).toBeLessThan(THRESHOLD);
    expect(isNearDuplicate(wire, copy, THRESHOLD)).toBe(true);
  });

  test('in its own words, without a number, is a copy when it tells only facts the text has', () => {
    const summary = 'The ferry operator suspended all crossings to the islands on Monday after an engine fire on a vessel sent passengers back to port.';
    expect(isNearDuplicate(wire, signature('Ferry crossings to islands suspended after fire', summary), THRESHOLD)).toBe(true);
    // The same words on another day: a follow-up's summary, not a copy.
    const otherDay = signature('Ferry crossings to islands suspended after fire', summary.replace('Monday', 'Friday'));
    expect(isNearDuplicate(wire, otherDay, THRESHOLD)).toBe(false);
  });

  test('is not one when it is only a few stock phrases', () => {
    const stock = signature('Ferry operator suspends crossings', 'after an engine fire, the coastguard said.');
    expect(stock.shingles.length).toBeLessThan(MIN_CONTAINED);
    expect(isCopy(wire, stock, THRESHOLD)).toBe(false);
  });
});

describe('signature layout the store relies on', () => {
  test('is fixed: sorted 16-bit shingle and word values, INDEX_HASHES ascending index hashes, the same in every process', () => {
    const sig = signature(title, body);
    expect([...sig.shingles]).toEqual([...sig.shingles].sort((a, b) => a - b));
    expect([...sig.words]).toEqual([...sig.words].sort((a, b) => a - b));
    expect(sig.index).toHaveLength(INDEX_HASHES);
    expect([...sig.index]).toEqual([...sig.index].sort((a, b) => a - b));
    const bytes = encodeSignature(sig);
    // Odd: the store tells it from an older release's signature, the shingles alone (even).
    expect(bytes.length % 2).toBe(1);
    expect(sig.facts.length).toBeGreaterThan(0);
    expect(sig.figures).toBeGreaterThan(0);
    expect(sig.textWords?.length).toBeGreaterThan(0);
    expect(sig.textWords?.length).toBeLessThanOrEqual(MAX_TEXT_WORDS);
    expect(decodeSignature(bytes)).toEqual({ shingles: sig.shingles, words: sig.words, facts: sig.facts, figures: sig.figures, textWords: sig.textWords });
    const none = new Uint16Array(0);
    // The signature an earlier release wrote before figures and text words.
    const withoutFigures = encodeSignature({ shingles: sig.shingles, words: sig.words, facts: sig.facts });
    expect(withoutFigures.length % 2).toBe(1);
    expect(decodeSignature(withoutFigures)).toEqual({ shingles: sig.shingles, words: sig.words, facts: sig.facts });
    // A text without numbers or dates, and the signature an earlier release wrote before facts.
    const withoutFacts = encodeSignature({ ...sig, facts: none });
    expect(withoutFacts.length % 2).toBe(1);
    expect(decodeSignature(withoutFacts)).toEqual({ shingles: sig.shingles, words: sig.words, facts: none });
    // The shingles alone, as the oldest releases wrote them.
    expect(decodeSignature(bytes.subarray(bytes.length - 2 * sig.shingles.length))).toEqual({ shingles: sig.shingles, words: none, facts: none });
    // Stored signatures outlive a release: a change of hashing would silently stop merges.
    expect(shingleHash('ferry operator suspends')).toMatchInlineSnapshot(`991285360`);
  });
});

describe('index entries from the whole text', () => {
  test("a name and a figure told only deep in the text are filed as the lead's entities are, so a text leading with them meets it", () => {
    const filler = Array.from({ length: 12 }, (_, i) => `crews worked through night ${'abcdefghijkl'[i]} clearing blocked lanes and drains`).join(' and ');
    const deep = signature('Storm closes roads across the north', `${filler}. Officials in Kettlewick counted 4817 fallen trees by evening.`);
    const lead = signature('Fallen trees counted after the storm', 'By evening Kettlewick had lost 4817 trees, its council said, and most roads stayed shut.');
    for (const entity of [shingleHash('#kettle'), shingleHash('#4817')]) {
      expect(deep.index).toContain(entity);
      expect(lead.index).toContain(entity);
    }
    expect(deep.index).toHaveLength(INDEX_HASHES);
  });
});

describe('a copy cut to fewer paragraphs', () => {
  test('carries no fact the other text lacks, where a second story on the event brings its own', () => {
    const facts = (...values: number[]) => Uint16Array.from(values);
    expect(isCutOf(facts(10, 20, 30), facts(10, 20, 30, 40, 50))).toBe(true);
    expect(isCutOf(facts(10, 20, 30, 60), facts(10, 20, 30, 40))).toBe(false);
    // One shared number is too little to call the texts one story's.
    expect(isCutOf(facts(10), facts(10, 20))).toBe(false);
  });
});

describe('text normalization', () => {
  test('drops accents, case and punctuation but keeps digits', () => {
    expect(normalizedWords('Café “Zürich” won 2–1, U.S.-style!')).toEqual(['cafe', 'zurich', 'won', '2', '1', 'u', 's', 'style']);
  });

  test('reads sanitized HTML as text', () => {
    expect(plainText('<p>Fish &amp; chips&nbsp;&#8364;5</p><p>Next</p>')).toBe('Fish & chips €5 Next');
  });

  test('reads a numeric entity beyond Unicode, as a hostile feed may send, as a space instead of failing the item', () => {
    expect(plainText('<p>Fish&#xFFFFFF;chips &#99999999; here</p>')).toBe('Fish chips here');
    expect(textSignature(title, `<p>&#x110000;${body}</p>`)).toEqual(textSignature(title, `<p> ${body}</p>`));
  });

  test('takes no names from a headline that capitalizes every word, as its capitals tell none: its index is the sentence-case headline\'s', () => {
    const titleCase = textSignature('Webb Telescope Detects Water Vapour Around Rocky World', body);
    const sentenceCase = textSignature('Webb telescope detects water vapour around rocky world', body);
    expect(titleCase?.index).toEqual(sentenceCase?.index);
  });

  test('writes thousands and times of day one way, as outlets convert them (185k, 185,000; 3.30am, 3:30 a.m.; 9:44 pm, 21:44)', () => {
    const words = (text: string) => normalizedWords(respelled(text));
    for (const figure of ['185k', '185K', '185,000', '185 thousand']) expect(words(`${figure} people`)).toEqual(['185000', 'people']);
    expect(words('2.5k runners')).toEqual(['2500', 'runners']);
    for (const time of ['3.30am', '3:30 a.m.', '3:30am']) expect(words(`at ${time} on`)).toEqual(['at', '3', '30', 'on']);
    expect(words('at 9:44 pm')).toEqual(words('at 21:44'));
    expect(words('at 9pm')).toEqual(['at', '21']);
    expect(words('a 2:02:48 finish in 5 km')).toEqual(['a', '2', '02', '48', 'finish', 'in', '5', 'km']);
  });

  test("leaves out a wire copy's dateline, which the outlets' copies drop, and keeps a text's own first words", () => {
    const plain = textSignature(title, body);
    for (const dateline of ['PORT ELLEN (Reuters) - ', 'OBAN, Scotland (AP) \u2014 ', 'THE HAGUE - ', '(Reuters) - ']) {
      expect(textSignature(title, `${dateline}${body}`)).toEqual(plain);
    }
    expect(withoutDateline('US - China talks resume')).toBe('US - China talks resume');
    expect(withoutDateline('NASA astronauts return')).toBe('NASA astronauts return');
  });
});
