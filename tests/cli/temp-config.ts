// A feedmill.yaml in its own temp folder for CLI tests: the test Redis under a unique prefix,
// a temp output folder, port 0; cleanup removes the folder and only this prefix's keys.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Keys } from '../../src/shared/keys.js';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

export interface TempConfig {
  dir: string;
  file: string;
  prefix: string;
  keys: Keys;
  outputDir: string;
  read(): string;
  write(text: string): void;
  cleanup(): Promise<void>;
}

/** `head` is YAML text placed before the generated settings (comments to keep); `settings` the rest of the config. */
export function tempConfig(settings: Record<string, unknown>, head = ''): TempConfig {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-cli-'));
  const prefix = uniquePrefix('cli');
  const outputDir = path.join(dir, 'public');
  const file = path.join(dir, 'feedmill.yaml');
  const text = stringify({
    redis: { url: testRedisUrl(), prefix },
    output: { dir: outputDir, baseUrl: 'http://feeds.test' },
    server: { host: '127.0.0.1', port: 0 },
    ...settings,
  });
  writeFileSync(file, `${head}${text}`);
  return {
    dir,
    file,
    prefix,
    keys: new Keys(prefix),
    outputDir,
    read: () => readFileSync(file, 'utf8'),
    write: (next) => writeFileSync(file, next),
    cleanup: async () => {
      const redis = connectTestRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
