import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeText } from '../config/config-document.js';
import { ValidationError } from '../errors/validation-error.js';
import type { CliIo } from './io.js';

/** Reads a file (or stdin for `-`) as UTF-8 text, naming the option when it cannot. */
export async function readInputFile(io: CliIo, path: string, option: string): Promise<string> {
  if (path === '-') return decodeText(await io.readStdin(), option, 'stdin');
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new ValidationError([{ field: option, rule: `${path} ${reason}` }], 'input');
  }
  return decodeText(bytes, option, path);
}
