// What `feedmill sources list` and `feedmill status` say about each configured source: its
// config, the poll state the poll worker keeps (src/app/source-state.ts) and when its
// scheduler will next poll it. Read-only; two or three Redis round trips for any number of sources.
import type { Runtime } from '../app/runtime.js';
import { lastWarning, readSourceStates, type SourceState } from '../app/source-state.js';

export type SourceHealth = 'ok' | 'failing' | 'gone' | 'never polled';
export const HEALTH_WORDS: SourceHealth[] = ['ok', 'failing', 'gone', 'never polled'];

export interface SourceReport {
  id: string;
  url: string;
  title?: string;
  /** The source's fixed category, when the config gives one. */
  category?: string;
  intervalMs: number;
  status: SourceHealth;
  feedTitle?: string;
  format?: string;
  lastPolledAt?: number;
  lastSuccessAt?: number;
  lastError?: { code: string; message: string; at?: number };
  consecutiveFailures: number;
  /** When a poll will next fetch it: the scheduler's next tick at or after any backoff. */
  nextPollAt?: number;
  /** Items in the feed at the last successful fetch, and how many of them were new. */
  lastItems?: number;
  lastNew?: number;
  /** What the last successful parse warned about (RECOVERED, TRUNCATED), with the messages to pass on to the publisher. */
  warning?: { codes: string[]; message: string };
}

export async function reportSources(runtime: Runtime): Promise<SourceReport[]> {
  const sources = runtime.config.sources;
  const [states, ticks] = await Promise.all([
    readSourceStates(runtime.redis, runtime.keys, sources.map((s) => s.id)),
    schedulerTicks(runtime),
  ]);
  return sources.map((source) => {
    // A changed URL means the old state no longer applies (as the poll worker decides too).
    const raw = states.get(source.id);
    const state: SourceState = raw && (raw.url === undefined || raw.url === source.url) ? raw : { consecutiveFailures: 0, failing: false, stopped: false };
    const report: SourceReport = {
      id: source.id,
      url: source.url,
      title: source.title,
      category: source.category,
      intervalMs: source.intervalMs,
      status: healthOf(state),
      feedTitle: state.feedTitle,
      format: state.format,
      lastPolledAt: state.lastPolledAt,
      lastSuccessAt: state.lastSuccessAt,
      consecutiveFailures: state.consecutiveFailures,
      nextPollAt: state.stopped ? undefined : nextPoll(ticks.get(source.id), state.nextPollAt),
      lastItems: state.lastItems,
      lastNew: state.lastNew,
    };
    const warning = lastWarning(state);
    if (warning) report.warning = warning;
    if (state.lastErrorCode) {
      report.lastError = { code: state.lastErrorCode, message: state.lastErrorMessage ?? '', at: state.lastErrorAt };
    }
    return report;
  });
}

export function healthOf(state: SourceState): SourceHealth {
  if (state.stopped) return 'gone';
  if (state.failing) return 'failing';
  if (state.lastPolledAt === undefined) return 'never polled';
  return 'ok';
}

export function countByHealth(reports: SourceReport[]): Record<SourceHealth, number> {
  const counts = Object.fromEntries(HEALTH_WORDS.map((w) => [w, 0])) as Record<SourceHealth, number>;
  for (const r of reports) counts[r.status]++;
  return counts;
}

interface Tick {
  next: number;
  every: number;
}

async function schedulerTicks(runtime: Runtime): Promise<Map<string, Tick>> {
  const ticks = new Map<string, Tick>();
  for (let start = 0; ; start += 1000) {
    const page = await runtime.queues.poll.getJobSchedulers(start, start + 999, true);
    for (const s of page) {
      if (s.next !== undefined && s.every) ticks.set(s.key, { next: s.next, every: Number(s.every) });
    }
    if (page.length < 1000) break;
  }
  return ticks;
}

/** A tick before the backoff's nextPollAt is skipped by the poll worker, so the real poll is the first tick after it. */
function nextPoll(tick: Tick | undefined, backoffUntil: number | undefined): number | undefined {
  if (!tick) return backoffUntil;
  if (backoffUntil === undefined || backoffUntil <= tick.next) return tick.next;
  return tick.next + Math.ceil((backoffUntil - tick.next) / tick.every) * tick.every;
}
