/**
 * Shared types of `agentver/stats`.
 *
 * Every test follows R's conventions (argument names, defaults and the meaning of each
 * field), so a result can be checked against R's `stats` package.
 */

/** The alternative hypothesis, as R's `alternative` argument ('two.sided' is spelled 'two-sided'). */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** A sample summarised by its size, mean and sample variance (denominator n − 1, as R's `var`). */
export interface MeanVarianceSummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** A sample summarised by its size, Σx and Σx² (the sum of the squares of the raw values). */
export interface SumSummary {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** A 0/1 sample summarised by its size and number of ones. */
export interface ProportionSummary {
  readonly n: number;
  readonly successes: number;
}

/** A summary of one sample: either mean and variance, or Σx and Σx². */
export type SampleSummary = MeanVarianceSummary | SumSummary;

/** Raw observations or a summary of them. */
export type SampleInput = readonly number[] | SampleSummary;

/** Options shared by the two-sample t-tests (R's `t.test`). */
export interface TTestOptions {
  /** Alternative hypothesis about mean(a) − mean(b) − mu; default 'two-sided'. */
  readonly alternative?: Alternative;
  /** Confidence level of the interval; default 0.95. */
  readonly confidence?: number;
  /** Difference in means under the null hypothesis; default 0. */
  readonly mu?: number;
}

/** Result of a two-sample t-test, as the fields of R's `htest` object. */
export interface TTestResult {
  /** The t statistic. */
  readonly statistic: number;
  /** Degrees of freedom (Welch–Satterthwaite for Welch's test). */
  readonly df: number;
  readonly pValue: number;
  /** Confidence interval for mean(a) − mean(b); one bound is ±Infinity for one-sided tests. */
  readonly confidenceInterval: readonly [number, number];
  /** mean(a) − mean(b). */
  readonly estimate: number;
}

/** Options of `proportionsTest` (R's `prop.test`). */
export interface ProportionsTestOptions {
  /** Apply Yates' continuity correction (only where R does: one or two groups); default true. */
  readonly correct?: boolean;
  /** Confidence level of the interval; default 0.95. */
  readonly confidence?: number;
  /** Alternative hypothesis; must be 'two-sided' for more than two groups. Default 'two-sided'. */
  readonly alternative?: Alternative;
  /** Null proportion for the one-group test only; default 0.5. */
  readonly p?: number;
}

/** Result of `proportionsTest`. */
export interface ProportionsTestResult {
  /** Pearson's X-squared. */
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** The observed proportions, successes[i] / trials[i]. */
  readonly estimate: number[];
  /**
   * One group: Wilson score interval for p. Two groups: interval for p1 − p2.
   * More than two groups: undefined.
   */
  readonly confidenceInterval?: readonly [number, number];
}

/** Options of `mannWhitneyU` (R's `wilcox.test` with two samples). */
export interface MannWhitneyOptions {
  /** Alternative hypothesis about the location shift of x relative to y; default 'two-sided'. */
  readonly alternative?: Alternative;
  /** Use the exact distribution; default: when both samples have fewer than 50 values (R). */
  readonly exact?: boolean;
  /** Continuity correction in the normal approximation; default true (R). */
  readonly correct?: boolean;
}

/** Result of `mannWhitneyU`. */
export interface MannWhitneyResult {
  /** R's W: the Mann–Whitney U of x (rank sum of x minus n_x(n_x + 1)/2). */
  readonly statistic: number;
  readonly pValue: number;
  /** Whether the exact null distribution was used (false: normal approximation). */
  readonly exact: boolean;
}

/** Result of `chiSquaredTest` (R's `chisq.test` on a matrix). */
export interface ChiSquaredTestResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Expected counts under independence, same shape as the table. */
  readonly expected: number[][];
}

/** Result of `chiSquaredGoodnessOfFit`. */
export interface GoodnessOfFitResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Expected counts, n · p[i]. */
  readonly expected: number[];
}

/** Result of `fisherExactTest`. */
export interface FisherExactResult {
  readonly pValue: number;
  /** Conditional maximum-likelihood estimate of the odds ratio (what R's fisher.test reports). */
  readonly oddsRatio: number;
}

/** Methods of `adjustPValues` (R's `p.adjust`). */
export type PAdjustMethod = 'bonferroni' | 'holm' | 'hochberg' | 'BH';

/** Sidedness in the power functions, as R's power.t.test / power.prop.test. */
export type PowerAlternative = 'two-sided' | 'one-sided';

/** Parameters of `powerProportions` (R's `power.prop.test`); leave exactly one unknown. */
export interface PowerProportionsParams {
  /** Observations per group; undefined to solve for it. */
  readonly n?: number;
  /** Proportion in group 1. */
  readonly p1: number;
  /** Proportion in group 2; undefined to solve for it (the solution is above p1, as R). */
  readonly p2?: number;
  /** Power; undefined to solve for it. */
  readonly power?: number;
  /** Significance level; default 0.05; null to solve for it. */
  readonly alpha?: number | null;
  /** Default 'two-sided'. */
  readonly alternative?: PowerAlternative;
  /** Also count rejections in the wrong tail (two-sided only); default false (R). */
  readonly strict?: boolean;
}

/** `powerProportions`' answer: every parameter filled in. */
export interface PowerProportionsResult {
  readonly n: number;
  readonly p1: number;
  readonly p2: number;
  readonly power: number;
  readonly alpha: number;
  readonly alternative: PowerAlternative;
  readonly strict: boolean;
}

/** Kind of t-test in `powerTTest`, as R's `type`. */
export type PowerTTestType = 'two-sample' | 'one-sample' | 'paired';

/** Parameters of `powerTTest` (R's `power.t.test`); leave exactly one unknown. */
export interface PowerTTestParams {
  /** Observations per group (pairs for 'paired'); undefined to solve for it. */
  readonly n?: number;
  /** True difference in means; undefined to solve for it. */
  readonly delta?: number;
  /** Standard deviation; default 1; null to solve for it. */
  readonly sd?: number | null;
  /** Power; undefined to solve for it. */
  readonly power?: number;
  /** Significance level; default 0.05; null to solve for it. */
  readonly alpha?: number | null;
  /** Default 'two-sided'. */
  readonly alternative?: PowerAlternative;
  /** Default 'two-sample'. */
  readonly type?: PowerTTestType;
  /** Also count rejections in the wrong tail (two-sided only); default false (R). */
  readonly strict?: boolean;
}

/** `powerTTest`'s answer: every parameter filled in. */
export interface PowerTTestResult {
  readonly n: number;
  readonly delta: number;
  readonly sd: number;
  readonly power: number;
  readonly alpha: number;
  readonly alternative: PowerAlternative;
  readonly type: PowerTTestType;
  readonly strict: boolean;
}

/** One arm of a sequential test: cumulative summary, raw values, or successes out of n. */
export type SequentialArm = SampleInput | ProportionSummary;

/** Parameters of `sequentialTest` (mSPRT). */
export interface SequentialTestParams {
  /** Cumulative data of arm a so far. */
  readonly a: SequentialArm;
  /** Cumulative data of arm b so far. */
  readonly b: SequentialArm;
  /**
   * Standard deviation of the normal mixing distribution over the true difference, in the
   * metric's units. Default: 0.1 × the pooled standard deviation (a standardized effect of 0.1).
   */
  readonly tau?: number;
  /** Significance level; default 0.05. */
  readonly alpha?: number;
  /** Difference mean(a) − mean(b) under the null hypothesis; default 0. */
  readonly theta0?: number;
  /** The result of the previous look, to carry the running minimum p and the intersected interval. */
  readonly previous?: Pick<SequentialTestResult, 'pValue' | 'confidenceInterval'>;
}

/** Result of `sequentialTest`. */
export interface SequentialTestResult {
  /** The mixture likelihood ratio Λ at this look. */
  readonly statistic: number;
  /** Always-valid p-value: min(1, 1/Λ, previous p). */
  readonly pValue: number;
  /** Always-valid confidence interval for mean(a) − mean(b) (intersected with the previous one). */
  readonly confidenceInterval: readonly [number, number];
  /** Whether pValue ≤ alpha: stop and reject the null hypothesis. */
  readonly reject: boolean;
  /** mean(a) − mean(b) at this look. */
  readonly estimate: number;
  /** The mixing standard deviation used. */
  readonly tau: number;
}

/** Options of `srmTest`. */
export interface SrmTestOptions {
  /** Weight c of the Dirichlet(c·p) mixture over the true shares; default 10000 (as ssrm). */
  readonly concentration?: number;
  /** Significance level for `reject`; default 0.05. */
  readonly alpha?: number;
  /** The previous look's p-value, to carry the running minimum. */
  readonly previousPValue?: number;
}

/** Result of `srmTest`. */
export interface SrmTestResult {
  /** Anytime-valid p-value: min(1, 1/BF, previous p). */
  readonly pValue: number;
  /** ln of the Dirichlet–multinomial Bayes factor against the configured shares at this look. */
  readonly logBayesFactor: number;
  /** Whether pValue ≤ alpha: the split is broken. */
  readonly reject: boolean;
  /** Counts over their total (NaN before the first run). */
  readonly observedShares: readonly number[];
  /** The configured shares, normalized to sum to 1. */
  readonly expectedShares: readonly number[];
}

/** Parameters of `confidenceSequence`. */
export interface ConfidenceSequenceParams {
  /** Cumulative data of arm a so far (e.g. the candidate). */
  readonly a: SequentialArm;
  /** Cumulative data of arm b so far (e.g. the baseline). */
  readonly b: SequentialArm;
  /** 1 − coverage, for every look at once; default 0.05. */
  readonly alpha?: number;
  /** Total runs (both arms) at which the interval is tuned to be tightest; default 10,000. */
  readonly plannedSampleSize?: number;
  /** Difference mean(a) − mean(b) under the null hypothesis of the p-value; default 0. */
  readonly theta0?: number;
  /** The result of the previous look, to carry the running minimum p and the intersected interval. */
  readonly previous?: Pick<ConfidenceSequenceResult, 'pValue' | 'confidenceInterval'>;
}

/** Parameters of `estimateConfidenceSequence`: an estimate of a difference, its variance, and the units it rests on. */
export interface EstimateConfidenceSequenceParams {
  /** The estimate θ̂ at this look. */
  readonly estimate: number;
  /** Its variance V (e.g. a stratified delta-method variance). */
  readonly variance: number;
  /** Independent units (both arms) the estimate rests on so far: the sequence's time. */
  readonly n: number;
  /** 1 − coverage, for every look at once; default 0.05. */
  readonly alpha?: number;
  /** Units (both arms) at which the interval is tuned to be tightest; default 10,000. */
  readonly plannedSampleSize?: number;
  /** θ under the null hypothesis of the p-value; default 0. */
  readonly theta0?: number;
  /** The largest |θ| possible (1 for a difference of rates): the interval without evidence. Default ∞. */
  readonly bound?: number;
  /** The result of the previous look, to carry the running minimum p and the intersected interval. */
  readonly previous?: Pick<ConfidenceSequenceResult, 'pValue' | 'confidenceInterval'>;
}

/**
 * A ratio metric Σx/Σy over n independent units (a unit's x and y: e.g. its resolved runs and its
 * runs), summarised by the sums the delta method needs.
 */
export interface RatioSummary {
  /** Units. */
  readonly n: number;
  /** Σx, Σy over units. */
  readonly sumNum: number;
  readonly sumDen: number;
  /** Σx², Σy², Σx·y over units. */
  readonly sumNumSquares: number;
  readonly sumDenSquares: number;
  readonly sumNumDen: number;
}

/**
 * One arm's units as a ratio metric x/y in the canary and the same metric u/v in the days before
 * it (each unit's own history, the covariate of `cupedMoments`): the five sums of each ratio and
 * the four cross-products over units.
 */
export interface CovariateRatioSummary extends RatioSummary {
  /** Σu, Σv, Σu², Σv², Σu·v over units (u, v: the unit's numerator and denominator before the canary). */
  readonly sumPreNum: number;
  readonly sumPreDen: number;
  readonly sumPreNumSquares: number;
  readonly sumPreDenSquares: number;
  readonly sumPreNumPreDen: number;
  /** Σx·u, Σx·v, Σy·u, Σy·v over units. */
  readonly sumNumPreNum: number;
  readonly sumNumPreDen: number;
  readonly sumDenPreNum: number;
  readonly sumDenPreDen: number;
}

/** Both arms regression-adjusted by their units' history (`cupedMoments`). */
export interface CupedResult {
  /** The pooled within-arm slope of the linearized metric on the linearized history (0: no adjustment). */
  readonly theta: number;
  /** Each arm as n, adjusted mean and variance of a unit's adjusted linearized value. */
  readonly a: MeanVarianceSummary;
  readonly b: MeanVarianceSummary;
  /** Each arm unadjusted (what `ratioMoments` gives), for the variance reduction achieved. */
  readonly unadjusted: { readonly a: MeanVarianceSummary; readonly b: MeanVarianceSummary };
}

/** One stratum of a stratified comparison: its weight, and arms a and b as n, mean and variance of a unit. */
export interface DifferenceStratum {
  /** Non-negative; normalized over the strata. */
  readonly weight: number;
  readonly a: MeanVarianceSummary;
  readonly b: MeanVarianceSummary;
}

/** Result of `stratifiedDifference`. */
export interface StratifiedDifferenceResult {
  /** Σ w_k (mean(a_k) − mean(b_k)), weights normalized. */
  readonly estimate: number;
  /** Σ w_k² V_k, V_k the stratum's `differenceVariance`. */
  readonly variance: number;
  /** Units in all strata, both arms. */
  readonly n: number;
  /** Each stratum's difference and variance, in input order. */
  readonly strata: readonly { readonly weight: number; readonly difference: number; readonly variance: number }[];
}

/** Result of `confidenceSequence`. */
export interface ConfidenceSequenceResult {
  /** mean(a) − mean(b) at this look. */
  readonly estimate: number;
  /** √V, the standard error of the estimate used. */
  readonly standardError: number;
  /** Always-valid interval for mean(a) − mean(b) (intersected with the previous one). */
  readonly confidenceInterval: readonly [number, number];
  /** Always-valid p-value for θ₀ (running minimum). */
  readonly pValue: number;
  /** Whether pValue ≤ alpha. */
  readonly reject: boolean;
  /** The tuning parameter ρ used. */
  readonly rho: number;
}
