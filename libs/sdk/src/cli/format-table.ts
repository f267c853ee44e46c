/** A column of a table: its heading and how a row shows in it. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
}

/** One cell as text: empty for null, JSON for objects, so no cell spans lines. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  return JSON.stringify(value);
}

/** Rows under a heading, columns padded to their widest cell; the last column is not padded. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cellText(c.value(row))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One object as `key  value` lines, for a `get`. */
export function formatRecord(record: Record<string, unknown>, keys: readonly string[] = Object.keys(record)): string {
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((key) => `${key.padEnd(width)}  ${cellText(record[key])}`.trimEnd()).join('\n');
}
