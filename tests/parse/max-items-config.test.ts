// parse.maxItems: the per-feed item cap is a config setting, validated at the door.
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/shared/config.js';
import { FeedmillError } from '../../src/shared/errors.js';

describe('parse.maxItems', () => {
  test('defaults to 2000 and takes a positive whole number', () => {
    expect(parseConfig('', 'feedmill.yaml', {}).parse.maxItems).toBe(2000);
    expect(parseConfig('parse:\n  maxItems: 1000\n', 'feedmill.yaml', {}).parse.maxItems).toBe(1000);
  });

  test.each(['0', '-3', '12.5', 'lots'])('%s is refused with the file, line and field', (value) => {
    let error: unknown;
    try {
      parseConfig(`parse:\n  maxItems: ${value}\n`, 'feedmill.yaml', {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FeedmillError);
    expect((error as FeedmillError).code).toBe('CONFIG_INVALID');
    expect((error as FeedmillError).message).toMatch(/^feedmill\.yaml:2:\d+: parse\.maxItems: /);
  });
});
