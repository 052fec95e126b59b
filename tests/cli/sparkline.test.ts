import { expect, test } from 'vitest';
import { sparkline } from '../../src/commands/status.js';

test('status draws new stories per day as a sparkline scaled to the busiest day', () => {
  expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
  expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  expect(sparkline([])).toBe('');
});
