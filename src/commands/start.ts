// `feedmill start`: schedules, all workers and the HTTP server, until SIGTERM/SIGINT.
import { startService } from '../app/service.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';
import { onShutdownSignal } from './terminal.js';

export async function startCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options);
  const context = await openContext(config, logger, { manageRedis: true });
  const service = await startService(context.runtime);
  await waitForShutdown(logger);
  await service.stop();
  await context.close();
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
