// Poll stage, timing: when to poll a source next, from the outcome of this poll. Pure, so
// the worker stores the result in the source's state hash and tests need no clock.
// Hints from the feed and the server only ever lengthen the interval; failures back off
// exponentially; a server's Retry-After is honoured; a 410 stops polling.
import type { FeedmillError } from '../../shared/errors.js';

export interface PollPlanInput {
  now: number;
  intervalMs: number;
  maxIntervalMs: number;
  maxBackoffMs: number;
  failingAfter: number;
  /** After this poll (0 on success). */
  consecutiveFailures: number;
  /** This poll's error, if any (RATE_LIMITED carries facts.retryAt; GONE stops). */
  error?: FeedmillError;
  /** From the feed (ttl, sy:updatePeriod): ParsedFeed.pollHintMs. */
  pollHintMs?: number;
  /** Cache-Control max-age of the response. */
  maxAgeMs?: number;
  /** Spread retries by up to this share of the backoff (0 to 1; default 0, deterministic). */
  jitter?: number;
  /** Random source for the jitter, in [0, 1). */
  random?: () => number;
}

export interface PollPlan {
  nextPollAt: number;
  /** The source has failed failingAfter times in a row (shown on the status page). */
  failing: boolean;
  /** Polling must stop (the feed is gone); nextPollAt is only informative. */
  stopped: boolean;
}

export function planNextPoll(input: PollPlanInput): PollPlan {
  const { now, intervalMs, consecutiveFailures, error } = input;
  if (!error && consecutiveFailures === 0) {
    const hinted = Math.max(input.pollHintMs ?? 0, input.maxAgeMs ?? 0);
    // A configured interval above maxIntervalMs still stands: the cap limits hints, not the operator.
    const delay = Math.max(intervalMs, Math.min(hinted, input.maxIntervalMs));
    return { nextPollAt: now + delay, failing: false, stopped: false };
  }
  const failing = consecutiveFailures >= input.failingAfter;
  const backoff = failing ? cappedBackoff(input, Number.POSITIVE_INFINITY) : cappedBackoff(input, consecutiveFailures);
  const jittered = backoff + Math.floor(backoff * (input.jitter ?? 0) * (input.random ?? Math.random)());
  let nextPollAt = now + jittered;
  if (error?.code === 'RATE_LIMITED' && typeof error.facts.retryAt === 'number') {
    nextPollAt = Math.max(nextPollAt, error.facts.retryAt);
  }
  return { nextPollAt, failing, stopped: error?.code === 'GONE' };
}

/** intervalMs after the first failure, doubling with each further one, never past maxBackoffMs (nor below intervalMs). */
function cappedBackoff(input: PollPlanInput, failures: number): number {
  const doubled = input.intervalMs * 2 ** Math.max(0, Math.min(failures - 1, 52));
  return Math.max(input.intervalMs, Math.min(doubled, input.maxBackoffMs));
}
