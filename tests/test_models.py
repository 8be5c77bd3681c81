"""Tests of the model layer (dprk_upr.analysis estimators, samples, diagnostics, tables) on
synthetic data with a known data-generating process and, when it exists, on the processed data.

Every estimate the chapter reports is recomputed a second way: the logit by direct maximum
likelihood, clustered covariances by an explicit sandwich, the reviewer fixed-effect LPM by an
explicit within regression and by least squares with reviewer dummies, the average marginal effects
by statsmodels' own, Firth's estimator by its closed form in a 2 x 2 table.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize
from scipy.special import expit

from dprk_upr import analysis, paths
from dprk_upr.analysis import core, margins, robustness
from dprk_upr.analysis.estimators.firth import fit_firth, penalised_loglik, profile_interval
from dprk_upr.analysis.results import EstimationError, coefficient
from dprk_upr.analysis.sample import SINGLETON, prepare
from dprk_upr.analysis.specifications import ESTIMATORS, load_published
from dprk_upr.data.processed import load_model_data
from dprk_upr.report import model_figures, robustness_tables
from dprk_upr.report import regression_tables as tables

SPECS = analysis.load_specs()


def synthetic(seed: int = 20240801, n_reviewers: int = 90, missing: int = 6) -> pd.DataFrame:
    """Recommendations from reviewers with a known logit DGP; NOT data about the world."""
    rng = np.random.default_rng(seed)
    rows = []
    groups = ["WEOG", "Asia", "EEG", "GRULAC", "Africa"]
    for r in range(n_reviewers):
        iso3, group = f"R{r:02d}", groups[r % 5]
        polyarchy = rng.uniform(0.1, 0.9)
        for cycle in (1, 2):
            distance = rng.uniform(0.2, 4.0)
            for _ in range(rng.integers(1, 7)):
                specific, sensitive = rng.integers(0, 2), rng.integers(0, 2)
                eta_acc = 0.8 - 1.5 * specific - 0.5 * sensitive - 0.3 * distance + 0.2 * distance * specific
                eta_wg = -1.5 + 0.8 * specific + 0.6 * sensitive + 0.2 * distance
                wg = int(rng.random() < expit(eta_wg))
                accepted = int(cycle == 2 and not wg and rng.random() < expit(eta_acc))
                rows.append(
                    dict(
                        cycle=cycle,
                        iso3=iso3,
                        specific=specific,
                        sensitive=sensitive,
                        sensitive_tags=sensitive if rng.random() < 0.85 else 1 - sensitive,
                        action_category=5 if specific else int(rng.integers(1, 5)),
                        ideal_point_distance=distance,
                        vote_agreement=1 - distance / 4.5,
                        dprk_resolution_vote="yes" if distance > 2 else "no",
                        defence_pact=float(distance < 0.4),
                        nonaggression_pact=0.0,
                        polyarchy=polyarchy,
                        un_regional_group=group,
                        rejected_at_wg=wg,
                        accepted=accepted,
                        accepted_incl_partial=accepted,
                    )
                )
    data = pd.DataFrame(rows)
    data.insert(0, "rec_id", [f"S-{i}" for i in range(len(data))])
    data.loc[rng.choice(len(data), missing, replace=False), "ideal_point_distance"] = np.nan
    return data


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return synthetic()


def _real_data() -> pd.DataFrame:
    path = paths.processed_dir() / "model_data.csv"
    if not path.exists():
        pytest.skip(f"{path} does not exist yet: the real-data checks run once the build writes it")
    return load_model_data(path)


@pytest.fixture(params=["synthetic", "real"])
def frames(request, data):
    return data if request.param == "synthetic" else _real_data()


def _direct_mle(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    def negll(b):
        eta = X @ b
        return np.sum(np.logaddexp(0, eta) - y * eta)

    def grad(b):
        return X.T @ (expit(X @ b) - y)

    def hess(b):
        p = expit(X @ b)
        return X.T @ ((p * (1 - p))[:, None] * X)

    out = optimize.minimize(
        negll, np.zeros(X.shape[1]), jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-9}
    )
    assert np.max(np.abs(grad(out.x))) < 1e-6, out.message
    return out.x


def _own_cluster_cov(X, scores, bread, groups, k=None):
    """bread @ (sum over clusters of summed-score outer products) @ bread, times the factor."""
    n = len(X)
    k = X.shape[1] if k is None else k
    sums = pd.DataFrame(scores).groupby(np.asarray(groups)).sum().to_numpy()
    g = len(sums)
    return g / (g - 1) * (n - 1) / (n - k) * bread @ (sums.T @ sums) @ bread


# ------------------------------------------------------------------------- estimates, two ways


@pytest.mark.parametrize("spec_id", ["acc_3", "wg_3", "acc_4"])
def test_logit_matches_direct_mle_own_sandwich_and_core(frames, spec_id):
    res = analysis.fit(SPECS[spec_id], frames)
    X = res.design.X
    y = res.frame[res.spec.outcome].to_numpy(float)
    beta = _direct_mle(X, y)
    np.testing.assert_allclose(res.params.to_numpy(), beta, atol=1e-4)
    p = expit(X @ beta)
    bread = np.linalg.inv(X.T @ ((p * (1 - p))[:, None] * X))
    cov = _own_cluster_cov(X, (y - p)[:, None] * X, bread, res.frame["iso3"])
    np.testing.assert_allclose(np.sqrt(np.diag(res.cov)), np.sqrt(np.diag(cov)), rtol=1e-4)
    fast = core.fit_design(res.design)
    np.testing.assert_allclose(fast.beta, beta, atol=1e-6)
    np.testing.assert_allclose(core.cluster_cov(res.design, fast), res.cov.to_numpy(), rtol=1e-4, atol=1e-10)


@pytest.mark.parametrize("spec_id", ["acc_fe", "wg_fe"])
def test_lpm_fe_matches_within_regression_and_dummies(frames, spec_id):
    res = analysis.fit(SPECS[spec_id], frames)
    frame = res.frame
    X = res.design_info and pd.DataFrame(
        margins.designs(res, [frame])[0], columns=res.params.index, index=frame.index
    ).drop(columns="Intercept")
    y = frame[res.spec.outcome].astype(float)
    effect = frame["iso3"] + "|" + frame["cycle"].astype(str)
    # singletons are gone, and every effect cell has two or more rows
    assert effect.value_counts().min() >= 2
    Xd = (X - X.groupby(effect).transform("mean")).to_numpy()
    yd = (y - y.groupby(effect).transform("mean")).to_numpy()
    bread = np.linalg.inv(Xd.T @ Xd)
    beta = bread @ Xd.T @ yd
    slopes = res.params.drop("Intercept")
    np.testing.assert_allclose(slopes.to_numpy(), beta, atol=1e-8)
    # the small-sample factor counts the slopes only (the effects are nested in the clusters)
    cov = _own_cluster_cov(Xd, (yd - Xd @ beta)[:, None] * Xd, bread, frame["iso3"], k=len(slopes))
    se = np.sqrt(np.diag(res.cov.loc[slopes.index, slopes.index]))
    np.testing.assert_allclose(se, np.sqrt(np.diag(cov)), rtol=1e-6)
    # and least squares with explicit dummies gives the same slopes
    dummies = pd.get_dummies(effect, dtype=float)
    ols = sm.OLS(y.to_numpy(), np.column_stack([X.to_numpy(), dummies.to_numpy()])).fit()
    np.testing.assert_allclose(ols.params[: len(slopes)], beta, atol=1e-8)


def test_lpm_fe_drops_singletons_and_counts_them():
    data = synthetic(seed=11, missing=0)
    res = analysis.fit(SPECS["wg_fe"], data)
    cells = data.groupby(["iso3", "cycle"]).size()
    assert res.dropped.get(SINGLETON, 0) == int((cells == 1).sum())
    assert res.n == len(data) - int((cells == 1).sum())
    assert res.n_clusters == res.frame["iso3"].nunique()


def test_ame_matches_statsmodels_without_interactions(data):
    res = analysis.fit(SPECS["acc_2"], data)
    ours = margins.average_marginal_effects(res, per_sd=False).set_index("variable")
    theirs = res.result.get_margeff(at="overall", dummy=True).summary_frame()
    for var in ["specific", "sensitive", "ideal_point_distance"]:
        assert ours.loc[var, "ame"] == pytest.approx(theirs.loc[var, "dy/dx"], abs=1e-6)
        assert ours.loc[var, "std_err"] == pytest.approx(theirs.loc[var, "Std. Err."], rel=1e-3)


def _brute_force(res, frame_setter, var, h=1e-5):
    """Mean over rows of d P / d var with the frame modified, computed with statsmodels' own
    predict on rebuilt designs, and its delta-method SE with a numerical gradient in the
    coefficients: a second implementation of the cross-partial machinery."""
    import patsy

    def mean_slope(params):
        base = frame_setter(res.frame.copy())
        hi, lo = base.copy(), base.copy()
        hi[var], lo[var] = base[var] + h, base[var] - h
        Xh = patsy.build_design_matrices([res.design_info], hi, return_type="dataframe")[0]
        Xl = patsy.build_design_matrices([res.design_info], lo, return_type="dataframe")[0]
        return float(np.mean(res.result.model.predict(params, Xh) - res.result.model.predict(params, Xl)) / (2 * h))

    params = res.params.to_numpy()
    value = mean_slope(params)
    step = 1e-6
    grad = np.array(
        [(mean_slope(params + step * e) - mean_slope(params - step * e)) / (2 * step) for e in np.eye(len(params))]
    )
    return value, float(np.sqrt(grad @ res.cov.to_numpy() @ grad))


def test_cross_partial_matches_a_second_implementation(data):
    res = analysis.fit(SPECS["wg_3"], data)
    var = "ideal_point_distance"
    one = _brute_force(res, lambda f: f.assign(sensitive=1), var)
    zero = _brute_force(res, lambda f: f.assign(sensitive=0), var)
    q = margins.cross_partial(res, var, "sensitive", per_sd=False)
    ours = margins.delta(res, q)
    assert ours["estimate"] == pytest.approx(one[0] - zero[0], abs=1e-6)
    sub = margins.delta(res, margins.subgroup_effect(res, var, "sensitive", 1, per_sd=False))
    assert sub["estimate"] == pytest.approx(one[0], abs=1e-6)
    assert sub["std_err"] == pytest.approx(one[1], rel=1e-3)
    # gradient of the quantity: analytic against central differences
    beta = res.params.to_numpy()
    numeric = np.array([(q.value(beta + 1e-6 * e) - q.value(beta - 1e-6 * e)) / 2e-6 for e in np.eye(len(beta))])
    np.testing.assert_allclose(q.gradient(beta), numeric, atol=1e-7)
    # per standard deviation is the per-unit effect times the SD
    per_sd = margins.delta(res, margins.cross_partial(res, var, "sensitive"))
    assert per_sd["estimate"] == pytest.approx(ours["estimate"] * res.frame[var].std())


def test_predicted_probabilities_match_statsmodels_predict(frames):
    res = analysis.fit(SPECS["acc_3"], frames)
    pp = margins.predicted_probabilities(res, grid=5)
    assert len(pp) == 4 * 5
    assert pp[["probability", "ci_low", "ci_high"]].stack().between(0, 1).all()
    assert (pp["ci_low"] <= pp["probability"]).all() and (pp["probability"] <= pp["ci_high"]).all()
    import patsy

    row = pp.iloc[7]
    frame = res.frame.assign(
        ideal_point_distance=row["ideal_point_distance"], specific=row["specific"], sensitive=row["sensitive"]
    )
    X = patsy.build_design_matrices([res.design_info], frame, return_type="dataframe")[0]
    direct = res.result.model.predict(res.params.to_numpy(), X.to_numpy())
    assert row["probability"] == pytest.approx(float(np.mean(direct)), abs=1e-10)
    fig = model_figures.plot_predicted(pp, observed=res.frame["ideal_point_distance"])
    assert len(fig.axes) == 2


def _texts_inside(fig) -> list[str]:
    """Texts of a drawn figure (labels, titles, annotations, legends) that stick out of it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = list(fig.texts) + [t for legend in fig.legends for t in legend.get_texts()]
    for ax in fig.axes:
        texts += list(ax.texts) + [ax.title, ax.xaxis.label, ax.yaxis.label]
        texts += [t for t in (ax.get_legend().get_texts() if ax.get_legend() else [])]
    box, out = fig.bbox, []
    for text in texts:
        if not text.get_visible() or not text.get_text():
            continue
        ext = text.get_window_extent(renderer)
        if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1:
            out.append(text.get_text())
    return out


def test_model_figures_draw_without_warnings_and_keep_text_inside(data):
    """The chapter's figures are drawn for a phone (4.6 inches wide, 5.0 for the forest plots), with keys outside the data,
    no warning (constrained layout included) and no text outside the figure."""
    import matplotlib.pyplot as plt

    res = analysis.fit(SPECS["acc_3"], data)
    pp = margins.predicted_probabilities(res, grid=5)
    anchors = model_figures.spread_names(
        pd.Series({"Cuba": 0.5, "Brazil": 1.6, "Japan": 2.7, "the United States": 3.9})
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = [model_figures.plot_predicted(pp, observed=res.frame["ideal_point_distance"], anchors=anchors)]
        claims = pd.DataFrame(
            {
                "label": ["like-minded voters, alone", "on specific recommendations"],
                "group": [tables.CLAIM_HEADINGS["jy"], tables.CLAIM_HEADINGS["pk"]],
                "verdict": ["holds", "too thin to judge"],
                "estimate": [-4.0, -9.0],
                "ci_low": [-9.0, -21.0],
                "ci_high": [-0.5, 0.5],
                "ci90_low": [-8.0, -18.0],
                "ci90_high": [-1.0, -1.0],
            }
        )
        figs.append(model_figures.plot_claims(claims, 5.0))
        points = pd.DataFrame(
            {
                "quantity": "relationship",
                "estimate": np.linspace(-20, 10, 40),
                "std_err": 3.0,
                "p_value": np.linspace(0.001, 0.9, 40),
                "outcome": ["final answer", "left open at the Working Group"] * 20,
            }
        )
        dims = {"outcome": {"final answer": "accepted", "left open at the Working Group": "open_at_wg"}}
        figs.append(model_figures.plot_curve(points, "relationship", dims, "points per SD away from North Korea"))
        rows = pd.DataFrame(
            {"estimate": [1.0, 17.0], "ci_low": [-1.0, 7.0], "ci_high": [3.0, 26.0], "p_wild": [0.2, 0.001]}
        )
        figs.append(
            model_figures.plot_effects(rows, ["distance, on other", "distance, sensitive minus other"], ["WG (4)"] * 2)
        )
        for fig, width in zip(figs, [model_figures.WIDTH, model_figures.WIDE, model_figures.WIDTH, model_figures.WIDE]):
            assert fig.get_figwidth() == pytest.approx(width)
            assert _texts_inside(fig) == []
    assert "US" in [t.get_text() for t in figs[0].findobj(lambda a: hasattr(a, "get_text"))]
    # the forest plots' row labels and headings are y tick labels in the left margin, outside the
    # plotting area (no zero line or band runs through them), and inside the figure
    for fig, expected in ((figs[1], 4), (figs[3], 3)):
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        labels = [t for t in ax.get_yticklabels() if t.get_text()]
        assert len(labels) == expected and not ax.texts
        for label in labels:
            ext = label.get_window_extent(renderer)
            assert ext.x1 <= ax.get_window_extent(renderer).x0 + 1 and ext.x0 >= fig.bbox.x0 - 1
    assert figs[3].axes[0].get_yticklabels()[0].get_fontweight() == "bold"  # the heading
    plt.close("all")


def test_spread_names_keeps_the_anchor_pair_and_spaces_the_rest():
    known = pd.Series({"Cuba": 0.55, "India": 1.30, "China": 1.37, "Brazil": 1.60, "Japan": 2.72, "US": 4.62})
    shown = model_figures.spread_names(known, keep=("Cuba", "Brazil"), min_gap=0.8)
    assert shown.index.tolist() == ["Cuba", "Brazil", "Japan", "US"]


# ------------------------------------------------------------------------------ Firth's logit


def test_firth_equals_its_closed_form_in_a_two_by_two_table():
    """With one 0/1 regressor the model is saturated, and Firth's (Jeffreys-prior) estimate of each
    group's log-odds is log((y + 1/2) / (n - y + 1/2)) (Firth 1993; Heinze & Schemper 2002): here
    with a group in which the outcome never occurs, where maximum likelihood has no estimate."""
    counts = {(0, 1): 12, (0, 0): 7, (1, 1): 0, (1, 0): 9}  # (x, y): n
    rows = [{"x": x, "y": y} for (x, y), n in counts.items() for _ in range(n)]
    frame = pd.DataFrame(rows).assign(iso3=[f"R{i}" for i in range(sum(counts.values()))], cycle=2)
    spec = SPECS["acc_2"].replace(id="two_by_two", outcome="y", terms=["x"], sample="", estimator="firth")
    res = analysis.fit(spec, frame)
    logit0 = np.log((12 + 0.5) / (7 + 0.5))
    logit1 = np.log((0 + 0.5) / (9 + 0.5))
    assert res.params["Intercept"] == pytest.approx(logit0, abs=1e-7)
    assert res.params["x"] == pytest.approx(logit1 - logit0, abs=1e-7)
    low, high, p = profile_interval(res, "x")
    assert low < res.params["x"] < high and 0 < p < 1
    # plain ML has no finite estimate there, and the LP check says so
    plain = analysis.fit(spec.replace(estimator="logit"), frame)
    assert "x" in plain.problem("x") or "separation" in plain.problem("x")


def test_firth_maximises_the_penalised_likelihood(data):
    firth = fit_firth(SPECS["acc_3"], data)
    beta = firth.params.to_numpy()
    grad = optimize.approx_fprime(beta, lambda b: penalised_loglik(firth.design, b), 1e-7)
    assert np.max(np.abs(grad)) < 1e-3
    plain = analysis.fit(SPECS["acc_3"], data)
    assert np.max(np.abs(beta - plain.params.to_numpy())) < 0.5


def test_firth_rows_carry_clustered_errors_on_the_modified_score(data):
    res = fit_firth(SPECS["acc_2"], data)
    design = res.design
    beta = res.params.to_numpy()
    X, y = design.X, design.y
    p = expit(X @ beta)
    w = p * (1 - p)
    info = X.T @ (w[:, None] * X)
    hat = w * np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X)
    scores = (y - p + hat * (0.5 - p))[:, None] * X
    cov = _own_cluster_cov(X, scores, np.linalg.inv(info), design.groups)
    np.testing.assert_allclose(res.cov.to_numpy(), cov, rtol=1e-6)
    assert (res.coefs["model_se"] > 0).all()


# ------------------------------------------------------------ the model layer as a kind


def test_n_drops_and_clusters_come_from_the_final_design(frames):
    for spec in SPECS:
        if spec.table == "content":
            continue
        res = analysis.fit(spec, frames)
        selected = frames.query(spec.sample) if spec.sample else frames
        used = spec.columns()
        assert res.n_sample == len(selected)
        assert res.n + res.n_dropped == len(selected)
        assert res.n == len(res.frame) == len(res.design.y) == res.design.X.shape[0]
        assert res.n_clusters == res.frame[spec.cluster].nunique() == res.design.G
        assert set(res.dropped) >= {c for c in used if selected[c].isna().any()}


def test_a_transform_that_yields_nan_drops_rows_in_step(data):
    spec = SPECS["acc_2"].replace(id="sqrt_poly", terms=["specific", "sensitive", "I((polyarchy - 0.5) ** 0.5)"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may leak
        for estimator in ("logit", "firth", "lpm"):
            res = analysis.fit(spec.replace(estimator=estimator), data)
            selected = data.query(spec.sample)
            gone = int((selected["polyarchy"] < 0.5).sum())
            assert res.dropped["design column 'I((polyarchy - 0.5) ** 0.5)'"] == gone
            assert res.n == len(selected) - gone == len(res.design.y)
            assert res.n_clusters == res.frame["iso3"].nunique()


def _separated(seed: int = 3) -> pd.DataFrame:
    data = synthetic(seed=seed, missing=0)
    data.loc[(data["cycle"] == 2) & (data["sensitive"] == 1), "accepted"] = 0  # nothing sensitive accepted
    return data


def test_separation_reaches_every_consumer():
    data = _separated()
    res = analysis.fit(SPECS["acc_2"], data)
    assert "separation" in res.problem("sensitive")
    separated = next(d for d in res.diagnostics if d.kind == "separation")
    assert "sensitive" in separated.terms and "specific" not in separated.terms  # the direction found
    assert res.problem() != ""  # every probability-scale quantity is blanked
    ame = margins.average_marginal_effects(res)
    assert ame["ame"].isna().all() and ame["problem"].str.contains("separation").all()
    pp = margins.predicted_probabilities(res, grid=3)
    assert pp["probability"].isna().all()
    table, notes = tables.regression_table([res])
    assert "–†" in table.set_index("Variable").loc["Sensitive"].tolist()
    assert any("separation" in n for n in notes)
    assert tables.describe_coefficient(res, "sensitive").startswith("not shown: no finite")
    from dprk_upr.analysis.inference import wild_bootstrap

    assert np.isnan(wild_bootstrap(res, "sensitive").p_value)
    assert wild_bootstrap(res, "sensitive").problem


def test_huge_model_based_se_next_to_tiny_clustered_se_blanks_the_term():
    from dprk_upr.analysis.results import se_ratio_diagnostics, tidy

    params = pd.Series([1.0, -27.1], index=["Intercept", "x"])
    cov = pd.DataFrame(np.diag([0.04, 0.01]), index=params.index, columns=params.index)
    diags = se_ratio_diagnostics(tidy(params, cov, pd.Series([0.2, 5000.0], index=params.index)))
    assert [d.terms for d in diags] == [("x",)]


def test_absorbed_regressor_is_an_estimation_error_naming_the_spec(data):
    spec = SPECS["acc_fe"].replace(id="absorbed_distance", terms=["specific", "ideal_point_distance"])
    with pytest.raises(EstimationError, match="absorbed_distance"):
        analysis.fit(spec, data)


def test_fixed_effect_rows_only_where_they_vary(data):
    one_cycle = analysis.fit(SPECS["acc_fe"], data)
    pooled = analysis.fit(SPECS["wg_fe"], data)
    assert not one_cycle.effects["cycle"] and pooled.effects["cycle"]
    table, _ = tables.regression_table([analysis.fit(SPECS["acc_2"], data), one_cycle])
    assert "Cycle effects" not in table["Variable"].tolist()
    assert table.set_index("Variable").loc["Reviewer effects"].tolist() == ["no", "yes"]


def test_no_numerical_warning_leaks(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for spec_id in ("acc_3", "wg_3", "acc_fe", "wg_c2"):
            res = analysis.fit(SPECS[spec_id], _separated() if spec_id == "acc_3" else data)
            margins.average_marginal_effects(res)
            tables.regression_table([res])


def test_bad_spec_names_spec_and_column(data):
    spec = SPECS["acc_2"].replace(id="typo_model", terms=["specific", "ideal_point_distnce"])
    with pytest.raises(ValueError, match=r"typo_model.*ideal_point_distnce"):
        analysis.fit(spec, data)
    with pytest.raises(ValueError, match="estimator"):
        SPECS["acc_2"].replace(estimator="probit")


def test_constant_outcome_is_refused(data):
    spec = SPECS["acc_2"].replace(id="cycle1_accept", sample="cycle == 1")
    with pytest.raises(ValueError, match="cycle1_accept.*does not vary"):
        analysis.fit(spec, data)


def test_specs_file_is_complete():
    for spec in SPECS:
        assert spec.estimator in ESTIMATORS
        assert spec.cluster == "iso3"
        if spec.estimator == "lpm_fe" and "iso3" in spec.fixed_effects:
            assert "ideal_point_distance" not in spec.terms  # absorbed by the reviewer effects
    published = load_published()
    assert {c.study for c in published.claims} == {"parkkim2024", "jangyoo2024"}
    halves = {(c.study, c.half) for c in published.claims}
    assert len(halves) == 4  # two halves of each study's claim


def test_regression_table_layout(data):
    results = [analysis.fit(SPECS[i], data) for i in ["acc_2", "acc_3", "acc_4", "acc_fe"]]
    table, notes = tables.regression_table(results)
    assert list(table.columns) == ["Variable", "(1)", "(4)", "(5)", "(6) LPM"]
    rows = table.set_index("Variable")
    assert rows.loc["N", "(1)"] == f"{results[0].n:,}"
    assert rows.loc["Reviewer effects"].tolist() == ["no", "no", "no", "yes"]
    assert not table["Variable"].str.startswith("C(").any()
    assert table.iloc[1, 1].startswith("(")
    # the notes say in words which columns leave out what, never a raw column name
    assert any("leave out" in n and "without an ideal-point distance" in n for n in notes)
    assert any("(6) LPM" in n and "only recommendation" in n for n in notes)
    assert not any("ideal_point_distance" in n or "singleton fixed-effect cell" in n for n in notes)


def test_display_tables_have_human_headers_and_no_raw_names(data):
    """Every display frame of the chapter: human headers, no raw column names or model ids in a
    cell, few enough columns for the text column (at most 7)."""
    fits = {i: analysis.fit(SPECS[i], data) for i in ["acc_3", "wg_3", "wg_2"]}
    names = {"acc_3": "final answer (4)", "wg_3": "refusal at the WG (4)", "wg_2": "refusal at the WG (1)"}
    from dprk_upr.analysis.interactions import effects_table

    effects = effects_table(
        fits, [("wg_2", "ame", "sensitive", ""), ("wg_3", "difference", "ideal_point_distance", "sensitive")]
    )
    for frame in (tables.effects_display(effects, names), tables.inference_display(effects, names)):
        assert frame.shape[1] <= 7
        text = " ".join(map(str, frame.columns)) + " " + " ".join(frame.astype(str).to_numpy().ravel())
        for raw in ("p_value", "p_wild", "ideal_point_distance", "wg_3", "acc_3", "_"):
            assert raw not in text, raw
    labels = tables.effect_labels(effects, names)
    assert labels == [
        "Refusal at the WG (1): sensitive (0 → 1)",
        "Refusal at the WG (4): distance, sensitive minus other",
    ]
    assert tables.effect_labels(effects, names, with_model=False)[1] == "distance, sensitive minus other"


def test_separation_display_is_one_row_per_model():
    sep = pd.DataFrame(
        {
            "model": ["acc_2", "wg_2", "wg_2", "wg_2"],
            "sample": ["as specified", "as specified", "cycle 1", "cycle 2"],
            "n": [268, 434, 166, 268],
            "estimate exists": ["yes", "yes", "yes", "no"],
            "infinite": ["", "", "", "Intercept, ideal_point_distance:sensitive, C(un_regional_group)[T.EEG]"],
        }
    )
    shown = tables.separation_display(sep, {"acc_2": "final answer (1)", "wg_2": "refusal at the WG (1)"})
    assert list(shown.columns) == ["Model", "Own sample", "First review alone", "Second review alone"]
    assert shown["Model"].tolist() == ["Final answer (1)", "Refusal at the WG (1)"]
    assert shown.iloc[0, 2] == tables.BLANK
    assert shown.iloc[1, 3] == "no: constant, distance × sensitive, regional-group dummies"


def test_count_phrase_reads_naturally():
    assert tables.count_phrase(0, "omission changes", "omissions change") == "no omission changes"
    assert tables.count_phrase(1, "omission changes", "omissions change") == "one omission changes"
    assert tables.count_phrase(3, "omission changes", "omissions change") == "3 omissions change"


# --------------------------------------------------------------------- leave one out


def test_leave_one_out_matches_a_refit(data):
    loo = robustness.leave_one_out(SPECS["acc_3"], data)
    row = loo.iloc[3]
    refit = analysis.fit(SPECS["acc_3"], data[data["iso3"] != row["omitted"]])
    c = coefficient(refit, "ideal_point_distance:sensitive")
    assert row["distance × sensitive"] == pytest.approx(c["estimate"], abs=1e-6)
    assert row["distance × sensitive se"] == pytest.approx(c["std_err"], rel=1e-6)
    assert len(loo) == analysis.fit(SPECS["acc_3"], data).n_clusters


def test_real_data_fits_every_spec():
    data = _real_data()
    results = analysis.fit_all([s for s in SPECS if s.table != "content"], data)
    c2 = data[data["cycle"] == 2]
    assert results["acc_2"].n_sample == len(c2)
    assert results["wg_c2"].converged and not results["wg_c2"].problem()


def test_prepare_reports_singletons_for_absorbed_effects(data):
    sample = prepare(SPECS["acc_fe"], data)
    assert sample.effects is not None and len(sample.effects) == sample.n


def test_drop_notes_name_a_recommendation_missing_several_values_once(data):
    """With ``missing_by``, a recommendation without any reviewer measure gets one note, not one
    per variable; without it, one note per variable and the note on double counting."""
    data = data.assign(polyarchy=data["polyarchy"].where(data["ideal_point_distance"].notna()))
    fits = [analysis.fit(SPECS[i], data) for i in ("acc_2", "acc_jy")]
    assert all(f.dropped for f in fits)
    _, plain = tables.regression_table(fits)
    _, merged = tables.regression_table(fits, missing_by="the 6 recommendations made by X")
    missing = [n for n in merged if "made by X" in n]
    assert len(missing) == 1 and missing[0].startswith("Columns ")
    assert missing[0].endswith("(no ideal-point distance or democracy score).")
    assert not any("without an ideal-point distance" in n for n in merged)
    assert any("without an ideal-point distance" in n for n in plain)


def test_curve_and_category_displays_have_human_headers():
    by = pd.DataFrame(
        {
            "quantity": ["relationship", "relationship", "x sensitive"],
            "relationship": ["ideal-point distance", "democracy (V-Dem)", "ideal-point distance"],
            "n": [10, 12, 9],
            "negative": [50.0, 90.0, 1.0],
            "positive": [0.0, 0.0, 2.0],
            "negative_boot": [40.0, 91.0, 1.0],
            "positive_boot": [0.0, 0.0, 2.0],
        }
    )
    out = robustness_tables.curve_measures_display(by)
    assert len(out) == 2 and out["Relationship\nmeasure"].tolist() == ["Ideal-point distance", "Democracy (V-Dem)"]
    assert out["Negative,\nbootstrap p (%)"].tolist() == [40.0, 91.0]
    cats = pd.DataFrame(
        {
            "category": ["accountability", "sensitive", "not sensitive"],
            "counted": [True, True, False],
            "recommendations_1": [5, 9, 3],
            "refused_1": [4, 6, 0],
            "recommendations_2": [42, 50, 60],
            "refused_2": [39, 45, 0],
            "accepted_2": [0, 5, 50],
        }
    )
    shown = robustness_tables.categories_display(cats)
    assert shown["Category"].tolist()[0] == robustness_tables.CATEGORY_NAMES["accountability"]
    assert shown.iloc[0, 1:].tolist() == [5, 4, 42, 39, 0]
    assert not any("_" in c for c in shown.columns)
