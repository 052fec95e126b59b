// How often a feed says it changes: RSS <ttl> (minutes) and the Syndication module's
// sy:updatePeriod / sy:updateFrequency ("hourly", 2 = every 30 minutes). The scheduler may
// lengthen a source's interval up to defaults.maxInterval from this hint, never shorten it.

import { firstText, type RawFields } from './xml-tree.js';

const PERIOD_MS: Record<string, number> = {
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
  yearly: 365 * 86_400_000,
};

export function pollHintMs(feed: RawFields): number | undefined {
  const ttlMinutes = Number(firstText(feed, 'ttl')?.trim());
  const ttl = Number.isFinite(ttlMinutes) && ttlMinutes > 0 ? ttlMinutes * 60_000 : undefined;
  const period = PERIOD_MS[firstText(feed, 'sy:updatePeriod')?.trim().toLowerCase() ?? ''];
  const frequency = Number(firstText(feed, 'sy:updateFrequency')?.trim() || 1);
  const syndication = period && Number.isFinite(frequency) && frequency >= 1 ? period / frequency : undefined;
  // Both given: the longer one, since each says "no need to look before then".
  const hint = Math.max(ttl ?? 0, syndication ?? 0);
  return hint > 0 ? Math.round(hint) : undefined;
}
