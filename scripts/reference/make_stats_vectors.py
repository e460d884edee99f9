#!/usr/bin/env python3
"""Reference vectors for the `agentver/stats` unit tests.

Computes, with SciPy (and statsmodels where SciPy has no equivalent), the values that
test/stats/*.test.ts compare the TypeScript implementation against, and writes them to
test/stats/fixtures/reference.json together with the Python, NumPy, SciPy and statsmodels
versions used. Where SciPy follows a different convention from R, R's formula is evaluated
here with SciPy's distribution functions (prop.test's interval, power.prop.test,
power.t.test), so the vectors stand for R's results.

Deterministic: all random samples come from numpy.random.default_rng with fixed seeds.

Usage (from the repository root):
    python3 -m venv /tmp/statsvenv && /tmp/statsvenv/bin/pip install scipy numpy statsmodels
    # optional, to cross-check the SRM vectors against Optimizely's ssrm (not on PyPI):
    git clone https://github.com/optimizely/ssrm /tmp/ssrm && /tmp/statsvenv/bin/pip install toolz && /tmp/statsvenv/bin/pip install --no-deps /tmp/ssrm
    /tmp/statsvenv/bin/python scripts/reference/make_stats_vectors.py
"""

from __future__ import annotations

import json
import math
import platform
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize, special, stats
from scipy.stats import contingency

try:
    import statsmodels
    from statsmodels.stats.multitest import multipletests
except ImportError:  # pragma: no cover - statsmodels is optional
    statsmodels = None
    multipletests = None

OUT = Path(__file__).resolve().parents[2] / "test" / "stats" / "fixtures" / "reference.json"


def f(x) -> float | None:
    """Plain float for JSON; infinities as strings."""
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"  # type: ignore[return-value]
    return x


def fl(xs) -> list:
    return [f(x) for x in xs]


def brent(fun, lo, hi):
    return optimize.brentq(fun, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=1000)


# ---------------------------------------------------------------- distributions

def distributions():
    out = {}
    xs = [-37.5, -35.0, -30.0, -20.0, -10.0, -8.3, -5.0, -3.0, -1.96, -1.0, -0.5, -0.1, 0.0, 0.3, 0.66, 1.0, 2.5, 5.5, 8.0]
    out["normalCdf"] = [{"x": x, "value": f(stats.norm.cdf(x))} for x in xs]
    ps = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.075, 0.3, 0.5, 0.7, 0.925, 0.975, 0.999, 0.999999]
    out["normalQuantile"] = [{"p": p, "value": f(stats.norm.ppf(p))} for p in ps]

    t_cases = []
    for df in [1, 1.5, 2, 3, 4.5, 10, 30, 100, 1e3, 1e5, 1e6, 1e8, 1e10]:
        for x in [-1e10, -1e6, -1e3, -100, -40, -20, -8, -3, -1, -0.2, 0.5, 2.0, 6.0]:
            v = stats.t.cdf(x, df)
            if v == 0:
                continue
            t_cases.append({"x": x, "df": df, "value": f(v)})
    out["tCdf"] = t_cases

    tq = []
    for df in [1, 1.5, 2, 3, 4.5, 7, 10, 30, 100, 1e4, 1e7]:
        for p in [1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999]:
            v = stats.t.ppf(p, df)
            # keep only quantiles that SciPy itself round-trips (its far-tail ppf fails for small df)
            if not math.isfinite(v) or abs(stats.t.cdf(v, df) / p - 1) > 1e-11:
                continue
            tq.append({"p": p, "df": df, "value": f(v)})
    out["tQuantile"] = tq

    chi = []
    for df in [1, 2, 3, 5.5, 10, 50, 200, 1000, 10000]:
        for x in [1e-5, 0.1, 1.0, 3.84, 10.0, 50.0, 200.0, 1100.0, 10500.0, 12000.0]:
            chi.append({"x": x, "df": df, "cdf": f(stats.chi2.cdf(x, df)), "sf": f(stats.chi2.sf(x, df))})
    out["chiSquared"] = chi

    beta = []
    for a, b in [(0.5, 0.5), (1, 1), (2, 3), (0.5, 5), (5, 0.5), (10, 20), (100, 0.5), (0.5, 100), (50, 60), (1e4, 0.5), (0.5, 1e5), (300, 2), (1e6, 0.5)]:
        for x in [1e-12, 1e-4, 0.01, 0.2, 0.5, 0.8, 0.99, 0.9999, 0.9999999]:
            v = special.betainc(a, b, x)
            if v == 0:
                continue
            beta.append({"x": x, "a": a, "b": b, "value": f(v)})
    out["regularizedIncompleteBeta"] = beta

    out["logGamma"] = [{"x": x, "value": f(special.gammaln(x))} for x in [1e-8, 0.1, 0.5, 0.9, 1.5, 2.5, 3.7, 9.99, 10.0, 25.5, 171.3, 1e4, 1e8, 1e15]]

    nct = []
    for t, df, ncp in [(2.024394164, 38, 3.16227766), (1.5, 10, 0.5), (-1.0, 5, 1.0), (3.0, 20, -2.0), (0.0, 12, 1.5), (2.0, 3.5, 4.0),
                       (1.65, 100, 2.5), (-2.5, 8, -3.0), (5.0, 40, 10.0), (20.0, 200, 25.0), (1.96, 1000, 0.1), (2.0, 2e5, 30.0)]:
        nct.append({"t": t, "df": df, "ncp": ncp, "value": f(stats.nct.cdf(t, df, ncp))})
    out["noncentralTCdf"] = nct
    return out


# ---------------------------------------------------------------- t-tests

def t_tests():
    rng = np.random.default_rng(20240601)
    cases = []
    specs = [
        (12, 15, 0.0, 1.0, 0.3, 2.0),
        (30, 30, 5.0, 2.0, 5.0, 2.5),
        (5, 40, 100.0, 10.0, 90.0, 1.0),
        (200, 150, 0.0, 1.0, 0.25, 1.0),
        (8, 9, -3.0, 0.5, -2.0, 3.0),
    ]
    for i, (na, nb, ma, sa, mb, sb) in enumerate(specs):
        a = rng.normal(ma, sa, na)
        b = rng.normal(mb, sb, nb)
        for alternative in ["two-sided", "less", "greater"]:
            for equal_var in [False, True]:
                for mu, conf in [(0.0, 0.95), (0.7, 0.9)]:
                    res = stats.ttest_ind(a - mu, b, equal_var=equal_var, alternative=alternative)
                    ci = res.confidence_interval(confidence_level=conf)
                    cases.append({
                        "name": f"case{i}-{alternative}-{'student' if equal_var else 'welch'}-mu{mu}",
                        "a": fl(a), "b": fl(b), "equalVariance": equal_var, "alternative": alternative,
                        "mu": mu, "confidence": conf,
                        "statistic": f(res.statistic), "df": f(res.df), "pValue": f(res.pvalue),
                        "confidenceInterval": [f(ci.low + mu), f(ci.high + mu)],
                        "estimate": f(a.mean() - b.mean()),
                    })
    # A tiny p-value: far-tail accuracy of the whole chain
    a = rng.normal(0, 1, 40)
    b = rng.normal(3, 1, 40)
    for equal_var in [False, True]:
        res = stats.ttest_ind(a, b, equal_var=equal_var)
        ci = res.confidence_interval(0.95)
        cases.append({
            "name": f"far-tail-{'student' if equal_var else 'welch'}", "a": fl(a), "b": fl(b),
            "equalVariance": equal_var, "alternative": "two-sided", "mu": 0.0, "confidence": 0.95,
            "statistic": f(res.statistic), "df": f(res.df), "pValue": f(res.pvalue),
            "confidenceInterval": [f(ci.low), f(ci.high)], "estimate": f(a.mean() - b.mean()),
        })
    return cases


# ---------------------------------------------------------------- prop.test (R's formulas)

def r_prop_test(x, n, correct=True, alternative="two-sided", conf=0.95, p=None):
    x = np.asarray(x, float)
    n = np.asarray(n, float)
    k = len(x)
    est = x / n
    yates = 0.5 if (correct and k <= 2) else 0.0
    z = stats.norm.ppf((1 + conf) / 2 if alternative == "two-sided" else conf)
    ci = None
    delta = None
    if k == 1:
        p0 = 0.5 if p is None else p
        yates = min(yates, abs(x[0] - n[0] * p0))
        z22n = z * z / (2 * n[0])
        pc = est[0] + yates / n[0]
        pu = 1.0 if pc >= 1 else (pc + z22n + z * math.sqrt(pc * (1 - pc) / n[0] + z22n / (2 * n[0]))) / (1 + 2 * z22n)
        pc = est[0] - yates / n[0]
        pl = 0.0 if pc <= 0 else (pc + z22n - z * math.sqrt(pc * (1 - pc) / n[0] + z22n / (2 * n[0]))) / (1 + 2 * z22n)
        ci = {"two-sided": [max(pl, 0), min(pu, 1)], "less": [0.0, min(pu, 1)], "greater": [max(pl, 0), 1.0]}[alternative]
        stat = float(np.sum((np.abs(np.array([x[0], n[0] - x[0]]) - np.array([n[0] * p0, n[0] * (1 - p0)])) - yates) ** 2
                            / np.array([n[0] * p0, n[0] * (1 - p0)])))
        df = 1
        sign_src = est[0] - p0
    else:
        if k == 2:
            delta = est[0] - est[1]
            yates = min(yates, abs(delta) / np.sum(1 / n))
            width = z * math.sqrt(np.sum(est * (1 - est) / n)) + yates * np.sum(1 / n)
            ci = {"two-sided": [max(delta - width, -1), min(delta + width, 1)], "less": [-1.0, min(delta + width, 1)],
                  "greater": [max(delta - width, -1), 1.0]}[alternative]
        # X-squared from SciPy's chi2_contingency on the 2 x k table (Yates only when df = 1, as R for k = 2)
        table = np.vstack([x, n - x])
        chi = stats.chi2_contingency(table, correction=(correct and k == 2))
        stat = float(chi.statistic)
        df = k - 1
        sign_src = delta
    if alternative == "two-sided":
        pval = stats.chi2.sf(stat, df)
    else:
        zz = math.copysign(math.sqrt(stat), sign_src) if sign_src != 0 else 0.0
        pval = stats.norm.cdf(zz) if alternative == "less" else stats.norm.sf(zz)
    return {"statistic": f(stat), "df": df, "pValue": f(pval), "estimate": fl(est),
            "confidenceInterval": None if ci is None else fl(ci)}


def proportions():
    cases = []
    specs = [
        ([83, 90, 129, 70], [86, 93, 136, 82]),
        ([120, 150], [1000, 1000]),
        ([15, 25], [50, 50]),
        ([3, 9], [40, 35]),
        ([412, 380, 455], [5000, 5000, 5100]),
        ([0, 5], [30, 30]),
        ([1234], [2000]),
        ([7], [10]),
    ]
    for x, n in specs:
        k = len(x)
        for correct in [True, False]:
            for alternative in (["two-sided"] if k > 2 else ["two-sided", "less", "greater"]):
                for conf in [0.95, 0.8]:
                    for p in ([None] if k > 1 else [None, 0.6]):
                        ref = r_prop_test(x, n, correct, alternative, conf, p)
                        cases.append({"successes": x, "trials": n, "correct": correct, "alternative": alternative,
                                      "confidence": conf, "p": p, **ref})
    return cases


# ---------------------------------------------------------------- Mann-Whitney

def mann_whitney():
    rng = np.random.default_rng(7)
    cases = []
    specs = [(5, 7, "exact"), (10, 10, "exact"), (20, 15, "exact"), (49, 49, "exact"), (3, 30, "exact"), (60, 45, "asymptotic"), (12, 14, "asymptotic")]
    for m, n, method in specs:
        x = np.round(rng.normal(0.3, 1, m), 6)
        y = np.round(rng.normal(0, 1, n), 6)
        for alternative in ["two-sided", "less", "greater"]:
            for correct in ([True] if method == "exact" else [True, False]):
                res = stats.mannwhitneyu(x, y, alternative=alternative, method=method, use_continuity=correct)
                cases.append({"x": fl(x), "y": fl(y), "alternative": alternative, "exact": method == "exact",
                              "correct": correct, "statistic": f(res.statistic), "pValue": f(res.pvalue)})
    # ties: normal approximation with tie correction
    x = rng.integers(0, 6, 25).astype(float)
    y = rng.integers(1, 7, 30).astype(float)
    for alternative in ["two-sided", "less", "greater"]:
        for correct in [True, False]:
            res = stats.mannwhitneyu(x, y, alternative=alternative, method="asymptotic", use_continuity=correct)
            cases.append({"x": fl(x), "y": fl(y), "alternative": alternative, "exact": False, "correct": correct,
                          "statistic": f(res.statistic), "pValue": f(res.pvalue)})
    # far tail exact
    x = np.arange(30, 60, dtype=float) + 0.5
    y = np.arange(0, 30, dtype=float)
    res = stats.mannwhitneyu(x, y, alternative="greater", method="exact")
    cases.append({"x": fl(x), "y": fl(y), "alternative": "greater", "exact": True, "correct": True,
                  "statistic": f(res.statistic), "pValue": f(res.pvalue)})
    return cases


# ---------------------------------------------------------------- chi-squared, Fisher

def chi_squared():
    tables = [
        [[762, 327, 468], [484, 239, 477]],
        [[12, 5], [7, 15]],
        [[100, 110], [95, 120]],
        [[3, 2], [2, 3]],
        [[20, 30, 25, 10], [15, 35, 20, 30], [10, 10, 40, 20]],
        [[1000, 50], [980, 75]],
    ]
    cases = []
    for t in tables:
        for correct in [True, False]:
            res = stats.chi2_contingency(np.array(t, float), correction=correct)
            cases.append({"table": t, "correct": correct, "statistic": f(res.statistic), "df": int(res.dof),
                          "pValue": f(res.pvalue), "expected": [fl(r) for r in res.expected_freq]})
    gof = []
    for obs, exp in [([5000, 5200], None), ([5000, 5200], [1, 1]), ([330, 310, 360], [0.3, 0.3, 0.4]),
                     ([48, 52, 61, 39], [25, 25, 25, 25]), ([9000, 10000], [0.45, 0.55]), ([10, 40], [1, 3])]:
        o = np.array(obs, float)
        if exp is None:
            e = np.full(len(o), o.sum() / len(o))
        else:
            e = np.array(exp, float) / np.sum(exp) * o.sum()
        res = stats.chisquare(o, e)
        gof.append({"observed": obs, "expected": exp, "statistic": f(res.statistic), "df": len(obs) - 1,
                    "pValue": f(res.pvalue), "expectedCounts": fl(e)})
    return cases, gof


def fisher():
    tables = [[[3, 1], [1, 3]], [[2, 15], [10, 3]], [[10, 12], [15, 9]], [[0, 5], [6, 4]], [[7, 0], [2, 9]],
              [[1, 30], [12, 25]], [[50, 950], [80, 920]], [[4, 4], [4, 4]], [[1, 0], [0, 1]], [[25, 3], [2, 30]]]
    cases = []
    for t in tables:
        arr = np.array(t)
        cond = contingency.odds_ratio(arr, kind="conditional").statistic
        for alternative in ["two-sided", "less", "greater"]:
            res = stats.fisher_exact(arr, alternative=alternative)
            cases.append({"table": t, "alternative": alternative, "pValue": f(res.pvalue), "oddsRatio": f(cond)})
    return cases


# ---------------------------------------------------------------- p.adjust

def p_adjust():
    rng = np.random.default_rng(11)
    sets = [
        [0.01, 0.02, 0.03, 0.04, 0.05],
        [0.2, 0.001, 0.04, 0.04, 0.5, 0.013, 0.9],
        list(np.round(rng.uniform(0, 0.2, 12), 5)),
        [0.5],
        [0.001, 0.001, 0.3, 0.3, 0.3],
    ]
    cases = []
    for p in sets:
        arr = np.array(p, float)
        out = {"p": fl(arr)}
        n = len(arr)
        out["bonferroni"] = fl(np.minimum(1, n * arr))
        out["BH"] = fl(stats.false_discovery_control(arr, method="bh"))
        if multipletests is not None:
            out["holm"] = fl(multipletests(arr, method="holm")[1])
            out["hochberg"] = fl(multipletests(arr, method="simes-hochberg")[1])
        cases.append(out)
    return cases


# ---------------------------------------------------------------- power (R's formulas)

def r_power_prop(n=None, p1=None, p2=None, alpha=0.05, power=None, alternative="two-sided", strict=False):
    tside = 2 if alternative == "two-sided" else 1

    def body(n, p1, p2, sig):
        qu = stats.norm.isf(sig / tside)
        d = abs(p1 - p2)
        sd0 = math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))
        sd1 = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
        v = stats.norm.cdf((math.sqrt(n) * d - qu * sd0) / sd1)
        if strict and tside == 2:
            v += stats.norm.sf((math.sqrt(n) * d + qu * sd0) / sd1)
        return v

    if power is None:
        power = body(n, p1, p2, alpha)
    elif n is None:
        n = brent(lambda v: body(v, p1, p2, alpha) - power, 2, 1e7)
    elif p2 is None:
        p2 = brent(lambda v: body(n, p1, v, alpha) - power, p1, 1)
    elif alpha is None:
        alpha = brent(lambda v: body(n, p1, p2, v) - power, 1e-10, 1 - 1e-10)
    return {"n": f(n), "p1": p1, "p2": f(p2), "power": f(power), "alpha": f(alpha), "alternative": alternative, "strict": strict}


def r_power_t(n=None, delta=None, sd=1.0, alpha=0.05, power=None, alternative="two-sided", kind="two-sample", strict=False):
    tsample = 2 if kind == "two-sample" else 1
    tside = 2 if alternative == "two-sided" else 1
    if tside == 2 and delta is not None:
        delta = abs(delta)

    def body(n, delta, sd, sig):
        nu = (n - 1) * tsample
        qu = stats.t.isf(sig / tside, nu)
        ncp = math.sqrt(n / tsample) * delta / sd
        v = stats.nct.sf(qu, nu, ncp)
        if strict and tside == 2:
            v += stats.nct.cdf(-qu, nu, ncp)
        return v

    if power is None:
        power = body(n, delta, sd, alpha)
    elif n is None:
        n = brent(lambda v: body(v, delta, sd, alpha) - power, 2, 1e7)
    elif sd is None:
        sd = brent(lambda v: body(n, delta, v, alpha) - power, delta * 1e-7, delta * 1e7)
    elif delta is None:
        delta = brent(lambda v: body(n, v, sd, alpha) - power, sd * 1e-7, sd * 1e7)
    elif alpha is None:
        alpha = brent(lambda v: body(n, delta, sd, v) - power, 1e-10, 1 - 1e-10)
    return {"n": f(n), "delta": f(delta), "sd": f(sd), "power": f(power), "alpha": f(alpha), "alternative": alternative,
            "type": kind, "strict": strict}


def power():
    prop = []
    for kw in [
        dict(n=50, p1=0.5, p2=0.75), dict(p1=0.5, p2=0.75, power=0.9), dict(n=50, p1=0.5, power=0.9),
        dict(n=50, p1=0.5, p2=0.75, alpha=None, power=0.9), dict(n=1000, p1=0.1, p2=0.12),
        dict(p1=0.1, p2=0.11, power=0.8), dict(p1=0.1, p2=0.11, power=0.8, alternative="one-sided"),
        dict(n=200, p1=0.3, p2=0.4, strict=True), dict(n=20, p1=0.3, p2=0.4, strict=True, alpha=0.2),
        dict(p1=0.02, p2=0.025, power=0.95, alpha=0.01),
    ]:
        args = {"alpha": 0.05, **kw}
        given = {k: v for k, v in kw.items()}
        prop.append({"input": given, "expected": r_power_prop(**args)})
    tt = []
    for kw in [
        dict(n=20, delta=1), dict(power=0.9, delta=1), dict(power=0.9, delta=1, alternative="one-sided"),
        dict(n=20, power=0.9, sd=None, delta=1.3), dict(n=20, power=0.9), dict(n=20, delta=1, power=0.9, alpha=None),
        dict(n=15, delta=0.5, kind="paired"), dict(n=15, delta=0.5, kind="one-sample", alternative="one-sided"),
        dict(n=5, delta=1.5, sd=2, strict=True), dict(delta=0.05, sd=1, power=0.8), dict(n=3000, delta=0.1, sd=1),
        dict(n=8, delta=2, sd=1, strict=True, alpha=0.2),
    ]:
        given = dict(kw)
        args = {"alpha": 0.05, "sd": 1.0, **kw}
        tt.append({"input": given, "expected": r_power_t(**args)})
    return prop, tt


# ---------------------------------------------------------------- mSPRT (closed form)

def difference_variance(a, b):
    """Variance of mean(a) - mean(b) for the always-valid tests: max(Welch, pooled)."""
    unpooled = a["variance"] / a["n"] + b["variance"] / b["n"]
    pooled = ((a["n"] - 1) * a["variance"] + (b["n"] - 1) * b["variance"]) / (a["n"] + b["n"] - 2) * (1 / a["n"] + 1 / b["n"])
    return max(unpooled, pooled)


def msprt():
    cases = []
    specs = [
        ({"n": 1000, "mean": 0.1, "variance": 1.0}, {"n": 1000, "mean": 0.0, "variance": 1.0}, 0.1, 0.05),
        ({"n": 500, "mean": 10.3, "variance": 4.0}, {"n": 520, "mean": 10.0, "variance": 3.5}, 0.2, 0.05),
        ({"n": 20000, "mean": 0.052, "variance": 0.052 * 0.948}, {"n": 20000, "mean": 0.048, "variance": 0.048 * 0.952}, 0.01, 0.1),
        ({"n": 50, "mean": 1.0, "variance": 1.0}, {"n": 60, "mean": 1.0, "variance": 2.0}, 0.5, 0.05),
    ]
    for a, b, tau, alpha in specs:
        s2 = difference_variance(a, b)
        est = a["mean"] - b["mean"]
        lam = math.sqrt(s2 / (s2 + tau**2)) * math.exp(tau**2 * est**2 / (2 * s2 * (s2 + tau**2)))
        hw = math.sqrt(s2 * (s2 + tau**2) / tau**2 * (2 * math.log(1 / alpha) + math.log((s2 + tau**2) / s2)))
        cases.append({"a": a, "b": b, "tau": tau, "alpha": alpha, "statistic": lam, "pValue": min(1.0, 1 / lam),
                      "confidenceInterval": [est - hw, est + hw], "estimate": est})
    return cases


# ---------------------------------------------------------------- guarded rollouts

def srm():
    """Lindon & Malek (2022) Dirichlet-multinomial SRM p-values from the closed form with
    scipy.special.gammaln, cross-checked against Optimizely's ssrm (ssrm_test.sequential_p_values)
    when it is importable (it is not on PyPI: pip install it from github.com/optimizely/ssrm)."""
    try:
        np.Inf = np.inf  # ssrm 0.1.5 still spells numpy 1's np.Inf
        from ssrm_test import ssrm_test as ssrm
    except ImportError:  # pragma: no cover
        ssrm = None
    specs = [
        ([[200, 1800]], [0.1, 0.9], 10000),
        ([[160, 1840], [165, 1835], [158, 1842]], [0.1, 0.9], 10000),
        ([[210, 1790], [190, 1810], [205, 1795], [198, 1802]], [0.1, 0.9], 10000),
        ([[20, 17, 9], [18, 21, 8], [4, 6, 4], [18, 19, 11]], [0.4, 0.4, 0.2], 10000),
        ([[480, 520], [530, 470], [560, 440]], [0.5, 0.5], 100),
        ([[0, 5], [3, 2]], [0.25, 0.75], 10),
        ([[12, 1188], [15, 1185]], [0.01, 0.99], 10000),
    ]
    cases = []
    for daily, shares, c in specs:
        p = np.array(shares, dtype=float)
        alpha = c * p
        counts = np.zeros(len(p))
        looks = []
        running = 1.0
        for day in daily:
            counts = counts + np.array(day)
            n = counts.sum()
            log_bf = (special.gammaln(c) - special.gammaln(c + n)
                      + np.sum(special.gammaln(alpha + counts) - special.gammaln(alpha))
                      - np.sum(special.xlogy(counts, p)))
            running = min(running, 1.0, math.exp(-log_bf))
            looks.append({"counts": [int(x) for x in counts], "logBayesFactor": f(log_bf), "pValue": f(running)})
        if ssrm is not None:
            theirs = ssrm.sequential_p_values(np.array(daily), p, dirichlet_concentration=c)
            for look, q in zip(looks, theirs):
                assert abs(float(q) - look["pValue"]) <= 1e-9 * max(look["pValue"], 1e-300), (q, look)
        cases.append({"shares": shares, "concentration": c, "looks": looks, "checkedWithSsrm": ssrm is not None})
    return cases


def confidence_sequences():
    """Asymptotic confidence sequence (Howard et al. 2021; Waudby-Smith et al. 2021, Thm 2.2)
    for mean(a) - mean(b), rho^2 = (-2 ln a + ln(-2 ln a + 1)) / N*."""
    specs = [
        ({"n": 2000, "successes": 1280}, {"n": 18000, "successes": 12600}, 0.05, 20000, 0.0),
        ({"n": 200, "successes": 139}, {"n": 2000, "successes": 1400}, 0.05, 10000, 0.0),
        ({"n": 500, "mean": 10.3, "variance": 4.0}, {"n": 520, "mean": 10.0, "variance": 3.5}, 0.05, 10000, 0.0),
        ({"n": 50, "mean": 1.0, "variance": 1.0}, {"n": 60, "mean": 1.0, "variance": 2.0}, 0.1, 500, 0.0),
        ({"n": 3000, "mean": 0.031, "variance": 0.0004}, {"n": 30000, "mean": 0.030, "variance": 0.0009}, 0.05, 50000, 0.003),
        ({"n": 40, "mean": 5.0, "variance": 30.0}, {"n": 400, "mean": 3.0, "variance": 9.0}, 0.01, 1000, 0.0),
    ]
    cases = []
    for a, b, alpha, planned, theta0 in specs:
        ma = {"n": a["n"], "mean": a["successes"] / a["n"], "variance": a["successes"] / a["n"] * (1 - a["successes"] / a["n"])} if "successes" in a else a
        mb = {"n": b["n"], "mean": b["successes"] / b["n"], "variance": b["successes"] / b["n"] * (1 - b["successes"] / b["n"])} if "successes" in b else b
        v = difference_variance(ma, mb)
        rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / planned
        n = a["n"] + b["n"]
        est = ma["mean"] - mb["mean"]
        hw = math.sqrt(v) * math.sqrt(2 * (n * rho2 + 1) / (n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))
        z2 = (est - theta0) ** 2 / v
        p = min(1.0, math.sqrt(n * rho2 + 1) * math.exp(-z2 * n * rho2 / (2 * (n * rho2 + 1))))
        cases.append({"a": a, "b": b, "alpha": alpha, "plannedSampleSize": planned, "theta0": theta0,
                      "estimate": f(est), "standardError": f(math.sqrt(v)), "rho": f(math.sqrt(rho2)),
                      "confidenceInterval": [f(est - hw), f(est + hw)], "pValue": f(p)})
    return cases


def wilson():
    """statsmodels proportion_confint(method="wilson"); R's prop.test(correct=FALSE)$conf.int is the same."""
    from statsmodels.stats.proportion import proportion_confint
    cases = []
    for s, n, conf in [(7, 20, 0.95), (0, 10, 0.95), (10, 10, 0.95), (1, 1, 0.9), (640, 1000, 0.95), (3, 2000, 0.99), (57, 59, 0.8)]:
        lo, hi = proportion_confint(s, n, alpha=1 - conf, method="wilson")
        cases.append({"successes": s, "trials": n, "confidence": conf, "interval": [f(lo), f(hi)]})
    return cases


def variance_from_sums():
    """numpy.var(x, ddof=1) of samples, given to the TypeScript as n, sum(x), sum(x**2)."""
    rng = np.random.default_rng(20260512)
    samples = [
        [2, 4, 4, 4, 5, 5, 7, 9],
        list(rng.lognormal(0, 1.5, 500)),
        list(rng.normal(1000, 1, 1000)),
        list(rng.binomial(1, 0.3, 200).astype(float)),
        [0.25, 0.25],
    ]
    cases = []
    for x in samples:
        x = np.array(x, dtype=float)
        cases.append({"n": len(x), "sum": f(math.fsum(x)), "sumSquares": f(math.fsum(x * x)), "variance": f(np.var(x, ddof=1))})
    return cases


def main():
    chi, gof = chi_squared()
    prop, tt = power()
    data = {
        "generatedBy": "scripts/reference/make_stats_vectors.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": None if statsmodels is None else statsmodels.__version__,
        },
        "distributions": distributions(),
        "tTests": t_tests(),
        "proportionsTest": proportions(),
        "mannWhitneyU": mann_whitney(),
        "chiSquaredTest": chi,
        "chiSquaredGoodnessOfFit": gof,
        "fisherExactTest": fisher(),
        "adjustPValues": p_adjust(),
        "powerProportions": prop,
        "powerTTest": tt,
        "sequentialTest": msprt(),
        "srmTest": srm(),
        "confidenceSequence": confidence_sequences(),
        "wilsonInterval": wilson(),
        "varianceFromSums": variance_from_sums(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
