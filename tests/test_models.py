"""Tests of dprk_upr.analysis on synthetic data with a known data-generating process and, when it
exists, on data/processed/model_data.csv.

Every estimate the chapter reports is recomputed here a second way: the logit by direct maximum
likelihood, the clustered covariances by an explicit sandwich, the reviewer fixed-effect LPM by
the within transformation, the marginal effects by statsmodels' own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy.special import expit

from dprk_upr import analysis, paths
from dprk_upr.analysis import margins, robustness, separation
from dprk_upr.analysis.estimators.firth import fit_firth
from dprk_upr.analysis.results import coefficient
from dprk_upr.analysis.specifications import ESTIMATORS, KEY_TERMS
from dprk_upr.data.processed import load_model_data
from dprk_upr.report import figures
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
                eta_acc = (
                    0.8
                    - 1.5 * specific
                    - 0.5 * sensitive
                    - 0.3 * distance
                    + 0.2 * distance * specific
                    + 0.1 * distance * sensitive
                )
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
                        defence_pact=0,
                        nonaggression_pact=int(distance < 0.4),
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


# ---------------------------------------------------------------------------------------------


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


def _own_cluster_cov(X, resid_scores, bread, groups, k=None):
    """bread @ (sum over clusters of summed-score outer products) @ bread, times the factor."""
    n = len(X)
    k = X.shape[1] if k is None else k
    sums = pd.DataFrame(resid_scores).groupby(np.asarray(groups)).sum().to_numpy()
    g = len(sums)
    return g / (g - 1) * (n - 1) / (n - k) * bread @ (sums.T @ sums) @ bread


@pytest.mark.parametrize("spec_id", ["acc_3", "wg_3", "acc_4"])
def test_logit_matches_direct_mle_and_own_sandwich(frames, spec_id):
    res = analysis.fit(SPECS[spec_id], frames)
    X = margins._design(res, res.frame)
    y = res.frame[res.spec.outcome].to_numpy(float)
    beta = _direct_mle(X, y)
    np.testing.assert_allclose(res.params.to_numpy(), beta, atol=1e-4)
    p = expit(X @ beta)
    bread = np.linalg.inv(X.T @ ((p * (1 - p))[:, None] * X))
    cov = _own_cluster_cov(X, (y - p)[:, None] * X, bread, res.frame["iso3"])
    np.testing.assert_allclose(np.sqrt(np.diag(res.cov)), np.sqrt(np.diag(cov)), rtol=1e-4)


@pytest.mark.parametrize("spec_id", ["acc_fe", "wg_fe"])
def test_lpm_fe_matches_within_regression(frames, spec_id):
    res = analysis.fit(SPECS[spec_id], frames)
    frame = res.frame
    X = pd.DataFrame(margins._design(res, frame), columns=res.params.index, index=frame.index)
    X = X.drop(columns="Intercept")
    y = frame[res.spec.outcome].astype(float)
    effect = frame["iso3"] + "|" + frame["cycle"].astype(str)
    Xd = X - X.groupby(effect).transform("mean")
    yd = y - y.groupby(effect).transform("mean")
    keep = Xd.abs().sum(axis=1).to_numpy() >= 0
    Xd, yd = Xd.to_numpy()[keep], yd.to_numpy()[keep]
    bread = np.linalg.inv(Xd.T @ Xd)
    beta = bread @ Xd.T @ yd
    slopes = res.params.drop("Intercept")
    np.testing.assert_allclose(slopes.to_numpy(), beta, atol=1e-8)
    cov = _own_cluster_cov(Xd, (yd - Xd @ beta)[:, None] * Xd, bread, frame["iso3"], k=len(res.params))
    se = np.sqrt(np.diag(res.cov.loc[slopes.index, slopes.index]))
    np.testing.assert_allclose(se, np.sqrt(np.diag(cov)), rtol=1e-6)


def test_n_is_rows_minus_documented_drops(frames):
    for spec in SPECS:
        res = analysis.fit(spec, frames)
        selected = frames.query(spec.sample) if spec.sample else frames
        used = spec.columns()
        expected_drops = int(selected[used].isna().any(axis=1).sum())
        assert res.n_sample == len(selected)
        assert res.n_dropped == expected_drops
        assert res.n == len(selected) - res.n_dropped
        assert set(res.dropped) == {c for c in used if selected[c].isna().any()}


def test_synthetic_drops_are_recorded(data):
    res = analysis.fit(SPECS["acc_3"], data)
    assert res.dropped.get("ideal_point_distance", 0) > 0
    assert analysis.fit(SPECS["acc_1"], data.dropna(subset=["ideal_point_distance"])).n_dropped == 0


def test_ame_matches_statsmodels_without_interactions(data):
    res = analysis.fit(SPECS["acc_2"], data)
    ours = margins.average_marginal_effects(res).set_index("variable")
    theirs = res.result.get_margeff(at="overall", dummy=True).summary_frame()
    for var in ["specific", "sensitive", "ideal_point_distance"]:
        assert ours.loc[var, "ame"] == pytest.approx(theirs.loc[var, "dy/dx"], abs=1e-6)
        assert ours.loc[var, "std_err"] == pytest.approx(theirs.loc[var, "Std. Err."], rel=1e-3)


def test_ame_of_lpm_is_linear_combination(data):
    res = analysis.fit(SPECS["acc_fe"], data)
    ame = margins.average_marginal_effects(res).set_index("variable")
    mean_d = res.frame["ideal_point_distance"].mean()
    expected = res.params["specific"] + res.params["ideal_point_distance:specific"] * mean_d
    assert ame.loc["specific", "ame"] == pytest.approx(expected, abs=1e-10)
    assert "ideal_point_distance" not in ame.index


def test_predicted_probabilities_are_probabilities(frames):
    res = analysis.fit(SPECS["acc_3"], frames)
    pp = margins.predicted_probabilities(res, grid=9)
    assert len(pp) == 4 * 9
    assert pp[["probability", "ci_low", "ci_high"]].stack().between(0, 1).all()
    assert (pp["ci_low"] <= pp["probability"]).all() and (pp["probability"] <= pp["ci_high"]).all()
    fig = figures.plot_predicted(pp, observed=res.frame["ideal_point_distance"])
    assert len(fig.axes) == 2


def _separated(seed: int = 3) -> pd.DataFrame:
    data = synthetic(seed=seed, missing=0)
    c2 = data["cycle"] == 2
    data.loc[c2 & (data["sensitive"] == 1), "accepted"] = 0  # nothing sensitive accepted
    return data


def test_firth_is_finite_where_logit_breaks():
    data = _separated()
    spec = SPECS["acc_2"]
    report = separation.separation_report(spec, data).set_index("cell")
    assert bool(report.loc["sensitive = 1", "separated"])
    plain = analysis.fit(spec, data)
    se_plain = plain.coefs.set_index("term").loc["sensitive", "std_err"]
    assert (not plain.converged) or abs(plain.params["sensitive"]) > 8 or se_plain > 50
    firth = fit_firth(spec, data)
    assert firth.converged
    assert np.isfinite(firth.params).all() and abs(firth.params["sensitive"]) < 8
    row = firth.coefs.set_index("term").loc["sensitive"]
    assert np.isfinite(row["std_err"]) and row["ci_low"] < row["estimate"] < row["ci_high"]


def test_firth_maximises_the_penalised_likelihood(data):
    spec = SPECS["acc_3"]
    firth = fit_firth(spec, data, profile=False)
    X = margins._design(firth, firth.frame)
    y = firth.frame["accepted"].to_numpy(float)

    def penalised(b):
        p = expit(X @ b)
        info = X.T @ ((p * (1 - p))[:, None] * X)
        return np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)) + 0.5 * np.linalg.slogdet(info)[1]

    beta = firth.params.to_numpy()
    grad = optimize.approx_fprime(beta, penalised, 1e-7)
    assert np.max(np.abs(grad)) < 1e-3
    # Firth shrinks towards zero relative to ML, and by little in a sample this size
    plain = analysis.fit(spec, data)
    assert np.max(np.abs(beta - plain.params.to_numpy())) < 0.5


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


def test_load_model_data_names_missing_columns(tmp_path, data):
    path = tmp_path / "model_data.csv"
    data.drop(columns=["polyarchy", "sensitive_tags"]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"model_data\.csv.*polyarchy.*|.*sensitive_tags"):
        load_model_data(path)
    with pytest.raises(FileNotFoundError, match="nothing.csv"):
        load_model_data(tmp_path / "nothing.csv")


def test_specs_file_is_complete():
    for spec in SPECS:
        assert spec.estimator in ESTIMATORS
        assert spec.cluster == "iso3"
        if spec.estimator == "lpm_fe":
            assert "ideal_point_distance" not in spec.terms  # absorbed by the reviewer effects
    assert {s.table for s in SPECS} == {"accepted", "rejected_at_wg"}


def test_regression_table_layout(data):
    results = [analysis.fit(SPECS[i], data) for i in ["acc_1", "acc_3", "acc_4", "acc_fe"]]
    table = tables.regression_table(results)
    assert list(table.columns) == ["variable", "(1)", "(3)", "(4)", "(5) LPM"]
    rows = table.set_index("variable")
    assert rows.loc["N", "(1)"] == f"{results[0].n:,}"
    assert rows.loc["Reviewer effects"].tolist() == ["no", "no", "no", "yes"]
    assert not table["variable"].str.startswith("C(").any()
    assert table.iloc[1, 1].startswith("(")


def test_robustness_table_rows(data):
    table = robustness.robustness_table(data, base="acc_3", loo=True)
    assert table["variant"].iloc[0] == "Main model"
    assert table["variant"].str.startswith("Leave one reviewer out").sum() == 2
    assert table["variant"].is_unique
    failed = table[table["n"].isna()]
    assert failed["note"].str.len().gt(0).all()  # a variant that fails says why
    shown = tables.format_robustness(table)
    assert "Distance × specific" in shown.columns


def test_real_data_fits_every_spec():
    data = _real_data()
    results = analysis.fit_all(SPECS, data)
    assert set(results) == set(SPECS.ids())
    c2 = data[data["cycle"] == 2]
    assert results["acc_1"].n_sample == len(c2)


def test_failed_and_significant_variants_are_read_from_the_table():
    import pandas as pd

    table = pd.DataFrame(
        {
            "variant": ["Main model", "A", "B", "C", "Leave one reviewer out: minimum"],
            "n": [268, 268, float("nan"), 268, 260],
            "note": ["", "", "not estimable: singular", "did not converge", "moved most by leaving out x"],
            "distance × specific p": [0.01, 0.2, float("nan"), 0.001, 0.001],
            "distance × sensitive p": [0.5, 0.03, float("nan"), 0.5, 0.5],
        }
    )
    assert robustness.failed_variants(table) == ["B", "C"]
    # the main model, failed fits and the leave-one-out rows do not count
    assert robustness.significant_variants(table, ["distance × specific"]) == []
    assert robustness.significant_variants(table, ["distance × specific", "distance × sensitive"]) == ["A"]


def test_formatted_robustness_blanks_a_fit_that_did_not_converge():
    import pandas as pd

    row = {"variant": "C", "n": 268, "reviewers": 80, "note": "did not converge"}
    for role in KEY_TERMS:
        row.update({role: 23.0, f"{role} se": 146.2, f"{role} p": 0.001})
    shown = tables.format_robustness(pd.DataFrame([row]))
    assert (shown[[r.capitalize() for r in KEY_TERMS]] == "").all(axis=None)
    assert shown.loc[0, "Note"] == "did not converge"


def test_holds_up_compares_sign_and_significance(built):
    data = built["model_data"]
    specs = analysis.load_specs()
    main = analysis.fit(specs["acc_2"], data)
    assert robustness.holds_up(main, main, "ideal_point_distance")
    controls = analysis.fit(specs["acc_4"], data)
    a, b = (coefficient(r, "ideal_point_distance") for r in (main, controls))
    expected = (a["estimate"] > 0) == (b["estimate"] > 0) and (a["p_value"] < 0.05) == (b["p_value"] < 0.05)
    assert robustness.holds_up(main, controls, "ideal_point_distance") == expected
