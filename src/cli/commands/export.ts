import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConfigFileFormat } from '../../config/serialize-config.js';
import { exportAgents } from '../../plan/export-agents.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description("Write every agent's latest config as <agent>.yaml (or .json) into a folder: plan reads them back in sync.")
    .argument('<dir>', 'folder to write into (created if missing; files of the same name are replaced)')
    .addOption(new Option('--file-format <format>', 'file format (default: yaml)').choices(['yaml', 'json']))
    .addHelpText('after', '\nExamples:\n  agentver export agents/\n  agentver export agents/ && agentver plan agents/   # in sync')
    .action(async (dir: string, options: { fileFormat?: ConfigFileFormat }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const files = await exportAgents(await context.connection(), resolve(io.cwd, dir), options.fileFormat ?? 'yaml');
        output(context, files, {
          table: () =>
            files.length === 0
              ? 'no agents to export'
              : files.map((file) => `wrote ${file.path} (${file.agent_id}@${file.version})`).join('\n'),
        });
      });
    });
}
