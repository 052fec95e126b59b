// Reads the feed fixtures and their expected results (tests/fixtures/feeds/<case>.<xml|json>
// beside <case>.expected.json). Dates are compared as ISO strings so that a reviewer can read
// the expected files; errors as their code and line.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { isFeedmillError } from '../../src/shared/errors.js';
import type { ParsedFeed } from '../../src/shared/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/feeds');
/** The poll time every fixture is parsed at; later dates are clamped to it. */
export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function fixtureCases(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
    .sort();
}

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixtureUrl(name: string): string {
  return `https://fixtures.example/${name}`;
}

export async function parseFixture(name: string): Promise<ParsedFeed> {
  return parseFeed(readFixture(name), { url: fixtureUrl(name), now: NOW });
}

/** What a fixture parses to, in the form its expected file holds. */
export async function describeFixture(name: string): Promise<unknown> {
  try {
    const feed = await parseFixture(name);
    return {
      ...feed,
      items: feed.items.map((item) => ({ ...item, published: iso(item.published), updated: iso(item.updated) })),
    };
  } catch (err) {
    if (!isFeedmillError(err)) throw err;
    return { error: { code: err.code, line: err.facts.line } };
  }
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function expectedPath(name: string): string {
  return path.join(FIXTURES, name.replace(/\.(xml|json)$/, '.expected.json'));
}

export function readExpected(name: string): unknown {
  return JSON.parse(readFileSync(expectedPath(name), 'utf8'));
}

/** `UPDATE_FIXTURES=1 npx vitest run tests/parse` rewrites the expected files; review the diff. */
export function writeExpected(name: string, actual: unknown): void {
  writeFileSync(expectedPath(name), `${JSON.stringify(actual, null, 2)}\n`);
}
