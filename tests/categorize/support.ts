// Shared set-up for the categorization tests: a config parsed the way feedmill parses
// feedmill.yaml, fresh key prefixes on the test Redis with their cleanup, and inputs.
import type { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import type { CategorizeInput } from '../../src/categorize/index.js';
import { parseConfig } from '../../src/shared/config.js';
import { Keys } from '../../src/shared/keys.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';

const NINE = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];

/** A config with the given YAML under `categorize:` and `categories:` (nine plain starter categories unless given). */
export function configFrom(yaml: { categories?: string; categorize?: string } = {}) {
  const categories = yaml.categories ?? NINE.map((id) => `  - { id: ${id}, title: ${id} }`).join('\n');
  const categorize = yaml.categorize ? `categorize:\n${yaml.categorize}\n` : '';
  return parseConfig(`${categorize}categories:\n${categories}\n`, 'feedmill.yaml', {});
}

/** Hands out fresh key prefixes and deletes all of them at the end (call `cleanUp` in afterAll). */
export function prefixes(label: string) {
  const made: string[] = [];
  return {
    fresh(): Keys {
      const prefix = uniquePrefix(label);
      made.push(prefix);
      return new Keys(prefix);
    },
    async cleanUp(redis: Redis): Promise<void> {
      for (const prefix of made) await deletePrefix(redis, prefix);
    },
  };
}

/**
 * One test file's connection to the test Redis and its fresh key prefixes, all deleted and the
 * connection closed after the file's tests (call at the top level of the file).
 */
export function testRedis(label: string) {
  const redis = connectTestRedis();
  const testPrefixes = prefixes(label);
  afterAll(async () => {
    await testPrefixes.cleanUp(redis);
    redis.disconnect();
  });
  return { redis, freshKeys: (): Keys => testPrefixes.fresh() };
}

export function headline(title: string, more: Partial<CategorizeInput> = {}): CategorizeInput {
  return { title, tags: [], ...more };
}
