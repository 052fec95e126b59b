// Serve stage: feedmill's HTTP server (plain node:http). It serves what the writer left in
// output.dir: the feeds, an OPML list and the index page; with Redis it adds the activity
// charts. Routes live in a table; other parts of feedmill pass theirs in `extraRoutes`.
import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import type { Keys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import { readActivity } from './activity.js';
import { feedCatalog, type FeedCatalog } from './catalog.js';
import { sendFile } from './conditional-response.js';
import { feedRoutes, sendNotFound } from './feed-routes.js';
import { FileCache, inMemoryFile } from './file-cache.js';
import { readPageStories, renderIndexPage } from './index-page.js';
import { renderOpml } from './opml.js';
import { createLimitedServer } from './limits.js';
import { findRoute, type Route } from './routes.js';

export type { Route, RouteContext } from './routes.js';

export interface FeedServerDeps {
  /** The config, or a getter for the current one (hot reload: new categories are served at once). */
  config: Config | (() => Config);
  redis?: Redis;
  keys?: Keys;
  logger: Logger;
  /** Checked before the built-in routes (health, metrics, admin pages...). */
  extraRoutes?: Route[];
}

interface ServerView {
  config: Config;
  catalog: FeedCatalog;
  routes: Route[];
}

export function createFeedServer(deps: FeedServerDeps): Server {
  const currentConfig = typeof deps.config === 'function' ? deps.config : ((config: Config) => () => config)(deps.config);
  const files = new FileCache();
  const logger = deps.logger.child({ component: 'http' });
  // Catalog, OPML and routes are built once per config, and again only when a reload swaps it.
  let view: ServerView | undefined;
  const currentView = (): ServerView => {
    const config = currentConfig();
    if (view?.config !== config) {
      const catalog = feedCatalog(config);
      view = { config, catalog, routes: [...(deps.extraRoutes ?? []), ...builtInRoutes(deps, config, catalog, files)] };
    }
    return view;
  };

  return createLimitedServer((req, res) => {
    const { catalog, routes } = currentView();
    const url = parseTarget(req.url);
    if (!url) {
      // An unparseable request target (e.g. "http://[") must not reach the handlers, nor throw.
      res.statusCode = 400;
      res.end();
      return;
    }
    const method = req.method ?? 'GET';
    const found = findRoute(routes, method, url.pathname);
    if (!found) {
      sendNotFound(res, `Nothing at ${url.pathname}.`, catalog);
      return;
    }
    if ('allowed' in found) {
      res.statusCode = 405;
      res.setHeader('Allow', found.allowed.join(', '));
      res.end();
      return;
    }
    // Async wrapper so that a handler that throws synchronously is caught too.
    (async () => found.route.handle(req, res, { url, params: found.params }))().catch((err: unknown) => {
      logger.error({ err, path: url.pathname }, 'request failed');
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Internal error; see the feedmill log.\n');
      } else {
        res.destroy();
      }
    });
  });
}

// URL.parse would do, but it is missing from early Node 20 releases.
function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://feedmill.invalid');
  } catch {
    return undefined;
  }
}

function builtInRoutes(deps: FeedServerDeps, config: Config, catalog: FeedCatalog, files: FileCache): Route[] {
  // Built per config, and so is the OPML.
  const opml = inMemoryFile(Buffer.from(renderOpml(config, catalog), 'utf8'), Date.now());
  return [
    ...feedRoutes(config, catalog, files),
    {
      methods: ['GET'],
      path: '/feeds.opml',
      handle(req, res) {
        sendFile(req, res, opml, { contentType: 'text/x-opml; charset=utf-8', cacheControl: 'public, max-age=300' });
      },
    },
    {
      methods: ['GET'],
      path: '/',
      async handle(req, res) {
        const now = Date.now();
        const ids = catalog.categories.map((c) => c.id);
        const stories = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await readPageStories(files, catalog, id)] as const)));
        const activity = await readChartData(deps, ids, now);
        const page = inMemoryFile(Buffer.from(renderIndexPage(config, catalog, { now, stories, activity }), 'utf8'), now);
        sendFile(req, res, page, { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' });
      },
    },
  ];
}

const CHART_TIMEOUT_MS = 1000;

/** The charts are a nicety: without Redis, or with Redis slow or down, the page is served without them. */
async function readChartData(deps: FeedServerDeps, ids: string[], now: number): Promise<Record<string, number[]> | undefined> {
  if (!deps.redis || !deps.keys) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHART_TIMEOUT_MS} ms`)), CHART_TIMEOUT_MS);
  });
  try {
    return await Promise.race([readActivity(deps.redis, deps.keys, ids, now), timeout]);
  } catch (err) {
    deps.logger.warn({ err }, 'index page without activity charts: cannot read activity from Redis');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
