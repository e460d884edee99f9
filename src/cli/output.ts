import { ValidationError } from '../errors/validation-error.js';
import type { CommandContext } from './context.js';

export interface Renderers {
  table: () => string;
  /** Defaults to the table rendering. */
  markdown?: () => string;
  /** Only commands that print a config file (show). */
  yaml?: () => string;
}

/** Prints a command's result in the chosen format; JSON is always the data itself. */
export function output(context: CommandContext, data: unknown, renderers: Renderers): void {
  const { io, format } = context;
  if (format === 'html')
    throw new ValidationError([{ field: '--format', rule: 'html is for compare and report; use table, json or markdown here' }], 'option');
  if (format === 'yaml') {
    if (!renderers.yaml)
      throw new ValidationError([{ field: '--format', rule: 'yaml is for show; use table, json or markdown here' }], 'option');
    io.stdout(renderers.yaml());
  } else if (format === 'json') io.stdout(JSON.stringify(data, null, 2));
  else if (format === 'markdown') io.stdout((renderers.markdown ?? renderers.table)());
  else io.stdout(renderers.table());
}
