// Terminal niceties: a live progress line on stderr when it is a terminal (never in --json
// mode or when piped), and one place to wait for SIGINT/SIGTERM.

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
