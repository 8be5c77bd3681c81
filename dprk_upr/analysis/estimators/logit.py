"""Logit with errors clustered by reviewer (statsmodels)."""

from __future__ import annotations

import patsy

from ..results import FitResult, tidy
from ..sample import EstimationSample


def fit_logit(sample: EstimationSample) -> FitResult:
    """statsmodels' Logit of the specification's formula, clustered by ``spec.cluster``.

    The design is built with patsy (as for the other estimators) so that every model names its
    terms the same way and predictions can rebuild it.
    """
    import statsmodels.api as sm

    from . import with_warnings

    spec, frame = sample.spec, sample.frame
    y, X = patsy.dmatrices(spec.formula(), frame, return_type="dataframe")
    res, notes = with_warnings(
        lambda: sm.Logit(y, X).fit(cov_type="cluster", cov_kwds={"groups": sample.groups}, disp=False, maxiter=200)
    )
    cov = res.cov_params()
    return FitResult(
        spec=spec,
        result=res,
        n=int(res.nobs),
        n_clusters=sample.n_clusters,
        coefs=tidy(res.params, cov),
        params=res.params,
        cov=cov,
        link="logit",
        design_info=X.design_info,
        frame=frame,
        n_sample=sample.n_sample,
        n_dropped=sample.n_dropped,
        dropped=sample.dropped,
        fit_stat=float(res.prsquared),
        fit_stat_name="Pseudo R²",
        converged=bool(res.mle_retvals["converged"]),
        warnings=notes,
    )
