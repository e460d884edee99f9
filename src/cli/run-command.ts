import type { Command } from 'commander';
import { ValidationError } from '../errors/validation-error.js';
import { type CommandContext, createContext, parseGlobalOptions } from './context.js';
import type { CliIo } from './io.js';

/** Runs a command body with a context built from the global options, and always closes it. */
export async function runCommand(io: CliIo, command: Command, body: (context: CommandContext) => Promise<void>): Promise<void> {
  const context = createContext(io, parseGlobalOptions(command.optsWithGlobals()));
  try {
    await body(context);
  } finally {
    await context.close();
  }
}

/** Commander collects repeated options through this. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Parses an integer option, naming it when it is not one. */
export function integerOption(name: string, min: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
      throw new ValidationError([{ field: name, rule: `must be an integer >= ${min}, got "${value}"` }], 'option');
    }
    return number;
  };
}
