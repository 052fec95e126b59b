// Serve stage: which feeds exist, from the config alone: every category (config order) plus
// 'all', in every enabled format. The server serves only these names, so no request path ever
// reaches the file system unchecked.
import path from 'node:path';
import type { Config } from '../shared/config.js';
import type { OutputFormat } from '../shared/types.js';
import { feedFileName, FORMAT_INFO } from '../feeds/render/formats.js';
import type { FeedCategory } from '../feeds/render/index.js';

export interface FeedCatalog {
  /** Config order, without 'all'. */
  categories: FeedCategory[];
  all: FeedCategory;
  formats: OutputFormat[];
  find(categoryId: string): FeedCategory | undefined;
  formatOf(extension: string): OutputFormat | undefined;
  file(categoryId: string, format: OutputFormat): string;
  /** Site-relative path, e.g. "/feeds/tech.atom". */
  href(categoryId: string, format: OutputFormat): string;
}

export function feedCatalog(config: Config): FeedCatalog {
  const categories = config.categories.map(({ id, title, description }) => ({ id, title, description }));
  const all: FeedCategory = { id: 'all', title: config.output.title, description: 'Every category' };
  const byId = new Map([all, ...categories].map((c) => [c.id, c]));
  const formats = [...config.output.formats];
  return {
    categories,
    all,
    formats,
    find: (id) => byId.get(id),
    formatOf: (extension) => formats.find((f) => FORMAT_INFO[f].extension === extension),
    file: (id, format) => path.join(config.output.dir, feedFileName(id, format)),
    href: (id, format) => `/feeds/${feedFileName(id, format)}`,
  };
}
