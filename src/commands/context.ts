// What every command does first: load and validate the config, find (or start) Redis,
// and build the runtime. Errors come back as FeedmillError with a stable code the CLI maps to an exit code.
import { loadConfig, resolveConfigPath, type Config } from '../shared/config.js';
import { createLogger, silentLogger, type Logger } from '../shared/logger.js';
import { ensureRedis, type EnsureOptions, type RedisHandle } from '../shared/redis.js';
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

export interface OpenOptions {
  /** The command may start a managed redis-server (when the config lets it: redis.managed). */
  manageRedis?: boolean;
  dataDir?: string;
  /** How long to wait for a configured Redis that does not answer (default 0: fail at once). */
  waitForRedis?: EnsureOptions['waitMs'];
  whileWaiting?: EnsureOptions['whileWaiting'];
  signal?: AbortSignal;
}

export async function openContext(config: Config, logger: Logger, options: OpenOptions = {}): Promise<CommandContext> {
  const redis = await ensureRedis(config.redis.url, logger, {
    manage: options.manageRedis === true && config.redis.managed,
    dataDir: options.dataDir,
    waitMs: options.waitForRedis ?? 0,
    whileWaiting: options.whileWaiting,
    signal: options.signal,
  });
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
