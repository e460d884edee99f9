/** A plain-text table: columns padded to their widest cell, no borders, for terminals and logs. */
export function formatTable(headers: string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function formatMarkdownTable(headers: string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const escapeCell = (cell: string | number | null) => (cell === null ? '' : String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' '));
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}
