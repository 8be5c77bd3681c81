"""Linear probability model with absorbed fixed effects (linearmodels' AbsorbingLS)."""

from __future__ import annotations

import pandas as pd
import patsy

from ..results import FitResult, cluster_correction, tidy
from ..sample import EstimationSample


def fit_lpm_fe(sample: EstimationSample) -> FitResult:
    """A linear probability model absorbing the combination of ``spec.fixed_effects``, with errors
    clustered by ``spec.cluster``.

    linearmodels without ``debiased`` applies no small-sample factor; statsmodels' one
    (:func:`~dprk_upr.analysis.results.cluster_correction`) is applied, counting only the
    estimated (not absorbed) coefficients, since the effects are nested in the clusters.
    """
    from linearmodels.iv.absorbing import AbsorbingLS

    from . import with_warnings

    spec, frame = sample.spec, sample.frame
    y, X = patsy.dmatrices(spec.formula(), frame, return_type="dataframe")
    effect = frame[list(spec.fixed_effects)].astype(str).agg("|".join, axis=1)
    absorb = pd.DataFrame({"effect": pd.Categorical(effect)}, index=frame.index)
    res, notes = with_warnings(
        lambda: AbsorbingLS(y, X, absorb=absorb).fit(cov_type="clustered", clusters=sample.groups, debiased=False)
    )
    n, k = len(frame), len(res.params)
    cov = res.cov * cluster_correction(n, k, sample.n_clusters)
    return FitResult(
        spec=spec,
        result=res,
        n=int(res.nobs),
        n_clusters=sample.n_clusters,
        coefs=tidy(res.params, cov),
        params=res.params,
        cov=cov,
        link="identity",
        design_info=X.design_info,
        frame=frame,
        n_sample=sample.n_sample,
        n_dropped=sample.n_dropped,
        dropped=sample.dropped,
        fit_stat=float(res.rsquared),
        fit_stat_name="R²",
        warnings=notes,
    )
