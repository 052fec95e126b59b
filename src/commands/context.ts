// What every command does first: load and validate the config, find (or start) Redis,
// and build the runtime. Errors come back as FeedmillError with a stable code the CLI maps to an exit code.
import { loadConfig, resolveConfigPath, type Config } from '../shared/config.js';
import { createLogger, silentLogger, type Logger } from '../shared/logger.js';
import { ensureRedis, type RedisHandle } from '../shared/redis.js';
import { Runtime } from '../app/runtime.js';
import { closeFetchAgents } from '../feeds/fetch/index.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  logLevel?: string;
}

export interface CommandContext {
  config: Config;
  logger: Logger;
  runtime: Runtime;
  redis: RedisHandle;
  close(): Promise<void>;
}

export function commandLogger(options: GlobalOptions, quietByDefault = false): Logger {
  if (options.logLevel) return createLogger({ level: options.logLevel });
  if (options.json || quietByDefault) return createLogger({ level: 'warn' });
  return createLogger();
}

export function readConfig(options: GlobalOptions): Config {
  return loadConfig(resolveConfigPath(options.config));
}

export async function openContext(
  config: Config,
  logger: Logger,
  options: { manageRedis: boolean; dataDir?: string } = { manageRedis: false },
): Promise<CommandContext> {
  const redis = await ensureRedis(config.redis.url, logger, { manage: options.manageRedis, dataDir: options.dataDir });
  const runtime = new Runtime(config, redis.url, logger);
  return {
    config,
    logger,
    runtime,
    redis,
    close: async () => {
      await runtime.close();
      await closeFetchAgents();
      await redis.stop();
    },
  };
}

export { silentLogger };
