import { afterAll, expect, test } from 'vitest';
import { connectTestRedis, deletePrefix, uniquePrefix } from './redis.js';
import { Keys } from '../../src/shared/keys.js';

const redis = connectTestRedis();
const prefix = uniquePrefix();
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

test('the harness reaches a Redis and cleans only its own prefix', async () => {
  const keys = new Keys(prefix);
  await redis.set(keys.story('x'), '1');
  expect(await redis.get(keys.story('x'))).toBe('1');
  await deletePrefix(redis, prefix);
  expect(await redis.exists(keys.story('x'))).toBe(0);
});
