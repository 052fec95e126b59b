// Terminal niceties: a live progress line on stderr when it is a terminal (never in --json
// mode or when piped), and one place to wait for SIGINT/SIGTERM.
import type { Logger } from '../shared/logger.js';
import { SHUTDOWN_GRACE_MS } from '../workers/run-workers.js';
import { EXIT } from './exit-codes.js';

export interface ProgressLine {
  update(text: string): void;
  done(): void;
}

export function progressLine(enabled: boolean): ProgressLine {
  const live = enabled && process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!live) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (live && shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** Calls `handler` once on the first SIGINT or SIGTERM; a second signal exits at once. */
export function onShutdownSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  let seen = false;
  const listener = (signal: NodeJS.Signals) => {
    if (seen) process.exit(130);
    seen = true;
    handler(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

/** An AbortSignal for the first SIGINT/SIGTERM while a command prepares (e.g. waits for Redis); release() stops listening. */
export function abortOnShutdownSignal(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = onShutdownSignal(() => controller.abort());
  return { signal: controller.signal, release };
}

/**
 * Resolves on the first SIGTERM/SIGINT. From then on the process has SHUTDOWN_GRACE_MS to stop
 * cleanly; should anything hang past it (a connection that never closes), it exits anyway.
 */
export function waitForShutdown(logger: Pick<Logger, 'info' | 'error'>): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = onShutdownSignal((signal) => {
      logger.info(`${signal}: finishing the jobs in flight, then exiting`);
      stop();
      setTimeout(() => {
        logger.error({ graceMs: SHUTDOWN_GRACE_MS }, `shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000} s: exiting now`);
        process.exit(EXIT.FAILURE);
      }, SHUTDOWN_GRACE_MS).unref();
      resolve(signal);
    });
  });
}
