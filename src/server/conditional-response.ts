// Serve stage: answers a GET/HEAD for one cached file the way feed readers expect of a good
// publisher: strong ETag and Last-Modified, 304 on If-None-Match / If-Modified-Since (RFC 9110
// §13), gzip or brotli when Accept-Encoding allows it, Vary and Cache-Control.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodedBytes, type CachedFile, type Encoding } from './file-cache.js';

// Tiny bodies gain nothing from compression.
const MIN_COMPRESS_BYTES = 256;

export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: CachedFile,
  headers: { contentType: string; cacheControl?: string; extra?: Record<string, string | string[]> },
): void {
  const encoding = file.bytes.length < MIN_COMPRESS_BYTES ? 'identity' : chooseEncoding(req.headers['accept-encoding']);
  // A strong ETag names exact bytes, so each encoding gets its own (RFC 9110 §8.8.3).
  const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding}"`;
  res.setHeader('Content-Type', headers.contentType);
  res.setHeader('Cache-Control', headers.cacheControl ?? 'public, max-age=60');
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', new Date(Math.floor(file.mtimeMs / 1000) * 1000).toUTCString());
  for (const [name, value] of Object.entries(headers.extra ?? {})) res.setHeader(name, value);

  if (isNotModified(req, file)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = encodedBytes(file, encoding);
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isNotModified(req: IncomingMessage, file: CachedFile): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // Weak comparison (RFC 9110 §13.1.2): any encoding of the same bytes is still current.
    const current = file.etag.slice(1, -1);
    return ifNoneMatch.split(',').some((raw) => {
      const tag = raw.trim().replace(/^W\//, '');
      return tag === '*' || tag.replace(/^"|"$/g, '').replace(/-(?:br|gzip)$/, '') === current;
    });
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(file.mtimeMs / 1000) * 1000 <= since;
}

/** br, then gzip, among the codings the client accepts with q > 0. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    weights.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const accepts = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}
