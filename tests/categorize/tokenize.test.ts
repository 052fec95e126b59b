// The tokenizer decides what the classifier can see; these are the cases that would quietly
// lose evidence if they broke.
import { expect, test } from 'vitest';
import { features, stem } from '../../src/categorize/tokenize.js';

test('stems fold plurals and verb forms together', () => {
  expect(stem('elections')).toBe(stem('election'));
  expect(stem('striking')).toBe(stem('strikes'));
  expect(stem('running')).toBe(stem('runs'));
  expect(stem('companies')).toBe(stem('company'));
  expect(stem('business')).toBe('business');
});

test('features drop stop words, punctuation and accents, keep numbers only in pairs, and add neighbouring pairs', () => {
  const found = features("Fed's rate cut: what it means for 2025 mortgages — Café owners react");
  expect([...found.keys()]).toEqual([
    'fed',
    'rate',
    'fed rate',
    'cut',
    'rate cut',
    'mean',
    'cut mean',
    'mean 2025',
    'mortgag',
    '2025 mortgag',
    'mean mortgag',
    'cafe',
    'mortgag cafe',
    'owner',
    'cafe owner',
    'react',
    'owner react',
  ]);
  expect(found.get('mortgag')).toBe('mortgages');
});

test('"US" and "U.S." become the country, not the stop word "us"; "U.N." stays one word', () => {
  expect([...features('US tariffs hit U.S. farmers; tell us more').keys()]).toContain('usa tariff');
  expect([...features('U.S. farmers').keys()]).toContain('usa farmer');
  expect([...features('U.N. envoy').keys()]).toEqual(['un', 'envoy', 'un envoy']);
});

test('pairing stop words count only inside a pair ("deadline day", "new species"), never alone', () => {
  const found = [...features('Transfer deadline day brings a new species of bargain').keys()];
  expect(found).toContain('deadlin day');
  expect(found).not.toContain('day');
  expect(found).toContain(`new ${stem('species')}`);
  expect(found).not.toContain('new');
});

test('numbers and ampersand initialisms name things with a neighbour ("Formula 1", "S&P 500")', () => {
  const found = [...features('Formula 1 and the S&P 500 after WHO alert').keys()];
  expect(found).toContain('formula 1');
  expect(found).toContain('sandp 500');
  expect(found).not.toContain('500');
  expect([...features('Citi to cut 20,000 jobs').keys()]).toContain('cut job');
  expect(found).toContain('world health');
});

test('"IT" in capitals is information technology in mixed-case text, the pronoun in an all-capitals headline', () => {
  expect([...features('NHS IT system failure delays scans').keys()]).toContain('technology');
  expect([...features('Council blames IT outage; it says it is fixed').keys()]).toContain('technology outag');
  expect([...features("Why IT'S time to go").keys()]).not.toContain('technology');
  expect([...features('IT IS OVER FOR THE CHAMPIONS').keys()]).not.toContain('technology');
});
