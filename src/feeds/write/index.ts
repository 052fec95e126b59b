// Write stage: rendered feeds -> files under output.dir, which the server (or any static web
// server) serves. Each file is replaced atomically (temp file + rename in the same directory),
// so a reader never sees half a feed; a file whose bytes are unchanged is not touched, so its
// mtime, and with it Last-Modified and readers' caches, stays put.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FeedmillError } from '../../shared/errors.js';
import type { OutputFormat } from '../../shared/types.js';
import { feedFileName, OUTPUT_FORMATS } from '../render/formats.js';

// Category ids are validated by the config; this keeps a bad id from escaping the directory.
const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Writes <dir>/<categoryId>.<rss|atom|json> atomically; a file whose bytes are unchanged is not touched (same mtime). */
export async function writeFeedFiles(
  dir: string,
  categoryId: string,
  rendered: Partial<Record<OutputFormat, string>>,
): Promise<{ changed: OutputFormat[] }> {
  if (!SAFE_ID.test(categoryId)) {
    throw new FeedmillError('USAGE', `cannot write feeds for category id ${JSON.stringify(categoryId)}: expected lowercase letters, digits, "-" or "_"`);
  }
  await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new FeedmillError(
      'WRITE_FAILED',
      `cannot create the output folder ${dir}: ${err.message}; check output.dir, feedmill retries by itself`,
      { file: dir, errno: err.code },
      { cause: err },
    );
  });
  const changed: OutputFormat[] = [];
  for (const format of OUTPUT_FORMATS) {
    const text = rendered[format];
    if (text === undefined) continue;
    const file = path.join(dir, feedFileName(categoryId, format));
    if (await writeIfChanged(file, Buffer.from(text, 'utf8'))) changed.push(format);
  }
  return { changed };
}

async function writeIfChanged(file: string, bytes: Buffer): Promise<boolean> {
  const current = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (current?.equals(bytes)) return false;
  // Same directory as the target, so rename() is atomic (no cross-device move).
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o644 });
    await rename(temp, file);
  } catch (err) {
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
