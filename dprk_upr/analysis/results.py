"""A fitted model (:class:`FitResult`) and the tidy table of its coefficients.

Conventions of every estimator:

- Standard errors are clustered by the recommending state, with the small-sample factor
  G/(G-1) * (N-1)/(N-K) that statsmodels applies to clustered covariances (G clusters, N rows,
  K estimated coefficients); see :func:`cluster_correction`.
- The 95% intervals are estimate +/- 1.96 SE unless an estimator supplies its own (Firth's
  profile-likelihood intervals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .specifications import ModelSpec

Z95 = stats.norm.ppf(0.975)


@dataclass
class FitResult:
    """One fitted model.

    ``result`` is the estimator's own result object (statsmodels, linearmodels or
    :class:`~dprk_upr.analysis.estimators.firth.FirthResult`); ``params`` and ``cov`` (clustered
    for logit and LPM, model-based for Firth) are what the tables, marginal effects and
    predictions use; ``coefs`` is the tidy table (:func:`~dprk_upr.analysis.results.tidy`). ``frame`` is the estimation
    sample; ``n_sample`` the rows selected by the sample filter and ``dropped`` the rows then
    dropped for a missing value, per variable, with ``n_dropped`` the rows dropped in all.
    ``link`` is "logit" or "identity"; ``design_info`` rebuilds the design for predictions.
    """

    spec: ModelSpec
    result: Any
    n: int
    n_clusters: int
    coefs: pd.DataFrame
    params: pd.Series
    cov: pd.DataFrame
    link: str
    design_info: Any
    frame: pd.DataFrame
    n_sample: int
    n_dropped: int
    dropped: dict = field(default_factory=dict)
    fit_stat: float | None = None
    fit_stat_name: str = ""
    converged: bool = True
    warnings: list = field(default_factory=list)


def tidy(
    params: pd.Series, cov: pd.DataFrame, pvalues: pd.Series | None = None, ci: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per coefficient: ``term``, ``estimate``, ``std_err``, ``z``, ``p_value`` (normal,
    two-sided, unless given), ``ci_low``, ``ci_high`` (Wald 95%, unless given)."""
    se = np.sqrt(np.diag(cov.to_numpy()))
    table = pd.DataFrame({"term": params.index, "estimate": params.to_numpy(), "std_err": se})
    table["z"] = table["estimate"] / table["std_err"]
    table["p_value"] = pvalues.to_numpy() if pvalues is not None else 2 * stats.norm.sf(np.abs(table["z"]))
    if ci is None:
        table["ci_low"] = table["estimate"] - Z95 * table["std_err"]
        table["ci_high"] = table["estimate"] + Z95 * table["std_err"]
    else:
        table["ci_low"], table["ci_high"] = ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy()
    return table


def cluster_correction(n: int, k: int, g: int) -> float:
    """The small-sample factor of a clustered covariance, G/(G-1) * (N-1)/(N-K), as statsmodels.

    >>> round(cluster_correction(n=100, k=5, g=20), 4)
    1.097
    """
    return g / (g - 1) * (n - 1) / (n - k)


def coefficient(result: FitResult, term: str) -> dict:
    """One coefficient as a dict: ``estimate``, ``std_err``, ``z``, ``p_value``, ``ci_low``,
    ``ci_high`` and ``direction`` ("positive" or "negative")."""
    row = result.coefs.set_index("term").loc[term].to_dict()
    row["direction"] = "positive" if row["estimate"] > 0 else "negative"
    return row
