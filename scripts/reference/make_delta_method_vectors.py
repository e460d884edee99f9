#!/usr/bin/env python3
"""Reference vectors for the unit-level (delta-method) statistics of `agentver/stats`.

Writes test/stats/fixtures/delta-method.json, read by test/stats/unit-level.test.ts, for
`ratioMoments`, `stratifiedDifference`, `stratifiedSrmTest` and `estimateConfidenceSequence`.
A sibling of make_stats_vectors.py, so that adding these does not regenerate reference.json.

The reference for the delta method is independent of its formula: a per-run rate Σx/Σy of an
arm (x a unit's outcomes summed over its runs, y its runs) is the OLS coefficient of the
run-level regression `outcome ~ arm`, and the cluster-robust variance of that coefficient with
clusters = units and no small-sample correction (CR0, statsmodels
`OLS(...).fit(cov_type="cluster", cov_kwds={"groups": unit, "use_correction": False})`) is
    Σ_arms Σ_units (x − R·y)² / (Σy)²  =  Σ_arms Σ(x − R·y)² / (n²·ȳ²),
the delta-method variance with the population (1/n) convention. `ratioMoments` returns
s² = Σ(x − R·y)²/((n − 1)·ȳ²), so an arm's CR0 piece is s²·(n − 1)/n², and the Welch part of
`differenceVariance` (Σ s²/n) is CR0 scaled by n/(n − 1) in each arm. (statsmodels' default
`use_correction=True` is one factor G/(G − 1)·(N − 1)/(N − K) over both arms together, G units,
N runs, K parameters: not the per-arm n/(n − 1); checked below.)

Deterministic: every data set comes from numpy.random.default_rng with a fixed seed.

Usage (from the repository root):
    python3 -m venv /tmp/statsvenv && /tmp/statsvenv/bin/pip install scipy numpy statsmodels
    /tmp/statsvenv/bin/python scripts/reference/make_delta_method_vectors.py
"""

from __future__ import annotations

import json
import math
import platform
from pathlib import Path

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import special

OUT = Path(__file__).resolve().parents[2] / "test" / "stats" / "fixtures" / "delta-method.json"


def f(x) -> float:
    x = float(x)
    assert math.isfinite(x), x
    return x


def ratio_sums(x: np.ndarray, y: np.ndarray) -> dict:
    """The RatioSummary of ratioMoments: n and the five sums over units (exact sums)."""
    return {
        "n": int(len(x)),
        "sumNum": f(math.fsum(x)),
        "sumDen": f(math.fsum(y)),
        "sumNumSquares": f(math.fsum(x * x)),
        "sumDenSquares": f(math.fsum(y * y)),
        "sumNumDen": f(math.fsum(x * y)),
    }


def cluster_fit(outcome: np.ndarray, design: np.ndarray, unit: np.ndarray, correction: bool):
    return sm.OLS(outcome, design).fit(cov_type="cluster", cov_kwds={"groups": unit, "use_correction": correction})


def two_arm_case(name: str, description: str, arm: np.ndarray, m: np.ndarray, runs: list[np.ndarray]) -> dict:
    """arm[i] = 1 for arm a; unit i has m[i] runs with outcomes runs[i]."""
    x = np.array([math.fsum(r) for r in runs])
    y = m.astype(float)
    outcome = np.concatenate(runs)
    unit = np.repeat(np.arange(len(m)), m)
    is_a = np.repeat(arm, m).astype(float)

    # y ~ arm (intercept = rate of b, coefficient = rate(a) − rate(b))
    design = np.column_stack([np.ones_like(is_a), is_a])
    cr0 = cluster_fit(outcome, design, unit, False)
    cr1 = cluster_fit(outcome, design, unit, True)
    groups, nobs, k = len(m), len(outcome), design.shape[1]
    assert abs(cr1.cov_params()[1, 1] / cr0.cov_params()[1, 1] - groups / (groups - 1) * (nobs - 1) / (nobs - k)) < 1e-12

    # Cell means (one dummy per arm): the per-arm CR0 pieces, independent (no unit in both arms)
    cells = np.column_stack([is_a, 1 - is_a])
    per_arm = cluster_fit(outcome, cells, unit, False)
    cov = per_arm.cov_params()
    assert abs(cov[0, 1]) < 1e-12 * math.sqrt(cov[0, 0] * cov[1, 1])
    assert abs(cov[0, 0] + cov[1, 1] - cr0.cov_params()[1, 1]) < 1e-12 * cr0.cov_params()[1, 1]

    arms = {}
    for label, sel, j in [("a", arm == 1, 0), ("b", arm == 0, 1)]:
        xa, ya = x[sel], y[sel]
        n = len(xa)
        c = np.cov(xa, ya, ddof=1)  # sample (co)variances, denominator n − 1
        mx, my = xa.mean(), ya.mean()
        delta = c[0, 0] / my**2 - 2 * mx * c[0, 1] / my**3 + mx**2 * c[1, 1] / my**4
        arms[label] = {
            "units": {"x": fl(xa), "y": fl(ya)},
            "sums": ratio_sums(xa, ya),
            # statsmodels: OLS(outcome, cells).fit(cov_type="cluster", use_correction=False)
            "rate": f(per_arm.params[j]),
            "clusterVariance": f(cov[j, j]),
            # numpy: (σx²/μy² − 2μxσxy/μy³ + μx²σy²/μy⁴) with np.cov(x, y, ddof=1), times 1/n for Var(R)
            "deltaUnitVariance": f(delta),
            # numpy: var(run outcomes, ddof=1)/runs, the run-level (iid) variance that ignores units
            "runLevelVariance": f(np.var(outcome[np.repeat(sel, m)], ddof=1) / ya.sum()),
        }
    return {
        "name": name,
        "description": description,
        "a": arms["a"],
        "b": arms["b"],
        # statsmodels: OLS(outcome, [1, arm]).fit(cov_type="cluster", cov_kwds={"groups": unit, "use_correction": False})
        "difference": f(cr0.params[1]),
        "clusterVarianceCR0": f(cr0.cov_params()[1, 1]),
        # the same with use_correction=True: × G/(G − 1)·(N − 1)/(N − K)
        "clusterVarianceCorrected": f(cr1.cov_params()[1, 1]),
        "units": int(groups),
        "runs": int(nobs),
    }


def binary_case() -> dict:
    rng = np.random.default_rng(20260601)
    units = 300
    arm = (rng.random(units) < 0.35).astype(int)
    m = rng.geometric(0.12, units)
    effect = rng.normal(0.0, 1.0, units)  # unit random effect on the logit scale: ICC > 0
    p = special.expit(special.logit(0.7) + 0.15 * arm + effect)
    x = rng.binomial(m, p)
    runs = [np.r_[np.ones(k), np.zeros(r - k)] for r, k in zip(m, x)]
    return two_arm_case("binary", "300 units (35% arm a), runs ~ geometric(0.12), resolved ~ binomial with a N(0, 1) unit effect on the logit of 0.7",
                        arm, m, runs)


def continuous_case() -> dict:
    rng = np.random.default_rng(20260602)
    units = 300
    arm = (rng.random(units) < 0.5).astype(int)
    m = rng.geometric(0.08, units)
    level = np.exp(rng.normal(0.0, 0.6, units)) * np.where(arm == 1, 1.1, 1.0)  # unit mean cost
    runs = [rng.gamma(2.0, lvl / 2.0, r) for lvl, r in zip(level, m)]
    return two_arm_case("continuous", "300 units (50% arm a), runs ~ geometric(0.08), cost per run ~ gamma(2) around a lognormal(0, 0.6) unit level (×1.1 in a)",
                        arm, m, runs)


def stratified_case() -> dict:
    """A canary ramped 10% → 50%: units first seen in each state, split at that state's share,
    with a shared drift (the later units resolve less) and no effect of the arm. Pooling is
    biased against a; post-stratification by entry state is not."""
    rng = np.random.default_rng(20260603)
    spec = [(400, 0.1, 0.75), (250, 0.5, 0.6)]  # units, share of a, base rate
    arm_all, m_all, runs_all, stratum_all = [], [], [], []
    for s, (units, share, base) in enumerate(spec):
        arm = (rng.random(units) < share).astype(int)
        m = rng.geometric(0.15, units)
        p = special.expit(special.logit(base) + rng.normal(0.0, 0.8, units))
        x = rng.binomial(m, p)
        arm_all.append(arm)
        m_all.append(m)
        runs_all += [np.r_[np.ones(k), np.zeros(r - k)] for r, k in zip(m, x)]
        stratum_all.append(np.full(units, s))
    arm, m, stratum = np.concatenate(arm_all), np.concatenate(m_all), np.concatenate(stratum_all)
    outcome = np.concatenate(runs_all)
    unit = np.repeat(np.arange(len(m)), m)
    x = np.array([math.fsum(r) for r in runs_all])
    y = m.astype(float)
    run_arm, run_stratum = np.repeat(arm, m), np.repeat(stratum, m)

    # One dummy per (stratum, arm) cell: cell rates and their CR0 variances
    cells = [(s, a) for s in range(len(spec)) for a in (1, 0)]
    design = np.column_stack([((run_stratum == s) & (run_arm == a)).astype(float) for s, a in cells])
    fit = cluster_fit(outcome, design, unit, False)
    weights = np.array([np.sum(stratum == s) for s in range(len(spec))], dtype=float)
    w = weights / weights.sum()
    contrast = np.zeros(len(cells))
    for i, (s, a) in enumerate(cells):
        contrast[i] = w[s] * (1 if a == 1 else -1)
    estimate = contrast @ fit.params
    variance = contrast @ fit.cov_params() @ contrast

    strata = []
    for s in range(len(spec)):
        entry = {"weight": f(weights[s])}
        for label, a in (("a", 1), ("b", 0)):
            sel = (stratum == s) & (arm == a)
            j = cells.index((s, a))
            entry[label] = {"sums": ratio_sums(x[sel], y[sel]), "rate": f(fit.params[j]), "clusterVariance": f(fit.cov_params()[j, j])}
        strata.append(entry)

    pooled = cluster_fit(outcome, np.column_stack([np.ones(len(outcome)), run_arm.astype(float)]), unit, False)
    return {
        "name": "ramp",
        "description": "a 10% state (400 units) then a 50% state (250 units), base rates 0.75 then 0.6, N(0, 0.8) unit effect, no arm effect",
        "strata": strata,
        # statsmodels: cell-means OLS clustered by unit (CR0); Σ w_k (β_ka − β_kb) and c'Vc, w = units per state
        "stratifiedEstimate": f(estimate),
        "stratifiedClusterVarianceCR0": f(variance),
        # statsmodels: OLS(outcome, [1, arm]) over both states, clustered by unit (CR0)
        "pooledDifference": f(pooled.params[1]),
        "pooledClusterVarianceCR0": f(pooled.cov_params()[1, 1]),
        "units": int(len(m)),
    }


def log_bayes_factor(counts, shares, c) -> float:
    """Lindon & Malek (2022) Dirichlet–multinomial ln BF with scipy.special.gammaln."""
    counts = np.asarray(counts, dtype=float)
    p = np.asarray(shares, dtype=float)
    p = p / p.sum()
    n = counts.sum()
    return float(special.gammaln(c) - special.gammaln(c + n)
                 + np.sum(special.gammaln(c * p + counts) - special.gammaln(c * p))
                 - np.sum(special.xlogy(counts, p)))


def stratified_srm() -> list:
    specs = [
        ([([5520, 480], [90, 10]), ([500, 500], [50, 50])], 10000),
        ([([5520, 480], [90, 10]), ([560, 440], [50, 50])], 10000),
        ([([1830, 170], [90, 10]), ([310, 290], [50, 50]), ([20, 17, 9], [40, 40, 20])], 10000),
        ([([210, 1790], [0.1, 0.9]), ([530, 470], [0.5, 0.5])], 100),
    ]
    cases = []
    for strata, c in specs:
        logs = [log_bayes_factor(counts, shares, c) for counts, shares in strata]
        total = math.fsum(logs)
        cases.append({
            "strata": [{"counts": counts, "shares": shares} for counts, shares in strata],
            "concentration": c,
            "logBayesFactors": [f(v) for v in logs],
            "logBayesFactor": f(total),
            "pValue": f(min(1.0, math.exp(-total))),
        })
    return cases


def estimate_confidence_sequences(ramp: dict) -> list:
    """The boundary of Howard et al. (2021) / Waudby-Smith et al. (2021) for a given estimate, variance and n."""
    specs = [
        (ramp["stratifiedEstimate"], ramp["stratifiedClusterVarianceCR0"], ramp["units"], 0.05, 1000, 0.0),
        (-0.03, 0.0001, 5000, 0.05, 10000, 0.0),
        (0.012, 0.00004, 20000, 0.01, 50000, -0.02),
    ]
    cases = []
    for est, v, n, alpha, planned, theta0 in specs:
        rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / planned
        hw = math.sqrt(v) * math.sqrt(2 * (n * rho2 + 1) / (n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))
        z2 = (est - theta0) ** 2 / v
        p = min(1.0, math.sqrt(n * rho2 + 1) * math.exp(-z2 * n * rho2 / (2 * (n * rho2 + 1))))
        cases.append({"estimate": f(est), "variance": f(v), "n": n, "alpha": alpha, "plannedSampleSize": planned, "theta0": theta0,
                      "confidenceInterval": [f(est - hw), f(est + hw)], "pValue": f(p), "rho": f(math.sqrt(rho2))})
    return cases


def fl(xs) -> list:
    return [f(v) for v in xs]


def main():
    ramp = stratified_case()
    data = {
        "generatedBy": "scripts/reference/make_delta_method_vectors.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "ratioMoments": [binary_case(), continuous_case()],
        "stratifiedDifference": ramp,
        "stratifiedSrmTest": stratified_srm(),
        "estimateConfidenceSequence": estimate_confidence_sequences(ramp),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
