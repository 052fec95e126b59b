// Which category feeds have never been written: `once` and a starting service ask for their
// (possibly empty) feeds. Apart from the service so that `once` does not load the HTTP server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { feedFileName } from '../feeds/render/formats.js';
import type { Config } from '../shared/config.js';

/** Ids (categories and `all`) with at least one configured format not yet on disk. */
export function missingFeeds(config: Config): string[] {
  const ids = [...config.categories.map((c) => c.id), 'all'];
  return ids.filter((id) => !config.output.formats.every((f) => existsSync(path.join(config.output.dir, feedFileName(id, f)))));
}
