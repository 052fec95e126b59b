// Serve stage: a small inline SVG of one category's stories per hour over the activity window
// (readActivity), so the index page shows which categories are busy without any script.
import { escapeMarkup } from '../feeds/render/xml-safe.js';

const WIDTH = 336;
const HEIGHT = 40;

export function activityChart(counts: number[], label: string): string {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? WIDTH / (counts.length - 1) : WIDTH;
  const points = counts.map((n, i) => `${round(i * step)},${round(HEIGHT - (n / max) * (HEIGHT - 2) - 1)}`);
  const days = Math.round(counts.length / 24);
  const title = escapeMarkup(`${label}: ${total} ${total === 1 ? 'story' : 'stories'} in the last ${days} days`);
  return [
    `<svg class="activity" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" width="100%" height="${HEIGHT}">`,
    `<title>${title}</title>`,
    `<polygon points="0,${HEIGHT} ${points.join(' ')} ${WIDTH},${HEIGHT}" fill="currentColor" fill-opacity="0.15"/>`,
    `<polyline points="${points.join(' ')}" fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke"/>`,
    '</svg>',
  ].join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
