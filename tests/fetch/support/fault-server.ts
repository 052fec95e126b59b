// A local HTTP server on 127.0.0.1 that misbehaves on request, the way real feed servers
// do: hangs, trickles, redirects in chains and loops, compresses, rate-limits, explodes.
// Every endless route stops as soon as the client goes away or the server closes.
import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fault feed</title></channel></rss>';
export const ETAG = '"v1"';
export const LAST_MODIFIED = 'Tue, 24 Nov 2026 08:00:00 GMT';

export interface FaultServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Request headers in arrival order, with the path they asked for. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Most requests that were in flight at once on /slot. */
  maxConcurrent: number;
  /** Start times (ms) of requests to /slot. */
  slotStarts: number[];
  /** Bytes written by the endless routes before the client hung up. */
  bytesWritten: number;
  /** Connections /drop has cut so far, per `key`. */
  drops: Map<string, number>;
  close(): Promise<void>;
}

/** 16 MB of zeros in about 16 KB of gzip, built on first use. */
let bomb: Buffer | undefined;

export async function startFaultServer(): Promise<FaultServer> {
  let inFlight = 0;
  const state: FaultServer = {
    origin: '',
    port: 0,
    requests: [],
    maxConcurrent: 0,
    slotStarts: [],
    bytesWritten: 0,
    drops: new Map(),
    close: async () => {},
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const param = (name: string) => url.searchParams.get(name) ?? undefined;
    state.requests.push({ path: req.url ?? '/', headers: req.headers });

    if (path === '/feed') {
      return send(res, 200, FEED, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': param('cache') });
    }
    if (path === '/etag') {
      if (req.headers['if-none-match'] === ETAG) return send(res, 304, '', { etag: ETAG });
      return send(res, 200, FEED, { etag: ETAG });
    }
    if (path === '/last-modified') {
      if (req.headers['if-modified-since'] === LAST_MODIFIED) return send(res, 304, '', { 'last-modified': LAST_MODIFIED });
      return send(res, 200, FEED, { 'last-modified': LAST_MODIFIED });
    }
    if (path === '/hang') return; // accepts, reads the request, never answers
    if (path === '/slow-headers') return later(Number(param('ms') ?? 1000), () => send(res, 200, FEED));
    if (path === '/trickle') {
      // Headers at once (status ?status=, default 200), then one byte every 20 ms, forever.
      res.writeHead(Number(param('status') ?? 200), { 'content-type': 'application/rss+xml' });
      const tick = setInterval(() => {
        if (res.destroyed) return clearInterval(tick);
        res.write('<');
        state.bytesWritten++;
      }, 20);
      res.on('close', () => clearInterval(tick));
      return;
    }
    if (path === '/drop') {
      // The first ?times= requests of ?key= are cut by the server: before any answer (?at=headers)
      // or halfway through the body (default), as a keep-alive socket closed under a reused request is.
      const key = param('key') ?? '';
      const dropped = state.drops.get(key) ?? 0;
      if (dropped >= Number(param('times') ?? 1)) return send(res, 200, FEED);
      state.drops.set(key, dropped + 1);
      if (param('at') === 'headers') return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(FEED.length) });
      res.write(FEED.slice(0, FEED.length / 2));
      return later(20, () => req.socket.destroy());
    }
    if (path.startsWith('/redirect/')) {
      // /redirect/N?status=S: N hops of status S, then the feed.
      const left = Number(path.slice('/redirect/'.length));
      const status = Number(param('status') ?? 302);
      const next = left <= 1 ? '/feed' : `/redirect/${left - 1}${url.search}`;
      return send(res, status, '', { location: next });
    }
    if (path === '/mixed') return send(res, 301, '', { location: '/redirect/1?status=302' });
    if (path === '/loop/a') return send(res, 302, '', { location: '/loop/b' });
    if (path === '/loop/b') return send(res, 302, '', { location: `${state.origin}/loop/a` });
    if (path === '/to') return send(res, 302, '', { location: param('url') ?? '/feed' });
    if (path.startsWith('/status/')) {
      return send(res, Number(path.slice('/status/'.length)), 'error page', { 'retry-after': param('retry-after') });
    }
    if (path === '/gzip') return send(res, 200, zlib.gzipSync(FEED), { 'content-encoding': 'gzip' });
    if (path === '/deflate') return send(res, 200, zlib.deflateSync(FEED), { 'content-encoding': 'deflate' });
    if (path === '/br') return send(res, 200, zlib.brotliCompressSync(FEED), { 'content-encoding': 'br' });
    if (path === '/gzip-truncated') {
      const full = zlib.gzipSync(FEED);
      return send(res, 200, full.subarray(0, full.length - 8), { 'content-encoding': 'gzip' });
    }
    if (path === '/garbage-gzip') return send(res, 200, 'this is not gzip at all', { 'content-encoding': 'gzip' });
    if (path === '/zstd') return send(res, 200, FEED, { 'content-encoding': 'zstd' });
    if (path === '/bomb') {
      bomb ??= zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024));
      return send(res, 200, bomb, { 'content-encoding': 'gzip' });
    }
    if (path === '/big') {
      // Declares its size honestly: a client can refuse it from the headers alone.
      const bytes = Number(param('bytes') ?? 1024 * 1024);
      return send(res, 200, Buffer.alloc(bytes, 0x20), { 'content-length': String(bytes) });
    }
    if (path === '/endless') return streamForever(res, state);
    if (path === '/slot') {
      inFlight++;
      state.slotStarts.push(Date.now());
      state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
      return later(Number(param('ms') ?? 100), () => {
        inFlight--;
        send(res, 200, FEED);
      });
    }
    send(res, 404, 'not found');
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  state.port = port;
  state.origin = `http://127.0.0.1:${port}`;
  state.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | undefined> = {}): void {
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.statusCode = status;
  res.end(body);
}

/** Writes 16 KB chunks, respecting backpressure, until the client disconnects. */
function streamForever(res: ServerResponse, state: FaultServer): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed) {
      state.bytesWritten += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}
