import { ratioMoments } from './ratio-moments.js';
import type { CovariateRatioSummary, CupedResult, MeanVarianceSummary } from './types.js';

const FN = 'cupedMoments';

const FIELDS = [
  'sumNum',
  'sumDen',
  'sumNumSquares',
  'sumDenSquares',
  'sumNumDen',
  'sumPreNum',
  'sumPreDen',
  'sumPreNumSquares',
  'sumPreDenSquares',
  'sumPreNumPreDen',
  'sumNumPreNum',
  'sumNumPreDen',
  'sumDenPreNum',
  'sumDenPreDen',
] as const;

/** An arm's Σl², Σm² and Σl·m of the linearized metric l = (x − R·y)/ȳ and history m = (u − P·v)/v̄ (each centred in the arm). */
function linearized(s: CovariateRatioSummary): { ll: number; mm: number; lm: number; preRatio: number } {
  const r = s.sumNum / s.sumDen;
  const yBar = s.sumDen / s.n;
  const ll = Math.max(0, s.sumNumSquares - 2 * r * s.sumNumDen + r * r * s.sumDenSquares) / (yBar * yBar);
  if (!(s.sumPreDen > 0)) return { ll, mm: 0, lm: 0, preRatio: 0 };
  const p = s.sumPreNum / s.sumPreDen;
  const vBar = s.sumPreDen / s.n;
  const mm = Math.max(0, s.sumPreNumSquares - 2 * p * s.sumPreNumPreDen + p * p * s.sumPreDenSquares) / (vBar * vBar);
  const lm = (s.sumNumPreNum - p * s.sumNumPreDen - r * s.sumDenPreNum + r * p * s.sumDenPreDen) / (yBar * vBar);
  return { ll, mm, lm, preRatio: p };
}

/**
 * CUPED for a ratio metric (Deng, Xu, Kohavi & Walker, "Improving the Sensitivity of Online
 * Controlled Experiments by Utilizing Pre-Experiment Data", WSDM 2013, §3; for ratios, the
 * linearization of Deng, Knoblich & Lu, KDD 2018, §4): each arm's per-run value R = Σx/Σy is
 * adjusted by the same metric of its units before the experiment, P = Σu/Σv, with one slope θ
 * pooled across the arms: R_adj = R − θ·(P − P̄), P̄ the pooled history of both arms, so the
 * difference of arms is (R_a − R_b) − θ·(P_a − P_b). θ = Σ_arms Σ l·m / Σ_arms Σ m², the
 * within-arm regression slope of the unit's linearized metric l = (x − R·y)/ȳ on its linearized
 * history m = (u − P·v)/v̄ (for y = v = 1, the treatment coefficient and slope of OLS
 * `outcome ~ arm + history`). The variance of an arm's adjusted unit is that of l − θ·m,
 * Σ(l − θm)²/(n − 2) (θ is fitted: one degree of freedom, as OLS's residual variance):
 * Var(R_adj) ≈ Var(R)·(1 − ρ²) for a correlation ρ of l and m. History is
 * fixed before assignment, so the adjusted difference is unbiased whatever θ is; estimating θ
 * from the data adds O(1/n). A unit without history (v = 0) has m = 0: it is compared
 * unadjusted. No history in an arm, or none that varies: θ = 0, `ratioMoments` unchanged.
 *
 * Cost: O(1).
 *
 * @example
 * // units (x, y, u, v): a (1,1,1,1) (0,1,0,1) (1,1,1,1) (0,1,1,1); b (1,1,1,1) (0,1,0,1) (0,1,0,1) (1,1,0,1)
 * cupedMoments(
 *   { n: 4, sumNum: 2, sumDen: 4, sumNumSquares: 2, sumDenSquares: 4, sumNumDen: 2, sumPreNum: 3, sumPreDen: 4, sumPreNumSquares: 3,
 *     sumPreDenSquares: 4, sumPreNumPreDen: 3, sumNumPreNum: 2, sumNumPreDen: 2, sumDenPreNum: 3, sumDenPreDen: 4 },
 *   { n: 4, sumNum: 2, sumDen: 4, sumNumSquares: 2, sumDenSquares: 4, sumNumDen: 2, sumPreNum: 1, sumPreDen: 4, sumPreNumSquares: 1,
 *     sumPreDenSquares: 4, sumPreNumPreDen: 1, sumNumPreNum: 1, sumNumPreDen: 2, sumDenPreNum: 1, sumDenPreDen: 4 });
 * // { theta: 0.6666667, a: { n: 4, mean: 0.3333333, variance: 0.3333333 }, b: { n: 4, mean: 0.6666667, variance: 0.3333333 }, … }
 * // (OLS `outcome ~ arm + history` on the 8 units: arm coefficient −0.3333333 = a − b, slope 0.6666667 = θ)
 */
export function cupedMoments(a: CovariateRatioSummary, b: CovariateRatioSummary): CupedResult {
  for (const [name, arm] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof arm !== 'object' || arm === null) throw new TypeError(`${FN} requires ${name} to be a summary object`);
    for (const field of FIELDS) {
      if (typeof arm[field] !== 'number' || !Number.isFinite(arm[field])) {
        throw new TypeError(`${FN} requires ${name}.${field} to be a finite number`);
      }
    }
    if (arm.sumPreDen < 0 || arm.sumPreNumSquares < 0 || arm.sumPreDenSquares < 0) {
      throw new RangeError(`${FN} requires ${name}'s history sums of squares and Σv ≥ 0`);
    }
  }
  const unadjusted = { a: ratioMoments(a), b: ratioMoments(b) };
  const la = linearized(a);
  const lb = linearized(b);
  const mm = la.mm + lb.mm;
  const hasHistory = a.sumPreDen > 0 && b.sumPreDen > 0 && a.n > 2 && b.n > 2;
  const theta = hasHistory && mm > 0 ? (la.lm + lb.lm) / mm : 0;
  if (theta === 0) return { theta, a: unadjusted.a, b: unadjusted.b, unadjusted };
  const pooled = (a.sumPreNum + b.sumPreNum) / (a.sumPreDen + b.sumPreDen);
  const adjust = (arm: CovariateRatioSummary, l: ReturnType<typeof linearized>, plain: MeanVarianceSummary): MeanVarianceSummary => ({
    n: arm.n,
    mean: plain.mean - theta * (l.preRatio - pooled),
    // n − 2: the fitted θ takes a degree of freedom (as OLS's residual variance), so a small arm is not optimistic
    variance: Math.max(0, l.ll - 2 * theta * l.lm + theta * theta * l.mm) / Math.max(1, arm.n - 2),
  });
  return { theta, a: adjust(a, la, unadjusted.a), b: adjust(b, lb, unadjusted.b), unadjusted };
}
