import { writeFileSync } from 'node:fs';
import { ValidationError } from '../errors/validation-error.js';

/** Writes a report file; a path that cannot be written is bad input (--output), not a BigQuery failure. */
export function writeOutputFile(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new ValidationError(
      [{ field: '--output', rule: `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }],
      'option',
    );
  }
}
