// Serve stage: feed files read from output.dir, kept in memory while their mtime and size are
// unchanged, with their strong ETag and compressed variants computed once per version. Only
// names the caller built from known categories reach here, so the cache is bounded.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export interface CachedFile {
  bytes: Buffer;
  mtimeMs: number;
  /** Strong validator of the identity bytes, quoted. */
  etag: string;
  /** Lazily filled compressed variants. */
  encoded: Partial<Record<Exclude<Encoding, 'identity'>, Buffer>>;
}

export class FileCache {
  private readonly entries = new Map<string, CachedFile & { size: number }>();

  /** The file's current bytes, or undefined when it does not exist (yet). */
  async get(file: string): Promise<CachedFile | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      this.entries.delete(file);
      return undefined;
    }
    const cached = this.entries.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) return undefined;
    const entry = { ...inMemoryFile(bytes, info.mtimeMs), size: info.size };
    this.entries.set(file, entry);
    return entry;
  }
}

/** The bytes of a file in an encoding, compressing once per file version. */
export function encodedBytes(file: CachedFile, encoding: Encoding): Buffer {
  if (encoding === 'identity') return file.bytes;
  let bytes = file.encoded[encoding];
  if (!bytes) {
    bytes =
      encoding === 'br'
        ? brotliCompressSync(file.bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: file.bytes.length } })
        : gzipSync(file.bytes, { level: 9 });
    file.encoded[encoding] = bytes;
  }
  return bytes;
}

/** A generated body (the index page, OPML) in the same shape, so it is served the same way. */
export function inMemoryFile(bytes: Buffer, mtimeMs: number): CachedFile {
  return { bytes, mtimeMs, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`, encoded: {} };
}
