// Every feed fixture against its expected result: a parser change shows up as a diff of
// tests/fixtures/feeds/<case>.expected.json.

import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { describeFixture, expectedPath, fixtureCases, readExpected, writeExpected } from './fixture-files.js';

const update = process.env.UPDATE_FIXTURES === '1';

describe('feed fixtures parse to their expected results', () => {
  test.each(fixtureCases())('%s', async (name) => {
    const actual = JSON.parse(JSON.stringify(await describeFixture(name)));
    if (update) writeExpected(name, actual);
    expect(existsSync(expectedPath(name)), `missing ${expectedPath(name)}`).toBe(true);
    expect(actual).toEqual(readExpected(name));
  });
});
