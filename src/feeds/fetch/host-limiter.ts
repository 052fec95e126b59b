// Fetch stage, politeness: at most `perHost` requests in flight to one origin (scheme, host and
// port) across the whole process, and at least `gapMs` between two request starts to it. Two
// servers on one host name are two origins: one that hangs does not hold the other back. An
// origin whose requests time out gets a single slot until one of its requests succeeds (or for
// SLOW_FOR_MS): its sources wait on each other, not on the healthy ones' share. An origin's entry
// is forgotten once it has been idle for a gap, so memory follows the origins in use.
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

/** How a request ended, as far as the origin's share of slots is concerned. */
export type SlotOutcome = 'ok' | 'timeout';
export type ReleaseSlot = (outcome?: SlotOutcome) => void;

const SLOW_FOR_MS = 10 * 60_000;
const MAX_SLOW_ORIGINS = 10_000;
/** Origins whose last request timed out, with when that stops counting (insertion order = oldest first). */
const slowOrigins = new Map<string, number>();

/** Waits for a slot to `origin`; the returned function gives it back (call it once, saying how the request ended). */
export function acquireHostSlot(host: string, limits: HostLimits, signal?: AbortSignal): Promise<ReleaseSlot> {
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
        resolve((outcome) => {
          if (released) return;
          released = true;
          if (outcome) recordOutcome(host, outcome);
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

function recordOutcome(origin: string, outcome: SlotOutcome): void {
  // Deleted first either way: a timeout re-enters at the end, keeping insertion order = oldest first.
  slowOrigins.delete(origin);
  if (outcome === 'ok') return;
  slowOrigins.set(origin, Date.now() + SLOW_FOR_MS);
  if (slowOrigins.size > MAX_SLOW_ORIGINS) slowOrigins.delete(slowOrigins.keys().next().value as string);
}

/** Slots an origin may use now: one while its requests time out. */
function slotsFor(origin: string, limits: HostLimits): number {
  const until = slowOrigins.get(origin);
  if (until === undefined) return limits.perHost;
  if (until < Date.now()) {
    slowOrigins.delete(origin);
    return limits.perHost;
  }
  return 1;
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
  const slots = slotsFor(host, limits);
  while (state.waiting.length > 0 && state.active < slots) {
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
