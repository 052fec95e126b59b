// Observability: liveness and readiness for orchestrators and load balancers.
// /healthz answers 200 while the process can answer at all. /readyz answers 200 only when Redis
// answers PING within a short timeout and every worker of this process is running (not closing);
// otherwise 503 with a JSON body that says what is not ready, so a rolling restart or a Redis
// outage takes the process out of rotation instead of letting it accept work it cannot do.
// A category whose files cannot be written (a full disk) is listed with its error and makes it 503 too.
import type { RunningWorkers } from '../workers/run-workers.js';
import type { Redis } from '../shared/redis.js';
import type { Route } from '../server/routes.js';
import type { StaleFeed } from '../workers/publish-reconcile.js';
import { sendJson } from './respond.js';

const PING_TIMEOUT_MS = 1000;

export interface ReadinessReport {
  ready: boolean;
  /** Names of the checks that failed, e.g. ["redis"]. */
  notReady: string[];
  redis: { ok: boolean; ms?: number; error?: string };
  /** Per queue this process works on; empty for a process without workers (`serve`). */
  workers: { queue: string; running: boolean }[];
  /** Categories whose files lag behind the stored stories; one with a write error makes the process not ready ("output"). */
  staleFeeds?: StaleFeed[];
}

export async function checkReadiness(
  redis: Redis,
  workers?: RunningWorkers,
  timeoutMs = PING_TIMEOUT_MS,
  feeds?: () => Promise<StaleFeed[]>,
): Promise<ReadinessReport> {
  const redisCheck = await pingWithin(redis, timeoutMs);
  const workerChecks = (workers?.workers ?? []).map((w) => ({ queue: w.name, running: w.isRunning() && !w.closing }));
  const stale = redisCheck.ok && feeds ? await feeds() : undefined;
  const notReady = [
    ...(redisCheck.ok ? [] : ['redis']),
    ...(workerChecks.every((w) => w.running) ? [] : ['workers']),
    ...(stale?.some((f) => f.error !== undefined) ? ['output'] : []),
  ];
  return { ready: notReady.length === 0, notReady, redis: redisCheck, workers: workerChecks, ...(stale ? { staleFeeds: stale } : {}) };
}

async function pingWithin(redis: Redis, timeoutMs: number): Promise<ReadinessReport['redis']> {
  // While disconnected, ioredis would queue the PING until Redis is back; say so at once instead.
  if (redis.status !== 'ready') return { ok: false, error: `connection is ${redis.status}` };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const reply = await Promise.race([redis.ping(), timeout]);
    if (reply === 'timeout') return { ok: false, error: `no answer to PING within ${timeoutMs} ms` };
    return { ok: reply === 'PONG', ms: Math.round(performance.now() - started), ...(reply === 'PONG' ? {} : { error: `PING answered ${reply}` }) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: { redis: Redis; workers?: RunningWorkers; feeds?: () => Promise<StaleFeed[]> }): Route[] {
  return probeRoutes(() => checkReadiness(deps.redis, deps.workers, PING_TIMEOUT_MS, deps.feeds));
}

/** While a process waits for a configured Redis that does not answer: alive, not ready, and why. */
export function waitingRoutes(problem: () => string): Route[] {
  return probeRoutes(async () => ({ ready: false, notReady: ['redis'], redis: { ok: false, error: `waiting for Redis: ${problem()}` }, workers: [] }));
}

function probeRoutes(readiness: () => Promise<ReadinessReport>): Route[] {
  return [
    {
      methods: ['GET'],
      path: '/healthz',
      handle(_req, res) {
        sendJson(res, 200, { alive: true });
      },
    },
    {
      methods: ['GET'],
      path: '/readyz',
      async handle(_req, res) {
        const report = await readiness();
        sendJson(res, report.ready ? 200 : 503, report);
      },
    },
  ];
}
