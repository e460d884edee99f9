import { z } from 'zod';

/** Days of each unit's history before a canary that CUPED adjusts by (as GrowthBook's default pre-period); the marts read it. */
export const PRE_PERIOD_DAYS = 14;

/** The ship rules of `--ship-when`. */
export const SHIP_RULES = ['better', 'no-harm'] as const;
export type ShipRule = (typeof SHIP_RULES)[number];

/** The variance reductions of `--variance-reduction`. */
export const VARIANCE_REDUCTIONS = ['cuped', 'none'] as const;

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
 * A ramp schedule: the candidate's shares in percent, each above 0 with at most two decimals,
 * increasing, ending at 100 (the promote) after at least one share below 100. Empty: no ramp.
 */
export const rampSchema = z
  .array(z.number().finite().gt(0, 'each share must be above 0').max(100, 'each share must be at most 100'))
  .refine((r) => r.every((p) => Math.abs(Math.round(p * 100) - p * 100) < 1e-6), { message: 'each share has at most two decimals' })
  .refine((r) => r.every((p, i) => i === 0 || p > (r[i - 1] as number)), { message: 'shares must increase' })
  .refine((r) => r.length === 0 || (r.length >= 2 && r[r.length - 1] === 100), {
    message: 'must end at 100 (the promote), after at least one share below 100, e.g. 5,25,50,100',
  });

/**
 * How a canary is judged at every look (`agentver canary … --primary --guardrail --max-days`):
 * one primary metric, guardrails with non-inferiority margins, the horizon, and the error rates.
 * Defaults: primary resolution_rate, guardrails error_rate:+0.02 and cost_usd:+10%, 14 days,
 * alpha 0.05 (two-sided, for every metric's always-valid interval), SRM at 0.001 (as GrowthBook)
 * with concentration 250, intervals tuned for 10,000 units, no verdict before 100 units in each
 * arm or with more than 1% of units misassigned; no ramp (one share until a person moves it),
 * 24 hours a stage when there is one, ship when better, CUPED on each unit's history. Units are
 * what the canary assigns (a ticket, a user); a run without a unit is a unit of its own.
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
    /**
     * The ramp schedule: the candidate's shares in percent, increasing, ending at 100 (the
     * promote). Empty: one share, moved by a person. watch --apply advances to the next share when
     * the current one has lasted stageHours with enough units, a sound split and no harm.
     */
    ramp: rampSchema.default([]),
    /** Hours each share of the ramp lasts at least (decimals: 0.25 is a quarter hour). */
    stageHours: z.number().finite().positive('must be positive').default(24),
    /**
     * When watch promotes. better: as soon as the primary is shown better and every guardrail
     * within its margin. no-harm: at the end of the ramp (or at maxDays without one), when the
     * primary is not shown worse and every guardrail is shown within its margin.
     */
    shipWhen: z.enum(SHIP_RULES).default('better'),
    /**
     * cuped: each metric adjusted by each unit's own value in the PRE_PERIOD_DAYS before the
     * canary began (units without history compared unadjusted, in a stratum of their own); none:
     * unadjusted.
     */
    varianceReduction: z.enum(VARIANCE_REDUCTIONS).default('cuped'),
  })
  .strict()
  .refine((p) => !p.guardrails.some((g) => g.metric === p.primary), {
    message: 'the primary metric cannot also be a guardrail',
    path: ['guardrails'],
  })
  .refine((p) => new Set(p.guardrails.map((g) => g.metric)).size === p.guardrails.length, {
    message: 'each metric can have one guardrail',
    path: ['guardrails'],
  })
  .refine((p) => (p.ramp.length - 1) * p.stageHours <= p.maxDays * 24, {
    message: 'the ramp outlasts maxDays: (shares below 100) × stageHours must be at most maxDays × 24 hours',
    path: ['ramp'],
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
 * before decisions were made by unit are dropped, and a policy stored before CUPED keeps the
 * unadjusted method it started with (a running canary does not change method between two looks).
 * Only for stored policies; new input with legacy keys is refused.
 */
export function upgradeStoredPolicy(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => !LEGACY_KEYS.includes(key)));
  return 'varianceReduction' in kept ? kept : { ...kept, varianceReduction: 'none' };
}
