// Write stage: rendered feeds -> files under output.dir, which the server (or any static web
// server) serves. Each file is replaced atomically (temp file + rename in the same directory),
// so a reader never sees half a feed; a file whose bytes are unchanged is not touched, so its
// mtime, and with it Last-Modified and readers' caches, stays put. The formats of a feed are
// written side by side. What this process last wrote to each file is remembered (a digest, and
// the file's inode, size and mtime after the rename): while the file still has that identity,
// its bytes are known without reading them back.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FeedmillError } from '../../shared/errors.js';
import type { OutputFormat } from '../../shared/types.js';
import { feedFileName, OUTPUT_FORMATS } from '../render/formats.js';

// Category ids are validated by the config; this keeps a bad id from escaping the directory.
const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Writes <dir>/<categoryId>.<rss|atom|json> (text, or its UTF-8 bytes) atomically; a file whose bytes are unchanged is not touched (same mtime). */
export async function writeFeedFiles(
  dir: string,
  categoryId: string,
  rendered: Partial<Record<OutputFormat, string | Buffer>>,
): Promise<{ changed: OutputFormat[] }> {
  if (!SAFE_ID.test(categoryId)) {
    throw new FeedmillError('USAGE', `cannot write feeds for category id ${JSON.stringify(categoryId)}: expected lowercase letters, digits, "-" or "_"`);
  }
  if (!madeDirs.has(dir)) await makeDir(dir);
  const formats = OUTPUT_FORMATS.filter((format) => rendered[format] !== undefined);
  const write = () =>
    Promise.all(
      formats.map((format) => {
        const text = rendered[format]!;
        return writeIfChanged(path.join(dir, feedFileName(categoryId, format)), typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
      }),
    );
  let written: boolean[];
  try {
    written = await write();
  } catch (err) {
    // The folder made before may be gone (removed by hand): made again, and the files written once more.
    if (!(err instanceof FeedmillError && err.facts.errno === 'ENOENT')) throw err;
    madeDirs.delete(dir);
    await makeDir(dir);
    written = await write();
  }
  return { changed: formats.filter((_, i) => written[i]) };
}

/** Output folders this process made (or found): a busy category is written many times a second, and mkdir each time was a tenth of a render. */
const madeDirs = new Set<string>();

async function makeDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new FeedmillError(
      'WRITE_FAILED',
      `cannot create the output folder ${dir}: ${err.message}; check output.dir, feedmill retries by itself`,
      { file: dir, errno: err.code },
      { cause: err },
    );
  });
  madeDirs.add(dir);
}

interface Written {
  digest: string;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * Per file, what this process last wrote there; trusted only while the file keeps the inode, size
 * and mtime it had then. feedmill always replaces a file by rename (a new inode), so only a change
 * in place, of the same size within the file system's mtime resolution, could pass unseen.
 */
const lastWritten = new Map<string, Written>();

async function writeIfChanged(file: string, bytes: Buffer): Promise<boolean> {
  const digest = createHash('sha256').update(bytes).digest('base64');
  const known = lastWritten.get(file);
  const now = known && (await stat(file).catch(() => undefined));
  const isKnown = known !== undefined && now !== undefined && now.ino === known.ino && now.size === known.size && now.mtimeMs === known.mtimeMs;
  if (isKnown && known.digest === digest) return false;
  if (!isKnown && (await bytesOf(file))?.equals(bytes)) return false;
  // Same directory as the target, so rename() is atomic (no cross-device move).
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o644 });
    const { ino, size, mtimeMs } = await stat(temp);
    await rename(temp, file);
    lastWritten.set(file, { digest, ino, size, mtimeMs });
  } catch (err) {
    lastWritten.delete(file);
    await rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedmillError(
      'WRITE_FAILED',
      `cannot write ${file}: ${(err as Error).message}; the previous file stays served. Free space on the disk of output.dir or let feedmill write there; it retries by itself`,
      { file, errno: code },
      { cause: err },
    );
  }
  return true;
}

async function bytesOf(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}
