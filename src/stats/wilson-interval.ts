import { normalQuantile } from './normal-quantile.js';
import { resolveConfidence } from './resolve-confidence.js';

const FN = 'wilsonInterval';

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927): the set of p whose score
 * test does not reject, (s + z²/2)/(n + z²) ± z/(n + z²)·√(s(n − s)/n + z²/4), z = Φ⁻¹(1 − (1 − c)/2).
 *
 * For a single version's rate (resolution, errors) in tables and charts: unlike p̂ ± z·√(p̂(1 − p̂)/n)
 * it stays inside [0, 1] and keeps its coverage with few runs or a rate near 0 or 1. It is R's
 * `prop.test(s, n, correct = FALSE)$conf.int` and statsmodels' `proportion_confint(s, n, method="wilson")`.
 *
 * Source: https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval;
 * Newcombe (1998), Statistics in Medicine 17, 857–872 (method 3).
 *
 * Cost: O(1).
 *
 * @example
 * // statsmodels proportion_confint(7, 20, alpha=0.05, method="wilson") = (0.1811918, 0.5671457)
 * wilsonInterval(7, 20); // [0.1811918, 0.5671457]
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): [number, number] {
  if (typeof trials !== 'number' || !Number.isFinite(trials) || trials < 1) {
    throw new RangeError(`${FN} requires trials to be a finite number of at least 1`);
  }
  if (typeof successes !== 'number' || !(successes >= 0 && successes <= trials)) {
    throw new RangeError(`${FN} requires successes between 0 and trials`);
  }
  const level = resolveConfidence(confidence, FN);
  const z = normalQuantile(1 - (1 - level) / 2);
  const z2 = z * z;
  const center = (successes + z2 / 2) / (trials + z2);
  const half = (z / (trials + z2)) * Math.sqrt((successes * (trials - successes)) / trials + z2 / 4);
  return [Math.max(0, center - half), Math.min(1, center + half)];
}
