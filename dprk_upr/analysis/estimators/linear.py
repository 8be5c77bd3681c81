"""Linear probability models: pooled (statsmodels' OLS) and absorbing fixed effects
(linearmodels' AbsorbingLS), both with errors clustered by reviewer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import Design, fit_design, model_cov
from ..results import FitResult
from ..sample import EstimationSample
from .common import as_frame, as_series, finish


def fit_lpm(sample: EstimationSample) -> FitResult:
    """A pooled linear probability model (statsmodels' OLS) clustered by ``spec.cluster``, with
    statsmodels' small-sample factor G/(G-1) * (N-1)/(N-K)."""
    import statsmodels.api as sm

    from . import with_warnings

    X = sample.X
    names = list(X.columns)
    design = Design(sample.y, X.to_numpy(float), names, sample.groups, "identity")
    res, notes = with_warnings(lambda: sm.OLS(sample.y, X).fit(cov_type="cluster", cov_kwds={"groups": sample.groups}))
    params, cov = as_series(res.params, names), as_frame(res.cov_params(), names)
    core = fit_design(design)
    model_se = np.sqrt(np.diag(model_cov(design, core)))
    return finish(
        sample,
        design,
        res,
        params,
        cov,
        as_series(model_se, names),
        "identity",
        notes=notes,
        fit_stat=float(res.rsquared),
        fit_stat_name="R²",
    )


def within(values: np.ndarray, effects: np.ndarray) -> np.ndarray:
    """Columns of ``values`` (n, m) demeaned within the effect cells ``effects`` (n,)."""
    sums = np.zeros((effects.max() + 1, values.shape[1]))
    np.add.at(sums, effects, values)
    counts = np.bincount(effects)[:, None]
    return values - (sums / counts)[effects]


def nested(effects: np.ndarray, groups: np.ndarray) -> bool:
    """Whether every effect cell lies inside one cluster."""
    return bool((pd.Series(groups).groupby(effects).nunique() == 1).all())


def fe_design(sample: EstimationSample) -> Design:
    """The absorbed-effects model as arrays: outcome and slopes demeaned within effects, the
    intercept left out. The small-sample factor counts the slopes only when the effects are
    nested in the clusters (they cancel from the clustered sandwich, as in Stata's areg/reghdfe
    and Cameron & Miller 2015), and the slopes plus the number of effects otherwise."""
    X = sample.X.drop(columns=[c for c in sample.X.columns if c == "Intercept"])
    Xw = within(X.to_numpy(float), sample.effects)
    yw = within(sample.y[:, None], sample.effects)[:, 0]
    k = X.shape[1]
    n_effects = int(sample.effects.max() + 1)
    k_ssc = k if nested(sample.effects, sample.groups) else k + n_effects
    return Design(yw, Xw, list(X.columns), sample.groups, "identity", k_ssc=k_ssc)


def fit_lpm_fe(sample: EstimationSample) -> FitResult:
    """A linear probability model absorbing the combination of ``spec.fixed_effects`` (after the
    singletons are dropped by :func:`~dprk_upr.analysis.sample.prepare`), with errors clustered
    by ``spec.cluster``.

    linearmodels without ``debiased`` applies no small-sample factor; the factor of
    ``dprk_upr.analysis.core.ssc`` is applied with K from :func:`fe_design` (the slopes,
    not the intercept, when the effects are nested in the clusters). The intercept linearmodels
    reports (the mean of the effects) is kept in ``params`` for predictions but not shown.
    """
    from linearmodels.iv.absorbing import AbsorbingLS

    from ..core import ssc
    from . import with_warnings

    X = sample.X
    absorb = pd.DataFrame({"effect": pd.Categorical(sample.effects)}, index=X.index)
    y = pd.Series(sample.y, index=X.index, name=sample.spec.outcome)
    res, notes = with_warnings(
        lambda: AbsorbingLS(y, X, absorb=absorb).fit(cov_type="clustered", clusters=sample.groups, debiased=False)
    )
    design = fe_design(sample)
    names = list(res.params.index)
    cov = res.cov * ssc(design)  # linearmodels (debiased=False) applies no factor of its own
    core = fit_design(design)
    model_se = pd.Series(np.nan, index=names)
    model_se[design.names] = np.sqrt(np.diag(model_cov(design, core)))
    return finish(
        sample,
        design,
        res,
        as_series(res.params, names),
        as_frame(cov, names),
        model_se,
        "identity",
        notes=notes,
        fit_stat=float(res.rsquared),
        fit_stat_name="R²",
    )
