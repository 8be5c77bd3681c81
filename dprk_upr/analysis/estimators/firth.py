"""Firth's penalised logit (Jeffreys-prior penalty): finite estimates under separation.

Maximises log L(b) + 1/2 log det I(b) by Newton steps on the modified score
X'(y - p + h(1/2 - p)), h the diagonal of the weighted hat matrix (Firth 1993; Heinze and
Schemper 2002), in ``dprk_upr.analysis.core.fit_design``. Standard errors are clustered by
reviewer, with the sandwich built on the modified score and the same small-sample factor as the
other estimators, so that a Firth row is read like the others; the model-based errors (inverse
information) are kept beside them (``model_se``). Profile penalised-likelihood intervals, as in
R's logistf, are available from :func:`profile_interval`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..core import Design, cluster_cov, fit_design
from ..results import FitResult
from ..sample import EstimationSample, prepare
from .common import as_frame, as_series, finish


def penalised_loglik(design: Design, beta: np.ndarray) -> float:
    """log L(b) + 1/2 log det(X'WX): the function Firth's estimate maximises."""
    eta = design.X @ beta
    w = np.exp(-np.logaddexp(0, eta) - np.logaddexp(0, -eta))
    sign, logdet = np.linalg.slogdet(design.X.T @ (w[:, None] * design.X))
    if sign <= 0:
        return -np.inf
    return float(np.sum(design.y * eta - np.logaddexp(0, eta)) + 0.5 * logdet)


def fit_firth_sample(sample: EstimationSample) -> FitResult:
    """Firth's penalised logit of the sample's specification (its ``estimator`` is ignored), with
    clustered (CR1) standard errors on the modified score."""
    X = sample.X
    names = list(X.columns)
    design = Design(sample.y, X.to_numpy(float), names, sample.groups, "logit", firth=True)
    core = fit_design(design)
    cov = cluster_cov(design, core)
    model_se = np.sqrt(np.diag(np.linalg.inv(core.info)))
    return finish(
        sample,
        design,
        core,
        as_series(core.beta, names),
        as_frame(cov, names),
        as_series(model_se, names),
        "logit",
        converged=core.converged,
    )


def fit_firth(spec, data: pd.DataFrame) -> FitResult:
    """Firth's penalised logit of a specification on ``data`` (see :func:`fit_firth_sample`)."""
    return fit_firth_sample(prepare(spec.replace(estimator="firth"), data))


def profile_interval(result: FitResult, term: str, level: float = 0.95) -> tuple[float, float, float]:
    """Profile penalised-likelihood interval for ``term`` of a Firth fit and the penalised
    likelihood-ratio p-value for zero, as R's logistf reports them (model-based: no clustering).

    Returns ``(low, high, p_value)``; an end that the penalised likelihood never reaches is infinite.
    """
    design = result.design
    j = design.names.index(term)
    beta_hat = result.params.to_numpy()
    top = penalised_loglik(design, beta_hat)
    cut = stats.chi2.ppf(level, 1) / 2

    def drop(value):
        e = np.zeros(design.k)
        e[j] = 1.0
        fit = fit_design(design, restriction=(lambda b: b[j], lambda b: e, value), beta0=beta_hat)
        out = top - penalised_loglik(design, fit.beta)
        return min(out, 1e6) if np.isfinite(out) else 1e6

    se = max(float(result.coefs.set_index("term").loc[term, "model_se"]), 1e-3)
    bounds = []
    for direction in (-1, 1):
        width = se
        for _ in range(40):
            if drop(beta_hat[j] + direction * width) > cut:
                break
            width *= 2
        far = beta_hat[j] + direction * width
        bounds.append(
            optimize.brentq(lambda v: drop(v) - cut, *sorted((beta_hat[j], far)), xtol=1e-6)
            if drop(far) > cut
            else np.inf * direction
        )
    return bounds[0], bounds[1], float(stats.chi2.sf(max(2 * drop(0.0), 0.0), 1))
