import type { Command } from 'commander';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { renderFindings } from '../../secrets/render-findings.js';
import { scanAgents } from '../../secrets/scan-agents.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerScan(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('Scan every stored version of an agent (or of all agents, --all) for credentials; secrets are shown masked.')
    .argument('[agent]', 'agent id')
    .option('--all', 'every agent')
    .addHelpText(
      'after',
      '\nExits 1 when a secret is found (for CI).\n\nExamples:\n  agentver scan support_triage\n  agentver scan --all --format json',
    )
    .action(async (agentId: string | undefined, options: { all?: boolean }, command: Command) => {
      await runCommand(io, command, async (context) => {
        if ((agentId === undefined) === !options.all) {
          throw new ValidationError([{ field: '<agent>', rule: 'give an agent id or --all, not both' }], 'scan');
        }
        const scanned = await scanAgents(await context.connection(), agentId === undefined ? undefined : [agentId]);
        const found = scanned.reduce((total, config) => total + config.findings.length, 0);
        if (found === 0 || context.format !== 'json') output(context, scanned, { table: () => renderFindings(scanned) });
        if (found > 0) {
          throw new AgentverError('secrets_found', `${found} secret${found === 1 ? '' : 's'} found in stored versions`, {
            hint: 'Rotate each credential, then write a version without it (agentver edit … --unset <field>).',
            details: { scanned },
          });
        }
      });
    });
}
