// `feedmill serve`: only the HTTP server over the files in output.dir (Redis is optional: it feeds the activity chart).
import { createFeedServer } from '../server/http.js';
import { listen } from '../server/listen.js';
import { Keys } from '../shared/keys.js';
import { connectRedis, pingRedis } from '../shared/redis.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, readConfig, type GlobalOptions } from './context.js';
import { waitForShutdown } from './terminal.js';

export async function serveCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const logger = commandLogger(options);
  const redis = (await pingRedis(config.redis.url)) ? connectRedis(config.redis.url, {}, { logger }) : undefined;
  if (!redis) logger.warn('Redis does not answer: serving the files without the activity chart');
  const server = createFeedServer({ config, redis, keys: new Keys(config.redis.prefix), logger });
  try {
    const url = await listen(server, config.server.port, config.server.host, 'set another server.port in the config');
    logger.info(`serving ${config.output.dir} at ${url}/`);
    await waitForShutdown(logger);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  } finally {
    redis?.disconnect();
  }
  return EXIT.OK;
}
