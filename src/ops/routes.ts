// Serve stage, ops side: every route the ops area adds to feedmill's HTTP server (its
// extraRoutes): /healthz and /readyz, /metrics, and the admin pages when a token is set.
import type { Runtime } from '../app/runtime.js';
import type { Route } from '../server/routes.js';
import type { RunningWorkers } from '../workers/run-workers.js';
import { adminTokenFrom } from './admin-auth.js';
import { adminRoutes } from './admin.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics-route.js';
import { readFeedStates, staleFeeds } from '../workers/publish-reconcile.js';

export function opsRoutes(runtime: Runtime, options: { workers?: RunningWorkers; env?: NodeJS.ProcessEnv } = {}): Route[] {
  return [
    ...healthRoutes({ redis: runtime.redis, workers: options.workers, feeds: async () => staleFeeds(await readFeedStates(runtime)) }),
    ...metricsRoutes(runtime),
    ...adminRoutes(runtime, adminTokenFrom(options.env)),
  ];
}
