// Feeds served over HTTP through the whole pipeline: a feed server, a test pipeline reading
// each source from it into one 'news' category, and workers for every role.
import { ROLES } from '../../src/workers/queues.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/run-workers.js';
import { startFeedServer, type FeedServer, type Route } from './feed-server.js';
import { createTestPipeline, type TestPipeline } from './pipeline.js';

export interface ServedPipeline {
  feeds: FeedServer;
  pipeline: TestPipeline;
  workers: RunningWorkers;
  close(): Promise<void>;
}

/**
 * `routes` as for startFeedServer; `sources` maps each source id to a path on that server
 * (polled every 10m); `settings` adds to the config (fetch, parse, output, ...).
 */
export async function startServedPipeline(
  routes: Record<string, Route>,
  sources: Record<string, string>,
  settings: Record<string, unknown> = {},
): Promise<ServedPipeline> {
  const feeds = await startFeedServer(routes);
  const pipeline = await createTestPipeline({
    categories: [{ id: 'news', title: 'News' }],
    defaults: { category: 'news' },
    ...settings,
    sources: Object.entries(sources).map(([id, file]) => ({ id, url: `${feeds.url}${file}`, interval: '10m' })),
  });
  const workers = startWorkers(pipeline.runtime, ROLES);
  return {
    feeds,
    pipeline,
    workers,
    close: async () => {
      await workers.close();
      await pipeline.close();
      await feeds.close();
    },
  };
}
