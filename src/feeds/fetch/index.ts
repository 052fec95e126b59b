// Fetch stage: one polite HTTP GET of a source feed (conditional, compressed, size- and
// time-bounded, redirects followed by hand, one host never hammered), returning the raw
// body for decode/ or "not modified". Every failure is a FeedmillError with a stable code.
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { FeedmillError, isFeedmillError } from '../../shared/errors.js';
import type { FetchResult, SourceHttpState } from '../../shared/types.js';
import { USER_AGENT } from '../../shared/version.js';
import { isPrivateHost } from './address-policy.js';
import { dispatcherFor } from './dispatchers.js';
import { acquireHostSlot, type SlotOutcome } from './host-limiter.js';
import { isDroppedConnection, toFetchError } from './network-errors.js';
import { readBody } from './read-body.js';
import { headerValue, parseMaxAge, parseRetryAfter } from './response-headers.js';

export { closeFetchAgents } from './dispatchers.js';

export interface FetchOptions {
  timeoutMs: number;
  /** Time for the response headers to arrive (at most timeoutMs): a server that never answers frees its slot early. */
  headerTimeoutMs?: number;
  connectTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  perHost: number;
  hostGapMs: number;
  /** 'auto' (default): private/loopback/link-local targets are allowed only when the configured URL itself points at one. */
  privateAddresses?: 'auto' | 'allow' | 'deny';
  signal?: AbortSignal;
  /** DNS resolution (default node's dns.lookup); tests map names to 127.0.0.1 with it. Must honour `options.all`. */
  lookup?: LookupFunction;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * Tries of one request whose connection the server dropped mid-exchange, and the wait before the
 * second (doubled before the third): enough for a closed keep-alive socket or a restarting
 * origin, few enough that a server that always cuts is not hammered. Tries stay within timeoutMs.
 */
const DROPPED_TRIES = 3;
const DROPPED_BACKOFF_MS = 250;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_STATUSES = new Set([301, 308]);

/** Failures that retrying will not fix: the worker should stop polling (BullMQ's UnrecoverableError). */
export function isPermanent(err: unknown): boolean {
  return isFeedmillError(err) && err.code === 'GONE';
}

/**
 * Fetches a source: `url` is its configured URL, and the fetch starts at state.permanentUrl
 * when an earlier fetch found it moved. 'auto' judges the configured URL, so a private source
 * that moved to a name resolved by local DNS stays allowed, and a public one never becomes so.
 * `timeoutMs` bounds the whole exchange, redirects and body included, from the first request's start.
 */
export async function fetchFeed(url: string, state: SourceHttpState, options: FetchOptions): Promise<FetchResult> {
  const mode = options.privateAddresses ?? 'auto';
  const configured = parseHttpUrl(url, url);
  const guarded = mode === 'deny' || (mode === 'auto' && !isPrivateHost(configured.hostname));
  const dispatcher = dispatcherFor({ connectTimeoutMs: options.connectTimeoutMs, guarded, lookup: options.lookup });
  const clock: Clock = {};
  const first = state.permanentUrl ? parseHttpUrl(state.permanentUrl, url) : configured;
  const start = first.href;
  const visited = new Set([start]);
  let current = first;
  let isPermanentChain = true;
  for (let redirects = 0; ; redirects++) {
    const hop = await fetchRetryingDrops(current, state, options, dispatcher, clock);
    if (hop.kind !== 'redirect') {
      const permanentUrl = redirects > 0 && isPermanentChain ? current.href : undefined;
      return permanentUrl ? { ...hop, permanentUrl } : hop;
    }
    const next = parseHttpUrl(hop.location, current.href);
    if (visited.has(next.href)) {
      const chain = [...visited, next.href].join(' -> ');
      throw new FeedmillError('REDIRECT_LOOP', `GET ${start}: redirect loop (${chain})`, { url: start, status: hop.status });
    }
    if (redirects + 1 > options.maxRedirects) {
      throw new FeedmillError('TOO_MANY_REDIRECTS', `GET ${start}: more than ${options.maxRedirects} redirects (last to ${next.href})`, {
        url: start,
        status: hop.status,
      });
    }
    visited.add(next.href);
    isPermanentChain &&= PERMANENT_STATUSES.has(hop.status);
    current = next;
  }
}

interface Redirect {
  kind: 'redirect';
  status: number;
  location: string;
}

/** When the first request of a fetch started, so that later hops share one time budget. */
interface Clock {
  deadline?: number;
}

/** fetchOnce, tried again with backoff when the server dropped the connection (the only failure a retry at once may fix). */
async function fetchRetryingDrops(
  target: URL,
  state: SourceHttpState,
  options: FetchOptions,
  dispatcher: Dispatcher,
  clock: Clock,
): Promise<FetchResult | Redirect> {
  for (let tries = 1; ; tries++) {
    try {
      return await fetchOnce(target, state, options, dispatcher, clock);
    } catch (err) {
      const waitMs = DROPPED_BACKOFF_MS * 2 ** (tries - 1);
      const hasTime = clock.deadline === undefined || Date.now() + waitMs < clock.deadline;
      if (!isDroppedConnection(err) || options.signal?.aborted) throw err;
      if (tries >= DROPPED_TRIES || !hasTime) {
        throw new FeedmillError(err.code, `${err.message}; given up after ${tries} tr${tries === 1 ? 'y' : 'ies'}`, { ...err.facts, tries }, { cause: err.cause });
      }
      // Rejects when the signal aborts (shutdown): the caller tells that apart by the signal.
      await sleep(waitMs, undefined, { signal: options.signal });
    }
  }
}

async function fetchOnce(
  target: URL,
  state: SourceHttpState,
  options: FetchOptions,
  dispatcher: Dispatcher,
  clock: Clock,
): Promise<FetchResult | Redirect> {
  const url = target.href;
  const release = await acquireHostSlot(target.origin, { perHost: options.perHost, gapMs: options.hostGapMs }, options.signal);
  let outcome: SlotOutcome | undefined;
  clock.deadline ??= Date.now() + options.timeoutMs;
  const remaining = clock.deadline - Date.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(remaining, 0));
  const forwardAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  const headersTimeout = Math.min(options.headerTimeoutMs ?? remaining, remaining);
  try {
    if (remaining <= 0) throw timeoutError(url, options.timeoutMs);
    // The URL as parsed already: undici would parse the string again for each request.
    const response = await request(target, {
      method: 'GET',
      dispatcher,
      signal: controller.signal,
      headers: requestHeaders(state),
      headersTimeout,
      bodyTimeout: remaining,
    });
    const result = await handleResponse(url, response, state, options);
    outcome = 'ok';
    return result;
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    const failure = timedOut ? timeoutError(url, options.timeoutMs) : isHeadersTimeout(err) ? headersTimeoutError(url, headersTimeout, err) : toFetchError(err, url);
    if (failure.code === 'FETCH_TIMEOUT' || failure.code === 'CONNECT_TIMEOUT') outcome = 'timeout';
    // A status the server chose to send (404, 429, ...) is an answer: the origin is not slow.
    else if (failure.facts.status !== undefined) outcome = 'ok';
    throw failure;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forwardAbort);
    release(outcome);
  }
}

function requestHeaders(state: SourceHttpState): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;
  return headers;
}

async function handleResponse(
  url: string,
  response: Dispatcher.ResponseData,
  state: SourceHttpState,
  options: FetchOptions,
): Promise<FetchResult | Redirect> {
  const { statusCode: status, headers, body } = response;
  const location = headerValue(headers, 'location');
  const validators = {
    etag: headerValue(headers, 'etag') ?? state.etag,
    lastModified: headerValue(headers, 'last-modified') ?? state.lastModified,
    maxAgeMs: parseMaxAge(headerValue(headers, 'cache-control')),
  };
  if (status >= 200 && status < 300) {
    const declared = Number(headerValue(headers, 'content-length'));
    if (declared > options.maxBytes) {
      discard(body);
      throw new FeedmillError('TOO_LARGE', `GET ${url}: Content-Length ${declared} bytes is over the ${options.maxBytes}-byte limit`, {
        url,
        status,
        bytes: declared,
      });
    }
    const bytes = await readBody(body, headerValue(headers, 'content-encoding'), options.maxBytes, url);
    return { kind: 'ok', status, url, body: bytes, contentType: headerValue(headers, 'content-type'), ...validators };
  }
  if (status === 304 || (REDIRECT_STATUSES.has(status) && location)) {
    // These bodies are empty or tiny; reading them lets the connection serve the next hop.
    await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    if (status === 304) return { kind: 'not-modified', status, url, ...validators };
    return { kind: 'redirect', status, location: location as string };
  }
  // An error page is not wanted, and a slow one must not turn a 503 into a timeout.
  discard(body);
  throw statusError(url, status, headerValue(headers, 'retry-after'));
}

function statusError(url: string, status: number, retryAfter: string | undefined): FeedmillError {
  if (status === 410) {
    return new FeedmillError('GONE', `GET ${url}: 410 Gone; the publisher removed this feed, polling stops`, { url, status });
  }
  const retryAt = parseRetryAfter(retryAfter, Date.now());
  if (status === 429 || (status === 503 && retryAt !== undefined)) {
    const until = retryAt === undefined ? '' : ` until ${new Date(retryAt).toISOString()}`;
    return new FeedmillError('RATE_LIMITED', `GET ${url}: ${status} from the server, which asks to wait${until}`, { url, status, retryAt });
  }
  return new FeedmillError('HTTP_STATUS', `GET ${url}: HTTP ${status}`, { url, status });
}

/** Closes a response body we will not read; undici reports that as an error of its own, which is not news. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function isHeadersTimeout(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'UND_ERR_HEADERS_TIMEOUT';
}

function headersTimeoutError(url: string, ms: number, cause: unknown): FeedmillError {
  return new FeedmillError(
    'FETCH_TIMEOUT',
    `GET ${url}: no response headers within ${ms} ms (fetch.headerTimeout); the server took the request but did not answer`,
    { url },
    { cause },
  );
}

function timeoutError(url: string, timeoutMs: number): FeedmillError {
  return new FeedmillError('FETCH_TIMEOUT', `GET ${url}: no complete response within ${timeoutMs} ms`, { url });
}

function parseHttpUrl(location: string, base: string): URL {
  let target: URL;
  try {
    // A URL that is its own base (a source's configured one) is parsed once, not twice.
    target = location === base ? new URL(location) : new URL(location, base);
  } catch {
    throw new FeedmillError('HTTP_STATUS', `GET ${base}: cannot follow the invalid URL ${JSON.stringify(location)}`, { url: base });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FeedmillError('HTTP_STATUS', `GET ${base}: refusing to follow ${target.href} (only http and https)`, { url: base });
  }
  return target;
}
