"""Tests of the Cinelli-Hazlett sensitivity analysis against the published Darfur example and
against the exact omitted-variable-bias identity on explicit regressions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from dprk_upr import analysis
from dprk_upr.analysis import sensitivity_to_confounding as stc
from tests.test_models import synthetic


def test_published_darfur_values():
    """Cinelli & Hazlett (2020), Darfur example: t = 4.18 with 783 residual degrees of freedom;
    partial R² of the treatment 2.19%, robustness values 13.9% and (alpha = 0.05) 7.6%."""
    assert stc.partial_r2(4.18, 783) == pytest.approx(0.0219, abs=0.0002)
    assert stc.robustness_value(4.18, 783) == pytest.approx(0.139, abs=0.001)
    assert stc.robustness_value(4.18, 783, alpha=0.05) == pytest.approx(0.076, abs=0.001)
    assert stc.robustness_value(1.0, 783, alpha=0.05) == 0.0


def test_bias_formula_is_the_in_sample_identity():
    """For any Z, the change in the treatment's coefficient when Z is added equals
    se * sqrt(df) * sqrt(R²_YZ|DX * R²_DZ|X / (1 - R²_DZ|X)) in absolute value."""
    rng = np.random.default_rng(1)
    n = 400
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    d = 0.5 * x + 0.6 * z + rng.normal(size=n)
    y = 0.3 * d + 0.4 * x + 0.7 * z + rng.normal(size=n)
    short = sm.OLS(y, sm.add_constant(np.column_stack([d, x]))).fit()
    long = sm.OLS(y, sm.add_constant(np.column_stack([d, x, z]))).fit()
    r2dz = stc.partial_r2(sm.OLS(d, sm.add_constant(np.column_stack([x, z]))).fit().tvalues[2], n - 3)
    r2yz = stc.partial_r2(long.tvalues[3], long.df_resid)
    bias = short.bse[1] * np.sqrt(short.df_resid) * np.sqrt(r2yz * r2dz / (1 - r2dz))
    assert abs(short.params[1] - long.params[1]) == pytest.approx(bias, rel=1e-8)
    assert stc.adjusted_estimate(short.params[1], short.bse[1], short.df_resid, r2dz, r2yz) == pytest.approx(
        short.params[1] - bias, rel=1e-8
    )


def test_sensitivity_of_a_model_and_impossible_confounders():
    data = synthetic(seed=5, missing=0)
    summary, bounds = stc.sensitivity(analysis.load_specs()["wg_jy"], data, "ideal_point_distance", "polyarchy")
    assert 0 <= summary["rv_alpha"] <= summary["rv"] <= 1
    assert summary["partial_r2"] == pytest.approx(summary["t"] ** 2 / (summary["t"] ** 2 + summary["dof"]))
    assert list(bounds["k"]) == [1, 2, 3]
    assert stc.benchmark_bounds(0.6, 0.1, 2) != stc.benchmark_bounds(0.6, 0.1, 2)  # (nan, nan): impossible
    assert isinstance(bounds, pd.DataFrame)
