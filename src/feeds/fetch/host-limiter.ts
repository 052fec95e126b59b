// Fetch stage, politeness: at most `perHost` requests in flight to one host across the
// whole process, and at least `gapMs` between two request starts to it. A host's entry is
// forgotten once it has been idle for a gap, so memory follows the hosts in use, not all ever seen.
import { FeedmillError } from '../../shared/errors.js';

interface HostState {
  active: number;
  lastStart: number;
  waiting: Waiter[];
  timer?: NodeJS.Timeout;
}

interface Waiter {
  start: () => void;
}

export interface HostLimits {
  perHost: number;
  gapMs: number;
}

const hosts = new Map<string, HostState>();

/** Waits for a slot to `host`; the returned function gives it back (call it exactly once). */
export function acquireHostSlot(host: string, limits: HostLimits, signal?: AbortSignal): Promise<() => void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, lastStart: 0, waiting: [] };
      hosts.set(host, state);
    }
    const owner = state;
    const onAbort = () => {
      const index = owner.waiting.indexOf(waiter);
      if (index >= 0) owner.waiting.splice(index, 1);
      reject(abortReason(signal as AbortSignal));
      settle(host, owner, limits);
    };
    const waiter: Waiter = {
      start: () => {
        signal?.removeEventListener('abort', onAbort);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          owner.active--;
          settle(host, owner, limits);
        });
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    state.waiting.push(waiter);
    settle(host, state, limits);
  });
}

/** Hosts currently remembered (for tests of the memory bound). */
export function trackedHostCount(): number {
  return hosts.size;
}

/** Starts waiters while slots and the gap allow, then arms a timer for the next start or for forgetting the host. */
function settle(host: string, state: HostState, limits: HostLimits): void {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = undefined;
  }
  while (state.waiting.length > 0 && state.active < limits.perHost) {
    const wait = state.lastStart + limits.gapMs - Date.now();
    if (wait > 0) {
      state.timer = setTimeout(() => settle(host, state, limits), wait);
      return;
    }
    state.active++;
    state.lastStart = Date.now();
    (state.waiting.shift() as Waiter).start();
  }
  if (state.active === 0 && state.waiting.length === 0) {
    const wait = Math.max(0, state.lastStart + limits.gapMs - Date.now());
    state.timer = setTimeout(() => {
      if (state.active === 0 && state.waiting.length === 0 && hosts.get(host) === state) hosts.delete(host);
    }, wait);
    // Forgetting an idle host must not keep a finished process alive.
    state.timer.unref();
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new FeedmillError('INTERNAL', 'fetch aborted');
}
