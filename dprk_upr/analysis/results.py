"""A fitted model (:class:`FitResult`), what can be wrong with it (:class:`Diagnostic`), and the
tidy table of its coefficients.

Conventions of every estimator:

- Standard errors are clustered by the recommending state (CR1), with the small-sample factor
  G/(G-1) * (N-1)/(N-K) (G clusters, N rows, K estimated coefficients; in a model absorbing
  fixed effects nested in the clusters, K counts only the coefficients not absorbed); see
  ``dprk_upr.analysis.core.ssc``. Firth's penalised logit gets the same clustered sandwich,
  built on its modified score, so that its rows are comparable with the others.
- The 95% intervals are estimate +/- 1.96 SE.
- A fit carries its diagnostics: separation (from the linear-programming check of
  :mod:`.separation`), non-convergence, a model-based standard error far larger than the
  clustered one, and the warnings the estimator raised. Every consumer asks
  :meth:`FitResult.problem` before showing a value and shows the reason instead when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .specifications import ModelSpec

Z95 = stats.norm.ppf(0.975)

#: A coefficient whose model-based standard error exceeds its clustered one by this factor is
#: blanked: the likelihood is nearly flat in its direction while the clustered sandwich, built on
#: scores that are almost zero, pretends to precision (a symptom of separation).
SE_RATIO_LIMIT = 10.0


@dataclass(frozen=True)
class Diagnostic:
    """Something wrong with a fit, in words.

    ``kind``: "separation", "convergence", "se_ratio", "warning", "drop" or "error"; ``message``:
    the reason, a phrase that completes "not shown: ..."; ``terms``: the coefficients affected
    (empty: the whole model); ``blank``: whether the affected values must be left out (True) or
    only flagged (False).
    """

    kind: str
    message: str
    terms: tuple = ()
    blank: bool = True


@dataclass
class FitResult:
    """One fitted model.

    ``result`` is the estimator's own result object (statsmodels, linearmodels or
    ``dprk_upr.analysis.core.CoreFit`` for Firth); ``params`` and ``cov`` (clustered) are
    what tables, marginal effects and predictions use; ``coefs`` is the tidy table
    (:func:`~dprk_upr.analysis.results.tidy`) with a ``problem`` column; ``frame`` is the estimation sample; ``n_sample`` the
    rows selected by the sample filter and ``dropped`` the rows then dropped, per reason, with
    ``n_dropped`` the rows dropped in all. ``link`` is "logit" or "identity"; ``design_info``
    rebuilds the design for predictions; ``design`` is the model as arrays
    (``dprk_upr.analysis.core.Design``) for bootstraps and refits; ``effects`` names the
    fixed effects that vary in the sample (for table rows); ``diagnostics`` lists what is wrong.
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
    diagnostics: list = field(default_factory=list)
    design: Any = None
    effects: dict = field(default_factory=dict)

    def problem(self, term: str | None = None) -> str:
        """Why the estimate of ``term`` (or, with None, the model's probability-scale quantities:
        marginal effects and predictions) must not be shown, in words; "" when nothing is wrong.

        A model-wide blanking diagnostic (non-convergence) applies to every term; a term-specific
        one (separation, an SE ratio) to its terms; for the model's probability-scale quantities,
        any blanking diagnostic applies, since they combine all coefficients.
        """
        return blank_reasons(self.diagnostics, term)

    def notes(self) -> list[str]:
        """Every diagnostic in words, blanking or not, for a table note."""
        return list(dict.fromkeys(d.message for d in self.diagnostics))


def tidy(params: pd.Series, cov: pd.DataFrame, model_se: pd.Series | None = None) -> pd.DataFrame:
    """One row per coefficient: ``term``, ``estimate``, ``std_err`` (clustered), ``z``,
    ``p_value`` (normal, two-sided), ``ci_low``, ``ci_high`` (Wald 95%) and ``model_se`` (the
    model-based standard error, when given). A negative variance (rounding) gives a missing SE
    rather than a warning."""
    var = np.diag(cov.to_numpy())
    se = np.sqrt(np.where(var >= 0, var, np.nan))
    table = pd.DataFrame({"term": params.index, "estimate": params.to_numpy(), "std_err": se})
    table["z"] = table["estimate"] / table["std_err"]
    table["p_value"] = 2 * stats.norm.sf(np.abs(table["z"]))
    table["ci_low"] = table["estimate"] - Z95 * table["std_err"]
    table["ci_high"] = table["estimate"] + Z95 * table["std_err"]
    table["model_se"] = np.nan if model_se is None else model_se.reindex(params.index).to_numpy()
    return table


def cluster_correction(n: int, k: int, g: int) -> float:
    """The small-sample factor of a clustered covariance, G/(G-1) * (N-1)/(N-K), as statsmodels.

    >>> round(cluster_correction(n=100, k=5, g=20), 4)
    1.097
    """
    return g / (g - 1) * (n - 1) / (n - k)


def se_ratio_diagnostics(coefs: pd.DataFrame, limit: float = SE_RATIO_LIMIT) -> list[Diagnostic]:
    """A blanking :class:`Diagnostic` for each coefficient whose model-based SE exceeds its
    clustered SE ``limit`` times (see :data:`SE_RATIO_LIMIT`)."""
    out = []
    for row in coefs.itertuples():
        if np.isfinite(row.model_se) and np.isfinite(row.std_err) and row.model_se > limit * row.std_err:
            out.append(
                Diagnostic(
                    "se_ratio",
                    f"the model-based SE of {row.term} ({row.model_se:.3g}) is over {limit:g} times its clustered "
                    f"SE ({row.std_err:.3g}), a sign of a nearly flat likelihood",
                    (row.term,),
                )
            )
    return out


def blank_reasons(diagnostics: list[Diagnostic], term: str | None = None) -> str:
    """The blanking reasons among ``diagnostics`` that apply to ``term`` (None: to anything built
    from all coefficients), joined by "; "; "" when there is none (see :meth:`FitResult.problem`)."""
    reasons = [d.message for d in diagnostics if d.blank and (term is None or not d.terms or term in d.terms)]
    return "; ".join(dict.fromkeys(reasons))


def with_problems(coefs: pd.DataFrame, diagnostics: list[Diagnostic]) -> pd.DataFrame:
    """``coefs`` with a ``problem`` column: the blanking reasons of each term ("" when none)."""
    out = coefs.copy()
    out["problem"] = [blank_reasons(diagnostics, t) for t in out["term"]]
    return out


def coefficient(result: FitResult, term: str) -> dict:
    """One coefficient as a dict: ``estimate``, ``std_err``, ``z``, ``p_value``, ``ci_low``,
    ``ci_high``, ``model_se``, ``problem`` (why it must not be shown, "" if nothing) and
    ``direction`` ("positive" or "negative")."""
    row = result.coefs.set_index("term").loc[term].to_dict()
    row["direction"] = "positive" if row["estimate"] > 0 else "negative"
    return row


class EstimationError(ValueError):
    """A model could not be estimated; the message names the model and the reason."""
