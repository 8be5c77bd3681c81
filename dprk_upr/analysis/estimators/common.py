"""What every estimator does after fitting: the tidy table, the diagnostics, the fixed-effect labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import Design
from ..results import Diagnostic, FitResult, se_ratio_diagnostics, tidy, with_problems
from ..sample import EstimationSample
from ..separation import lp_separation


def separation_diagnostics(design: Design) -> list[Diagnostic]:
    """A blanking :class:`~dprk_upr.analysis.results.Diagnostic` naming the coefficients without a
    finite maximum-likelihood estimate (:func:`~dprk_upr.analysis.separation.lp_separation`), or
    nothing when the estimate exists."""
    separated, idx = lp_separation(design.X, design.y)
    if not separated:
        return []
    terms = tuple(design.names[j] for j in idx)
    return [
        Diagnostic(
            "separation",
            "no finite maximum-likelihood estimate (separation in the direction of " + ", ".join(terms) + ")",
            terms,
        )
    ]


def warning_diagnostics(notes: list[str]) -> list[Diagnostic]:
    """One flagging (not blanking) diagnostic per distinct warning of the estimator."""
    return [Diagnostic("warning", f"the estimator warned: {note}", blank=False) for note in notes]


def effect_labels(sample: EstimationSample, design_columns) -> dict[str, bool]:
    """Which kinds of fixed effect the model has *and* that vary in its sample: cycle effects
    (cycle dummies, or absorbed effects that include the cycle when the sample spans cycles),
    reviewer effects, regional-group dummies, and near-duplicate text-group effects."""
    spec, frame = sample.spec, sample.frame
    cols = list(design_columns)
    spans_cycles = frame["cycle"].nunique() > 1 if "cycle" in frame else False
    absorbed = set(spec.fixed_effects)
    return {
        "cycle": any(c.startswith("C(cycle)") for c in cols) or ("cycle" in absorbed and spans_cycles),
        "reviewer": spec.cluster in absorbed or "iso3" in absorbed,
        "regional group": any("un_regional_group" in c for c in cols),
        "text group": any(e.startswith("dup_group") for e in absorbed),
    }


def finish(
    sample: EstimationSample,
    design: Design,
    result,
    params: pd.Series,
    cov: pd.DataFrame,
    model_se: pd.Series,
    link: str,
    converged: bool = True,
    notes: list[str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    fit_stat: float | None = None,
    fit_stat_name: str = "",
) -> FitResult:
    """Assemble a :class:`~dprk_upr.analysis.results.FitResult` with its diagnostics: those given,
    non-convergence, SE ratios and the estimator's warnings."""
    notes = notes or []
    diags = list(diagnostics or [])
    if not converged:
        diags.append(Diagnostic("convergence", "the estimator did not converge"))
    coefs = tidy(params, cov, model_se)
    diags += se_ratio_diagnostics(coefs)
    diags += warning_diagnostics(notes)
    return FitResult(
        spec=sample.spec,
        result=result,
        n=sample.n,
        n_clusters=sample.n_clusters,
        coefs=with_problems(coefs, diags),
        params=params,
        cov=cov,
        link=link,
        design_info=sample.design_info,
        frame=sample.frame,
        n_sample=sample.n_sample,
        n_dropped=sample.n_dropped,
        dropped=sample.dropped,
        fit_stat=fit_stat,
        fit_stat_name=fit_stat_name,
        converged=converged,
        warnings=notes,
        diagnostics=diags,
        design=design,
        effects=effect_labels(sample, sample.X.columns),
    )


def as_series(values, names) -> pd.Series:
    return pd.Series(np.asarray(values, float), index=list(names))


def as_frame(values, names) -> pd.DataFrame:
    return pd.DataFrame(np.asarray(values, float), index=list(names), columns=list(names))
