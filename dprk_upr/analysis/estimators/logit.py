"""Logit with errors clustered by reviewer (statsmodels)."""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ..core import Design, cluster_cov, fit_design
from ..results import FitResult
from ..sample import EstimationSample
from .common import as_frame, as_series, finish, separation_diagnostics


def model_based_se(design: Design, beta: np.ndarray) -> np.ndarray:
    """Model-based standard errors of a logit, sqrt(diag((X'WX)^-1)) at ``beta``; missing where
    the information cannot be inverted (far along a separating direction)."""
    with np.errstate(all="ignore"):
        p = expit(design.X @ beta)
        info = design.X.T @ ((p * (1 - p))[:, None] * design.X)
        try:
            var = np.diag(np.linalg.inv(info))
        except np.linalg.LinAlgError:
            return np.full(design.k, np.nan)
    return np.sqrt(np.where(var >= 0, var, np.nan))


def fit_logit(sample: EstimationSample) -> FitResult:
    """statsmodels' Logit of the sample's design, clustered by ``spec.cluster`` (CR1).

    Before fitting, the linear-programming check of :mod:`~dprk_upr.analysis.separation` decides
    whether the estimate exists; when it does not, the coefficients it names are blanked by a
    diagnostic, and if statsmodels cannot even produce numbers, the stopped (not converged)
    Newton iterations of ``dprk_upr.analysis.core.fit_design`` stand in, so that the model
    still has a row that says why.
    """
    import statsmodels.api as sm

    from . import with_warnings

    X = sample.X
    names = list(X.columns)
    design = Design(sample.y, X.to_numpy(float), names, sample.groups, "logit")
    diags = separation_diagnostics(design)
    try:
        res, notes = with_warnings(
            lambda: sm.Logit(sample.y, X).fit(
                cov_type="cluster", cov_kwds={"groups": sample.groups}, disp=False, maxiter=200
            )
        )
        params, cov = as_series(res.params, names), as_frame(res.cov_params(), names)
        converged, fit_stat = bool(res.mle_retvals["converged"]), float(res.prsquared)
    except (np.linalg.LinAlgError, ValueError, OverflowError):
        if not diags:
            raise
        res = fit_design(design, max_iter=25)
        with np.errstate(all="ignore"):
            params, cov = as_series(res.beta, names), as_frame(cluster_cov(design, res), names)
        converged, fit_stat, notes = False, None, []
    return finish(
        sample,
        design,
        res,
        params,
        cov,
        as_series(model_based_se(design, params.to_numpy()), names),
        "logit",
        converged=converged,
        notes=notes,
        diagnostics=diags,
        fit_stat=fit_stat,
        fit_stat_name="Pseudo R²",
    )
