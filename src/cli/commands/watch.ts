import type { Command } from 'commander';
import { renderWatch } from '../../watch/render-watch.js';
import { watchCanaries } from '../../watch/watch-canaries.js';
import { watchExitCode } from '../../watch/watch-exit-code.js';
import { ExitStatus } from '../exit-status.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerWatch(program: Command, io: CliIo): void {
  program
    .command('watch')
    .description(
      'Evaluate every running canary: promote, rollback, advance, continue, inconclusive, srm or misassigned, with the evidence; --apply acts on it.',
    )
    .argument('[agent]', 'only this agent (default: every agent)')
    .option('--label <name>', 'only canaries on this label')
    .option('--apply', 'carry out promote, rollback and advance decisions (compare-and-swap on the evaluated release)')
    .addHelpText(
      'after',
      [
        '',
        'Reads the canary_stratum_metrics model: run `agentver models run` first (on GCP, schedule watch',
        'after the Dataform workflow; docs/watch.md). The unit the canary assigns (a ticket, a user) is',
        'what it counts: each unit’s runs are summed first, and units are compared within the canary',
        'state they entered in, so a ramp cannot tilt the comparison. Each canary is judged by the',
        'rollout policy stored with it (agentver canary … --primary --guardrail --max-days): a',
        'sample-ratio check on units first (srm: the split is broken, no verdict), an assignment check',
        '(misassigned: units in both arms or on the wrong version, no verdict), then always-valid',
        'intervals on the primary metric and the guardrails, so a daily watch keeps its error rates',
        'however often it looks. Cost, latency and tokens are compared as means capped at the',
        'canary’s pooled p99 (computed in SQL); each unit’s own metrics in the 14 days before the',
        'canary adjust the comparison (CUPED). A canary with a ramp (agentver canary … --ramp',
        '5,25,50,100 --stage-hours 24) advances one share a look once the current one has served its',
        'hours with no harm, and its ship rule (--ship-when better | no-harm) says when it promotes.',
        'Every run writes one release_decisions row per canary: the decision, its evidence (JSON), the',
        'method, who ran it, and what was applied. With --apply, a label someone moved since the',
        'evaluation is left alone (applied: false, and the note says who moved it).',
        '',
        'Exit codes (for schedulers):',
        '  0  nothing awaits: every canary continues, none runs, or its promote/rollback/advance was applied',
        '  4  a person is needed: a promote, rollback or advance not applied (no --apply, or the label moved),',
        '     or a canary inconclusive at its max days',
        '  5  sample-ratio mismatch or misassigned units in a canary: fix the assignment or logging first',
        '  1, 2, 3 as for every command (2: bad input, nothing written; 3: BigQuery failed)',
        '',
        'Examples:',
        '  agentver models run && agentver watch',
        '  agentver watch support_triage --label production --format json',
        '  agentver watch --apply --author watch@acme.iam.gserviceaccount.com',
      ].join('\n'),
    )
    .action(async (agentId: string | undefined, options: { label?: string; apply?: boolean }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const result = await watchCanaries(await context.connection(), await context.modelsConnection(), {
          ...(agentId !== undefined ? { agentId } : {}),
          ...(options.label !== undefined ? { label: options.label } : {}),
          apply: Boolean(options.apply),
          author: context.author(),
        });
        output(context, result, { table: () => renderWatch(result) });
        const code = watchExitCode(result);
        if (code !== 0) throw new ExitStatus(code);
      });
    });
}
