// Per-test Redis access: a unique key prefix per test and cleanup of only that prefix's keys.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { Keys } from '../../src/shared/keys.js';
import { deleteKeysUnder } from '../../src/shared/redis.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A fresh prefix such as "t-3f9a1c2b" so that tests never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export function connectTestRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
}

/** Deletes every key under one test prefix (and nothing else). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  await deleteKeysUnder(redis, new Keys(prefix));
}
