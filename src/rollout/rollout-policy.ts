import { z } from 'zod';

const metricName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a metric name like resolution_rate');

/** A guardrail: the candidate may be worse than the baseline by at most `margin`. */
export const guardrailSchema = z
  .object({
    metric: metricName,
    /** Tolerated worsening: in the metric's units, or a fraction of the baseline when relative. */
    margin: z.number().positive('must be positive').finite(),
    /** true: margin × the baseline's mean (cost_usd:+10% is 0.1); false: in the metric's units. */
    relative: z.boolean().default(false),
  })
  .strict()
  .refine((g) => !g.relative || g.margin < 1, { message: 'a relative margin must be below 100%', path: ['margin'] });

export type Guardrail = z.infer<typeof guardrailSchema>;

/**
 * How a canary is judged at every look (`agentver canary … --primary --guardrail --max-days`):
 * one primary metric, guardrails with non-inferiority margins, the horizon, and the error rates.
 * Defaults: primary resolution_rate, guardrails error_rate:+0.02 and cost_usd:+10%, 14 days,
 * alpha 0.05 (two-sided, for every metric's always-valid interval), SRM at 0.001 (as GrowthBook)
 * with concentration 1000,
 * intervals tuned for 10,000 runs, no verdict before 100 runs in each arm.
 */
export const rolloutPolicySchema = z
  .object({
    primary: metricName.default('resolution_rate'),
    guardrails: z.array(guardrailSchema).default([
      { metric: 'error_rate', margin: 0.02, relative: false },
      { metric: 'cost_usd', margin: 0.1, relative: true },
    ]),
    maxDays: z.number().int('must be a whole number of days').positive('must be positive').default(14),
    alpha: z.number().gt(0, 'must be above 0').lt(0.5, 'must be below 0.5').default(0.05),
    srmAlpha: z.number().gt(0, 'must be above 0').lt(0.5, 'must be below 0.5').default(0.001),
    /**
     * Weight of the SRM test's Dirichlet prior (srmTest's concentration). 1000 flags a 10% canary
     * that serves 8% at 2,000 runs a day by day 7 in all 2,000 simulated streams, median day 3
     * (ssrm's 10000: median day 4, and 0.2% of another seed's streams only after day 7).
     */
    srmConcentration: z.number().positive('must be positive').finite().default(1000),
    /** Runs (both arms) at which the confidence sequences are tightest; fixed before the first look. */
    plannedRuns: z.number().positive('must be positive').finite().default(10_000),
    /** No verdict before each arm has this many runs (the normal approximation needs them). */
    minRunsPerArm: z.number().int('must be a whole number').nonnegative('must be 0 or more').default(100),
    /** Direction of metrics not in the built-in table: is higher or lower better? */
    directions: z.record(metricName, z.enum(['higher', 'lower'])).default({}),
  })
  .strict()
  .refine((p) => !p.guardrails.some((g) => g.metric === p.primary), {
    message: 'the primary metric cannot also be a guardrail',
    path: ['guardrails'],
  })
  .refine((p) => new Set(p.guardrails.map((g) => g.metric)).size === p.guardrails.length, {
    message: 'each metric can have one guardrail',
    path: ['guardrails'],
  });

/** A parsed rollout policy (every default filled in). */
export type RolloutPolicy = z.infer<typeof rolloutPolicySchema>;
/** A rollout policy as a user writes it (every field optional). */
export type RolloutPolicyInput = z.input<typeof rolloutPolicySchema>;
