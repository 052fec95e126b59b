// Serve stage, ops side: a small HTTP server with only the ops routes (/healthz, /readyz,
// /metrics and, with a token, the admin pages), for processes that serve no feeds, such as
// `feedmill worker`: without it, a worker's counters and readiness would be invisible.
import type { Server } from 'node:http';
import type { Runtime } from '../app/runtime.js';
import { createLimitedServer } from '../server/limits.js';
import { listen } from '../server/listen.js';
import { findRoute } from '../server/routes.js';
import type { RunningWorkers } from '../workers/run-workers.js';
import { sendText } from './respond.js';
import { opsRoutes } from './routes.js';

export interface OpsServer {
  server: Server;
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

export async function startOpsServer(
  runtime: Runtime,
  options: { host: string; port: number; workers?: RunningWorkers; env?: NodeJS.ProcessEnv },
): Promise<OpsServer> {
  const routes = opsRoutes(runtime, { workers: options.workers, env: options.env });
  const logger = runtime.logger.child({ component: 'ops-http' });
  const server = createLimitedServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feedmill.invalid');
    const found = findRoute(routes, req.method ?? 'GET', url.pathname);
    if (!found) return sendText(res, 404, `Nothing at ${url.pathname}; this process serves /healthz, /readyz and /metrics.\n`);
    if ('allowed' in found) {
      res.writeHead(405, { allow: found.allowed.join(', ') }).end();
      return;
    }
    Promise.resolve(found.route.handle(req, res, { url, params: found.params })).catch((err: unknown) => {
      logger.error({ err, path: url.pathname }, 'request failed');
      if (res.headersSent) res.destroy();
      else sendText(res, 500, 'Internal error; see the feedmill log.\n');
    });
  });
  const url = await listen(server, options.port, options.host, 'choose another --port (or FEEDMILL_OPS_PORT)');
  return {
    server,
    url,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}
