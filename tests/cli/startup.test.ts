// What `feedmill once` loads before its first job: a cycle where every source answers 304 needs
// no feed reading (decode, parse, sanitize) and no ingest or publish code, and loading those
// cost a good part of the CPU of a cron `once` at 1,000 sources. They load at their first use.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Packages only the reading of a changed feed, ingest or publish use.
const LOADED_AT_FIRST_USE = ['htmlparser2', 'sanitize-html', 'rss-parser', 'iconv-lite', 'xmlbuilder'];

test('the once command loads no feed reading, ingest or publish package until a job needs one', async () => {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(path.join(ROOT, 'src/commands/once.ts'))});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const packages = new Set(loaded.map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...packages]));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  const packages = JSON.parse(stdout) as string[];
  expect(packages).toContain('bullmq');
  expect(packages.filter((p) => LOADED_AT_FIRST_USE.includes(p))).toEqual([]);
}, 60_000);
