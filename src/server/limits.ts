// Serve stage: the limits every feedmill HTTP server runs with, so that slow or idle clients
// (slowloris: headers sent a byte at a time, sockets opened and left silent) are disconnected
// instead of holding sockets and memory for as long as they like.
import { createServer, type RequestListener, type Server } from 'node:http';

export const HTTP_LIMITS = {
  /** The request headers must be complete within this. */
  headersTimeoutMs: 10_000,
  /** The whole request (headers and body) must arrive within this. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** Requests served on one connection before it is closed (keeps one client from pinning a socket forever). */
  maxRequestsPerSocket: 1000,
  /**
   * A socket with no traffic at all for this long is closed (a response still being read counts
   * as traffic). Shorter than the header timeout on purpose: on Node 20, once the header check has
   * looked at a connection that never sent a byte, that socket's own idle timer no longer fires,
   * and the header check does not close it either.
   */
  idleSocketMs: 9_000,
  /** How often the timeouts above are checked (Node's default is 30 s, which would let slowloris linger). */
  checkEveryMs: 1_000,
} as const;

export function createLimitedServer(listener: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: HTTP_LIMITS.headersTimeoutMs,
      requestTimeout: HTTP_LIMITS.requestTimeoutMs,
      keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: HTTP_LIMITS.checkEveryMs,
    },
    listener,
  );
  server.maxRequestsPerSocket = HTTP_LIMITS.maxRequestsPerSocket;
  server.setTimeout(HTTP_LIMITS.idleSocketMs);
  return server;
}
