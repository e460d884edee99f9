import { ValidationError } from '../errors/validation-error.js';
import type { LookStratum, MetricSums, RolloutLook, StratumArm } from '../rollout/decide-rollout.js';
import { parseRolloutPolicy } from '../rollout/parse-rollout-policy.js';
import { upgradeStoredPolicy } from '../rollout/rollout-policy.js';
import { CANARY_METRICS, preColumn, stratumColumns } from './canary-metrics.js';
import type { StratumArmRow } from './load-canary-statistics.js';
import type { RunningCanary } from './running-canaries.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const noUnits = (metrics: readonly string[]): StratumArm => ({
  units: 0,
  runs: 0,
  misassignedUnits: 0,
  metrics: Object.fromEntries(metrics.map((m) => [m, { num: 0, den: 0, numSquares: 0, denSquares: 0, numDen: 0 }])),
});

function stratumArm(row: StratumArmRow, metrics: readonly string[]): StratumArm {
  const value = (column: string) => row.sums[column] ?? 0;
  return {
    units: row.units,
    runs: value(stratumColumns.sum('n_runs')),
    misassignedUnits: row.misassignedUnits,
    metrics: Object.fromEntries(
      metrics.map((metric): [string, MetricSums] => {
        const { num, den } = CANARY_METRICS[metric] as (typeof CANARY_METRICS)[string];
        const [preNum, preDen] = [preColumn(num), preColumn(den)];
        const { sum, sumSquares, crossProduct } = stratumColumns;
        return [
          metric,
          {
            num: value(sum(num)),
            den: value(sum(den)),
            numSquares: value(sumSquares(num)),
            denSquares: value(sumSquares(den)),
            numDen: value(crossProduct(num, den)),
            pre: {
              num: value(sum(preNum)),
              den: value(sum(preDen)),
              numSquares: value(sumSquares(preNum)),
              denSquares: value(sumSquares(preDen)),
              numDen: value(crossProduct(preNum, preDen)),
              numTimesNum: value(crossProduct(num, preNum)),
              numTimesDen: value(crossProduct(num, preDen)),
              denTimesNum: value(crossProduct(den, preNum)),
              denTimesDen: value(crossProduct(den, preDen)),
            },
          },
        ];
      }),
    ),
  };
}

/**
 * The look `decideRollout` takes at one running canary: its stored policy, the days since it
 * began, its current share and the hours it has served it, and per entry state and history each
 * arm's unit-level sums with their history's (the rows of canary_stratum_metrics),
 * read through CANARY_METRICS. A policy metric the mart does not carry is a ValidationError
 * naming it.
 * @example
 * canaryLook(canary, rows, new Date('2026-12-03T12:00:00Z'));
 * // { policy, daysSinceStart: 2.5, metrics: { resolution_rate: 'rate', … }, strata: [{ releaseNumber: 11, candidatePercent: 10, baseline: { units: 1603, … }, candidate: … }] }
 */
export function canaryLook(canary: RunningCanary, rows: readonly StratumArmRow[], now: Date): RolloutLook {
  const policy = parseRolloutPolicy(upgradeStoredPolicy(canary.release.rolloutPolicy));
  const named: [string, string][] = [
    ['primary', policy.primary],
    ...policy.guardrails.map((g, i): [string, string] => [`guardrails[${i}]`, g.metric]),
  ];
  for (const [field, metric] of named) {
    if (!CANARY_METRICS[metric]) {
      throw new ValidationError(
        [
          {
            field: `rollout_policy.${field}`,
            rule: `"${metric}" is not a metric watch can decide on (${Object.keys(CANARY_METRICS).join(', ')})`,
          },
        ],
        'rollout policy',
      );
    }
  }
  const metrics = named.map(([, metric]) => metric);
  const strata = new Map<string, LookStratum>();
  for (const row of rows) {
    const key = `${row.entryReleaseNumber}|${row.hasHistory}`;
    const stratum = strata.get(key) ?? {
      releaseNumber: row.entryReleaseNumber,
      hasHistory: row.hasHistory,
      candidatePercent: row.candidatePercent,
      baseline: noUnits(metrics),
      candidate: noUnits(metrics),
    };
    strata.set(key, { ...stratum, [row.arm]: stratumArm(row, metrics) });
  }
  const { release } = canary;
  return {
    policy,
    daysSinceStart: Math.max(0, (now.getTime() - Date.parse(canary.startedAt)) / DAY_MS),
    metrics: Object.fromEntries(metrics.map((metric) => [metric, (CANARY_METRICS[metric] as (typeof CANARY_METRICS)[string]).kind])),
    strata: [...strata.values()].sort((a, b) => a.releaseNumber - b.releaseNumber || Number(a.hasHistory) - Number(b.hasHistory)),
    // The label's current share, served since its state was written (a ramp's clock restarts at each move).
    stage: { percent: release.candidatePercent as number, hours: Math.max(0, (now.getTime() - Date.parse(release.createdAt)) / HOUR_MS) },
  };
}
