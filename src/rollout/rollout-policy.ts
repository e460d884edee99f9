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
 * with concentration 250, intervals tuned for 10,000 units, no verdict before 100 units in each
 * arm or with more than 1% of units misassigned. Units are what the canary assigns (a ticket, a
 * user); a run without a unit is a unit of its own.
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
     * Weight of the SRM test's Dirichlet prior (srmTest's concentration), over units. The test has
     * most power for a mismatch of about √(p(1 − p)/c) in share: 250 puts it near 2 points at a
     * 10% canary. Simulated (bench/unit-canary-simulation.ts, 100 streams a cell, users of mean 10
     * runs): a 10% canary serving 8% flagged by day 7 in 42% of streams with 250, 35% with 1000;
     * a correct split never, either way. How soon a mismatch can be seen depends on the units
     * (not runs) a canary sees: docs/watch.md.
     */
    srmConcentration: z.number().positive('must be positive').finite().default(250),
    /** Units (both arms) at which the confidence sequences are tightest; fixed before the first look. */
    plannedUnits: z.number().positive('must be positive').finite().default(10_000),
    /** No verdict before each arm has this many units (the normal approximation needs them). */
    minUnitsPerArm: z.number().int('must be a whole number').nonnegative('must be 0 or more').default(100),
    /**
     * No verdict when more than this share of units is misassigned: seen in both arms where no
     * ramp explains it, or served a version its arm does not serve (like srm: the split is broken).
     */
    maxMisassignedShare: z.number().min(0, 'must be 0 or more').lt(1, 'must be below 1').default(0.01),
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

// Canaries started before decisions were made by unit stored these (always at their defaults, as
// no flag set them): they counted runs, so a stored policy drops them and the unit defaults apply.
const LEGACY_KEYS = ['plannedRuns', 'minRunsPerArm'];

/**
 * A policy as stored with a canary, made readable by today's schema: the keys of policies stored
 * before decisions were made by unit are dropped. Only for stored policies; new input with them is refused.
 */
export function upgradeStoredPolicy(stored: unknown): unknown {
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
    ? Object.fromEntries(Object.entries(stored).filter(([key]) => !LEGACY_KEYS.includes(key)))
    : stored;
}
