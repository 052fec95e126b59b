// One feed, one entry per story. Feeds list the same item twice (a sticky post rendered again
// in the list, a plugin that repeats the latest post) and give different items the same guid
// (a guid that is the section's address). A repeat, same guid, link and title, is kept once;
// items that share a guid but not link or title each get a guid derived from all three, so
// that downstream neither is taken for the other and each keeps its guid poll after poll.

import { createHash } from 'node:crypto';
import type { ParsedItem } from '../../shared/types.js';

export function uniqueItems(items: ParsedItem[]): ParsedItem[] {
  const byGuid = new Map<string, ParsedItem[]>();
  for (const item of items) {
    const same = byGuid.get(item.guid);
    if (!same) byGuid.set(item.guid, [item]);
    else if (!same.some((seen) => isRepeat(seen, item))) same.push(item);
  }
  const shared = new Set([...byGuid].filter(([, group]) => group.length > 1).map(([guid]) => guid));
  const kept = new Set([...byGuid.values()].flat());
  return items.filter((item) => kept.has(item)).map((item) => (shared.has(item.guid) ? { ...item, guid: distinctGuid(item) } : item));
}

function isRepeat(a: ParsedItem, b: ParsedItem): boolean {
  return a.link === b.link && a.title === b.title;
}

function distinctGuid(item: ParsedItem): string {
  return `sha1:${createHash('sha1').update(`${item.guid}\n${item.link ?? ''}\n${item.title}`).digest('hex')}`;
}
