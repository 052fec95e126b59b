// Compact relative times for the operator's terminal tables ("5m ago", "in 10m", "2d ago").
// Machines get epoch ms in --json instead.

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

export function relativeTime(then: number | undefined, now: number): string {
  if (then === undefined) return '-';
  const delta = then - now;
  if (Math.abs(delta) < 1000) return 'now';
  const text = span(Math.abs(delta));
  return delta < 0 ? `${text} ago` : `in ${text}`;
}

/** The largest whole unit: 90s -> "1m", 36h -> "1d". */
export function span(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  }
  return `${ms}ms`;
}
