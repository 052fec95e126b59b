// `feedmill explain <story id or link>`: why a story is where it is: its sources and, for each
// category, the layer that decided, its score and the reason (issue 4). Read from the store.
import type { Story } from '../shared/types.js';
import { FeedmillError } from '../shared/errors.js';
import { relativeTime } from '../ops/relative-time.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';

export async function explainCommand(options: GlobalOptions, idOrLink: string): Promise<number> {
  const config = readConfig(options);
  const context = await openContext(config, commandLogger(options, true));
  try {
    const store = context.runtime.store;
    const story = (await store.get(idOrLink)) ?? (isUrl(idOrLink) ? await store.findByLink(idOrLink) : undefined);
    if (!story) {
      throw new FeedmillError('NOT_FOUND', `no stored story with id or link ${idOrLink} (stories leave the store after retention.maxAge)`);
    }
    process.stdout.write(options.json ? `${JSON.stringify(story, null, 2)}\n` : describeStory(story, Date.now()));
    return EXIT.OK;
  } finally {
    await context.close();
  }
}

export function describeStory(story: Story, now: number): string {
  const when = (ms: number) => `${new Date(ms).toISOString()} (${relativeTime(ms, now)})`;
  const lines = [
    story.title || '(untitled)',
    `  id:         ${story.id}`,
    `  link:       ${story.link ?? '-'}`,
    ...(story.canonicalLink && story.canonicalLink !== story.link ? [`  canonical:  ${story.canonicalLink}`] : []),
    `  published:  ${when(story.published)}`,
    ...(story.updated !== story.published ? [`  updated:    ${when(story.updated)}`] : []),
    `  first seen: ${when(story.firstSeen)}`,
    `  sources (${story.sources.length}):`,
    ...story.sources.map((s) => `    ${s.id}${s.title && s.title !== s.id ? ` (${s.title})` : ''}: ${s.link ?? '-'}`),
    `  categories (${story.categories.length}):`,
    ...story.categories.map((c) => `    ${c.id}: ${c.layer}, score ${c.score}: ${c.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
