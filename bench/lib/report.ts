/** The results table: each metric with its target and whether it is met, as text and markdown. */

export interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  /** undefined: informational, no target. */
  met?: boolean;
}

function status(row: Row): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'NOT MET';
}

export function formatTable(rows: Row[]): string {
  const header = ['metric', 'value', 'target', 'status'];
  const cells = rows.map((row) => [`${row.section}: ${row.metric}`, row.value, row.target, status(row)]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

export function formatMarkdown(rows: Row[]): string {
  const lines = ['| | metric | value | target | status |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.section} | ${row.metric} | ${row.value} | ${row.target} | ${status(row)} |`);
  return lines.join('\n');
}

export const ms = (value: number, digits = 3) => `${value.toFixed(digits)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const pct = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;
export const perSecond = (value: number) => `${value.toFixed(0)}/s`;
