/**
 * `agentver/stats`: statistical tests and distributions for comparing agent versions.
 *
 * Pure functions that follow R's `stats` conventions (argument meanings, defaults, results),
 * so every result can be checked against R. One function per module.
 */
export { adjustPValues } from './adjust-p-values.js';
export { chiSquaredCdf } from './chi-squared-cdf.js';
export { chiSquaredGoodnessOfFit } from './chi-squared-goodness-of-fit.js';
export { chiSquaredSurvival } from './chi-squared-survival.js';
export { chiSquaredTest } from './chi-squared-test.js';
// Guarded rollouts (issue 12) and sums-based helpers (issue 8): always-valid tests, SRM, capping.
export { confidenceSequence } from './confidence-sequence.js';
export { cupedMoments } from './cuped-moments.js';
export { estimateConfidenceSequence } from './estimate-confidence-sequence.js';
export { fisherExactTest } from './fisher-exact-test.js';
export { logBeta } from './log-beta.js';
export { logGamma } from './log-gamma.js';
export { mannWhitneyU } from './mann-whitney-u.js';
export { noncentralTCdf } from './noncentral-t-cdf.js';
export { normalCdf } from './normal-cdf.js';
export { normalQuantile } from './normal-quantile.js';
export { powerProportions } from './power-proportions.js';
export { powerTTest } from './power-t-test.js';
export { proportionsTest } from './proportions-test.js';
export { ratioMoments } from './ratio-moments.js';
export { regularizedIncompleteBeta } from './regularized-incomplete-beta.js';
export { sequentialTest } from './sequential-test.js';
export { srmTest } from './srm-test.js';
export { stratifiedDifference } from './stratified-difference.js';
export { stratifiedSrmTest } from './stratified-srm-test.js';
export { studentTTest } from './student-t-test.js';
export { tCdf } from './t-cdf.js';
export { tQuantile } from './t-quantile.js';
export type {
  Alternative,
  ChiSquaredTestResult,
  ConfidenceSequenceParams,
  ConfidenceSequenceResult,
  CovariateRatioSummary,
  CupedResult,
  DifferenceStratum,
  EstimateConfidenceSequenceParams,
  FisherExactResult,
  GoodnessOfFitResult,
  MannWhitneyOptions,
  MannWhitneyResult,
  MeanVarianceSummary,
  PAdjustMethod,
  PowerAlternative,
  PowerProportionsParams,
  PowerProportionsResult,
  PowerTTestParams,
  PowerTTestResult,
  PowerTTestType,
  ProportionSummary,
  ProportionsTestOptions,
  ProportionsTestResult,
  RatioSummary,
  SampleInput,
  SampleSummary,
  SequentialArm,
  SequentialTestParams,
  SequentialTestResult,
  SrmTestOptions,
  SrmTestResult,
  StratifiedDifferenceResult,
  SumSummary,
  TTestOptions,
  TTestResult,
} from './types.js';
export { varianceFromSums } from './variance-from-sums.js';
export { welchTTest } from './welch-t-test.js';
export { wilsonInterval } from './wilson-interval.js';
export { winsorizedSums } from './winsorized-sums.js';
export { type YatesSampleSizeResult, yatesSampleSize } from './yates-sample-size.js';
