import type { Command } from 'commander';
import { checkCandidatePercent } from '../../releases/candidate-percent.js';
import { startCanary } from '../../releases/start-canary.js';
import { parseGuardrail } from '../../rollout/parse-guardrail.js';
import type { Guardrail, RolloutPolicyInput } from '../../rollout/rollout-policy.js';
import type { CliIo } from '../io.js';
import { addLabelMoveOptions, describeRelease, type LabelMoveFlags, labelMoveOptions } from '../label-move-options.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

interface CanaryFlags extends LabelMoveFlags {
  percent: number;
  primary?: string;
  guardrail?: Guardrail[];
  maxDays?: number;
}

const collectGuardrail = (value: string, previous: Guardrail[] = []) => [...previous, parseGuardrail(value, {}, '--guardrail')];

/** The policy flags given; none given is undefined, so a ramp keeps the running canary's policy. */
function policyInput(flags: CanaryFlags): RolloutPolicyInput | undefined {
  const policy: RolloutPolicyInput = {
    ...(flags.primary !== undefined ? { primary: flags.primary } : {}),
    ...(flags.guardrail !== undefined ? { guardrails: flags.guardrail } : {}),
    ...(flags.maxDays !== undefined ? { maxDays: flags.maxDays } : {}),
  };
  return Object.keys(policy).length > 0 ? policy : undefined;
}

export function registerCanary(program: Command, io: CliIo): void {
  addLabelMoveOptions(
    program
      .command('canary')
      .description("Send a share of a label's traffic to a candidate version; the label's current version stays the baseline.")
      .argument('<agent>', 'agent id')
      .argument('<version>', 'the candidate version', integerOption('<version>', 1))
      .requiredOption('--percent <p>', "the candidate's share: 0 < p < 100, at most two decimals", (value: string) =>
        checkCandidatePercent(value, '--percent'),
      ),
  )
    .option('--primary <metric>', 'the metric watch decides on (default: resolution_rate)')
    .option(
      '--guardrail <metric:margin>',
      'a metric that may get worse by at most the margin, repeatable; replaces the defaults error_rate:+0.02 and cost_usd:+10%',
      collectGuardrail,
    )
    .option('--max-days <n>', 'watch calls the canary inconclusive after this many days (default: 14)', integerOption('--max-days', 1))
    .addHelpText(
      'after',
      [
        '',
        "Assignment is sticky: a unit (a ticket, a user) hashes with the canary's salt to one of 10,000",
        'buckets, candidate below p × 100. Run again with another --percent to ramp: same candidate,',
        'same salt, so every unit already on the candidate stays there. Another candidate starts a new',
        'canary with a new salt. The rollout policy (--primary, --guardrail, --max-days) is stored with',
        'the canary; `agentver watch` judges it every day and `--apply` promotes or rolls back.',
        '',
        'Examples:',
        '  agentver canary support_triage 42 --label production --percent 10',
        '  agentver canary support_triage 42 --label production --percent 25          # ramp',
        '  agentver canary support_triage 42 --label production --percent 10 \\',
        '      --primary resolution_rate --guardrail error_rate:+0.02 --guardrail cost_usd:+10% --max-days 14',
      ].join('\n'),
    )
    .action(async (agentId: string, version: number, flags: CanaryFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const policy = policyInput(flags);
        const result = await startCanary(await context.connection(), {
          ...labelMoveOptions(agentId, flags, context),
          version,
          percent: flags.percent,
          ...(policy ? { policy } : {}),
        });
        output(context, result, { table: () => describeRelease(result) });
      });
    });
}
