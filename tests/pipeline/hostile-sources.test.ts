// Bad sources through the real pipeline: a hang, a 410, a 429 with Retry-After, a 500, a
// billion-laughs document, an HTML page, binary garbage and a feed full of dangerous HTML,
// next to a good source. Each failure gets its code where the user sees it, backs off as it
// should, and none of them stops the good source or lets a dangerous token into the output.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce, type RunSummary } from '../../src/app/run-once.js';
import { readSourceStates } from '../../src/app/source-state.js';
import { rss, type FeedServer } from '../support/feed-server.js';
import type { TestPipeline } from '../support/pipeline.js';
import { startServedPipeline, type ServedPipeline } from '../support/served-pipeline.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const INTERVAL_MS = 10 * 60_000;

let running: ServedPipeline;
let feeds: FeedServer;
let pipeline: TestPipeline;
let first: RunSummary;
let second: RunSummary;
let secondStartedAt: number;
let requestsBeforeSecond: number;

beforeAll(async () => {
  running = await startServedPipeline(
    {
      '/good.xml': { body: rss('Good', [{ title: 'Harbor bridge reopens after repairs', link: 'https://good.example/bridge' }]) },
      '/dangerous.xml': { body: fixture('sanitize-dangerous-html.xml') },
      '/laughs.xml': { body: fixture('hostile-billion-laughs.xml') },
      '/page.html': { body: fixture('html-page.xml'), type: 'text/html' },
      '/garbage': { body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), type: 'application/octet-stream' },
      '/hang.xml': { body: rss('Never', []), delayMs: 30_000 },
      '/gone.xml': { body: 'gone', status: 410, type: 'text/plain' },
      '/limited.xml': { body: 'slow down', status: 429, type: 'text/plain', headers: { 'retry-after': '3600' } },
      '/broken.xml': { body: 'oops', status: 500, type: 'text/plain' },
    },
    {
      good: '/good.xml',
      dangerous: '/dangerous.xml',
      laughs: '/laughs.xml',
      page: '/page.html',
      garbage: '/garbage',
      hang: '/hang.xml',
      gone: '/gone.xml',
      limited: '/limited.xml',
      broken: '/broken.xml',
    },
    { fetch: { timeout: '1s', hostGap: '0s', perHost: 16 } },
  );
  ({ feeds, pipeline } = running);
  first = await runOnce(pipeline.runtime);
  secondStartedAt = Date.now();
  requestsBeforeSecond = feeds.requests.length;
  second = await runOnce(pipeline.runtime);
});

afterAll(async () => {
  await running?.close();
});

describe('hostile and broken sources', () => {
  test('each failure is reported with its stable code, and the good sources still publish', () => {
    const codes = Object.fromEntries(first.errors.map((e) => [e.source, e.code]));
    expect(codes).toEqual({
      laughs: 'HOSTILE_DOCUMENT',
      page: 'UNSUPPORTED_FORMAT',
      garbage: 'PARSE_ERROR',
      hang: 'FETCH_TIMEOUT',
      gone: 'GONE',
      limited: 'RATE_LIMITED',
      broken: 'HTTP_STATUS',
    });
    for (const error of first.errors) expect(error.message.length).toBeGreaterThan(10);
    expect(first.failed).toBe(7);
    const all = JSON.parse(readFileSync(path.join(pipeline.outputDir, 'all.json'), 'utf8')) as { items: { title: string }[] };
    const titles = all.items.map((i) => i.title);
    expect(titles).toContain('Harbor bridge reopens after repairs');
    expect(titles).toContain('Script tags');
  });

  test('no dangerous token reaches any output file', () => {
    const files = readdirSync(pipeline.outputDir).filter((f) => /\.(rss|atom|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const text = readFileSync(path.join(pipeline.outputDir, file), 'utf8');
      expect(text, file).not.toMatch(/(<|&lt;|&#0*60;|\\u003c)\s*(script|iframe|object|embed|form|style)\b/i);
      expect(text, file).not.toMatch(/javascript:|vbscript:|\bon(error|click|load|mouseover)\s*=/i);
    }
  });

  test('the next poll moves as each failure asks: Retry-After, exponential backoff, Gone stops', async () => {
    const states = await readSourceStates(pipeline.runtime.redis, pipeline.runtime.keys, ['good', 'gone', 'limited', 'broken', 'hang']);
    expect(states.get('good')).toMatchObject({ consecutiveFailures: 0, lastStatus: 'fetched', failing: false });
    expect(states.get('gone')).toMatchObject({ stopped: true, lastErrorCode: 'GONE' });
    expect(states.get('limited')?.nextPollAt).toBeGreaterThanOrEqual(secondStartedAt + 3600_000 - 5000);
    // Second consecutive failure: twice the interval.
    expect(states.get('broken')).toMatchObject({ consecutiveFailures: 2, lastErrorCode: 'HTTP_STATUS' });
    expect(states.get('broken')?.nextPollAt).toBeGreaterThanOrEqual(secondStartedAt + 2 * INTERVAL_MS - 5000);
    expect(states.get('hang')?.lastErrorMessage).toMatch(/1\s?s|1000/);
  });

  test('a later once (cron) does not poll a gone source, nor one whose Retry-After has not passed, and says why', () => {
    const polledAgain = feeds.requests.slice(requestsBeforeSecond).map((r) => r.path);
    expect(polledAgain).not.toContain('/gone.xml');
    expect(polledAgain).not.toContain('/limited.xml');
    expect(polledAgain).toContain('/broken.xml');
    expect(second.skipped).toBe(2);
    const reasons = Object.fromEntries(second.errors.map((e) => [e.source, e]));
    expect(reasons.gone).toMatchObject({ code: 'GONE', message: expect.stringContaining('not polled') });
    expect(reasons.limited).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('Retry-After') });
  });

  test('a failing run never loses what was stored: the second run keeps every story', () => {
    expect(second.newStories).toBe(0);
    expect(second.categoriesWritten).toEqual([]);
    const all = JSON.parse(readFileSync(path.join(pipeline.outputDir, 'all.json'), 'utf8')) as { items: unknown[] };
    expect(all.items.length).toBe(first.newStories);
  });

  test('a scheduled tick skips a gone source and one told to wait by Retry-After', async () => {
    const before = feeds.requests.length;
    const jobs = await pipeline.runtime.queues.poll.addBulk(['gone', 'limited'].map((sourceId) => ({ name: 'poll', data: { sourceId } })));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(await Promise.all(jobs.map((j) => j.isCompleted()))).every(Boolean)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const results = await Promise.all(jobs.map(async (j) => (await pipeline.runtime.queues.poll.getJob(j.id!))?.returnvalue as { status: string }));
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(feeds.requests.length).toBe(before);
  });
});
