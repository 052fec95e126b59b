// Everything a feedmill process shares between its workers, server and commands:
// the current config (swappable on reload), Redis connections, queues and the story store.
import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../shared/config.js';
import { Keys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import { connectRedis, type Redis } from '../shared/redis.js';
import type { SourceConfig } from '../shared/types.js';
import { StoryStore, storeOptions } from '../store/story-store.js';
import { createQueues, type Queues } from '../workers/queues.js';

const QUEUES_CLOSE_WAIT_MS = 2_000;

export class Runtime {
  readonly keys: Keys;
  /** Connection for feedmill's own commands (store, state, the ingest worker's categorizer). */
  readonly redis: Redis;
  readonly queues: Queues;
  private current!: Config;
  private sourcesById = new Map<string, SourceConfig>();
  private storeInstance!: StoryStore;
  private readonly listeners: ((config: Config) => void)[] = [];

  constructor(
    config: Config,
    readonly redisUrl: string,
    readonly logger: Logger,
  ) {
    this.keys = new Keys(config.redis.prefix);
    this.redis = connectRedis(redisUrl, {}, { logger });
    this.queues = createQueues(this.connection(), this.keys);
    this.apply(config);
  }

  get config(): Config {
    return this.current;
  }
  get store(): StoryStore {
    return this.storeInstance;
  }

  source(id: string): SourceConfig | undefined {
    return this.sourcesById.get(id);
  }

  /** BullMQ connection options: each Queue/Worker opens its own connection from these. */
  connection(): ConnectionOptions {
    return { url: this.redisUrl, maxRetriesPerRequest: null };
  }

  /** Swaps in a new (already validated) config: sources, categories and limits take effect for the next job. */
  apply(config: Config): void {
    if (this.current && config.redis.prefix !== this.current.redis.prefix) {
      throw new Error('redis.prefix cannot change while feedmill runs; restart to use another prefix');
    }
    this.current = config;
    this.sourcesById = new Map(config.sources.map((s) => [s.id, s]));
    this.storeInstance = new StoryStore(this.redis, this.keys, storeOptions(config));
    for (const listener of this.listeners) listener(config);
  }

  onConfig(listener: (config: Config) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    // Bounded: a queue's close can wait forever on a connection that is reconnecting (taskforcesh/bullmq#4656).
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUEUES_CLOSE_WAIT_MS);
    });
    await Promise.race([this.queues.close(), late]);
    clearTimeout(timer);
    this.redis.disconnect();
  }
}
