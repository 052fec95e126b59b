// Hot reload against a running `feedmill start` (a child process, as an operator runs it):
// edits of feedmill.yaml take effect within seconds without a restart, bad edits are refused
// with the line, and feedmill goes on serving with the last good config.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUEUE_NAMES } from '../../src/workers/queues.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { runCli, startCli, stopAllClis, type LogLine, type RunningCli } from '../support/cli.js';
import { testRedisUrl } from '../support/redis.js';
import { tempConfig, type TempConfig } from './temp-config.js';

let feeds: FeedServer;
let config: TempConfig;
let feedmill: RunningCli;
let poll: Queue;
let serverUrl: string;

const ERROR = 50;
const WARN = 40;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/capitol.xml': { body: rss('Capitol Wire', [{ title: 'Senate passes the harbor budget', link: 'https://capitol.example/budget' }]) },
    '/stadium.xml': { body: rss('Stadium Daily', [{ title: 'Harbor City wins the cup final', link: 'https://stadium.example/final' }]) },
  });
  config = tempConfig({
    categories: [
      { id: 'politics', title: 'Politics' },
      { id: 'sports', title: 'Sports' },
    ],
    sources: [{ id: 'capitol', url: `${feeds.url}/capitol.xml`, category: 'politics', interval: '1m' }],
  });
  poll = new Queue(QUEUE_NAMES.poll, { connection: { url: testRedisUrl() }, prefix: config.keys.bullPrefix });
  feedmill = startCli(['-c', config.file, 'start'], { env: { FEEDMILL_LOG_LEVEL: 'info' } });
  const serving = await feedmill.waitForLog((l) => l.msg.startsWith('serving feeds at '), 60_000);
  serverUrl = /serving feeds at (http:\/\/[^/\s]+)\//.exec(serving.msg)![1]!;
  await untilFeedHas('all', 'Senate passes the harbor budget');
}, 90_000);

afterAll(async () => {
  const code = await feedmill?.stop();
  await stopAllClis();
  await poll?.close();
  await feeds?.close();
  await config?.cleanup();
  expect(code).toBe(0);
});

/** Reads a published JSON Feed until it holds the title (bounded: 40 tries). */
async function untilFeedHas(category: string, title: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    try {
      const feed = JSON.parse(readFileSync(path.join(config.outputDir, `${category}.json`), 'utf8')) as { items: { title: string }[] };
      if (feed.items.some((item) => item.title === title)) return;
    } catch {
      // Not written yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${category}.json never showed "${title}"`);
}

async function schedulers(): Promise<Record<string, number | undefined>> {
  const list = await poll.getJobSchedulers(0, 100, true);
  return Object.fromEntries(list.map((s) => [s.key, s.every ? Number(s.every) : undefined]));
}

/** Makes an edit and waits for the log line it should cause. */
async function afterEdit(edit: () => unknown | Promise<unknown>, match: (l: LogLine) => boolean): Promise<LogLine> {
  const from = feedmill.logs.length;
  await edit();
  return feedmill.waitForLog(match, 20_000, from);
}

const reloaded = (l: LogLine) => l.msg.startsWith('config reloaded');

describe('feedmill start with hot reload', () => {
  test('a source added with `feedmill sources add` is polled at once and its stories are published', async () => {
    const line = await afterEdit(async () => {
      const add = await runCli(['-c', config.file, 'sources', 'add', `${feeds.url}/stadium.xml`, '--id', 'stadium', '--category', 'sports']);
      expect(add.code).toBe(0);
    }, reloaded);
    expect(line).toMatchObject({ added: ['stadium'], removed: [] });
    await untilFeedHas('sports', 'Harbor City wins the cup final');
    await untilFeedHas('all', 'Harbor City wins the cup final');
    expect(await schedulers()).toEqual({ capitol: 60_000, stadium: 900_000 });
  });

  test('status sees the running workers and the published categories', async () => {
    const result = await runCli(['-c', config.file, 'status', '--json']);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    for (const queue of ['poll', 'ingest', 'publish']) expect(status.queues[queue].workers).toBeGreaterThanOrEqual(1);
    expect(status.sources).toMatchObject({ total: 2, ok: 2 });
    expect(status.categories.find((c: { id: string }) => c.id === 'sports')).toMatchObject({ stories: 1 });
  });

  test('a changed interval reschedules the source', async () => {
    const line = await afterEdit(() => config.write(config.read().replace('interval: 1m', 'interval: 2m')), reloaded);
    expect(line).toMatchObject({ rescheduled: ['capitol'], added: [], removed: [] });
    expect((await schedulers()).capitol).toBe(120_000);
  });

  test('a new category is applied and its (empty) feeds are published', async () => {
    const text = config.read();
    const line = await afterEdit(() => config.write(text.replace('categories:\n', 'categories:\n  - id: weather\n    title: Weather\n')), reloaded);
    expect(line).toMatchObject({ newCategories: ['weather'] });
    for (let i = 0; i < 40 && !existsSync(path.join(config.outputDir, 'weather.json')); i++) await new Promise((r) => setTimeout(r, 250));
    expect(JSON.parse(readFileSync(path.join(config.outputDir, 'weather.json'), 'utf8'))).toMatchObject({ title: expect.stringContaining('Weather'), items: [] });
    // The running server serves the new feed and lists it, without a restart.
    const served = await fetch(`${serverUrl}/feeds/weather.atom`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('application/atom+xml');
    expect(await (await fetch(`${serverUrl}/feeds.opml`)).text()).toContain('/feeds/weather.');
  });

  test('an invalid edit is refused with its line, and the last good config keeps running and serving', async () => {
    const good = config.read();
    const broken = good.replace('interval: 2m', 'interval: often');
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('interval: often')) + 1;
    const line = await afterEdit(() => config.write(broken), (l) => l.level === ERROR);
    expect(line.msg).toContain(`feedmill.yaml:${brokenLine}:`);
    expect(line.msg).toContain('sources[0].interval: expected a duration like 90s, 15m or 2h, got "often"');
    expect(line.msg).toContain('keeping the last good config');
    expect(await schedulers()).toEqual({ capitol: 120_000, stadium: 900_000 });
    const response = await fetch(`${serverUrl}/feeds/all.json`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Harbor City wins the cup final');
    // Mending the file brings reloads back.
    const mended = await afterEdit(() => config.write(good.replace('interval: 2m', 'interval: 3m')), reloaded);
    expect(mended).toMatchObject({ rescheduled: ['capitol'] });
  });

  test('a removed source loses its scheduler', async () => {
    const line = await afterEdit(async () => {
      const removed = await runCli(['-c', config.file, 'sources', 'remove', 'stadium']);
      expect(removed.code).toBe(0);
    }, reloaded);
    expect(line).toMatchObject({ removed: ['stadium'], added: [] });
    expect(await schedulers()).toEqual({ capitol: 180_000 });
  });

  test('a changed redis.prefix or server.port needs a restart: said clearly, old values kept', async () => {
    const text = config.read();
    const line = await afterEdit(
      () => config.write(text.replace(`prefix: ${config.prefix}`, 'prefix: elsewhere').replace('port: 0', 'port: 9')),
      (l) => l.level === WARN && String(l.msg).includes('needs a restart'),
    );
    expect(line.msg).toContain('redis.prefix, server.port changed');
    expect(line.settings).toEqual(['redis.prefix', 'server.port']);
    await feedmill.waitForLog(reloaded, 20_000, feedmill.logs.indexOf(line));
    expect(await schedulers()).toEqual({ capitol: 180_000 });
    expect((await fetch(`${serverUrl}/feeds/all.json`)).status).toBe(200);
    config.write(text);
  });

  test('SIGHUP reloads on request', async () => {
    const line = await afterEdit(() => feedmill.child.kill('SIGHUP'), reloaded);
    expect(line.msg).toContain('(SIGHUP)');
  });
});
