// Dates as real feeds write them, read to epoch ms; what cannot be read is undefined
// (ingest then uses first-seen), and nothing is later than the poll.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseFeedDate } from '../../src/feeds/parse/dates.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

const readable: [string, string][] = [
  ['Mon, 05 Feb 2024 10:00:00 GMT', '2024-02-05T10:00:00Z'],
  ['Thu, 05 Feb 2024 10:00:00 GMT', '2024-02-05T10:00:00Z'],
  ['5 Feb 2024 10:00:00 +0000', '2024-02-05T10:00:00Z'],
  ['Mon, 05 Feb 24 10:00:00 GMT', '2024-02-05T10:00:00Z'],
  ['Mon, 05 Feb 99 10:00:00 GMT', '1999-02-05T10:00:00Z'],
  ['Mon, 05 Feb 2024 10:00 GMT', '2024-02-05T10:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 EST', '2024-02-05T15:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 EDT', '2024-02-05T14:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 PST', '2024-02-05T18:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 PDT', '2024-02-05T17:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 CET', '2024-02-05T09:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 CEST', '2024-02-05T08:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 JST', '2024-02-05T01:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 UT', '2024-02-05T10:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 GMT+2', '2024-02-05T08:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 GMT-05:00', '2024-02-05T15:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 +0530', '2024-02-05T04:30:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 -0800 (PST)', '2024-02-05T18:00:00Z'],
  ['Mon, 05 Feb 2024 10:00:00 GMT, updated later', '2024-02-05T10:00:00Z'],
  ['Monday, February 5, 2024 10:00 PM', '2024-02-05T22:00:00Z'],
  ['February 5, 2024 12:30 am EST', '2024-02-05T05:30:00Z'],
  ['5 February 2024', '2024-02-05T00:00:00Z'],
  ['2024-02-05T10:00:00Z', '2024-02-05T10:00:00Z'],
  ['2024-02-05T10:00:00.123456+01:00', '2024-02-05T09:00:00Z'],
  ['2024-02-05T10:00:00+0100', '2024-02-05T09:00:00Z'],
  ['2024-02-05T10:00:00', '2024-02-05T10:00:00Z'],
  ['2024-02-05 10:00:00', '2024-02-05T10:00:00Z'],
  ['2024-02-05T10:00Z', '2024-02-05T10:00:00Z'],
  ['2024-02-05', '2024-02-05T00:00:00Z'],
  ['2024/02/05 10:00', '2024-02-05T10:00:00Z'],
  ['05.02.2024 10:00', '2024-02-05T10:00:00Z'],
  ['  Mon, 05 Feb 2024 10:00:00 GMT\n', '2024-02-05T10:00:00Z'],
  ['Sat, 31 Dec 2016 23:59:60 GMT', '2016-12-31T23:59:59Z'],
];

const unreadable = [
  '',
  '   ',
  'sometime last week',
  'Fri, 30 Feb 2024 10:00:00 GMT',
  '2024-13-01T00:00:00Z',
  '2024-02-05T25:00:00Z',
  '0001-01-01T00:00:00Z',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  '1969-07-20T20:17:00Z',
  'Feb 2024',
  'x'.repeat(500),
];

describe('parseFeedDate', () => {
  test.each(readable)('reads %j', (raw, expected) => {
    expect(parseFeedDate(raw, NOW)).toBe(Date.parse(expected));
  });

  test.each(unreadable)('gives up on %j', (raw) => {
    expect(parseFeedDate(raw, NOW)).toBeUndefined();
  });

  test('a date in the future is clamped to the poll time', () => {
    expect(parseFeedDate('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(NOW);
    expect(parseFeedDate('2026-01-01T00:00:01Z', NOW)).toBe(NOW);
  });

  test('missing input is undefined', () => {
    expect(parseFeedDate(undefined, NOW)).toBeUndefined();
  });
});

describe('RFC 822 dates as most RSS feeds write them', () => {
  // Read by a one-regex path; the same text with a comment after it (which that path leaves
  // to the general reader) must give the same instant, or the same undefined.
  const zones = ['GMT', 'UT', 'UTC', 'Z', 'EST', 'PDT', 'CEST', 'IST', 'ACST', 'XYZ', 'constructor', '+0000', '-0000', '+0530', '-0800', '+1400', '+1500', '+0260', '-9959'];
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Foo'];
  test('read as the general reader reads them', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...days)),
        fc.integer({ min: 0, max: 35 }),
        fc.constantFrom(...months),
        fc.integer({ min: 1960, max: 2030 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom(...zones),
        fc.boolean(),
        (day, date, month, year, hour, minute, second, zone, pad) => {
          const two = (n: number) => String(n).padStart(2, '0');
          const text = `${day ? `${day}, ` : ''}${pad ? two(date) : date} ${month} ${year} ${pad ? two(hour) : hour}:${two(minute)}:${two(second)} ${zone}`;
          expect(parseFeedDate(text, NOW)).toBe(parseFeedDate(`${text} (as sent)`, NOW));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['Tue, 05 Nov 2024 10:00:00 GMT', '2024-11-05T10:00:00Z'],
    ['05 Nov 2024 10:00:00 +0530', '2024-11-05T04:30:00Z'],
    ['Tue, 5 Nov 2024 9:05:07 EST', '2024-11-05T14:05:07Z'],
    ['Tue, 05 Nov 2024 10:00:00 +1500', '2024-11-05T10:00:00Z'],
  ])('%s', (text, iso) => {
    expect(parseFeedDate(text, NOW)).toBe(Date.parse(iso));
  });
});
