// A long-running feedmill: job schedulers synced, all workers running, the HTTP server up
// (with /healthz, /readyz, /metrics and, when FEEDMILL_ADMIN_TOKEN is set, the admin pages).
// Used by `feedmill start` and `feedmill demo`.
import type { Server } from 'node:http';
import { opsRoutes } from '../ops/routes.js';
import { createFeedServer } from '../server/http.js';
import { listen } from '../server/listen.js';
import { requestPublish, ROLES, type Role } from '../workers/queues.js';
import { startPublishReconciler } from '../workers/publish-reconcile.js';
import { startWorkers, type RunningWorkers } from '../workers/run-workers.js';
import type { Runtime } from './runtime.js';
import { missingFeeds } from './missing-feeds.js';
import { syncSchedulers } from './schedulers.js';

export interface Service {
  server?: Server;
  workers: RunningWorkers;
  /** The address the server listens on, e.g. http://127.0.0.1:8080. */
  url?: string;
  stop(): Promise<void>;
}

export async function startService(runtime: Runtime, options: { roles?: Role[]; serve?: boolean; schedulers?: boolean } = {}): Promise<Service> {
  const logger = runtime.logger;
  if (options.schedulers !== false) {
    const sync = await syncSchedulers(runtime);
    logger.info(
      { added: sync.added.length, updated: sync.updated.length, removed: sync.removed.length, unchanged: sync.unchanged },
      `schedules in step with the config: ${runtime.config.sources.length} sources`,
    );
  }
  const roles = options.roles ?? ROLES;
  const workers = startWorkers(runtime, roles);
  // Missing files, changes no render took, renders that failed (a full disk): asked for now and every few seconds.
  const reconciler = roles.includes('publish') ? startPublishReconciler(runtime) : undefined;
  let server: Server | undefined;
  let url: string | undefined;
  if (options.serve !== false) {
    const config = runtime.config;
    const listening = createFeedServer({ config: () => runtime.config, redis: runtime.redis, keys: runtime.keys, logger, extraRoutes: opsRoutes(runtime, { workers }) });
    server = listening;
    try {
      url = await listen(listening, config.server.port, config.server.host, 'set another server.port in the config (feedmill demo: --port, 0 picks a free one)');
    } catch (err) {
      await reconciler?.stop();
      await workers.close();
      throw err;
    }
    logger.info(`serving feeds at ${url}/ (index), ${url}/feeds/all.atom, ${url}/feeds.opml`);
  }
  return {
    server,
    workers,
    url,
    stop: async () => {
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        server.closeAllConnections?.();
        await closing;
      }
      await reconciler?.stop();
      await workers.close();
    },
  };
}

/** Categories whose files do not exist yet are published (empty or not) so every feed URL answers. */
export async function publishMissing(runtime: Runtime): Promise<void> {
  await requestPublish(runtime.queues.publish, missingFeeds(runtime.config));
}
