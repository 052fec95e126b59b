// What feedmill remembers about each source between polls (conditional-GET validators,
// failures and backoff, next poll, last error), stored in one Redis hash per source.
// `feedmill sources list` and the status page read it; the poll worker writes it.
import type { ChainableCommander } from 'ioredis';
import type { Keys } from '../shared/keys.js';
import type { Redis } from '../shared/redis.js';
import type { FeedFormat, ParseWarning, SourceHttpState } from '../shared/types.js';

export interface SourceState extends SourceHttpState {
  /** The configured URL these validators belong to (a changed URL starts afresh). */
  url?: string;
  lastPolledAt?: number;
  lastSuccessAt?: number;
  lastStatus?: 'fetched' | 'not-modified' | 'failed';
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastErrorAt?: number;
  consecutiveFailures: number;
  nextPollAt?: number;
  failing: boolean;
  /** Polling stopped (410 Gone) until the source's URL changes in the config. */
  stopped: boolean;
  /** The server asked (429/503 Retry-After) not to be polled before this time, epoch ms. */
  retryAt?: number;
  feedTitle?: string;
  format?: FeedFormat;
  lastItems?: number;
  lastNew?: number;
  /** Warnings of the last successful parse (RECOVERED, TRUNCATED): codes comma-separated, messages joined by " | ". */
  lastWarningCodes?: string;
  lastWarningMessage?: string;
}

/** A parse's warnings as source-state fields (the poll worker writes them); none clears the previous ones. */
export function warningFields(warnings: ParseWarning[] | undefined): Pick<SourceState, 'lastWarningCodes' | 'lastWarningMessage'> {
  return {
    lastWarningCodes: warnings?.map((w) => w.code).join(','),
    lastWarningMessage: warnings?.map((w) => `${w.code}: ${w.message}`).join(' | '),
  };
}

/** The stored warning fields read back (`sources list`), or undefined after a clean parse. */
export function lastWarning(state: SourceState): { codes: string[]; message: string } | undefined {
  return state.lastWarningCodes ? { codes: state.lastWarningCodes.split(','), message: state.lastWarningMessage ?? '' } : undefined;
}

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

export function decodeSourceState(hash: Record<string, string>): SourceState {
  return {
    url: hash.url,
    etag: hash.etag || undefined,
    lastModified: hash.lastModified || undefined,
    permanentUrl: hash.permanentUrl || undefined,
    lastPolledAt: num(hash.lastPolledAt),
    lastSuccessAt: num(hash.lastSuccessAt),
    lastStatus: hash.lastStatus as SourceState['lastStatus'],
    lastErrorCode: hash.lastErrorCode || undefined,
    lastErrorMessage: hash.lastErrorMessage || undefined,
    lastErrorAt: num(hash.lastErrorAt),
    consecutiveFailures: num(hash.consecutiveFailures) ?? 0,
    nextPollAt: num(hash.nextPollAt),
    failing: hash.failing === '1',
    stopped: hash.stopped === '1',
    retryAt: num(hash.retryAt),
    feedTitle: hash.feedTitle || undefined,
    format: (hash.format || undefined) as FeedFormat | undefined,
    lastItems: num(hash.lastItems),
    lastNew: num(hash.lastNew),
    lastWarningCodes: hash.lastWarningCodes || undefined,
    lastWarningMessage: hash.lastWarningMessage || undefined,
  };
}

export async function readSourceState(redis: Redis, keys: Keys, sourceId: string, configuredUrl: string): Promise<SourceState> {
  return asStored(await redis.hgetall(keys.sourceState(sourceId)), configuredUrl).state;
}

/**
 * The states a batch of polls starts from, and each hash as Redis holds it (writeSourceState then
 * writes only the fields that changed: a 304 poll changes four or five of twenty), in one round trip.
 */
export async function readSourceStatesAsStored(
  redis: Redis,
  keys: Keys,
  sources: { id: string; url: string }[],
): Promise<{ state: SourceState; stored: Record<string, string> }[]> {
  const pipeline = redis.pipeline();
  for (const source of sources) pipeline.hgetall(keys.sourceState(source.id));
  const replies = (await pipeline.exec()) ?? [];
  return sources.map((source, i) => {
    const [err, stored] = replies[i] ?? [null, {}];
    if (err) throw err;
    return asStored((stored as Record<string, string>) ?? {}, source.url);
  });
}

function asStored(stored: Record<string, string>, configuredUrl: string): { state: SourceState; stored: Record<string, string> } {
  const state = decodeSourceState(stored);
  if (state.url !== undefined && state.url !== configuredUrl) {
    // The source's URL was changed in the config: forget validators, redirects, backoff and Gone.
    return { state: { consecutiveFailures: 0, failing: false, stopped: false, url: configuredUrl }, stored };
  }
  return { state, stored };
}

/** Reads many sources' states in one round trip (status pages, `sources list`). */
export async function readSourceStates(redis: Redis, keys: Keys, sourceIds: string[]): Promise<Map<string, SourceState>> {
  const pipeline = redis.pipeline();
  for (const id of sourceIds) pipeline.hgetall(keys.sourceState(id));
  const results = (await pipeline.exec()) ?? [];
  const states = new Map<string, SourceState>();
  sourceIds.forEach((id, i) => states.set(id, decodeSourceState((results[i]?.[1] as Record<string, string>) ?? {})));
  return states;
}

/**
 * Queues the write of a source's new state on a pipeline (so it goes with the poll's other writes).
 * Given the hash as stored (readSourceStatesAsStored), only changed fields are written and only
 * stored ones removed: the steady 304 poll is the most frequent write feedmill makes.
 */
export function writeSourceState(pipeline: ChainableCommander, keys: Keys, sourceId: string, state: SourceState, stored?: Record<string, string>): void {
  const fields: Record<string, string> = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || value === null) {
      if (!stored || stored[key] !== undefined) remove.push(key);
      continue;
    }
    const encoded = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    if (!stored || stored[key] !== encoded) fields[key] = encoded;
  }
  const stateKey = keys.sourceState(sourceId);
  if (remove.length > 0) pipeline.hdel(stateKey, ...remove);
  if (Object.keys(fields).length > 0) pipeline.hset(stateKey, fields);
  // A source with a stored state is in the index already.
  if (!stored || Object.keys(stored).length === 0) pipeline.sadd(keys.sourceIndex, sourceId);
}
