// planNextPoll: when a source is polled next after a success, a failure, a rate limit or a 410.
import { describe, expect, test } from 'vitest';
import { planNextPoll, type PollPlanInput } from '../../src/feeds/fetch/schedule.js';
import { FeedmillError } from '../../src/shared/errors.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const now = Date.UTC(2026, 10, 25, 9, 0, 0);
const base: PollPlanInput = {
  now,
  intervalMs: 15 * MIN,
  maxIntervalMs: 6 * HOUR,
  maxBackoffMs: 4 * HOUR,
  failingAfter: 5,
  consecutiveFailures: 0,
};
const failed = (failures: number, error = new FeedmillError('HTTP_STATUS', 'HTTP 500', { status: 500 })) =>
  planNextPoll({ ...base, consecutiveFailures: failures, error });

describe('after a success', () => {
  test('the next poll is one interval away', () => {
    expect(planNextPoll(base)).toEqual({ nextPollAt: now + 15 * MIN, failing: false, stopped: false });
  });

  test('a feed ttl or a max-age longer than the interval lengthens it', () => {
    expect(planNextPoll({ ...base, pollHintMs: HOUR }).nextPollAt).toBe(now + HOUR);
    expect(planNextPoll({ ...base, maxAgeMs: 2 * HOUR, pollHintMs: HOUR }).nextPollAt).toBe(now + 2 * HOUR);
  });

  test('hints shorter than the interval do not make polling more frequent', () => {
    expect(planNextPoll({ ...base, pollHintMs: MIN, maxAgeMs: 0 }).nextPollAt).toBe(now + 15 * MIN);
  });

  test('hints never push the next poll past maxIntervalMs', () => {
    expect(planNextPoll({ ...base, pollHintMs: 7 * 86_400_000 }).nextPollAt).toBe(now + 6 * HOUR);
  });

  test('a configured interval above maxIntervalMs still stands', () => {
    expect(planNextPoll({ ...base, intervalMs: 12 * HOUR }).nextPollAt).toBe(now + 12 * HOUR);
  });
});

describe('after failures', () => {
  test('the delay starts at the interval and doubles with each consecutive failure', () => {
    expect([1, 2, 3, 4].map((n) => failed(n).nextPollAt - now)).toEqual([15 * MIN, 30 * MIN, 60 * MIN, 120 * MIN]);
  });

  test('the delay is capped at maxBackoffMs', () => {
    expect(planNextPoll({ ...base, failingAfter: 100, consecutiveFailures: 30, error: new FeedmillError('DNS', 'x') }).nextPollAt).toBe(
      now + 4 * HOUR,
    );
  });

  test('after failingAfter failures in a row the source is failing and polled at the cap', () => {
    expect(failed(4).failing).toBe(false);
    expect(failed(5)).toEqual({ nextPollAt: now + 4 * HOUR, failing: true, stopped: false });
  });

  test('jitter only ever adds, up to its share of the delay', () => {
    const plan = planNextPoll({ ...base, consecutiveFailures: 2, error: new FeedmillError('DNS', 'x'), jitter: 0.1, random: () => 0.5 });
    expect(plan.nextPollAt).toBe(now + 30 * MIN + 90_000);
  });

  test('RATE_LIMITED waits until retryAt when that is later than the backoff', () => {
    const retryAt = now + 3 * HOUR;
    const plan = failed(1, new FeedmillError('RATE_LIMITED', '429', { status: 429, retryAt }));
    expect(plan.nextPollAt).toBe(retryAt);
  });

  test('RATE_LIMITED with an earlier retryAt still waits the backoff', () => {
    const plan = failed(3, new FeedmillError('RATE_LIMITED', '429', { status: 429, retryAt: now + 1000 }));
    expect(plan.nextPollAt).toBe(now + 60 * MIN);
  });

  test('GONE stops polling', () => {
    expect(failed(1, new FeedmillError('GONE', '410', { status: 410 })).stopped).toBe(true);
    expect(failed(1).stopped).toBe(false);
  });
});
