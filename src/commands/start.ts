// `feedmill start`: schedules, all workers and the HTTP server, until SIGTERM/SIGINT.
// Edits of the config file (and SIGHUP) are applied without a restart (src/ops/reload.ts).
import { startService } from '../app/service.js';
import { startHotReload } from '../ops/reload.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';
import { onShutdownSignal } from './terminal.js';

export async function startCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options);
  const context = await openContext(config, logger, { manageRedis: true });
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

export function waitForShutdown(logger: { info: (msg: string) => void }): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = onShutdownSignal((signal) => {
      logger.info(`${signal}: finishing the jobs in flight, then exiting`);
      stop();
      resolve(signal);
    });
  });
}
