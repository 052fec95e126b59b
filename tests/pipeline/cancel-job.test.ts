// A worker that lost a job's lock, or is shutting down, cancels the job: the poll in flight must stop
// (its fetch aborted, nothing recorded), not go on next to the worker that took the job over.
// BullMQ hands the abort signal only to a processor that declares three parameters, so every
// wrapper around the processors must keep them.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import type { PollOutcome } from '../../src/workers/poll.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

let feeds: FeedServer;
let pipeline: TestPipeline;
let running: RunningWorkers | undefined;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/slow.xml': { body: rss('Slow', [{ title: 'Council approves new cycle lanes downtown', link: 'https://news.example/lanes' }]), delayMs: 20_000 },
  });
  pipeline = await createTestPipeline({ fetch: { timeout: '30s' }, sources: [{ id: 'slow', url: `${feeds.url}/slow.xml` }] });
});

afterAll(async () => {
  await running?.close(0, 0);
  await pipeline?.close();
  await feeds?.close();
});

test('cancelling a running poll job aborts its fetch at once and records nothing for the source', async () => {
  running = startWorkers(pipeline.runtime, ['poll']);
  const worker = running.workers[0]!;
  const active = new Promise<string>((resolve) => worker.once('active', (job) => resolve(job.id ?? '')));
  const completed = new Promise<PollOutcome | PollOutcome[]>((resolve) => worker.once('completed', (_job, outcome: PollOutcome | PollOutcome[]) => resolve(outcome)));
  await pipeline.runtime.queues.poll.add('poll', { sourceId: 'slow' });
  const jobId = await active;
  // Let the request reach the server, then cancel as lockRenewalFailed does.
  await new Promise((r) => setTimeout(r, 300));
  const cancelledAt = Date.now();
  worker.cancelJob(jobId, 'lost the job lock');
  const outcome = [await completed].flat();
  expect(Date.now() - cancelledAt).toBeLessThan(5_000);
  expect(outcome).toEqual([{ sourceId: 'slow', status: 'skipped', reason: 'interrupted (lost the job lock)' }]);
  expect(await pipeline.runtime.redis.exists(pipeline.runtime.keys.sourceState('slow'))).toBe(0);
}, 30_000);
