// `feedmill demo`: the whole pipeline on bundled sample sources, offline. Starts a local server
// with the sample feeds, runs a first poll of every source, serves the category feeds and
// prints their URLs. With --once it exits after writing the files.
import path from 'node:path';
import { stringify } from 'yaml';
import { runOnce } from '../app/run-once.js';
import { startService } from '../app/service.js';
import { startDemoSourceServer, readDemoCatalog } from '../demo/source-server.js';
import { parseConfig } from '../shared/config.js';
import { freePort } from '../shared/redis.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, type GlobalOptions } from './context.js';
import { printSummary } from './once.js';
import { progressLine, waitForShutdown } from './terminal.js';

export interface DemoOptions extends GlobalOptions {
  once?: boolean;
  port?: string;
  output?: string;
  prefix?: string;
}

export async function demoCommand(options: DemoOptions): Promise<number> {
  const logger = commandLogger(options, true);
  const catalog = readDemoCatalog();
  const sources = await startDemoSourceServer(catalog);
  const port = options.port !== undefined ? Number(options.port) : 8080;
  const servePort = port === 0 ? await freePort() : port;
  const outputDir = path.resolve(options.output ?? 'public');
  const yaml = stringify({
    // No url: REDIS_URL when set, else 127.0.0.1:6379, else a managed redis-server for the run.
    redis: { prefix: options.prefix ?? 'feedmill-demo' },
    output: { dir: outputDir, baseUrl: `http://127.0.0.1:${servePort}`, title: 'feedmill demo', maxItems: 50 },
    server: { host: '127.0.0.1', port: servePort },
    defaults: { interval: '15m', category: 'general' },
    categories: catalog.categories.map((c) => ({ id: c.id, title: c.title })),
    sources: catalog.sources.map((s) => ({ id: s.id, url: `${sources.url}/${s.file}`, title: s.title, ...(s.category ? { category: s.category } : {}) })),
  });
  const config = parseConfig(yaml, 'demo configuration');
  const context = await openContext(config, logger, { manageRedis: true });
  try {
    const service = await startService(context.runtime, { schedulers: !options.once, serve: !options.once });
    const progress = progressLine(!options.json);
    const summary = await runOnce(context.runtime, {
      onProgress: (p) => progress.update(`demo: polling ${p.polled}/${p.sources} sample sources · ${p.newStories} new stories`),
    });
    progress.done();
    printSummary(summary, options.json === true);
    if (!options.json) {
      const base = service.url ?? config.output.baseUrl;
      const lines = [
        '',
        `Feeds written to ${outputDir}`,
        ...(options.once ? [] : [`Open ${base}/ in a browser, or subscribe a feed reader to:`]),
        ...[...config.categories.map((c) => c.id), 'all'].map((id) =>
          options.once ? `  ${path.join(outputDir, `${id}.atom`)}` : `  ${base}/feeds/${id}.atom   (.rss, .json)`,
        ),
        ...(options.once ? [] : [`All feeds for a reader in one step: ${base}/feeds.opml`, 'Press Ctrl-C to stop.']),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (!options.once) await waitForShutdown(logger);
    await service.stop();
    return EXIT.OK;
  } finally {
    await context.close();
    await sources.close();
  }
}

