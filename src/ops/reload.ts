// Hot reload for a running `feedmill start`: the config file is watched (and SIGHUP asks for a
// reload), a valid change is applied to the runtime and the job schedulers within seconds, and
// an invalid one is refused with the same line-precise error as at start while feedmill goes on
// with the last good config. Settings bound at start (Redis, the listening address) keep their
// old values until a restart, and the log says so.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { publishMissing } from '../app/service.js';
import { syncSchedulers } from '../app/schedulers.js';
import type { Runtime } from '../app/runtime.js';
import { parseConfig, type Config } from '../shared/config.js';
import { describeError, FeedmillError } from '../shared/errors.js';
import { readConfigText } from './config-edit.js';

export type ReloadOutcome =
  | { status: 'unchanged' }
  | { status: 'invalid'; code: string; message: string; line?: number }
  | {
      status: 'applied';
      added: string[];
      removed: string[];
      rescheduled: string[];
      newCategories: string[];
      /** Settings that changed in the file but need a restart; their old values stay in force. */
      needsRestart: string[];
    };

export interface HotReload {
  /** Reloads now (what SIGHUP does); reloads run one at a time. */
  reload(reason: string): Promise<ReloadOutcome>;
  /** Stops watching and waits for a reload in progress, so shutdown never races a scheduler sync. */
  close(): Promise<void>;
}

/** Edits arrive in bursts (an editor's temp file, rename, chmod): wait for the file to settle. */
const DEBOUNCE_MS = 300;

/** Read once at start and bound to connections and sockets that live as long as the process. */
const RESTART_ONLY: { name: string; read: (c: Config) => unknown }[] = [
  { name: 'redis.url', read: (c) => c.redis.url },
  { name: 'redis.prefix', read: (c) => c.redis.prefix },
  { name: 'server.host', read: (c) => c.server.host },
  { name: 'server.port', read: (c) => c.server.port },
  // The poll worker's concurrency is fixed when it starts (src/workers/run-workers.ts).
  { name: 'fetch.concurrency', read: (c) => c.fetch.concurrency },
];

export function startHotReload(runtime: Runtime, file: string): HotReload {
  const logger = runtime.logger;
  let lastText: string | undefined = safeRead(file);
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const reload = (reason: string, force = true): Promise<ReloadOutcome> => {
    const next = queue.then(async () => {
      const text = safeRead(file);
      if (text === undefined) {
        logger.error({ file }, `config reload (${reason}): cannot read ${file}; keeping the last good config`);
        return { status: 'invalid', code: 'CONFIG_NOT_FOUND', message: `cannot read ${file}` } as const;
      }
      // A save that changes nothing (or touches the file) is not worth a reload, unless asked for by SIGHUP.
      if (!force && text === lastText) return { status: 'unchanged' } as const;
      lastText = text;
      return applyConfigText(runtime, text, file, reason);
    });
    queue = next.catch(() => {});
    return next;
  };

  // The directory, not the file: editors that save by writing a new file and renaming it over
  // the old one would leave a watch on the file pointing at the deleted inode.
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path.dirname(file), (_event, name) => {
      if (name !== null && name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload('file changed', false).catch(logFailure), DEBOUNCE_MS);
    });
    watcher.on('error', (err) => logger.warn({ err: err.message }, 'config watch failed: send SIGHUP to reload'));
  } catch (err) {
    logger.warn({ err: describeError(err).message }, `cannot watch ${file}: send SIGHUP to reload it`);
  }
  const onHangup = () => void reload('SIGHUP').catch(logFailure);
  process.on('SIGHUP', onHangup);

  function logFailure(err: unknown) {
    // Validation failures are answered inside applyConfigText; this is Redis or a bug, part way through.
    logger.error({ err: describeError(err).message }, 'config reload failed part way (schedules may lag the file): send SIGHUP to retry');
  }

  return {
    reload,
    async close() {
      clearTimeout(timer);
      watcher?.close();
      process.off('SIGHUP', onHangup);
      await queue;
    },
  };
}

/** Validates `text` and, when valid, applies it to the running runtime and its schedulers. */
export async function applyConfigText(runtime: Runtime, text: string, file: string, reason = 'reload'): Promise<ReloadOutcome> {
  const logger = runtime.logger;
  let parsed: Config;
  try {
    parsed = parseConfig(text, file);
  } catch (err) {
    const { code, message } = describeError(err);
    const line = err instanceof FeedmillError && typeof err.facts.line === 'number' ? err.facts.line : undefined;
    logger.error({ code, file, line }, `config reload (${reason}) refused, keeping the last good config: ${message}`);
    return { status: 'invalid', code, message, line };
  }
  const before = runtime.config;
  const needsRestart = RESTART_ONLY.filter((s) => s.read(parsed) !== s.read(before)).map((s) => s.name);
  if (needsRestart.length > 0) {
    logger.warn(
      { settings: needsRestart },
      `${needsRestart.join(', ')} changed in ${file}: that needs a restart; keeping the old value until then`,
    );
  }
  // The running values of RESTART_ONLY settings stay in force.
  const config: Config = {
    ...parsed,
    redis: before.redis,
    server: before.server,
    fetch: { ...parsed.fetch, concurrency: before.fetch.concurrency },
  };
  const oldCategories = new Set(before.categories.map((c) => c.id));
  runtime.apply(config);
  // New sources' schedulers run their first poll at once (BullMQ starts an `every` scheduler immediately).
  const sync = await syncSchedulers(runtime);
  const newCategories = config.categories.map((c) => c.id).filter((id) => !oldCategories.has(id));
  await publishMissing(runtime);
  logger.info(
    { added: sync.added, removed: sync.removed, rescheduled: sync.updated, newCategories },
    `config reloaded (${reason}): ${config.sources.length} sources, ${config.categories.length} categories`,
  );
  return { status: 'applied', added: sync.added, removed: sync.removed, rescheduled: sync.updated, newCategories, needsRestart };
}

function safeRead(file: string): string | undefined {
  try {
    return readConfigText(file);
  } catch {
    return undefined;
  }
}
