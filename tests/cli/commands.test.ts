// The editing commands as an operator runs them: child processes of the real CLI, their exit
// codes (0 ok, 2 usage or invalid config, 4 not found) and what they leave in feedmill.yaml.
// The processes start together in beforeAll, each on its own config file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/shared/config.js';
import { runCli, type CliResult } from '../support/cli.js';
import { tempConfig, type TempConfig } from './temp-config.js';

const HEAD = '# feedmill for the newsroom\n';
const configs: TempConfig[] = [];
const results: Record<string, CliResult> = {};
let added: TempConfig;
let refused: TempConfig;
let removed: TempConfig;
let imported: TempConfig;
let refusedBefore: string;

function newsroom(): TempConfig {
  const config = tempConfig(
    {
      categories: [{ id: 'politics', title: 'Politics' }],
      sources: [
        { id: 'wire', url: 'https://wire.example/rss.xml', category: 'politics' },
        { id: 'herald', url: 'https://herald.example/feed.atom' },
      ],
    },
    HEAD,
  );
  configs.push(config);
  return config;
}

beforeAll(async () => {
  [added, refused, removed, imported] = [newsroom(), newsroom(), newsroom(), newsroom()];
  refusedBefore = refused.read();
  const opmlFile = path.join(imported.dir, 'reader.opml');
  writeFileSync(
    opmlFile,
    '<opml version="2.0"><body><outline text="Politics"><outline text="Capitol" xmlUrl="https://capitol.example/atom"/></outline><outline text="Cooking"><outline text="Pasta" xmlUrl="https://pasta.example/rss"/></outline></body></opml>',
  );
  const runs: Record<string, string[]> = {
    add: ['-c', added.file, 'sources', 'add', 'https://www.daily.example/world/rss.xml', '--interval', '5m', '--title', 'The Daily'],
    duplicate: ['-c', refused.file, 'sources', 'add', 'https://wire.example/rss.xml'],
    remove: ['-c', removed.file, 'sources', 'remove', 'wire', '--json'],
    removeUnknown: ['-c', removed.file, 'sources', 'remove', 'nosuch'],
    importDryRun: ['-c', imported.file, 'opml', 'import', opmlFile, '--dry-run'],
    export: ['-c', refused.file, 'opml', 'export'],
    help: ['--help'],
    version: ['--version'],
    unknown: ['frobnicate'],
  };
  const done = await Promise.all(Object.values(runs).map((args) => runCli(args, { timeoutMs: 60_000 })));
  Object.keys(runs).forEach((name, i) => (results[name] = done[i]!));
}, 120_000);

afterAll(async () => {
  await Promise.all(configs.map((c) => c.cleanup()));
});

describe('feedmill sources add / remove', () => {
  test('add writes the source, keeps the comments and says what it did', () => {
    expect(results.add).toMatchObject({ code: 0, stderr: '' });
    expect(results.add!.stdout).toContain('added source "daily-example-world" (https://www.daily.example/world/rss.xml)');
    const text = added.read();
    expect(text.startsWith(HEAD)).toBe(true);
    expect(parseConfig(text, added.file, {}).sources.at(-1)).toMatchObject({ id: 'daily-example-world', intervalMs: 300_000, title: 'The Daily' });
  });

  test('a duplicate URL exits 2 with the reason, and the file is untouched', () => {
    expect(results.duplicate!.code).toBe(2);
    expect(results.duplicate!.stderr).toContain('https://wire.example/rss.xml is already configured as source "wire"');
    expect(refused.read()).toBe(refusedBefore);
  });

  test('remove exits 0 and reports JSON; an unknown id exits 4', () => {
    expect(results.remove!.code).toBe(0);
    expect(JSON.parse(results.remove!.stdout)).toEqual({ removed: 'wire', file: removed.file });
    expect(parseConfig(removed.read(), removed.file, {}).sources.map((s) => s.id)).toEqual(['herald']);
    expect(results.removeUnknown!.code).toBe(4);
    expect(results.removeUnknown!.stderr).toContain('no source with id "nosuch"');
  });

});

describe('feedmill opml', () => {
  test('import --dry-run shows what it would add and reports unknown folders, writing nothing', () => {
    expect(results.importDryRun!.code).toBe(0);
    expect(results.importDryRun!.stdout).toContain('would add 2 sources');
    expect(results.importDryRun!.stdout).toMatch(/\+ capitol-example\s+politics\s+https:\/\/capitol.example\/atom/);
    expect(results.importDryRun!.stdout).toContain('match no configured category');
    expect(results.importDryRun!.stdout).toContain('Cooking');
    expect(parseConfig(imported.read(), imported.file, {}).sources).toHaveLength(2);
  });

  test('export prints OPML 2.0 with every source', () => {
    expect(results.export!.code).toBe(0);
    expect(results.export!.stdout).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<opml version="2.0">/);
    for (const url of ['https://wire.example/rss.xml', 'https://herald.example/feed.atom']) {
      expect(results.export!.stdout).toContain(`xmlUrl="${url}"`);
    }
  });
});

describe('the command line itself', () => {
  test('--help and --version exit 0, an unknown command exits 2', () => {
    expect(results.help!.code).toBe(0);
    for (const command of ['sources', 'status', 'opml', 'explain']) expect(results.help!.stdout).toContain(command);
    expect(results.version!.code).toBe(0);
    expect(results.version!.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(results.unknown!.code).toBe(2);
    expect(results.unknown!.stderr).toContain("unknown command 'frobnicate'");
  });
});
