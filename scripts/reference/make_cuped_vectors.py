#!/usr/bin/env python3
"""Reference vectors for `cupedMoments` (CUPED on a ratio metric) of `agentver/stats`.

Writes test/stats/fixtures/cuped.json, read by test/stats/cuped.test.ts.

Independent of the sums formulas in src/stats/cuped-moments.ts: each data set is made unit by
unit, and the reference is computed from the units themselves.
- One value a unit (y = v = 1): CUPED with a pooled within-arm slope is OLS `outcome ~ arm +
  history` (statsmodels): the arm coefficient is the adjusted difference and the slope is θ.
- Ratios (x, y over a unit's runs; u, v over its runs before): each unit's linearized value
  l = (x − R·y)/ȳ and history m = (u − P·v)/v̄ in its arm, θ = the slope of OLS `l ~ arm + m`
  (statsmodels), the adjusted difference (R_a − R_b) − θ·(P_a − P_b), and each arm's variance
  of l − θ·m with ddof 2 (numpy; θ is fitted, one degree of freedom).
Units without history have u = v = 0 (m = 0).

Deterministic: numpy.random.default_rng with fixed seeds.

Usage (from the repository root):
    python3 -m venv /tmp/statsvenv && /tmp/statsvenv/bin/pip install scipy numpy statsmodels
    /tmp/statsvenv/bin/python scripts/reference/make_cuped_vectors.py
"""

from __future__ import annotations

import json
import math
import platform
from pathlib import Path

import numpy as np
import statsmodels
import statsmodels.api as sm

OUT = Path(__file__).resolve().parents[2] / "test" / "stats" / "fixtures" / "cuped.json"


def f(x) -> float:
    x = float(x)
    assert math.isfinite(x), x
    return x


def sums(x, y, u, v) -> dict:
    s = lambda a: f(math.fsum(a))  # noqa: E731
    return {
        "n": int(len(x)),
        "sumNum": s(x), "sumDen": s(y), "sumNumSquares": s(x * x), "sumDenSquares": s(y * y), "sumNumDen": s(x * y),
        "sumPreNum": s(u), "sumPreDen": s(v), "sumPreNumSquares": s(u * u), "sumPreDenSquares": s(v * v),
        "sumPreNumPreDen": s(u * v), "sumNumPreNum": s(x * u), "sumNumPreDen": s(x * v),
        "sumDenPreNum": s(y * u), "sumDenPreDen": s(y * v),
    }


def linearize(x, y, u, v):
    r = x.sum() / y.sum()
    l = (x - r * y) / y.mean()
    if v.sum() > 0:
        p = u.sum() / v.sum()
        m = (u - p * v) / v.mean()
    else:
        p, m = 0.0, np.zeros_like(u)
    return r, p, l, m


def case_ratio(name, arms):
    """arms: [(x, y, u, v) of a, of b]."""
    (xa, ya, ua, va), (xb, yb, ub, vb) = arms
    ra, pa, la, ma = linearize(xa, ya, ua, va)
    rb, pb, lb, mb = linearize(xb, yb, ub, vb)
    arm = np.concatenate([np.ones(len(la)), np.zeros(len(lb))])
    design = sm.add_constant(np.column_stack([arm, np.concatenate([ma, mb])]))
    theta = sm.OLS(np.concatenate([la, lb]), design).fit().params[2]
    pooled = (ua.sum() + ub.sum()) / (va.sum() + vb.sum())
    return {
        "name": name,
        "a": sums(xa, ya, ua, va),
        "b": sums(xb, yb, ub, vb),
        "theta": f(theta),
        "aMean": f(ra - theta * (pa - pooled)),
        "bMean": f(rb - theta * (pb - pooled)),
        "difference": f((ra - rb) - theta * (pa - pb)),
        "aVariance": f(np.var(la - theta * ma, ddof=2)),
        "bVariance": f(np.var(lb - theta * mb, ddof=2)),
        "aUnadjustedVariance": f(np.var(la, ddof=1)),
        "bUnadjustedVariance": f(np.var(lb, ddof=1)),
    }


def case_ols(name, seed, n_a, n_b, rho, effect):
    """One value a unit: the adjusted difference and θ are OLS `outcome ~ arm + history`'s."""
    rng = np.random.default_rng(seed)
    n = n_a + n_b
    h = rng.normal(10, 3, n)
    y = 5 + rho * (h - 10) + rng.normal(0, 3 * math.sqrt(1 - rho * rho), n)
    arm = np.concatenate([np.ones(n_a), np.zeros(n_b)])
    y = y + effect * arm
    fit = sm.OLS(y, sm.add_constant(np.column_stack([arm, h]))).fit()
    ones = np.ones(n)
    out = case_ratio(name, [(y[:n_a], ones[:n_a], h[:n_a], ones[:n_a]), (y[n_a:], ones[n_a:], h[n_a:], ones[n_a:])])
    out["olsArmCoefficient"] = f(fit.params[1])
    out["olsSlope"] = f(fit.params[2])
    return out


def clustered(rng, n, p_mean, icc, runs_mean, history_share, effect):
    """Units of many runs: a unit's own rate (Beta, ICC) drives its runs before and in the canary."""
    total = 1 / icc - 1
    rate = rng.beta(p_mean * total, (1 - p_mean) * total, n)
    y = rng.geometric(1 / runs_mean, n).astype(float)
    x = rng.binomial(y.astype(int), np.clip(rate + effect, 0, 1)).astype(float)
    has = rng.random(n) < history_share
    v = np.where(has, rng.geometric(1 / runs_mean, n), 0).astype(float)
    u = rng.binomial(v.astype(int), rate).astype(float)
    return x, y, u, v


def main() -> None:
    rng = np.random.default_rng(20261208)
    cases = [
        case_ols("one value a unit, rho 0.7, equal arms", 1, 400, 400, 0.7, 0.0),
        case_ols("one value a unit, rho 0.5, unequal arms, effect 1", 2, 90, 810, 0.5, 1.0),
        case_ratio("runs per unit, ICC 0.3, every unit with history", [
            clustered(rng, 300, 0.7, 0.3, 6, 1.0, -0.05), clustered(rng, 2700, 0.7, 0.3, 6, 1.0, 0.0)]),
        case_ratio("runs per unit, ICC 0.2, 80% with history", [
            clustered(rng, 500, 0.6, 0.2, 4, 0.8, 0.0), clustered(rng, 500, 0.6, 0.2, 4, 0.8, 0.0)]),
    ]
    OUT.write_text(json.dumps({
        "generator": "scripts/reference/make_cuped_vectors.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "statsmodels": statsmodels.__version__},
        "cases": cases,
    }, indent=1) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases)")


main()
