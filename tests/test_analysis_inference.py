"""Tests of dprk_upr.analysis.inference: the wild cluster bootstrap against the wildboottest
package and against a brute-force loop, its size under a true null, the jackknife against
explicit refits, the effective number of clusters against its definition."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from dprk_upr import analysis
from dprk_upr.analysis import core, inference, margins
from dprk_upr.analysis.core import Design

SPECS = analysis.load_specs()


def clustered_ols(seed=5, G=12, beta1=0.0):
    """Synthetic clustered regression data (NOT data about the world): unequal clusters, a
    cluster-level shock, one regressor of interest."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 15, size=G)
    groups = np.repeat(np.arange(G), sizes)
    n = len(groups)
    x = rng.normal(size=n) + rng.normal(size=G)[groups]
    X = np.column_stack([np.ones(n), x, rng.normal(size=n)])
    y = 0.5 + beta1 * x + 0.3 * X[:, 2] + rng.normal(size=G)[groups] + rng.normal(size=n)
    return X, y, groups


def test_linear_wcr_equals_wildboottest():
    """Same weights, same statistic: our closed form against the wildboottest package (WCR11)."""
    from wildboottest.wildboottest import WildboottestCL

    X, y, groups = clustered_ols()
    V = inference.weights(999, groups.max() + 1, seed=3, kind="webb")
    design = Design(y, X, ["c", "x", "z"], groups, "identity")
    tgt = inference.Target(lambda b: b[1], lambda b: np.array([0.0, 1.0, 0.0]), 0.0, "x")
    ours = inference._LinearWCR(design, tgt, V)
    t, t_boot = ours.statistics(0.0)
    boot = WildboottestCL(X=X, Y=y, cluster=groups, R=np.array([0.0, 1.0, 0.0]), B=999, seed=1)
    boot.get_scores(bootstrap_type="11", impose_null=True)
    boot.get_weights(weights_type="webb")
    boot.v, boot.B = np.ascontiguousarray(V.T), V.shape[0]
    boot.get_numer()
    boot.get_denom()
    boot.get_tboot()
    boot.get_vcov()
    boot.get_tstat()
    boot.get_pvalue(pval_type="two-tailed")
    assert t == pytest.approx(float(np.ravel(boot.t_stat)[0]), rel=1e-10)
    np.testing.assert_allclose(t_boot, boot.t_boot, rtol=1e-8)
    assert float(np.mean(np.abs(t_boot) > abs(t))) == pytest.approx(boot.pvalue)


def test_linear_wcr_at_another_null_equals_a_shifted_outcome():
    """Testing beta1 = c is testing beta1 = 0 after subtracting c * x from y."""
    X, y, groups = clustered_ols(beta1=0.4)
    V = inference.weights(499, groups.max() + 1, seed=4)
    design = Design(y, X, ["c", "x", "z"], groups, "identity")
    shifted = Design(y - 0.4 * X[:, 1], X, ["c", "x", "z"], groups, "identity")
    tgt = inference.Target(lambda b: b[1], lambda b: np.array([0.0, 1.0, 0.0]), 0.0, "x")
    a = inference._LinearWCR(design, tgt, V).statistics(0.4)
    b = inference._LinearWCR(shifted, tgt, V).statistics(0.0)
    assert a[0] == pytest.approx(b[0], rel=1e-9)
    np.testing.assert_allclose(a[1], b[1], rtol=1e-7)


def _logit_data(seed=8, G=40, effect=0.0):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=G)
    groups = np.repeat(np.arange(G), sizes)
    n = len(groups)
    x = rng.normal(size=G)[groups]  # a cluster-level regressor, like distance
    z = rng.integers(0, 2, size=n).astype(float)
    eta = -0.3 + effect * x + 0.8 * z + 0.5 * rng.normal(size=G)[groups]
    y = (rng.random(n) < expit(eta)).astype(float)
    return Design(y, np.column_stack([np.ones(n), z, x]), ["Intercept", "z", "x"], groups, "logit")


def test_score_bootstrap_matches_a_brute_force_loop():
    """The vectorised score bootstrap against an explicit loop over draws, each recomputing the
    restricted fit's cluster scores and the statistic from scratch."""
    design = _logit_data()
    V = inference.weights(199, design.G, seed=2)
    D = inference.Draws(V, V**2, np.ascontiguousarray(V.T), np.ascontiguousarray((V**2).T))
    e = np.array([0.0, 0.0, 1.0])
    tgt = inference.Target(lambda b: b[2], lambda b: e, 0.0, "x")
    t, t_boot, _ = inference._score_statistic(design, tgt, 0.0, D, np.zeros(3))
    # brute force: restricted fit by direct maximisation with x's coefficient fixed at 0
    from scipy import optimize

    X, y = design.X, design.y

    def negll(b):
        eta = X[:, :2] @ b
        return np.sum(np.logaddexp(0, eta) - y * eta)

    b = optimize.minimize(negll, np.zeros(2), method="BFGS", options={"gtol": 1e-10}).x
    beta = np.array([b[0], b[1], 0.0])
    p = expit(X @ beta)
    info = X.T @ ((p * (1 - p))[:, None] * X)
    sums = np.array([((y - p)[:, None] * X)[design.groups == g].sum(axis=0) for g in range(design.G)])
    a = sums @ np.linalg.solve(info, e)
    assert t == pytest.approx(a.sum() / np.sqrt((a**2).sum()), rel=1e-5)
    for draw in (0, 50, 198):
        v = V[draw]
        expected = (v @ a) / np.sqrt((v**2) @ (a**2))
        assert t_boot[draw] == pytest.approx(expected, rel=1e-5)


def test_score_bootstrap_has_about_the_right_size_under_the_null():
    """Over synthetic data sets with no effect, the 5% test rejects in roughly 5% of them (the
    range allows for 120 replications and few clusters)."""
    rejections = []
    for seed in range(120):
        design = _logit_data(seed=seed, G=30)
        X = design.X
        res = type("R", (), {})()
        fit = core.fit_design(design)
        res.design, res.params = design, pd.Series(fit.beta, index=design.names)
        res.problem = lambda term=None: ""
        res.cov = pd.DataFrame(core.cluster_cov(design, fit), index=design.names, columns=design.names)
        assert X.shape[1] == 3
        rejections.append(inference.wild_p(res, "x", n_draws=199, seed=seed) < 0.05)
    assert 0.0 <= np.mean(rejections) <= 0.12


def test_wild_interval_contains_the_estimate_and_inverts_the_test():
    data = _synthetic_model_data()
    res = analysis.fit(SPECS["wg_3"], data)
    q = margins.cross_partial(res, "ideal_point_distance", "sensitive")
    w = inference.wild_bootstrap(res, q, n_draws=999)
    assert w.ci_low < w.estimate < w.ci_high
    # at the ends the p-value is (about) the level
    assert inference.wild_p(res, q, w.ci_low, n_draws=999) == pytest.approx(0.05, abs=0.02)
    assert inference.wild_p(res, q, w.ci_high, n_draws=999) == pytest.approx(0.05, abs=0.02)
    assert inference.wild_p(res, q, w.estimate, n_draws=999) > 0.9


def test_jackknife_equals_explicit_refits():
    data = _synthetic_model_data()
    res = analysis.fit(SPECS["acc_2"], data)
    term = "ideal_point_distance"
    values = []
    for state in res.frame["iso3"].unique():
        values.append(analysis.fit(SPECS["acc_2"], data[data["iso3"] != state]).params[term])
    values = np.array(values)
    G = len(values)
    expected = np.sqrt((G - 1) / G * np.sum((values - res.params[term]) ** 2))
    assert inference.jackknife(res, term) == pytest.approx(expected, rel=1e-5)


def test_effective_clusters_of_equal_clusters_is_their_number():
    G, m = 20, 5
    groups = np.repeat(np.arange(G), m)
    x = np.tile(np.linspace(-1, 1, m), G)
    X = np.column_stack([np.ones(G * m), x])
    y = 0.1 * x + np.tile(np.array([0.3, -0.1, 0.2, -0.2, -0.2]), G)
    fit = core.fit_design(Design(y, X, ["c", "x"], groups, "identity"))
    res = type("R", (), {})()
    res.design = Design(y, X, ["c", "x"], groups, "identity")
    res.params = pd.Series(fit.beta, index=["c", "x"])
    assert inference.effective_clusters(res, "x", rho=0.0) == pytest.approx(G)
    # one dominant cluster lowers it
    X2 = X.copy()
    X2[groups == 0, 1] *= 20
    res.design = Design(y, X2, ["c", "x"], groups, "identity")
    res.params = pd.Series(core.fit_design(res.design).beta, index=["c", "x"])
    assert inference.effective_clusters(res, "x", rho=0.0) < G / 2


def _synthetic_model_data():
    from tests.test_models import synthetic

    return synthetic(seed=21, missing=0)
