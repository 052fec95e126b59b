// Feeds that are read, but not as published, through the real pipeline: one cut at
// parse.maxItems (TRUNCATED) and one repaired by the liberal XML path (RECOVERED). Each is
// reported in the run summary, kept in the source's state for `sources list`, and its items
// are stored; a clean source next to them reports nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce, type RunSummary } from '../../src/app/run-once.js';
import { readSourceStates } from '../../src/app/source-state.js';
import { reportSources } from '../../src/ops/source-report.js';
import { rss, type FeedServer } from '../support/feed-server.js';
import type { TestPipeline } from '../support/pipeline.js';
import { startServedPipeline, type ServedPipeline } from '../support/served-pipeline.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const MAX_ITEMS = 5;

let running: ServedPipeline;
let feeds: FeedServer;
let pipeline: TestPipeline;
let summary: RunSummary;

beforeAll(async () => {
  const many = Array.from({ length: 12 }, (_, i) => ({ title: `Episode ${i + 1} of the long-running show`, link: `https://long.example/ep/${i + 1}` }));
  running = await startServedPipeline(
    {
      '/long.xml': { body: rss('Long show', many) },
      '/cut.xml': { body: readFileSync(path.join(FIXTURES, 'recover-truncated.xml')) },
      '/clean.xml': { body: rss('Clean', [{ title: 'Harbor bridge reopens after repairs', link: 'https://clean.example/bridge' }]) },
    },
    { long: '/long.xml', cut: '/cut.xml', clean: '/clean.xml' },
    { fetch: { hostGap: '0s', perHost: 16 }, parse: { maxItems: MAX_ITEMS } },
  );
  ({ feeds, pipeline } = running);
  summary = await runOnce(pipeline.runtime);
});

afterAll(async () => {
  await running?.close();
});

describe('feeds read with a warning', () => {
  test('the run summary lists each warning with its source, and counts the items read', () => {
    expect(summary.failed).toBe(0);
    expect(summary.warnings.map((w) => [w.source, w.code])).toEqual([
      ['cut', 'RECOVERED'],
      ['long', 'TRUNCATED'],
    ]);
    const truncated = summary.warnings.find((w) => w.code === 'TRUNCATED')!;
    expect(truncated.message).toBe(`the feed lists 12 items; only the first ${MAX_ITEMS} were read (parse.maxItems)`);
    expect(summary.warnings.find((w) => w.code === 'RECOVERED')!.message).toMatch(/truncated.*<item> kept without the field it was cut in/);
    expect(summary.items).toBe(MAX_ITEMS + 3 + 1);
  });

  test('the source state keeps the warning, and sources list reports it', async () => {
    const states = await readSourceStates(pipeline.runtime.redis, pipeline.runtime.keys, ['long', 'cut', 'clean']);
    expect(states.get('long')).toMatchObject({ lastItems: MAX_ITEMS, lastWarningCodes: 'TRUNCATED' });
    expect(states.get('clean')!.lastWarningCodes).toBeUndefined();
    const reports = Object.fromEntries((await reportSources(pipeline.runtime)).map((r) => [r.id, r]));
    expect(reports.cut!.warning).toEqual({ codes: ['RECOVERED'], message: expect.stringMatching(/^RECOVERED: the XML is not well-formed/) });
    expect(reports.long!.warning!.message).toMatch(/^TRUNCATED: the feed lists 12 items/);
    expect(reports.clean!.warning).toBeUndefined();
  });

  test('the first items in document order are the ones stored', () => {
    const all = JSON.parse(readFileSync(path.join(pipeline.outputDir, 'all.json'), 'utf8')) as { items: { url: string }[] };
    const links = all.items.map((i) => i.url).filter((u) => u.startsWith('https://long.example/'));
    expect(links.sort()).toEqual(Array.from({ length: MAX_ITEMS }, (_, i) => `https://long.example/ep/${i + 1}`).sort());
  });

  test('a publisher who fixes the feed clears the warning at the next poll', async () => {
    feeds.routes.set('/cut.xml', { body: rss('Fixed', [{ title: 'Second complete item', link: 'https://truncated.example/2' }]) });
    const again = await runOnce(pipeline.runtime);
    expect(again.warnings.map((w) => w.source)).toEqual(['long']);
    const states = await readSourceStates(pipeline.runtime.redis, pipeline.runtime.keys, ['cut']);
    expect(states.get('cut')).toMatchObject({ lastStatus: 'fetched' });
    expect(states.get('cut')!.lastWarningCodes).toBeUndefined();
    expect(states.get('cut')!.lastWarningMessage).toBeUndefined();
  });
});
