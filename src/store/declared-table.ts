import type { ColumnSpec } from './column-sql.js';

/** A table whose columns are declared in TypeScript, so that init can bring an older copy up to date. */
export interface DeclaredTable {
  readonly table: string;
  /** Every column, in the order of its DDL. */
  readonly columns: readonly ColumnSpec[];
  /** The file under sql/ that creates it. */
  readonly ddlFile: string;
}
