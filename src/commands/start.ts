// `feedmill start`: schedules, all workers and the HTTP server, until SIGTERM/SIGINT.
// Edits of the config file (and SIGHUP) are applied without a restart (src/ops/reload.ts).
import { startService } from '../app/service.js';
import { startHotReload } from '../ops/reload.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';
import { abortOnShutdownSignal, waitForShutdown } from './terminal.js';
import { waitingRoutes } from '../ops/health.js';
import { createFeedServer } from '../server/http.js';
import { listen } from '../server/listen.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';

export async function startCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options);
  // A configured Redis that is down is waited for; meanwhile the server answers /readyz with 503.
  const interrupt = abortOnShutdownSignal();
  const context = await openContext(config, logger, {
    manageRedis: true,
    waitForRedis: 'forever',
    signal: interrupt.signal,
    whileWaiting: (problem) => serveWhileWaiting(config, logger, problem),
  }).finally(interrupt.release);
  try {
    const service = await startService(context.runtime);
    const hotReload = config.file ? startHotReload(context.runtime, config.file) : undefined;
    await waitForShutdown(logger);
    await hotReload?.close();
    await service.stop();
  } finally {
    // Also when the service could not start (a port in use): Redis connections and a managed redis-server end with it.
    await context.close();
  }
  logger.info('stopped');
  return EXIT.OK;
}

/** The feeds already written, /healthz, and /readyz answering 503 while Redis does not answer. */
async function serveWhileWaiting(config: Config, logger: Logger, problem: () => string): Promise<() => Promise<void>> {
  const server = createFeedServer({ config, logger, extraRoutes: waitingRoutes(problem) });
  const url = await listen(server, config.server.port, config.server.host, 'set another server.port in the config');
  logger.info(`serving the feeds already written at ${url}/ while waiting for Redis (/readyz: 503)`);
  return async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  };
}
