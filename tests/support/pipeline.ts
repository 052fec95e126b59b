// A real feedmill runtime for tests: its own key prefix and output folder, the test Redis,
// and cleanup of only what it created.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Runtime } from '../../src/app/runtime.js';
import { parseConfig, type Config } from '../../src/shared/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from './redis.js';

export interface TestPipeline {
  config: Config;
  runtime: Runtime;
  outputDir: string;
  prefix: string;
  configText: string;
  close(): Promise<void>;
}

/** `settings` is the config as an object (what a feedmill.yaml would hold); redis and output.dir are filled in. */
export async function createTestPipeline(settings: Record<string, unknown>): Promise<TestPipeline> {
  const prefix = uniquePrefix('p');
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-test-out-'));
  const output = (settings.output ?? {}) as Record<string, unknown>;
  const configText = stringify({
    ...settings,
    redis: { url: testRedisUrl(), prefix },
    output: { baseUrl: 'http://feeds.test', ...output, dir: outputDir },
  });
  const config = parseConfig(configText, 'test.yaml', {});
  const runtime = new Runtime(config, testRedisUrl(), silentLogger);
  return {
    config,
    runtime,
    outputDir,
    prefix,
    configText,
    close: async () => {
      await runtime.close();
      const redis = connectTestRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(outputDir, { recursive: true, force: true });
    },
  };
}
