/**
 * Rows of cells as lines of text with each column padded to its widest cell, two spaces
 * between columns and no padding after the last. For terminal tables; cost O(cells).
 *
 * @example alignColumns([['agent', 'action'], ['triage', 'update']]) // ['agent   action', 'triage  update']
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [column, cell] of row.entries()) widths[column] = Math.max(widths[column] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
