// The ages on the index page read the way people say them.
import { expect, test } from 'vitest';
import { relativeAge } from '../../src/server/relative-time.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

test.each([
  [0, 'just now'],
  [30_000, 'just now'],
  [-5 * MINUTE, 'just now'],
  [MINUTE, '1 minute ago'],
  [5 * MINUTE, '5 minutes ago'],
  [50 * MINUTE, '1 hour ago'],
  [3 * 60 * MINUTE, '3 hours ago'],
  [DAY, '1 day ago'],
  [6 * DAY, '6 days ago'],
  [45 * DAY, '1 month ago'],
  [92 * DAY, '3 months ago'],
  [400 * DAY, '1 year ago'],
  [3 * 365 * DAY, '3 years ago'],
])('%i ms ago reads "%s"', (elapsed, expected) => {
  expect(relativeAge(NOW - elapsed, NOW)).toBe(expected);
});
