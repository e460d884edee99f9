import { srmTest } from './srm-test.js';
import type { SrmTestOptions, SrmTestResult } from './types.js';

const FN = 'stratifiedSrmTest';

/**
 * The sequential sample-ratio test (`srmTest`, Lindon & Malek 2022) over independent strata,
 * each with its own expected shares: the product of the strata's Dirichlet–multinomial Bayes
 * factors. Each factor is a nonnegative martingale under its stratum's null and the strata hold
 * disjoint units, so the product is one too, and p = min(1, 1/ΠBF) stays anytime-valid (Ville's
 * inequality) with one alpha for all strata: no multiple testing across strata. For a ramped
 * canary: units first exposed in each state are counted against that state's share.
 *
 * Cost: O(Σ k) over the strata's arms.
 *
 * @example
 * // a 10% state whose 6,000 units got 8%, and a 50% state with 1,000 units split 500/500
 * stratifiedSrmTest([{ counts: [5520, 480], shares: [90, 10] }, { counts: [500, 500], shares: [50, 50] }]);
 * // { pValue: 0.0076912, logBayesFactor: 4.867680, reject: true,
 * //   strata: [{ pValue: 0.0073332, logBayesFactor: 4.915338, … }, { pValue: 1, logBayesFactor: -0.0476574, … }] }
 * // (a stratum that matches its shares has BF slightly below 1, so it weakens the product a little)
 */
export function stratifiedSrmTest(
  strata: readonly { counts: readonly number[]; shares: readonly number[] }[],
  options: SrmTestOptions = {},
): Omit<SrmTestResult, 'observedShares' | 'expectedShares'> & { strata: SrmTestResult[] } {
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError(`${FN} requires at least one stratum`);
  const { previousPValue, ...each } = options;
  const results = strata.map((stratum, i) => {
    try {
      return srmTest(stratum?.counts, stratum?.shares, { ...each });
    } catch (error) {
      // The checks are srmTest's; the caller called this function, about one stratum.
      if (error instanceof Error) error.message = error.message.replace('srmTest requires', `${FN} requires strata[${i}]:`);
      throw error;
    }
  });
  const logBayesFactor = results.reduce((sum, r) => sum + r.logBayesFactor, 0);
  let pValue = Math.min(1, Math.exp(-logBayesFactor));
  if (previousPValue !== undefined) {
    if (typeof previousPValue !== 'number' || !(previousPValue >= 0 && previousPValue <= 1)) {
      throw new RangeError(`${FN} requires previousPValue between 0 and 1`);
    }
    pValue = Math.min(pValue, previousPValue);
  }
  return { pValue, logBayesFactor, reject: pValue <= (options.alpha ?? 0.05), strata: results };
}
