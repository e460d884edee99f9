import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ValidationError } from '../errors/validation-error.js';
import type { CliIo } from './io.js';

/** Reads a file (or stdin for `-`) as text, naming the option when it cannot. */
export async function readInputFile(io: CliIo, path: string, option: string): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new ValidationError([{ field: option, rule: `${path} ${reason}` }], 'input');
  }
}

/** Parses a config document: JSON or YAML (JSON is read as JSON, so its numbers stay exact). */
export function parseConfigDocument(text: string, source: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new ValidationError([{ field: source, rule: 'is empty' }], 'input');
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError([{ field: source, rule: `is not valid JSON: ${(error as Error).message}` }], 'input');
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new ValidationError([{ field: source, rule: `is not valid YAML: ${message}` }], 'input');
  }
}
