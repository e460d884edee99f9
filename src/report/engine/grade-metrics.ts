import type { MetricDefinition } from './metrics.js';

/** The version_grade_daily_metrics columns the report sums per version and grade metric. */
export const GRADE_COLUMNS = ['n_graded', 'n_verdicts', 'n_passed', 'n_score', 'sum_score', 'sum_sq_score'] as const;

/** Where a grade metric's summed column sits in VersionStats.columns: `grade.<metric>.<column>`. */
export function gradeColumn(metric: string, column: (typeof GRADE_COLUMNS)[number]): string {
  return `grade.${metric}.${column}`;
}

/**
 * Two metrics per grade metric (outcome_grades.metric), sorted by name: its pass rate (passed
 * out of runs whose effective grade gives a verdict) and its mean score. Each counts only the
 * runs graded on that metric, so grading helpfulness on more runs changes neither the others'
 * rates nor its own expected value; the coverage (graded runs out of runs) is shown beside it.
 * @example
 * gradeMetrics(['helpfulness']).map((m) => m.key); // ['grade.helpfulness.pass_rate', 'grade.helpfulness.score']
 */
export function gradeMetrics(names: Iterable<string>): MetricDefinition[] {
  return [...new Set(names)].sort().flatMap((name): MetricDefinition[] => [
    {
      key: `grade.${name}.pass_rate`,
      label: `${name} pass rate`,
      kind: 'rate',
      better: 'higher',
      unit: '',
      columns: { successes: gradeColumn(name, 'n_passed'), trials: gradeColumn(name, 'n_verdicts') },
      minimumEffect: 0.05,
    },
    {
      key: `grade.${name}.score`,
      label: `${name} score`,
      kind: 'mean',
      better: 'higher',
      unit: '',
      columns: { n: gradeColumn(name, 'n_score'), sum: gradeColumn(name, 'sum_score'), sumSquares: gradeColumn(name, 'sum_sq_score') },
      minimumEffect: 0.05,
    },
  ]);
}
