// Observability: which feedmill processes are alive and what they work on, for `feedmill status`
// and the admin page. Every process that runs workers writes one field of the workers hash
// (field host:pid, value {roles, startedAt, lastSeen}) every ~10 s and deletes it on a clean
// shutdown. A process that died without cleaning up goes stale after 60 s: readers ignore it,
// and the next writer deletes it.
import { hostname } from 'node:os';
import type { Result } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import type { Redis } from '../shared/redis.js';
import { beatHeartbeatLua } from './heartbeat-lua.js';

export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_STALE_MS = 60_000;
const STOP_TIMEOUT_MS = 2000;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedmillBeatHeartbeat(numKeys: number, ...args: (string | number)[]): Result<number, Context>;
  }
}

export interface WorkerEntry {
  /** host:pid */
  id: string;
  host: string;
  pid: number;
  roles: string[];
  startedAt: number;
  lastSeen: number;
}

export interface Heartbeat {
  /** This process's field in the workers hash. */
  readonly id: string;
  /** Stops beating and removes this process's entry. */
  stop(): Promise<void>;
}

export function startHeartbeat(
  redis: Redis,
  keys: Keys,
  roles: readonly string[],
  options: { intervalMs?: number; logger?: Logger } = {},
): Heartbeat {
  redis.defineCommand('feedmillBeatHeartbeat', { lua: beatHeartbeatLua });
  const id = `${hostname()}:${process.pid}`;
  const startedAt = Date.now();
  let stopped = false;
  const beat = async () => {
    const now = Date.now();
    try {
      await redis.feedmillBeatHeartbeat(1, keys.workers, id, JSON.stringify({ roles, startedAt, lastSeen: now }), now, HEARTBEAT_STALE_MS);
    } catch (err) {
      // A missed beat only makes `status` look stale for a while; the workers themselves go on.
      options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not write the worker heartbeat');
    }
  };
  let inFlight = beat();
  const timer = setInterval(() => {
    inFlight = beat();
  }, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    id,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // With Redis gone, shutdown must not wait for it: the entry then simply goes stale.
      let timeout: NodeJS.Timeout | undefined;
      const removed = inFlight.then(() => redis.hdel(keys.workers, id)).catch(() => 0);
      await Promise.race([removed, new Promise((resolve) => (timeout = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
      clearTimeout(timeout);
    },
  };
}

/** The live processes (seen within the last 60 s), oldest first. */
export async function readWorkers(redis: Redis, keys: Keys, now = Date.now()): Promise<WorkerEntry[]> {
  const entries = await redis.hgetall(keys.workers);
  const live: WorkerEntry[] = [];
  for (const [id, value] of Object.entries(entries)) {
    const entry = decodeEntry(id, value);
    if (entry && now - entry.lastSeen <= HEARTBEAT_STALE_MS) live.push(entry);
  }
  return live.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

function decodeEntry(id: string, value: string): WorkerEntry | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<Omit<WorkerEntry, 'id' | 'host' | 'pid'>>;
    if (typeof parsed.lastSeen !== 'number') return undefined;
    const split = id.lastIndexOf(':');
    return {
      id,
      host: id.slice(0, split),
      pid: Number(id.slice(split + 1)),
      roles: Array.isArray(parsed.roles) ? parsed.roles.map(String) : [],
      startedAt: typeof parsed.startedAt === 'number' ? parsed.startedAt : parsed.lastSeen,
      lastSeen: parsed.lastSeen,
    };
  } catch {
    return undefined;
  }
}
