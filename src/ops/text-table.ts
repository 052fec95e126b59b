// Aligned plain-text tables for the CLI's human output. Columns are padded to their widest
// cell; when the terminal is narrower than the table, the widest shrinkable column is cut
// (with "…") so that each row stays on one line.

export interface Column {
  header: string;
  /** Right-align (numbers). */
  right?: boolean;
  /** May be cut to fit the terminal (long URLs, error messages). */
  shrink?: boolean;
}

const GAP = '  ';
const MIN_SHRUNK = 12;

export function renderTable(columns: Column[], rows: string[][], width = terminalWidth()): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  while (total() > width) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i]! > MIN_SHRUNK && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = Math.max(MIN_SHRUNK, widths[widest]! - (total() - width));
  }
  const line = (cells: string[]) =>
    columns
      .map((c, i) => {
        const cell = fit(cells[i] ?? '', widths[i]!);
        return c.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Piped output is not cut: scripts and pagers get whole cells. */
function terminalWidth(): number {
  return process.stdout.isTTY ? process.stdout.columns || 120 : Number.POSITIVE_INFINITY;
}
