// `feedmill serve`: only the HTTP server over the files in output.dir (Redis is optional: it feeds the activity chart).
import { createFeedServer } from '../server/http.js';
import { Keys } from '../shared/keys.js';
import { connectRedis, pingRedis } from '../shared/redis.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, readConfig, type GlobalOptions } from './context.js';
import { waitForShutdown } from './start.js';

export async function serveCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options);
  const redis = (await pingRedis(config.redis.url)) ? connectRedis(config.redis.url) : undefined;
  if (!redis) logger.warn('Redis does not answer: serving the files without the activity chart');
  const server = createFeedServer({ config, redis, keys: new Keys(config.redis.prefix), logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  logger.info(`serving ${config.output.dir} at http://${config.server.host}:${config.server.port}/`);
  await waitForShutdown(logger);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  redis?.disconnect();
  return EXIT.OK;
}
