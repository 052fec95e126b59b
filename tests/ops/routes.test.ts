// The ops routes on feedmill's real HTTP server, after a real poll through real queues:
// health and readiness, Prometheus metrics, and the admin pages with and without the token.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce } from '../../src/app/run-once.js';
import { startOpsServer } from '../../src/ops/ops-server.js';
import { opsRoutes } from '../../src/ops/routes.js';
import { healthRoutes } from '../../src/ops/health.js';
import { createFeedServer } from '../../src/server/http.js';
import { silentLogger } from '../../src/shared/logger.js';
import { connectRedis, type Redis } from '../../src/shared/redis.js';
import { ROLES } from '../../src/workers/queues.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { createTestPipeline, type TestPipeline } from '../support/pipeline.js';

const TOKEN = 'correct-horse-battery-staple';

let feeds: FeedServer;
let pipeline: TestPipeline;
let workers: RunningWorkers;
let open: Server;
let guarded: Server;
let openUrl: string;
let guardedUrl: string;
const servers: Server[] = [];
const redisClients: Redis[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  feeds = await startFeedServer({
    '/wire.xml': {
      body: rss('Wire Desk', [
        { title: 'Parliament opens debate on election reform', link: 'https://news.example/politics/reform' },
        { title: 'Harbor City wins the cup final', link: 'https://sport.example/cup-final', categories: ['Football'] },
      ]),
    },
    '/broken.xml': { status: 500, body: 'oops' },
  });
  pipeline = await createTestPipeline({
    categories: [
      { id: 'politics', title: 'Politics', keywords: ['parliament', 'election'] },
      { id: 'sports', title: 'Sports', aliases: ['Football'] },
    ],
    sources: [
      { id: 'wire', url: `${feeds.url}/wire.xml`, title: 'Wire Desk' },
      { id: 'broken', url: `${feeds.url}/broken.xml`, title: 'Broken <Desk>' },
    ],
  });
  workers = startWorkers(pipeline.runtime, ROLES);
  await runOnce(pipeline.runtime, { timeoutMs: 20_000 });
  const deps = { config: pipeline.config, redis: pipeline.runtime.redis, keys: pipeline.runtime.keys, logger: silentLogger };
  open = createFeedServer({ ...deps, extraRoutes: opsRoutes(pipeline.runtime, { workers, env: {} }) });
  guarded = createFeedServer({ ...deps, extraRoutes: opsRoutes(pipeline.runtime, { workers, env: { FEEDMILL_ADMIN_TOKEN: TOKEN } }) });
  openUrl = await listen(open);
  guardedUrl = await listen(guarded);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  for (const client of redisClients) client.disconnect();
  await workers?.close();
  await pipeline?.close();
  await feeds?.close();
});

describe('health', () => {
  test('/healthz answers while the process is alive', async () => {
    const res = await fetch(`${openUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ alive: true });
  });

  test('/readyz is 200 with Redis answering and every worker running', async () => {
    const res = await fetch(`${openUrl}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ready: boolean; workers: { queue: string; running: boolean }[] };
    expect(body.ready).toBe(true);
    expect(body.workers.map((w) => w.queue).sort()).toEqual(['ingest', 'poll', 'publish']);
  });

  test('/readyz is 503 naming Redis when Redis does not answer', async () => {
    // A port that accepts connections and never says a word: the connection never becomes ready.
    const silent = createTcpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as AddressInfo).port;
    const dead = connectRedis(`redis://127.0.0.1:${port}`, { connectTimeout: 500, retryStrategy: () => 200 });
    dead.on('error', () => {});
    redisClients.push(dead);
    const url = await listen(createFeedServer({ config: pipeline.config, logger: silentLogger, extraRoutes: healthRoutes({ redis: dead }) }));
    const res = await fetch(`${url}/readyz`);
    silent.close();
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; notReady: string[]; redis: { ok: boolean; error?: string } };
    expect(body).toMatchObject({ ready: false, notReady: ['redis'], redis: { ok: false } });
    expect(body.redis.error).toBeTruthy();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('metrics', () => {
  test('/metrics is Prometheus text with the pipeline counters after a poll', async () => {
    const res = await fetch(`${openUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# HELP feedmill_polls_total ');
    expect(text).toMatch(/^feedmill_polls_total\{outcome="fetched"\} 1$/m);
    expect(text).toMatch(/^feedmill_polls_total\{outcome="failed",code="HTTP_STATUS"\} 1$/m);
    expect(text).toMatch(/^feedmill_fetch_duration_seconds_count 1$/m);
    expect(text).toMatch(/^feedmill_items_seen_total 2$/m);
    expect(text).toMatch(/^feedmill_new_stories_total 2$/m);
    expect(text).toMatch(/^feedmill_fetched_bytes_total [1-9]\d*$/m);
    expect(text).toMatch(/^feedmill_category_stories\{category="politics"\} 1$/m);
    expect(text).toMatch(/^feedmill_category_stories\{category="sports"\} 1$/m);
    expect(text).toMatch(/^feedmill_stories_stored 2$/m);
    expect(text).toMatch(/^feedmill_queue_jobs\{queue="poll",state="waiting"\} 0$/m);
    expect(text).toMatch(/^feedmill_sources_configured 2$/m);
    expect(text).toMatch(/^feedmill_sources_failing 0$/m);
    expect(text).toMatch(/^feedmill_publish_duration_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^feedmill_publish_latency_seconds_count [1-9]\d*$/m);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('admin pages', () => {
  test('without FEEDMILL_ADMIN_TOKEN they do not exist', async () => {
    for (const path of ['/admin/sources', '/admin/queues', '/admin/queues/api/queues']) {
      const res = await fetch(`${openUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, path).toBe(404);
    }
  });

  test('with it, a request without the token or with a wrong one gets 401', async () => {
    expect((await fetch(`${guardedUrl}/admin/sources`)).status).toBe(401);
    expect((await fetch(`${guardedUrl}/admin/queues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${guardedUrl}/admin/sources?token=${TOKEN}x`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${guardedUrl}/admin/queues/api/queues`, { headers: { cookie: 'feedmill_admin=nope' } })).status).toBe(401);
    // Health and metrics stay open either way.
    expect((await fetch(`${guardedUrl}/healthz`)).status).toBe(200);
  });

  test('the sources page lists every source with its status, last error and the activity charts', async () => {
    const res = await fetch(`${guardedUrl}/admin/sources`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(`${feeds.url}/wire.xml`);
    expect(html).toContain('Broken &lt;Desk&gt;');
    expect(html).not.toContain('Broken <Desk>');
    expect(html).toContain('HTTP_STATUS');
    expect(html).toContain('retrying');
    expect(html).toMatch(/<svg class="activity"[^>]*aria-label="Politics: 1 story/);
    // Problems sort first.
    expect(html.indexOf('broken.xml')).toBeLessThan(html.indexOf('wire.xml'));
  });

  test('?token= once sets an HttpOnly SameSite=Strict cookie that lets the dashboard in', async () => {
    const first = await fetch(`${guardedUrl}/admin/queues?token=${encodeURIComponent(TOKEN)}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin/queues');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^feedmill_admin=[^;]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const session = cookie.split(';')[0]!;

    const page = await fetch(`${guardedUrl}/admin/queues`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // The page's scripts are the browser's follow-up requests: they carry only the cookie.
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(new URL(script!, `${guardedUrl}/admin/queues/`), { headers: { cookie: session } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    const api = await fetch(`${guardedUrl}/admin/queues/api/queues`, { headers: { cookie: session } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['ingest', 'poll', 'publish']);
  });

  test('the session cookie is not the token, and the raw token as a cookie is refused', async () => {
    const first = await fetch(`${guardedUrl}/admin/sources?token=${encodeURIComponent(TOKEN)}`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).not.toContain(encodeURIComponent(TOKEN));
    // Served over http with an http base URL: not Secure (the browser would drop it).
    expect(cookie).not.toContain('Secure');
    expect((await fetch(`${guardedUrl}/admin/sources`, { headers: { cookie: `feedmill_admin=${encodeURIComponent(TOKEN)}` } })).status).toBe(401);
  });

  test('the session cookie is Secure when the public base URL is https', async () => {
    const config = { ...pipeline.config, output: { ...pipeline.config.output, baseUrl: 'https://feeds.example' } };
    pipeline.runtime.apply(config);
    try {
      const first = await fetch(`${guardedUrl}/admin/sources?token=${encodeURIComponent(TOKEN)}`, { redirect: 'manual' });
      expect(first.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      pipeline.runtime.apply({ ...config, output: { ...config.output, baseUrl: pipeline.config.output.baseUrl } });
    }
  });
});

describe('ops-only server (for worker processes)', () => {
  test('serves health and metrics, and nothing else', async () => {
    const ops = await startOpsServer(pipeline.runtime, { host: '127.0.0.1', port: 0, workers, env: {} });
    try {
      expect((await fetch(`${ops.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${ops.url}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${ops.url}/metrics`)).text()).toContain('feedmill_polls_total');
      expect((await fetch(`${ops.url}/feeds/all.rss`)).status).toBe(404);
      expect((await fetch(`${ops.url}/admin/sources`)).status).toBe(404);
      expect((await fetch(`${ops.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await ops.close();
    }
  });
});

describe('readiness while stopping', () => {
  test('/readyz turns 503 naming the workers once they stop taking jobs', async () => {
    await workers.close();
    const res = await fetch(`${openUrl}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { notReady: string[]; redis: { ok: boolean }; workers: { running: boolean }[] };
    expect(body.notReady).toEqual(['workers']);
    expect(body.redis.ok).toBe(true);
    expect(body.workers.every((w) => !w.running)).toBe(true);
  });
});
