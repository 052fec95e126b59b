// The words operators read when a feed was read but not as published: RECOVERED (repaired by
// the liberal path, recover-xml.ts) and TRUNCATED (cut at parse.maxItems). Both name what the
// publisher could fix; neither stops the feed from being read.

import type { ParseWarning } from '../../shared/types.js';

export function recoveredWarning(fault: string, repairs: string[]): ParseWarning {
  const what = repairs.length > 0 ? repairs.join('; ') : 'read by the liberal parser';
  return { code: 'RECOVERED', message: `the XML is not well-formed (${fault}); recovered: ${what}` };
}

export function unwrappedWarning(container: string): ParseWarning {
  return { code: 'RECOVERED', message: `the feed is wrapped in ${container}; the feed inside was read` };
}

/** Keeps the first `max` items in document order, and says so when that drops any. */
export function capItems<T>(items: T[], max: number): { items: T[]; warning?: ParseWarning } {
  if (items.length <= max) return { items };
  return {
    items: items.slice(0, max),
    warning: { code: 'TRUNCATED', message: `the feed lists ${items.length} items; only the first ${max} were read (parse.maxItems)` },
  };
}
