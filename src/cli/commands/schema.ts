import type { Command } from 'commander';
import { configJsonSchema } from '../../config/config-json-schema.js';
import type { CliIo } from '../io.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a config file (fields, types, limits, defaults).')
    .addHelpText(
      'after',
      '\nExamples:\n  agentver schema > agent-config.schema.json\n  # YAML editors: # yaml-language-server: $schema=./agent-config.schema.json',
    )
    .action(() => {
      io.stdout(JSON.stringify(configJsonSchema(), null, 2));
    });
}
