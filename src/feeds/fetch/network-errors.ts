// Fetch stage: turning what node and undici throw into FeedmillErrors with a stable code
// and a message that says what happened and to which URL.
import { FeedmillError } from '../../shared/errors.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
/**
 * The server (or a middlebox) closed the connection in the middle of the exchange: a keep-alive
 * socket it shut as we reused it, a reset mid-body, a restarting origin. A GET is safe to repeat,
 * and a second try on a fresh connection usually gets the feed (issue 9: two sources of a bench
 * run were lost to "other side closed" under load).
 */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

export function toFetchError(err: unknown, url: string): FeedmillError {
  const found = findCause(err);
  if (found instanceof FeedmillError) {
    if (found.code === 'BLOCKED_ADDRESS') {
      return new FeedmillError(
        'BLOCKED_ADDRESS',
        `GET ${url}: ${found.message}; only sources configured on a private address may use one (fetch.privateAddresses)`,
        { ...found.facts, url },
      );
    }
    return found;
  }
  const code = (found as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = found instanceof Error ? found.message : String(found);
  const host = safeHost(url);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new FeedmillError('CONNECT_TIMEOUT', `GET ${url}: could not connect to ${host} in time (${detail})`, { url }, { cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new FeedmillError('FETCH_TIMEOUT', `GET ${url}: the server stopped answering (${detail})`, { url }, { cause: err });
  }
  if (DNS_CODES.has(code)) {
    return new FeedmillError('DNS', `GET ${url}: cannot resolve ${host} (${code})`, { url }, { cause: err });
  }
  if (TLS_CODE.test(code)) {
    return new FeedmillError('TLS', `GET ${url}: TLS failed with ${host} (${code}: ${detail})`, { url }, { cause: err });
  }
  const reason = code ? `${code}: ${detail}` : detail;
  if (DROPPED_CODES.has(code)) {
    return new FeedmillError('CONNECTION', `GET ${url}: ${host} closed the connection before the response was complete (${reason})`, { url, dropped: true }, { cause: err });
  }
  return new FeedmillError('CONNECTION', `GET ${url}: connection to ${host} failed (${reason})`, { url }, { cause: err });
}

/** A connection the other side closed mid-exchange (see DROPPED_CODES): worth another try. */
export function isDroppedConnection(err: unknown): err is FeedmillError {
  return err instanceof FeedmillError && err.facts.dropped === true;
}

/** undici wraps socket errors; the code worth reporting is on the innermost one that has one. */
function findCause(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof FeedmillError) return current;
    const next = (current as { cause?: unknown } | undefined)?.cause;
    const code = (current as NodeJS.ErrnoException | undefined)?.code;
    if (next === undefined || (code && code !== 'UND_ERR_SOCKET' && !(next instanceof FeedmillError))) return current;
    current = next;
  }
  return current;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
