import { type Command, Option } from 'commander';
import { ValidationError } from '../../errors/validation-error.js';
import { checkCandidatePercent, PLAIN_DECIMAL } from '../../releases/candidate-percent.js';
import { startCanary } from '../../releases/start-canary.js';
import { parseGuardrail } from '../../rollout/parse-guardrail.js';
import { parseRamp } from '../../rollout/parse-ramp.js';
import {
  type Guardrail,
  type RolloutPolicyInput,
  rolloutPolicySchema,
  SHIP_RULES,
  type ShipRule,
  VARIANCE_REDUCTIONS,
} from '../../rollout/rollout-policy.js';
import type { CliIo } from '../io.js';
import { addLabelMoveOptions, describeRelease, type LabelMoveFlags, labelMoveOptions } from '../label-move-options.js';
import { optionError } from '../option-error.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

interface CanaryFlags extends LabelMoveFlags {
  percent?: number;
  primary?: string;
  guardrail?: Guardrail[];
  maxDays?: number;
  ramp?: number[];
  stageHours?: number;
  shipWhen?: ShipRule;
  varianceReduction?: (typeof VARIANCE_REDUCTIONS)[number];
}

/** Hours as typed: a plain decimal above 0 (0.25 is a quarter hour). */
function hoursOption(value: string): number {
  const hours = Number(value.trim());
  if (!PLAIN_DECIMAL.test(value.trim()) || !(hours > 0) || !Number.isFinite(hours)) {
    throw new ValidationError(
      [{ field: '--stage-hours', rule: `must be a number of hours above 0, e.g. 24 or 0.25, got "${value}"` }],
      'option',
    );
  }
  return hours;
}

const collectGuardrail = (value: string, previous: Guardrail[] = []) => [...previous, parseGuardrail(value, {}, '--guardrail')];

/** The policy flags given; none given is undefined, so a ramp keeps the running canary's policy. */
function policyInput(flags: CanaryFlags): RolloutPolicyInput | undefined {
  const policy: RolloutPolicyInput = {
    ...(flags.primary !== undefined ? { primary: flags.primary } : {}),
    ...(flags.guardrail !== undefined ? { guardrails: flags.guardrail } : {}),
    ...(flags.maxDays !== undefined ? { maxDays: flags.maxDays } : {}),
    ...(flags.ramp !== undefined ? { ramp: flags.ramp } : {}),
    ...(flags.stageHours !== undefined ? { stageHours: flags.stageHours } : {}),
    ...(flags.shipWhen !== undefined ? { shipWhen: flags.shipWhen } : {}),
    ...(flags.varianceReduction !== undefined ? { varianceReduction: flags.varianceReduction } : {}),
  };
  if (Object.keys(policy).length === 0) return undefined;
  // Checked here too, so that a rule across flags names them as typed (--ramp, not ramp).
  const parsed = rolloutPolicySchema.safeParse(policy);
  if (!parsed.success) throw optionError(parsed.error);
  return policy;
}

/** --percent, or a ramp whose first share starts the canary (a running one keeps its share): checked before connecting. */
function checkPercentOrRamp(flags: CanaryFlags): void {
  if (flags.percent === undefined && flags.ramp === undefined) {
    throw new ValidationError([{ field: '--percent', rule: 'is required unless --ramp gives the first share' }], 'option');
  }
}

export function registerCanary(program: Command, io: CliIo): void {
  addLabelMoveOptions(
    program
      .command('canary')
      .description("Send a share of a label's traffic to a candidate version; the label's current version stays the baseline.")
      .argument('<agent>', 'agent id')
      .argument('<version>', 'the candidate version', integerOption('<version>', 1))
      .option(
        '--percent <p>',
        "the candidate's share now: 0 < p < 100, at most two decimals (default with --ramp: its first share, or the running canary's share)",
        (value: string) => checkCandidatePercent(value, '--percent'),
      ),
  )
    .option('--primary <metric>', 'the metric watch decides on (default: resolution_rate)')
    .option(
      '--guardrail <metric:margin>',
      'a metric that may get worse by at most the margin, repeatable; replaces the defaults error_rate:+0.02 and cost_usd:+10%',
      collectGuardrail,
    )
    .option('--max-days <n>', 'watch calls the canary inconclusive after this many days (default: 14)', integerOption('--max-days', 1))
    .option('--ramp <shares>', 'a schedule watch --apply advances through, e.g. 5,25,50,100 (ends at 100: the promote)', (value: string) =>
      parseRamp(value, '--ramp'),
    )
    .option('--stage-hours <h>', 'hours each share of the ramp lasts at least (default: 24; decimals: 0.25 is a quarter hour)', hoursOption)
    .addOption(
      new Option(
        '--ship-when <rule>',
        'better: promote once proven better (default); no-harm: promote at the end of the ramp unless harmful',
      ).choices(SHIP_RULES),
    )
    .addOption(
      new Option('--variance-reduction <method>', "cuped: adjust by each unit's own history (default); none").choices(VARIANCE_REDUCTIONS),
    )
    .addHelpText(
      'after',
      [
        '',
        "Assignment is sticky: a unit (a ticket, a user) hashes with the canary's salt to one of 10,000",
        'buckets, candidate below p × 100. Run again with another --percent to ramp: same candidate,',
        'same salt, so every unit already on the candidate stays there. Another candidate starts a new',
        'canary with a new salt. The rollout policy (--primary, --guardrail, --max-days, --ramp,',
        '--stage-hours, --ship-when, --variance-reduction) is stored with the canary; `agentver watch`',
        'judges it at every look and `--apply` promotes, rolls back, or advances the ramp.',
        '',
        'A ramp: watch --apply moves to the next share once the current one has served --stage-hours',
        'with at least 100 units an arm, a sound split and no harm (the primary not worse, no guardrail',
        'beyond its margin); harm rolls back at any look. At the end of the ramp the ship rule decides:',
        '  better   promote once the primary is shown better and every guardrail within its margin',
        '           (at any look, ramp or not; otherwise inconclusive at --max-days)',
        '  no-harm  promote at the end of the ramp (or at --max-days without one) when the primary is',
        '           not shown worse and every guardrail is shown within its margin',
        'Risks of each rule, measured: docs/watch.md, "Ship rules".',
        '',
        'Examples:',
        '  agentver canary support_triage 42 --label production --percent 10',
        '  agentver canary support_triage 42 --label production --percent 25          # ramp',
        '  agentver canary support_triage 42 --label production --percent 10 \\',
        '      --primary resolution_rate --guardrail error_rate:+0.02 --guardrail cost_usd:+10% --max-days 14',
        '  agentver canary support_triage 42 --label production --ramp 5,25,50,100 --stage-hours 24 --ship-when no-harm',
      ].join('\n'),
    )
    .action(async (agentId: string, version: number, flags: CanaryFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const policy = policyInput(flags);
        checkPercentOrRamp(flags);
        const result = await startCanary(await context.connection(), {
          ...labelMoveOptions(agentId, flags, context),
          version,
          ...(flags.percent !== undefined ? { percent: flags.percent } : {}),
          ...(policy ? { policy } : {}),
        });
        output(context, result, { table: () => describeRelease(result) });
      });
    });
}
