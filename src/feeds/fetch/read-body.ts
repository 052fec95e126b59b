// Fetch stage: reading a response body into memory, decompressed, and never more than
// maxBytes of it. The cap applies to the bytes on the wire and to the decompressed
// bytes, so a small gzip bomb is cut as soon as it expands past the cap.
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { FeedmillError } from '../../shared/errors.js';

export async function readBody(body: Readable, contentEncoding: string | undefined, maxBytes: number, url: string): Promise<Buffer> {
  const tooLarge = (bytes: number, what: string) =>
    new FeedmillError('TOO_LARGE', `GET ${url}: body is larger than ${maxBytes} bytes (${what} ${bytes} bytes and still going); cut off`, {
      url,
      bytes,
    });
  try {
    const decoders = decodersFor(contentEncoding, url);
    let output: Readable = body;
    if (decoders.length > 0) {
      let wireBytes = 0;
      body.on('data', (chunk: Buffer) => {
        wireBytes += chunk.length;
        if (wireBytes > maxBytes) body.destroy(tooLarge(wireBytes, 'received'));
      });
      output = decoders[decoders.length - 1] as Transform;
      // Errors anywhere in the chain destroy every stream, so they surface in the loop below.
      pipeline([body, ...decoders], () => {});
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of output as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(size, decoders.length > 0 ? 'decompressed' : 'received');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  } catch (err) {
    // Undici reports closing an unread body as an error of its own; that one is not news.
    body.on('error', () => {});
    body.destroy();
    if (err instanceof FeedmillError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      const message = `GET ${url}: the ${contentEncoding} body could not be decompressed (${(err as Error).message})`;
      throw new FeedmillError('CONNECTION', message, { url }, { cause: err });
    }
    throw err;
  }
}

/** Decoders in the order to apply them (the reverse of the order the server applied the codings). */
function decodersFor(contentEncoding: string | undefined, url: string): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
      case 'deflate':
        // createUnzip takes gzip and zlib-wrapped deflate alike; a sync flush at the end accepts
        // the truncated streams some servers send, as browsers do.
        return zlib.createUnzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'br':
        return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new FeedmillError('CONNECTION', `GET ${url}: unsupported Content-Encoding "${coding}" (feedmill asks for gzip/deflate/br)`, {
          url,
        });
    }
  });
}
