// Shared set-up for the categorization tests: a config parsed the way feedmill parses
// feedmill.yaml, a Categorizer on the test Redis under its own prefix, and cleanup.
import type { Redis } from 'ioredis';
import { Categorizer, type CategorizeInput } from '../../src/categorize/index.js';
import { parseConfig } from '../../src/shared/config.js';
import { Keys } from '../../src/shared/keys.js';
import { uniquePrefix } from '../support/redis.js';

export const NINE = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];

/** A config with the given YAML under `categorize:` and `categories:` (nine plain starter categories unless given). */
export function configFrom(yaml: { categories?: string; categorize?: string } = {}) {
  const categories = yaml.categories ?? NINE.map((id) => `  - { id: ${id}, title: ${id} }`).join('\n');
  const categorize = yaml.categorize ? `categorize:\n${yaml.categorize}\n` : '';
  return parseConfig(`${categorize}categories:\n${categories}\n`, 'feedmill.yaml', {});
}

export function categorizerOn(redis: Redis, config = configFrom(), prefix = uniquePrefix('cat')) {
  return { categorizer: new Categorizer(redis, new Keys(prefix), config), prefix, keys: new Keys(prefix) };
}

export function headline(title: string, more: Partial<CategorizeInput> = {}): CategorizeInput {
  return { title, tags: [], ...more };
}
