// The benchmarks' charts: one horizontal bar per figure, as a small standalone SVG written next
// to the JSON results, for people who would rather look than read.

export interface BarChartOptions {
  title: string;
  /** Printed after each value, e.g. "ms" or "s". */
  unit: string;
  /** Room for the labels on the left, in pixels. */
  labelWidth: number;
}

export function barChart(bars: readonly [label: string, value: number][], { title, unit, labelWidth }: BarChartOptions): string {
  const barWidth = 360;
  const max = Math.max(1, ...bars.map(([, v]) => v));
  const rows = bars
    .map(([label, v], i) => {
      const y = 30 + i * 28;
      const w = Math.round((v / max) * barWidth);
      return `<text x="10" y="${y + 14}" font-size="12">${label}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="18" fill="#3b6ea5"/><text x="${labelWidth + 6 + w}" y="${y + 14}" font-size="12">${v} ${unit}</text>`;
    })
    .join('');
  const width = labelWidth + barWidth + 90;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${50 + bars.length * 28}" font-family="sans-serif"><text x="10" y="18" font-size="14" font-weight="bold">${title}</text>${rows}</svg>\n`;
}
