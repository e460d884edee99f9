import type { MetricComparison, Verdict } from './compare-metric.js';

/** The overall verdict of a comparison, which metrics decided it, and why, in one sentence. */
export interface ComparisonDecision {
  overall: Verdict;
  /** Keys of the metrics that decided: the primary and, when they vetoed or had to pass, the guardrails. */
  decidedBy: string[];
  reason: string;
}

/**
 * The overall verdict from the primary metric and the guardrails, as a rollout policy decides
 * (src/rollout), on one fixed-horizon look: worse when the primary is worse or a guardrail is
 * beyond its margin; better when the primary is better and every guardrail is within its margin;
 * inconclusive when the primary is better but a guardrail is not yet shown within; otherwise no
 * detectable change, or not enough data when the primary cannot be tested. Secondary metrics are
 * reported, never decide: one worse cost no longer outweighs a better resolution rate unless cost
 * is a guardrail and beyond its margin.
 * @example
 * decideComparison(comparison.metrics);
 * // { overall: 'worse', decidedBy: ['resolution_rate'], reason: 'resolution_rate (primary) is worse (0.72 → 0.58, p < 0.001).' }
 */
export function decideComparison(metrics: readonly MetricComparison[]): ComparisonDecision {
  const primary = metrics.find((metric) => metric.role === 'primary');
  if (!primary) throw new RangeError('decideComparison requires a metric with the primary role');
  const guardrails = metrics.filter((metric) => metric.role === 'guardrail');
  const beyond = guardrails.filter((metric) => metric.marginVerdict === 'beyond margin');
  const primaryWorse = primary.verdict === 'worse';
  if (primaryWorse || beyond.length > 0) {
    const decided = [...(primaryWorse ? [primary] : []), ...beyond];
    const parts = [
      ...(primaryWorse ? [`${primary.metric} (primary) is worse (${describe(primary)})`] : []),
      ...beyond.map((metric) => `${metric.metric} is worse than its guardrail margin of ${marginText(metric)}`),
    ];
    return { overall: 'worse', decidedBy: decided.map((metric) => metric.metric), reason: `${parts.join('; ')}.` };
  }
  if (primary.verdict === 'better') {
    const open = guardrails.filter((metric) => metric.marginVerdict !== 'within margin');
    if (open.length === 0) {
      const guards = guardrails.length > 0 ? `, and ${guardrails.map((metric) => metric.metric).join(', ')} within their margins` : '';
      return {
        overall: 'better',
        decidedBy: [primary, ...guardrails].map((metric) => metric.metric),
        reason: `${primary.metric} (primary) is better (${describe(primary)})${guards}.`,
      };
    }
    return {
      overall: 'inconclusive',
      decidedBy: [primary, ...open].map((metric) => metric.metric),
      reason: `${primary.metric} (primary) is better, but ${open.map((metric) => `${metric.metric} (${metric.marginVerdict ?? 'untested'})`).join(', ')} not shown within its margin: more runs will tell.`,
    };
  }
  if (primary.verdict === 'not enough data') {
    return { overall: 'not enough data', decidedBy: [primary.metric], reason: `${primary.metric} (primary) has too few runs to test.` };
  }
  return {
    overall: 'no detectable change',
    decidedBy: [primary.metric],
    reason: `No detectable change in ${primary.metric} (primary; ${describe(primary)}), and no guardrail beyond its margin.`,
  };
}

function round(x: number | null): string {
  return x === null ? '—' : String(Number(x.toPrecision(3)));
}

function describe(metric: MetricComparison): string {
  const p = metric.adjustedPValue === null ? '—' : metric.adjustedPValue < 0.001 ? '< 0.001' : `= ${round(metric.adjustedPValue)}`;
  return `${round(metric.baseline.value)} → ${round(metric.candidate.value)}, p ${p}`;
}

function marginText(metric: MetricComparison): string {
  if (metric.margin === null) return '';
  const sign = metric.better === 'lower' ? '+' : '-';
  return metric.margin.relative ? `${sign}${round(metric.margin.margin * 100)}%` : `${sign}${round(metric.margin.margin)}`;
}
