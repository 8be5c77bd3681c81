"""Tests of the specification curve: the batched fits against one-at-a-time fits, the points
against the chapter's own marginal effects, and the multiplicity-aware summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dprk_upr import analysis
from dprk_upr.analysis import core, curve, margins
from tests.test_models import synthetic


@pytest.fixture(scope="module")
def data():
    d = synthetic(seed=31, missing=4)
    recs = pd.DataFrame({"rec_id": d["rec_id"], "sens_death_penalty": (np.arange(len(d)) % 17 == 0).astype(int)})
    return curve.curve_data(d, recs)


def test_batched_fits_equal_single_fits(data):
    rng = np.random.default_rng(0)
    n, S, k = 200, 4, 4
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 3))])
    y = (rng.random(n) < 0.4).astype(float)
    groups = rng.integers(0, 25, size=n)
    mask = np.ones((S, n))
    mask[1, :30] = 0
    Xs = np.repeat(X[None], S, axis=0)
    real = np.ones((S, k), bool)
    real[2, 3] = False
    Xs[2, :, 3] = 0.0
    for link, firth in (("logit", False), ("logit", True), ("identity", False)):
        beta, *_ = core.batch_fit(core.Batch(Xs, mask, real, y, groups, 25, link, firth))
        for s in range(S):
            keep = mask[s] > 0
            cols = real[s]
            single = core.fit_design(
                core.Design(y[keep], X[keep][:, cols], list("abcd"[: cols.sum()]), groups[keep], link, firth)
            )
            np.testing.assert_allclose(beta[s, cols], single.beta, atol=1e-7)
            assert np.all(beta[s, ~cols] == 0)


def test_curve_points_equal_the_models_marginal_effects(data):
    dims = {
        **curve.DIMENSIONS,
        "specificity": {"category 5": "specific"},
        "sensitivity": {"text rules": "sensitive"},
        "relationship": {"ideal-point distance": "ideal_point_distance"},
        "controls": {"none": "none"},
        "estimator": {"logit": "logit", "linear probability": "lpm"},
        "partial acceptance": {"as noted": "accepted"},
        "outcome": {"final answer": "accepted"},
    }
    points, influence, clusters = curve.fit_curve(data, dims)
    logit = points[(points["estimator"] == "logit") & (points["quantity"] == "relationship")].iloc[0]
    res = analysis.fit(analysis.load_specs()["acc_2"], data)
    ame = margins.delta(res, margins.ame(res, "ideal_point_distance"))
    assert logit["estimate"] == pytest.approx(100 * ame["estimate"], rel=1e-6)
    assert logit["std_err"] == pytest.approx(100 * ame["std_err"], rel=1e-4)
    sens = points[(points["estimator"] == "logit") & (points["quantity"] == "x sensitive")].iloc[0]
    inter = analysis.fit(analysis.load_specs()["acc_3"], data)
    cp = margins.delta(inter, margins.cross_partial(inter, "ideal_point_distance", "sensitive"))
    assert sens["estimate"] == pytest.approx(100 * cp["estimate"], rel=1e-6)
    # the influence contributions give the standard error
    i = points.index[(points["estimator"] == "logit") & (points["quantity"] == "relationship")][0]
    assert np.sqrt(points.loc[i, "ssc"] * np.sum(influence[i] ** 2)) == pytest.approx(logit["std_err"])
    assert influence.shape == (len(points), len(clusters))


def test_specifications_cover_every_combination():
    specs = curve.specifications()
    sizes = {d: len(v) for d, v in curve.DIMENSIONS.items()}
    per_outcome = int(np.prod([n for d, n in sizes.items() if d not in ("outcome", "partial acceptance")]))
    assert len(specs) == per_outcome * (2 * 2 + 1)  # partial acceptance only for the final answers
    assert not specs.duplicated().any()


def test_summary_finds_nothing_where_nothing_is(data):
    """With the relationship shuffled across reviewers, the curve summary should rarely be
    significant (here one shuffle; over twenty shuffles about one in twenty is below 0.05); with a
    strong effect planted, it should be."""
    rng = np.random.default_rng(1)
    dims = {
        **curve.DIMENSIONS,
        "estimator": {"linear probability": "lpm"},
        "outcome": {"final answer": "accepted"},
        "partial acceptance": {"as noted": "accepted"},
    }
    reviewers = data["iso3"].unique()
    shuffled = dict(zip(reviewers, rng.permutation(reviewers)))
    null = data.copy()
    for col in ("ideal_point_distance", "vote_disagreement", "resolution_yes", "polyarchy", "not_ally"):
        by = data.drop_duplicates(["iso3", "cycle"]).set_index(["iso3", "cycle"])[col]
        null[col] = [by.get((shuffled[i], c), np.nan) for i, c in zip(data["iso3"], data["cycle"])]
    points, influence, _ = curve.fit_curve(null, dims)
    summary = curve.curve_summary(points, influence, n_draws=499).set_index("quantity")
    assert summary.loc["relationship", "p share"] > 0.01
    planted = data.copy()
    planted["accepted"] = ((planted["cycle"] == 2) & (planted["ideal_point_distance"].fillna(2) < 1.8)).astype(int)
    points, influence, _ = curve.fit_curve(planted, dims)
    summary = curve.curve_summary(points, influence, n_draws=499).set_index("quantity")
    assert summary.loc["relationship", "p share"] < 0.01
    assert summary.loc["relationship", "median"] < 0
    shares = curve.share_significant(points, "relationship", "relationship")
    assert shares.between(0, 100).all()


@pytest.fixture(scope="module")
def small_curve(data):
    dims = {
        **curve.DIMENSIONS,
        "estimator": {"linear probability": "lpm"},
        "outcome": {"final answer": "accepted"},
        "partial acceptance": {"as noted": "accepted"},
    }
    points, influence, _ = curve.fit_curve(data, dims)
    return points, influence


def test_bootstrap_p_is_a_p_value_that_falls_as_z_grows(small_curve):
    points, influence = small_curve
    p = curve.bootstrap_p(points, influence, n_draws=499)
    assert p.index.equals(points.index)
    ok = points["estimate"].notna()
    assert p[~ok].isna().all() and p[ok].between(0, 1).all()
    # a larger |z| against the same null draws never gets a larger p-value, and z = 0 gets p = 1
    doubled = curve.bootstrap_p(points.assign(z=2 * points["z"]), influence, n_draws=499)
    assert (doubled[ok] <= p[ok]).all() and (doubled[ok] < p[ok]).any()
    assert (curve.bootstrap_p(points.assign(z=0.0), influence, n_draws=499)[ok] == 1).all()
    # the bootstrap p and the normal p agree on which specifications are clearly significant
    clear = ok & (points["p_value"] < 1e-4)
    assert (p[clear] < 0.05).all()
    # reproducible: the draws are seeded
    assert p.equals(curve.bootstrap_p(points, influence, n_draws=499))


def test_summary_null_columns(small_curve):
    points, influence = small_curve
    summary = curve.curve_summary(points, influence, n_draws=499).set_index("quantity")
    for col in ("null share (median draw)", "null share (mean draw)", "null rate", "share significant (bootstrap p)"):
        assert summary[col].between(0, 1).all(), col
    # one test's rejection rate under the null is near its nominal 5%, and the share in the dominant
    # direction is at most the rate of a two-sided rejection in some draw
    assert (summary["null rate"] < 0.15).all()
    # the bootstrap-p share agrees with the per-point p-values
    p = curve.bootstrap_p(points, influence, n_draws=499)
    part = points[(points["quantity"] == "relationship") & points["estimate"].notna()]
    sign = np.sign(summary.loc["relationship", "median"]) or 1.0
    share = np.mean((np.sign(part["estimate"]) == sign) & (p[part.index] < 0.05))
    assert summary.loc["relationship", "share significant (bootstrap p)"] == pytest.approx(share)
