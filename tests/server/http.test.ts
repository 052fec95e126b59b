// The feed server as a feed reader sees it: types, validators, 304s, compression, HEAD,
// helpful 404s, WebSub discovery headers, OPML and no way out of output.dir.
import { utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWithFeedparser, xmllintErrors } from '../output/independent-parsers.js';
import { awkwardStories, story } from '../output/stories.js';
import { get, makeConfig, publish, startServer, type TestServer } from './serve.js';

let site: TestServer;

beforeAll(async () => {
  const config = await makeConfig('  websubHub: https://hub.example/');
  await publish(config, { id: 'tech', title: 'Tech & Science' }, awkwardStories());
  await publish(config, { id: 'all', title: 'Everything' }, awkwardStories());
  // Files in output.dir that are not feeds must stay private.
  await writeFile(path.join(config.output.dir, 'secret.txt'), 'TOP SECRET');
  await writeFile(path.join(config.output.dir, 'notes.rss'), 'TOP SECRET');
  site = await startServer(config, {
    extraRoutes: [
      { methods: ['GET'], path: '/healthz', handle: (_req, res) => void res.end('ok') },
      {
        methods: ['GET'],
        path: '/boom',
        handle: () => {
          throw new Error('handler bug');
        },
      },
    ],
  });
});
afterAll(async () => {
  await site.close();
});

describe('feeds', () => {
  test.each([
    ['tech.rss', 'application/rss+xml; charset=utf-8'],
    ['tech.atom', 'application/atom+xml; charset=utf-8'],
    ['tech.json', 'application/feed+json; charset=utf-8'],
    ['all.atom', 'application/atom+xml; charset=utf-8'],
  ])('/feeds/%s is served with its type, validators and cache headers', async (name, type) => {
    const res = await get(`${site.url}/feeds/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Date(res.headers['last-modified']!).getTime()).toBeGreaterThan(0);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    if (!name.endsWith('.json')) expect(parseWithFeedparser(res.body.toString('utf8'), `served-${name}`).bozo).toBe(0);
  });

  test('If-None-Match and If-Modified-Since answer 304 with no body; a stale tag gets the feed', async () => {
    const first = await get(`${site.url}/feeds/tech.rss`);
    const byTag = await get(`${site.url}/feeds/tech.rss`, { headers: { 'if-none-match': first.headers.etag! } });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers.etag).toBe(first.headers.etag);
    const byDate = await get(`${site.url}/feeds/tech.rss`, { headers: { 'if-modified-since': first.headers['last-modified']! } });
    expect(byDate.status).toBe(304);
    const stale = await get(`${site.url}/feeds/tech.rss`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(first.body)).toBe(true);
  });

  test('gzip and brotli on request, each with its own ETag; identity otherwise', async () => {
    const plain = await get(`${site.url}/feeds/tech.atom`);
    const gz = await get(`${site.url}/feeds/tech.atom`, { headers: { 'accept-encoding': 'gzip' } });
    const br = await get(`${site.url}/feeds/tech.atom`, { headers: { 'accept-encoding': 'gzip;q=0.5, br' } });
    const refused = await get(`${site.url}/feeds/tech.atom`, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3);
    const revalidated = await get(`${site.url}/feeds/tech.atom`, { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! } });
    expect(revalidated.status).toBe(304);
  });

  test('HEAD gives the headers of GET and no body', async () => {
    const head = await get(`${site.url}/feeds/tech.json`, { method: 'HEAD' });
    const full = await get(`${site.url}/feeds/tech.json`);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers.etag).toBe(full.headers.etag);
  });

  test('WebSub discovery: Link headers name the hub and the canonical self URL', async () => {
    const res = await get(`${site.url}/feeds/tech.atom`);
    expect(res.headers.link).toBe('<https://hub.example/>; rel="hub", <https://news.example.org/feeds/tech.atom>; rel="self"');
  });

  test('a republished feed is served fresh (new ETag), even when size and second are unchanged', async () => {
    const before = await get(`${site.url}/feeds/world.json`);
    expect(before.status).toBe(404);
    await publish(site.config, { id: 'world', title: 'World' }, [story('w1', { title: 'First' })]);
    const first = await get(`${site.url}/feeds/world.json`);
    await publish(site.config, { id: 'world', title: 'World' }, [story('w1', { title: 'Later' })]);
    // Same length file; force a distinct mtime as a slow file system might not give one.
    const file = path.join(site.config.output.dir, 'world.json');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const second = await get(`${site.url}/feeds/world.json`);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(JSON.parse(second.body.toString('utf8')).items[0].title).toBe('Later');
  });
});

describe('not found', () => {
  test('an unknown category gets a 404 that lists the feeds that exist', async () => {
    const res = await get(`${site.url}/feeds/sports.rss`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const text = res.body.toString('utf8');
    expect(text).toContain('No feed "sports.rss"');
    expect(text).toContain('/feeds/tech.rss');
    expect(text).toContain('/feeds/world.atom');
    expect(text).toContain('/feeds/all.json');
  });

  test('a known category with no file yet says so', async () => {
    const res = await get(`${site.url}/feeds/general.atom`);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).toContain('has no Atom file yet');
  });

  test.each(['/feeds/secret.txt', '/feeds/notes.rss', '/secret.txt', '/feeds/%2e%2e%2fsecret.txt', '/feeds/..%2Fnotes.rss', '/feeds/tech.rss/', '/feeds/tech.xml', '/feeds/tech.rss%00.txt'])(
    'nothing outside the known feed names is served: %s',
    async (p) => {
      const res = await get(`${site.url}${p}`);
      expect(res.status).toBe(404);
      expect(res.body.toString('utf8')).not.toContain('TOP SECRET');
    },
  );

  test('an unparseable request target gets 400 and the server keeps serving', async () => {
    const { port } = new URL(site.url);
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5s')));
      socket.once('data', (data) => {
        resolve(data.toString('latin1').split('\r\n')[0]!);
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect((await get(`${site.url}/feeds/tech.rss`)).status).toBe(200);
  });

  test('a wrong method gets 405 with Allow', async () => {
    const res = await get(`${site.url}/feeds/tech.rss`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

test('extra routes from another part of feedmill are served; a failing one gets a 500, not a crash', async () => {
  const res = await get(`${site.url}/healthz`);
  expect(res.status).toBe(200);
  expect(res.body.toString()).toBe('ok');
  expect((await get(`${site.url}/boom`)).status).toBe(500);
  expect((await get(`${site.url}/healthz`)).status).toBe(200);
});

test('/feeds.opml lists every category feed in the preferred format', async () => {
  const res = await get(`${site.url}/feeds.opml`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/x-opml; charset=utf-8');
  const opml = res.body.toString('utf8');
  expect(xmllintErrors(opml, 'feeds.opml')).toBe('');
  expect(opml).toContain('<opml version="2.0">');
  const outlines = opml.match(/<outline [^>]*\/>/g) ?? [];
  expect(outlines).toHaveLength(3);
  expect(outlines[0]).toContain('text="Tech &amp; Science"');
  expect(outlines[0]).toContain('xmlUrl="https://news.example.org/feeds/tech.rss"');
  expect(outlines[0]).toContain('htmlUrl="https://news.example.org/#tech"');
  expect(outlines.map((o) => /xmlUrl="[^"]*\/feeds\/([a-z]+)\./.exec(o)?.[1])).toEqual(['tech', 'world', 'general']);
});
