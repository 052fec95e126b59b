// Publishing is reconciled, not only triggered: a category's files must catch up with what is
// stored, whatever happened to the render that was asked for (a full disk, a read-only output
// folder, a process killed while rendering, a restart). Each category's state hash says what is
// owed: `pendingSince` (a change stored and not yet written; publish puts it back when a write
// fails) and `publishError`/`publishErrorAt`/`publishFailures` (the last failed write). At start
// and every few seconds the reconciler asks for a render of every category that is owed one
// (or whose files are missing), a failing one with capped backoff, for as long as the cause lasts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Runtime } from '../app/runtime.js';
import type { Config } from '../shared/config.js';
import { requestPublish } from './queues.js';

export const RECONCILE_EVERY_MS = 5_000;
/** A change this old that no render has taken yet is asked for again (renders normally follow within a second). */
const OWED_AFTER_MS = 10_000;
const RETRY_BASE_MS = 1_000;
/** Failing renders are retried at least this often while the cause lasts. */
export const RETRY_MAX_MS = 15_000;
/** A category owed a render for longer than this is reported as stale. */
const STALE_AFTER_MS = 60_000;

export interface FeedState {
  categoryId: string;
  pendingSince?: number;
  error?: string;
  errorAt?: number;
  failures: number;
}

export interface StaleFeed {
  category: string;
  /** Since when the files lag behind the stored stories (epoch ms). */
  since: number;
  error?: string;
}

/** Every category's publishing state, in one round trip. */
export async function readFeedStates(runtime: Runtime, ids: string[] = categoryIds(runtime.config)): Promise<FeedState[]> {
  const pipeline = runtime.redis.pipeline();
  for (const id of ids) pipeline.hmget(runtime.keys.categoryState(id), 'pendingSince', 'publishError', 'publishErrorAt', 'publishFailures');
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((categoryId, i) => {
    const [pending, error, errorAt, failures] = (replies[i]?.[1] as (string | null)[] | undefined) ?? [];
    return {
      categoryId,
      pendingSince: pending ? Number(pending) : undefined,
      error: error ?? undefined,
      errorAt: errorAt ? Number(errorAt) : undefined,
      failures: failures ? Number(failures) : 0,
    };
  });
}

/** Categories whose files lag behind the store: a write failed, or a change waits longer than a minute. */
export function staleFeeds(states: FeedState[], now = Date.now()): StaleFeed[] {
  return states
    .filter((s) => s.error !== undefined || (s.pendingSince !== undefined && now - s.pendingSince > STALE_AFTER_MS))
    .map((s) => ({ category: s.categoryId, since: s.pendingSince ?? s.errorAt ?? now, ...(s.error ? { error: s.error } : {}) }));
}

/** The ids that are owed a render now: missing files, a change no render took, a failed write whose backoff has passed. */
export function owedRenders(config: Config, states: FeedState[], now: number, options: { ignoreBackoff?: boolean } = {}): string[] {
  return states
    .filter((s) => {
      if (!config.output.formats.every((f) => existsSync(path.join(config.output.dir, `${s.categoryId}.${f}`)))) return true;
      if (s.error !== undefined && s.errorAt !== undefined) {
        return options.ignoreBackoff || now - s.errorAt >= Math.min(RETRY_BASE_MS * 2 ** Math.max(s.failures - 1, 0), RETRY_MAX_MS);
      }
      return s.pendingSince !== undefined && now - s.pendingSince >= OWED_AFTER_MS;
    })
    .map((s) => s.categoryId);
}

/** Asks for every render owed now; returns the ids asked for. */
export async function reconcilePublishing(runtime: Runtime, options: { ignoreBackoff?: boolean } = {}): Promise<string[]> {
  const owed = owedRenders(runtime.config, await readFeedStates(runtime), Date.now(), options);
  // requestPublish adds `all` to any non-empty list; here it is asked for only when owed itself.
  if (owed.length > 0) await requestPublish(runtime.queues.publish, owed, Date.now(), { withAll: false });
  return owed;
}

/** Reconciles at once (a restart retries failed renders without waiting), then every few seconds until stopped. */
export function startPublishReconciler(runtime: Runtime): { stop(): Promise<void> } {
  const log = runtime.logger.child({ component: 'publish-reconcile' });
  let running: Promise<unknown> = Promise.resolve();
  const pass = (ignoreBackoff: boolean) => {
    running = reconcilePublishing(runtime, { ignoreBackoff })
      .then((owed) => {
        if (owed.length > 0) log.debug({ categories: owed }, 'asked again for renders the files still owe');
      })
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'publish reconcile pass failed; trying again shortly'));
  };
  pass(true);
  const timer = setInterval(() => pass(false), RECONCILE_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

function categoryIds(config: Config): string[] {
  return [...config.categories.map((c) => c.id), 'all'];
}
