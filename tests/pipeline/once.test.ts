// The pipeline end to end through real BullMQ queues on a real Redis, with feeds served
// by a local HTTP server: poll -> ingest -> publish -> files a feed reader can read.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { ROLES } from '../../src/workers/queues.js';
import { atom, rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/wire.xml': {
      body: rss('Wire Desk', [
        {
          title: 'Senate passes budget bill after marathon session',
          link: 'https://news.example/politics/budget-bill?utm_source=rss&utm_medium=feed',
          description: 'The senate approved the spending plan in a late-night vote, sending it to the president.',
        },
        {
          title: 'Parliament opens debate on election reform',
          link: 'https://news.example/politics/election-reform',
          description: 'Lawmakers began a week of debate on changes to how elections are run.',
        },
      ]),
    },
    '/daily.atom': {
      type: 'application/atom+xml',
      body: atom('Daily Herald', [
        {
          title: 'Senate passes budget bill after marathon session',
          id: 'tag:daily.example,2026:budget',
          link: 'https://news.example/politics/budget-bill',
          summary: 'The senate approved the spending plan in a late-night vote, sending it to the president.',
        },
      ]),
    },
    '/sport.xml': {
      body: rss('Sports Desk', [
        { title: 'Harbor City wins the cup final on penalties', link: 'https://sport.example/cup-final' },
        { title: 'Coach signs a two-year extension', link: 'https://sport.example/coach' },
      ]),
    },
  });
  pipeline = await createTestPipeline({
    defaults: { interval: '15m', category: 'general' },
    categories: [
      { id: 'politics', title: 'Politics', keywords: ['election', 'parliament', 'senate'] },
      { id: 'sports', title: 'Sports' },
    ],
    sources: [
      { id: 'wire', url: `${feeds.url}/wire.xml`, title: 'Wire Desk' },
      { id: 'daily', url: `${feeds.url}/daily.atom`, title: 'Daily Herald' },
      { id: 'sport', url: `${feeds.url}/sport.xml`, title: 'Sports Desk', category: 'sports' },
    ],
  });
  workers = startWorkers(pipeline.runtime, ROLES);
});

afterAll(async () => {
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

const parser = new Parser();
const read = (name: string) => readFileSync(path.join(pipeline.outputDir, name), 'utf8');

describe('feedmill once', () => {
  test('polls every source, stores each story once and writes every category feed', async () => {
    const summary = await runOnce(pipeline.runtime);
    expect(summary).toMatchObject({ sources: 3, fetched: 3, failed: 0, items: 5, interrupted: false });
    expect(summary.newStories).toBe(4);
    expect(summary.duplicates).toBe(1);
    expect(summary.categoriesWritten.sort()).toEqual(['all', 'general', 'politics', 'sports']);

    const politics = await parser.parseString(read('politics.rss'));
    expect(politics.items.map((i) => i.title).sort()).toEqual([
      'Parliament opens debate on election reform',
      'Senate passes budget bill after marathon session',
    ]);
    const sports = await parser.parseString(read('sports.atom'));
    expect(sports.items.map((i) => i.title).sort()).toEqual(['Coach signs a two-year extension', 'Harbor City wins the cup final on penalties']);
  });

  test('a story carried by two sources (one with utm_ parameters) is published once, listing both', () => {
    const all = JSON.parse(read('all.json')) as { version: string; items: { title: string; url: string; _feedmill?: { sources?: { id?: string; title?: string }[] } }[] };
    expect(all.version).toBe('https://jsonfeed.org/version/1.1');
    const budget = all.items.filter((i) => i.title.startsWith('Senate passes budget bill'));
    expect(budget).toHaveLength(1);
    expect(budget[0]?.url).not.toContain('utm_');
    const names = JSON.stringify(budget[0]?._feedmill?.sources ?? []);
    expect(names).toContain('Wire Desk');
    expect(names).toContain('Daily Herald');
    expect(all.items).toHaveLength(4);
  });

  test('a second run with nothing new writes nothing and publishes nothing', async () => {
    const files = ['all.rss', 'all.atom', 'all.json', 'politics.rss', 'sports.json'];
    const before = files.map((f) => statSync(path.join(pipeline.outputDir, f)).mtimeMs);
    const bytes = files.map((f) => read(f));
    const publishedBefore = await pipeline.runtime.queues.publish.getJobCounts('completed');
    const summary = await runOnce(pipeline.runtime);
    expect(summary.newStories).toBe(0);
    expect(summary.categoriesWritten).toEqual([]);
    expect(files.map((f) => statSync(path.join(pipeline.outputDir, f)).mtimeMs)).toEqual(before);
    expect(files.map((f) => read(f))).toEqual(bytes);
    expect(await pipeline.runtime.queues.publish.getJobCounts('completed')).toEqual(publishedBefore);
  });
});
