// The read-only commands after a real `feedmill once`: sources list, status, explain and
// sources check, each run as the operator runs it, with JSON for scripts and tables for people.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { runCli, type CliResult } from '../support/cli.js';
import { connectTestRedis } from '../support/redis.js';
import { tempConfig, type TempConfig } from './temp-config.js';

let feeds: FeedServer;
let config: TempConfig;
let once: CliResult;
const results: Record<string, CliResult> = {};
let storyId: string;

const BUDGET = 'Senate passes the harbor budget after a long debate';

beforeAll(async () => {
  feeds = await startFeedServer({
    '/capitol.xml': {
      body: rss('Capitol Wire', [
        { title: BUDGET, link: 'https://capitol.example/budget?utm_source=rss', description: 'Lawmakers voted late into the night.' },
        { title: 'Parliament opens the election reform debate', link: 'https://capitol.example/reform' },
      ]),
    },
    '/stadium.xml': { body: rss('Stadium Daily', [{ title: 'Harbor City wins the cup final', link: 'https://stadium.example/final' }]) },
  });
  config = tempConfig({
    categories: [
      { id: 'politics', title: 'Politics', keywords: ['senate', 'parliament', 'election'] },
      { id: 'sports', title: 'Sports' },
    ],
    sources: [
      { id: 'capitol', url: `${feeds.url}/capitol.xml`, title: 'Capitol Wire' },
      { id: 'stadium', url: `${feeds.url}/stadium.xml`, category: 'sports' },
      { id: 'vanished', url: `${feeds.url}/vanished.xml` },
    ],
  });
  once = await runCli(['-c', config.file, 'once', '--json'], { timeoutMs: 60_000 });
  const redis = connectTestRedis();
  const politics = await redis.zrange(config.keys.category('politics'), 0, -1);
  redis.disconnect();
  storyId = politics[0] ?? 'none';
  const runs: Record<string, string[]> = {
    listJson: ['-c', config.file, 'sources', 'list', '--json'],
    list: ['-c', config.file, 'sources', 'list'],
    statusJson: ['-c', config.file, 'status', '--json'],
    explainLink: ['-c', config.file, 'explain', 'https://capitol.example/budget?utm_medium=email'],
    explainId: ['-c', config.file, 'explain', storyId, '--json'],
    explainMissing: ['-c', config.file, 'explain', 'https://capitol.example/nothing'],
    check: ['-c', config.file, 'sources', 'check', `${feeds.url}/capitol.xml`, '--json'],
    checkMissing: ['-c', config.file, 'sources', 'check', `${feeds.url}/vanished.xml`],
  };
  const done = await Promise.all(Object.values(runs).map((args) => runCli(args, { timeoutMs: 60_000 })));
  Object.keys(runs).forEach((name, i) => (results[name] = done[i]!));
}, 120_000);

afterAll(async () => {
  await feeds?.close();
  await config?.cleanup();
});

describe('after feedmill once', () => {
  test('the run itself went to its end, saying that one source failed (exit 8)', () => {
    expect(once.code).toBe(8);
    expect(JSON.parse(once.stdout)).toMatchObject({ sources: 3, fetched: 2, failed: 1 });
  });

  test('sources list --json reports each source\'s state, error and status word', () => {
    expect(results.listJson!.code).toBe(0);
    const { sources } = JSON.parse(results.listJson!.stdout) as { sources: Record<string, unknown>[] };
    expect(sources.map((s) => s.id)).toEqual(['capitol', 'stadium', 'vanished']);
    const [capitol, stadium, vanished] = sources;
    expect(capitol).toMatchObject({ status: 'ok', url: `${feeds.url}/capitol.xml`, intervalMs: 900_000, lastItems: 2, lastNew: 2, consecutiveFailures: 0, format: 'rss2.0', feedTitle: 'Capitol Wire' });
    expect(capitol!.lastSuccessAt).toBeGreaterThan(Date.now() - 120_000);
    expect(stadium).toMatchObject({ status: 'ok', category: 'sports', lastItems: 1 });
    expect(vanished).toMatchObject({ status: 'ok', consecutiveFailures: 1, lastError: { code: 'HTTP_STATUS' } });
    expect(vanished!.lastSuccessAt).toBeUndefined();
    // Backing off after the failure: the next poll is in the future.
    expect(vanished!.nextPollAt).toBeGreaterThan(Date.now());
  });

  test('sources list prints an aligned table with relative times', () => {
    expect(results.list!.code).toBe(0);
    const lines = results.list!.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+CATEGORY\s+EVERY\s+LAST OK\s+NEXT\s+ITEMS\s+NEW\s+FAILS\s+WARNING\s+LAST ERROR\s+URL$/);
    expect(lines).toHaveLength(4);
    const urlColumn = lines[0]!.indexOf('URL');
    for (const line of lines.slice(1)) expect(line.lastIndexOf('http://127.0.0.1')).toBe(urlColumn);
    expect(lines[1]).toMatch(/^capitol\s+ok\s+auto\s+15m\s+\d+s ago\s+/);
    expect(lines[3]).toMatch(/^vanished\s+ok\s+auto\s+15m\s+-\s+in \d+[smh]\s+-\s+-\s+1\s+-\s+HTTP_STATUS: /);
  });

  test('status --json has queue depths, workers, sources by health, stories and publishes per category', () => {
    expect(results.statusJson!.code).toBe(0);
    const status = JSON.parse(results.statusJson!.stdout);
    for (const queue of ['poll', 'ingest', 'publish']) {
      expect(status.queues[queue]).toEqual({ waiting: 0, active: 0, delayed: 0, failed: expect.any(Number), workers: 0 });
    }
    expect(status.sources).toEqual({ total: 3, ok: 3, failing: 0, gone: 0, 'never polled': 0 });
    const byId = Object.fromEntries(status.categories.map((c: { id: string }) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['politics', 'sports', 'general', 'all']);
    expect(byId.politics).toMatchObject({ title: 'Politics', stories: 2 });
    expect(byId.sports).toMatchObject({ stories: 1 });
    expect(byId.all).toMatchObject({ stories: 3 });
    expect(byId.politics.lastPublishAt).toBeGreaterThan(Date.now() - 120_000);
    expect(byId.politics.lastWrittenAt).toBeLessThanOrEqual(byId.politics.lastPublishAt);
    expect(byId.politics.latencyMs).toEqual(expect.any(Number));
  });

  test('explain finds a story by any spelling of its link and says why it is where it is', () => {
    expect(results.explainLink!.code).toBe(0);
    const text = results.explainLink!.stdout;
    expect(text.split('\n')[0]).toBe(BUDGET);
    expect(text).toMatch(/\n {4}capitol \(Capitol Wire\): https:\/\/capitol\.example\/budget/);
    expect(text).toMatch(/politics: rules, score \d+(\.\d+)?: keywords: senate/);
  });

  test('explain --json by story id gives the stored story; an unknown story exits 4', () => {
    expect(results.explainId!.code).toBe(0);
    const story = JSON.parse(results.explainId!.stdout);
    expect(story).toMatchObject({ id: storyId, sources: [{ id: 'capitol' }], categories: [{ id: 'politics', layer: 'rules' }] });
    expect(results.explainMissing!.code).toBe(4);
    expect(results.explainMissing!.stderr).toContain('no stored story');
  });

  test('sources check fetches and parses a feed now and suggests a category', () => {
    expect(results.check!.code).toBe(0);
    expect(JSON.parse(results.check!.stdout)).toMatchObject({
      ok: true,
      title: 'Capitol Wire',
      format: 'rss2.0',
      items: 2,
      suggestion: { category: 'politics', items: 2, of: 2, layers: { rules: 2 } },
    });
  });

  test('sources check on a feed that fails exits 1 with the error code', () => {
    expect(results.checkMissing!.code).toBe(1);
    expect(results.checkMissing!.stderr).toMatch(/vanished\.xml: HTTP_STATUS: /);
  });
});
