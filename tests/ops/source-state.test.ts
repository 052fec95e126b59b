// A source's state written from the hash as stored: only changed fields are sent, but what is
// read back is the whole new state (cleared fields gone, unchanged ones kept), and a URL changed
// in the config still forgets the old URL's validators.
import { afterAll, expect, test } from 'vitest';
import { readSourceState, readSourceStatesAsStored, writeSourceState, type SourceState } from '../../src/app/source-state.js';
import { Keys } from '../../src/shared/keys.js';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis.js';

const redis = connectTestRedis();
const prefix = uniquePrefix('source-state');
const keys = new Keys(prefix);
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const URL_A = 'http://127.0.0.1:9/a.xml';

async function write(id: string, state: SourceState, stored?: Record<string, string>) {
  const pipeline = redis.pipeline();
  writeSourceState(pipeline, keys, id, state, stored);
  await pipeline.exec();
  return pipeline.length;
}

test('a 304 poll writes the changed fields only, and the state reads back whole', async () => {
  const first: SourceState = {
    url: URL_A,
    etag: '"v1"',
    lastPolledAt: 1000,
    lastStatus: 'failed',
    lastErrorCode: 'TIMEOUT',
    consecutiveFailures: 2,
    failing: false,
    stopped: false,
    feedTitle: 'A',
  };
  await write('a', first);
  const { state, stored } = (await readSourceStatesAsStored(redis, keys, [{ id: 'a', url: URL_A }]))[0]!;
  const next: SourceState = { ...state, lastPolledAt: 2000, lastStatus: 'not-modified', lastErrorCode: undefined, consecutiveFailures: 0 };
  // hdel of the cleared error and one hset; no index add for a source already known.
  expect(await write('a', next, stored)).toBe(2);
  expect(await redis.hget(keys.sourceState('a'), 'lastErrorCode')).toBeNull();
  expect(await readSourceState(redis, keys, 'a', URL_A)).toMatchObject({ etag: '"v1"', lastPolledAt: 2000, lastStatus: 'not-modified', consecutiveFailures: 0, feedTitle: 'A' });
  expect(await redis.sismember(keys.sourceIndex, 'a')).toBe(1);

  const { state: same, stored: again } = (await readSourceStatesAsStored(redis, keys, [{ id: 'a', url: URL_A }]))[0]!;
  expect(await write('a', same, again)).toBe(0);
});

test('a URL changed in the config drops the old validators from the stored hash', async () => {
  await write('b', { url: URL_A, etag: '"old"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT', consecutiveFailures: 0, failing: false, stopped: false });
  const moved = 'http://127.0.0.1:9/b.xml';
  const { state, stored } = (await readSourceStatesAsStored(redis, keys, [{ id: 'b', url: moved }]))[0]!;
  expect(state.etag).toBeUndefined();
  await write('b', { ...state, etag: undefined, lastModified: undefined, lastPolledAt: 3000 }, stored);
  const hash = await redis.hgetall(keys.sourceState('b'));
  expect(hash.etag).toBeUndefined();
  expect(hash.lastModified).toBeUndefined();
  expect(hash.url).toBe(moved);
});
