// Serve stage: "5 minutes ago" for the index page. Rounded the way people say it; a time
// slightly in the future (a publisher's clock ahead of ours) reads as "just now".

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeAge(then: number, now: number): string {
  const elapsed = now - then;
  if (elapsed < 45_000) return 'just now';
  if (elapsed < 45 * MINUTE) return ago(Math.max(1, Math.round(elapsed / MINUTE)), 'minute');
  if (elapsed < 22 * HOUR) return ago(Math.max(1, Math.round(elapsed / HOUR)), 'hour');
  if (elapsed < 26 * DAY) return ago(Math.max(1, Math.round(elapsed / DAY)), 'day');
  if (elapsed < 320 * DAY) return ago(Math.max(1, Math.round(elapsed / (30.44 * DAY))), 'month');
  return ago(Math.max(1, Math.round(elapsed / (365.25 * DAY))), 'year');
}

function ago(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}
