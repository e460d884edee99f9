import { ValidationError } from '../errors/validation-error.js';
import type { ArmStatistics, RolloutLook } from '../rollout/decide-rollout.js';
import { parseRolloutPolicy } from '../rollout/parse-rollout-policy.js';
import { type ArmSums, CANARY_METRICS, SUMMED_COLUMNS } from './canary-metrics.js';
import type { StateArmStatistics } from './load-canary-statistics.js';
import type { RunningCanary } from './running-canaries.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const zero = (): Record<keyof ArmSums, number> =>
  Object.fromEntries(SUMMED_COLUMNS.map((column) => [column, 0])) as Record<keyof ArmSums, number>;

function add(into: Record<keyof ArmSums, number>, sums: ArmSums): void {
  for (const column of SUMMED_COLUMNS) into[column] += sums[column];
}

/**
 * The look `decideRollout` takes at one running canary: its stored policy, the days since it
 * began, each arm's statistics summed over its states, and the candidate share the sample-ratio
 * check expects. Across a ramp that share is the runs-weighted mean of each state's configured
 * share: the candidate's count is then a sum of binomials, whose variance is at most that of one
 * binomial at the mean share, so the check stays valid (conservative while the shares differ).
 * A policy metric the mart does not carry is a ValidationError naming it.
 * @example
 * canaryLook(canary, stats, new Date('2026-12-03T12:00:00Z'));
 * // { policy, daysSinceStart: 2.5, candidatePercent: 20, runs: { baseline: 1603, candidate: 397 }, metrics: { resolution_rate: … } }
 */
export function canaryLook(canary: RunningCanary, stats: readonly StateArmStatistics[], now: Date): RolloutLook {
  const { release } = canary;
  const policy = parseRolloutPolicy(release.rolloutPolicy);
  const arms = { baseline: zero(), candidate: zero() };
  let weightedShare = 0;
  for (const row of stats) {
    add(arms[row.arm], row.sums);
    weightedShare += row.sums.n_runs * row.candidatePercent;
  }
  const runs = { baseline: arms.baseline.n_runs, candidate: arms.candidate.n_runs };
  const total = runs.baseline + runs.candidate;
  const metrics: Record<string, { baseline: ArmStatistics; candidate: ArmStatistics }> = {};
  for (const [field, metric] of [['primary', policy.primary], ...policy.guardrails.map((g, i) => [`guardrails[${i}]`, g.metric])]) {
    const read = CANARY_METRICS[metric as string];
    if (!read) {
      throw new ValidationError(
        [
          {
            field: `rollout_policy.${field}`,
            rule: `"${metric}" is not a metric of canary_arm_metrics (${Object.keys(CANARY_METRICS).join(', ')})`,
          },
        ],
        'rollout policy',
      );
    }
    metrics[metric as string] = { baseline: read(arms.baseline), candidate: read(arms.candidate) };
  }
  return {
    policy,
    daysSinceStart: Math.max(0, (now.getTime() - Date.parse(canary.startedAt)) / DAY_MS),
    candidatePercent: total > 0 ? weightedShare / total : (release.candidatePercent as number),
    runs,
    metrics,
  };
}
