// The per-host limiter's promises beyond what the fetch tests show at the server:
// bounded memory, and waiting requests that can be called off.
import { expect, test } from 'vitest';
import { acquireHostSlot, trackedHostCount } from '../../src/feeds/fetch/host-limiter.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('hosts are forgotten once idle, so memory does not grow with every host ever polled', async () => {
  const limits = { perHost: 1, gapMs: 20 };
  const releases = await Promise.all(Array.from({ length: 200 }, (_, i) => acquireHostSlot(`host-${i}.example.com`, limits)));
  expect(trackedHostCount()).toBe(200);
  for (const release of releases) release();
  await sleep(100);
  expect(trackedHostCount()).toBe(0);
});

test('a waiting request whose signal aborts leaves the queue and the next one gets the slot', async () => {
  const limits = { perHost: 1, gapMs: 0 };
  const release = await acquireHostSlot('busy.example.com', limits);
  const controller = new AbortController();
  const abandoned = acquireHostSlot('busy.example.com', limits, controller.signal);
  const next = acquireHostSlot('busy.example.com', limits);
  controller.abort(new Error('cancelled'));
  await expect(abandoned).rejects.toThrow('cancelled');
  release();
  const releaseNext = await next;
  releaseNext();
});

test('releasing twice does not free a second slot', async () => {
  const limits = { perHost: 1, gapMs: 0 };
  const release = await acquireHostSlot('twice.example.com', limits);
  release();
  const second = await acquireHostSlot('twice.example.com', limits);
  release();
  let thirdStarted = false;
  const third = acquireHostSlot('twice.example.com', limits).then((r) => {
    thirdStarted = true;
    return r;
  });
  await sleep(20);
  expect(thirdStarted).toBe(false);
  second();
  (await third)();
});
