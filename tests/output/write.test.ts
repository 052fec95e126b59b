// writeFeedFiles: atomic replacement, untouched files when bytes are unchanged, and only the
// file names the writer owns.
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { writeFeedFiles } from '../../src/feeds/write/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'feedmill-write-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('writes <id>.<ext> for each rendered format, creating the directory', async () => {
  const out = path.join(dir, 'nested', 'public');
  const result = await writeFeedFiles(out, 'tech', { rss: '<rss/>', json: '{}' });
  expect(result.changed).toEqual(['rss', 'json']);
  expect((await readdir(out)).sort()).toEqual(['tech.json', 'tech.rss']);
  expect(await readFile(path.join(out, 'tech.rss'), 'utf8')).toBe('<rss/>');
});

test('a folder removed after a first write is made again at the next write', async () => {
  const out = path.join(dir, 'gone', 'public');
  await writeFeedFiles(out, 'tech', { rss: '<rss>1</rss>' });
  await rm(path.join(dir, 'gone'), { recursive: true, force: true });
  const result = await writeFeedFiles(out, 'tech', { rss: '<rss>2</rss>', json: '{}' });
  expect(result.changed).toEqual(['rss', 'json']);
  expect(await readFile(path.join(out, 'tech.rss'), 'utf8')).toBe('<rss>2</rss>');
});

test('an unchanged feed is not touched: same mtime, not reported as changed', async () => {
  await writeFeedFiles(dir, 'tech', { atom: '<feed>ü</feed>', rss: '<rss>1</rss>' });
  const file = path.join(dir, 'tech.atom');
  // Back-date the file so a rewrite would be visible even on coarse-mtime file systems.
  const past = new Date(Date.now() - 3_600_000);
  await utimes(file, past, past);
  const before = await stat(file);

  const result = await writeFeedFiles(dir, 'tech', { atom: '<feed>ü</feed>', rss: '<rss>2</rss>' });
  expect(result.changed).toEqual(['rss']);
  expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  expect((await stat(file)).ino).toBe(before.ino);
  expect(await readFile(path.join(dir, 'tech.rss'), 'utf8')).toBe('<rss>2</rss>');
});

test('a changed feed is replaced by rename (new inode), leaving no temp files', async () => {
  await writeFeedFiles(dir, 'all', { json: '{"v":1}' });
  const before = await stat(path.join(dir, 'all.json'));
  await writeFeedFiles(dir, 'all', { json: '{"v":2}' });
  const after = await stat(path.join(dir, 'all.json'));
  expect(after.ino).not.toBe(before.ino);
  expect(await readdir(dir)).toEqual(['all.json']);
});

test('concurrent writers of the same feed leave one complete file', async () => {
  const bodies = Array.from({ length: 8 }, (_, i) => `{"writer":${i},"pad":"${'x'.repeat(50_000)}"}`);
  await Promise.all(bodies.map((json) => writeFeedFiles(dir, 'tech', { json })));
  expect(bodies).toContain(await readFile(path.join(dir, 'tech.json'), 'utf8'));
  expect(await readdir(dir)).toEqual(['tech.json']);
});

test('a file changed or removed behind the writer is judged by its bytes again, not by what was last written', async () => {
  const file = path.join(dir, 'tech.json');
  await writeFeedFiles(dir, 'tech', { json: '{"v":1}' });
  // Another process (or a person) puts other bytes there, in place (same inode).
  await writeFile(file, '{"v":22}');
  expect((await writeFeedFiles(dir, 'tech', { json: '{"v":22}' })).changed).toEqual([]);
  expect((await writeFeedFiles(dir, 'tech', { json: '{"v":1}' })).changed).toEqual(['json']);
  expect(await readFile(file, 'utf8')).toBe('{"v":1}');
  await rm(file);
  expect((await writeFeedFiles(dir, 'tech', { json: '{"v":1}' })).changed).toEqual(['json']);
  expect(await readFile(file, 'utf8')).toBe('{"v":1}');
});

test('a category id that could leave the directory is refused', async () => {
  await expect(writeFeedFiles(dir, '../escape', { rss: 'x' })).rejects.toMatchObject({ code: 'USAGE' });
  await expect(writeFeedFiles(dir, 'a/b', { rss: 'x' })).rejects.toMatchObject({ code: 'USAGE' });
  expect(await readdir(dir)).toEqual([]);
});
