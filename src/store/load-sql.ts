import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** Reads a reviewed statement from the package's sql/ folder (the same from src/ and dist/). */
export function loadSql(fileName: string): string {
  let sql = cache.get(fileName);
  if (sql === undefined) {
    sql = readFileSync(new URL(`../../sql/${fileName}`, import.meta.url), 'utf8');
    cache.set(fileName, sql);
  }
  return sql;
}
