// notifyHub against small WebSub hubs on 127.0.0.1 that record the pings they receive.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, expect, test } from 'vitest';
import { notifyHub } from '../../src/server/websub.js';

interface Ping {
  contentType?: string;
  form: Record<string, string>;
}

const hubs: Server[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) {
    hub.closeAllConnections();
    await new Promise((resolve) => hub.close(resolve));
  }
});

/** A hub answering with `statuses` in turn (the last one repeats), recording every ping. */
async function startHub(statuses: number[]): Promise<{ url: string; pings: Ping[] }> {
  const pings: Ping[] = [];
  const hub = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      pings.push({ contentType: req.headers['content-type'], form: Object.fromEntries(new URLSearchParams(body)) });
      res.statusCode = statuses[Math.min(pings.length - 1, statuses.length - 1)]!;
      res.end();
    });
  });
  hubs.push(hub);
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`, pings };
}

function recordingLogger() {
  const lines: { level: number; msg: string; feedUrl?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, warnings: () => lines.filter((l) => l.level === 40) };
}

test('one form-encoded publish ping per changed feed URL', async () => {
  const hub = await startHub([204]);
  const feeds = ['https://news.example.org/feeds/tech.atom', 'https://news.example.org/feeds/tech.rss?x=1&y=2'];
  await notifyHub(hub.url, feeds);
  expect(hub.pings.map((p) => p.form).sort((a, b) => a['hub.url']!.localeCompare(b['hub.url']!))).toEqual([
    { 'hub.mode': 'publish', 'hub.url': feeds[0] },
    { 'hub.mode': 'publish', 'hub.url': feeds[1] },
  ]);
  expect(hub.pings.every((p) => p.contentType === 'application/x-www-form-urlencoded')).toBe(true);
});

test('a hub that fails twice then accepts gets three attempts and no warning', async () => {
  const hub = await startHub([503, 500, 202]);
  const { logger, warnings } = recordingLogger();
  await notifyHub(hub.url, ['https://news.example.org/feeds/all.json'], { retries: 3, backoffMs: 10, logger });
  expect(hub.pings).toHaveLength(3);
  expect(warnings()).toEqual([]);
});

test('a hub that keeps failing is tried a bounded number of times, then a clear warning; nothing thrown', async () => {
  const hub = await startHub([500]);
  const { logger, warnings } = recordingLogger();
  await expect(notifyHub(hub.url, ['https://news.example.org/feeds/tech.atom'], { retries: 2, backoffMs: 10, logger })).resolves.toBeUndefined();
  expect(hub.pings).toHaveLength(3);
  expect(warnings()).toHaveLength(1);
  expect(warnings()[0]!.msg).toContain('https://news.example.org/feeds/tech.atom');
  expect(warnings()[0]!.msg).toContain('HTTP 500');
});

test('an unreachable hub is reported, not thrown', async () => {
  const hub = await startHub([204]);
  const url = hub.url;
  const closing = hubs.pop()!;
  await new Promise((resolve) => closing.close(resolve));
  const { logger, warnings } = recordingLogger();
  await notifyHub(url, ['https://news.example.org/feeds/tech.rss'], { retries: 1, backoffMs: 10, logger });
  expect(warnings()).toHaveLength(1);
  expect(warnings()[0]!.feedUrl).toBe('https://news.example.org/feeds/tech.rss');
});
