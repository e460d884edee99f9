import type { Command } from 'commander';
import { z } from 'zod';
import { calendarDateSchema } from '../bigquery/identifiers.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseGuardrail } from '../rollout/parse-guardrail.js';
import { parseRolloutPolicy } from '../rollout/parse-rollout-policy.js';
import { type Guardrail, guardrailSchema } from '../rollout/rollout-policy.js';
import { optionError } from './option-error.js';

export const reportOptionsSchema = z.object({
  since: calendarDateSchema.optional(),
  until: calendarDateSchema.optional(),
  alpha: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').default(0.05),
  confidence: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').default(0.95),
  adjust: z
    .preprocess(
      (value) =>
        typeof value === 'string' && value.toLowerCase() === 'bh' ? 'BH' : typeof value === 'string' ? value.toLowerCase() : value,
      z.enum(['holm', 'BH'], { message: 'must be holm or BH' }),
    )
    .default('holm'),
  minRuns: z.coerce.number().int('must be an integer').min(2, 'must be >= 2').default(10),
  detectRate: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').optional(),
  detectMean: z.coerce.number().gt(0, 'must be > 0').optional(),
  output: z.string().min(1).optional(),
  primary: z.string().optional(),
  guardrail: z.array(guardrailSchema).optional(),
});
export type ReportOptions = z.output<typeof reportOptionsSchema>;

const collectGuardrail = (value: string, previous: Guardrail[] = []) => [...previous, parseGuardrail(value, {}, '--guardrail')];

/** The options compare and report share: dates, the decision rule, the test's settings, and the HTML output file. */
export function addReportOptions(command: Command): Command {
  return command
    .option('--primary <metric>', 'the metric the verdict follows, tested on its own (default: resolution_rate)')
    .option(
      '--guardrail <metric:margin>',
      'a metric that turns the verdict to worse when it is worse by more than the margin, repeatable, as `canary`: ' +
        'error_rate:+0.02 (2 points), cost_usd:+10% (10% of the baseline); replaces the defaults error_rate:+0.02 and cost_usd:+10%',
      collectGuardrail,
    )
    .option('--since <date>', 'only runs on or after this day (YYYY-MM-DD)')
    .option('--until <date>', 'only runs on or before this day (YYYY-MM-DD)')
    .option('--alpha <a>', 'significance level (default: 0.05)')
    .option('--confidence <c>', 'confidence level of the intervals (default: 0.95)')
    .option('--adjust <method>', 'correction across metrics: holm or BH (default: holm)')
    .option('--min-runs <n>', 'fewer runs per version than this: no verdict (default: 10)')
    .option('--detect-rate <d>', 'change in a rate the power column sizes for, e.g. 0.03 = 3 points (default: 0.05; error rate 0.02)')
    .option('--detect-mean <f>', 'change in a mean the power column sizes for, as a fraction of the baseline (default: 0.1)')
    .option('-o, --output <file>', 'where --format html writes (default: agentver-<agent>-….html)');
}

export function parseReportOptions(raw: Record<string, unknown>, format: string): ReportOptions {
  const result = reportOptionsSchema.safeParse(raw);
  if (!result.success) throw optionError(result.error);
  const options = result.data;
  const problems: { field: string; rule: string }[] = [];
  if (options.output && format !== 'html') problems.push({ field: '--output', rule: 'is where --format html writes; add --format html' });
  if (options.since && options.until && options.since > options.until)
    problems.push({ field: '--since', rule: `${options.since} is after --until ${options.until}` });
  if (problems.length > 0) throw new ValidationError(problems, 'option');
  // Before any query: an unknown primary, or a primary that is also a guardrail, is bad input.
  parseRolloutPolicy({
    ...(options.primary !== undefined ? { primary: options.primary } : {}),
    ...(options.guardrail !== undefined ? { guardrails: options.guardrail } : {}),
  });
  return options;
}

/** The settings of the statistics, from the parsed options. */
export function statisticsSettings(options: ReportOptions) {
  const minimumEffect = {
    ...(options.detectRate !== undefined ? { rate: options.detectRate } : {}),
    ...(options.detectMean !== undefined ? { mean: options.detectMean } : {}),
  };
  return {
    alpha: options.alpha,
    confidence: options.confidence,
    adjustment: options.adjust,
    minRuns: options.minRuns,
    ...(Object.keys(minimumEffect).length > 0 ? { minimumEffect } : {}),
    ...(options.primary !== undefined ? { primary: options.primary } : {}),
    ...(options.guardrail !== undefined ? { guardrails: options.guardrail } : {}),
  };
}
