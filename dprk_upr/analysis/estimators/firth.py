"""Firth's penalised logit (Jeffreys-prior penalty): finite estimates under separation, with
profile penalised-likelihood intervals and penalised likelihood-ratio p-values as in R's logistf.

Maximises log L(b) + 1/2 log det I(b) by Newton-Raphson on the modified score
X'(y - p + h(1/2 - p)), h the diagonal of the weighted hat matrix, with step halving (Firth 1993;
Heinze and Schemper 2002).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import patsy
from scipy import optimize, stats
from scipy.special import expit

from ..results import Z95, FitResult, tidy
from ..sample import EstimationSample, prepare


@dataclass
class FirthResult:
    """Firth penalised logit: estimates, model-based covariance (inverse Fisher information at the
    estimate), penalised log-likelihood, profile-likelihood CIs and penalised LR p-values."""

    params: pd.Series
    cov: pd.DataFrame
    loglik: float
    converged: bool
    iterations: int
    ci: pd.DataFrame
    pvalues: pd.Series


def _firth_loglik(X: np.ndarray, y: np.ndarray, beta: np.ndarray) -> float:
    eta = X @ beta
    w = expit(eta) * expit(-eta)
    info = X.T @ (w[:, None] * X)
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return -np.inf
    return float(np.sum(y * eta - np.logaddexp(0, eta)) + 0.5 * logdet)


def _firth_newton(X, y, beta=None, fixed: int | None = None, max_iter: int = 100, tol: float = 1e-7):
    """Newton-Raphson on Firth's modified score; ``fixed`` holds one coefficient at its start value."""
    k = X.shape[1]
    beta = np.zeros(k) if beta is None else np.array(beta, dtype=float)
    free = np.array([j for j in range(k) if j != fixed])
    current = _firth_loglik(X, y, beta)
    for iteration in range(1, max_iter + 1):
        p = expit(X @ beta)
        w = p * (1 - p)
        info = X.T @ (w[:, None] * X)
        info_inv = np.linalg.inv(info)
        hat = w * np.einsum("ij,jk,ik->i", X, info_inv, X)
        score = X.T @ (y - p + hat * (0.5 - p))
        step = np.linalg.solve(info[np.ix_(free, free)], score[free])
        t = 1.0
        while True:  # step halving keeps the penalised likelihood from falling
            trial = beta.copy()
            trial[free] += t * step
            value = _firth_loglik(X, y, trial)
            if value >= current - 1e-10 or t < 1e-8:
                break
            t /= 2
        beta, current = trial, value
        # converged when the step or the modified score is negligible (logistf uses 1e-4 / 1e-5)
        if np.max(np.abs(t * step)) < tol or np.max(np.abs(score[free])) < tol:
            return beta, current, True, iteration
    return beta, current, False, max_iter


def _firth_profile(X, y, beta_hat, loglik_max, j, se, level=0.95):
    """Profile penalised-likelihood CI for coefficient j and the penalised LR p-value for 0."""
    cut = stats.chi2.ppf(level, 1) / 2

    def drop(value):
        start = beta_hat.copy()
        start[j] = value
        try:
            value = loglik_max - _firth_newton(X, y, start, fixed=j)[1]
        except np.linalg.LinAlgError:  # information singular far out in the tail
            return 1e6
        return min(value, 1e6) if np.isfinite(value) else 1e6

    bounds = []
    for direction in (-1, 1):
        width = max(se, 1e-3)
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
    p_value = float(stats.chi2.sf(max(2 * drop(0.0), 0.0), 1))
    return bounds, p_value


def fit_firth_sample(sample: EstimationSample, profile: bool = True) -> FitResult:
    """Firth's penalised logit of the sample's specification (its ``estimator`` is ignored).

    Standard errors are model-based (inverse information; no clustering); with ``profile`` the
    CIs are profile penalised-likelihood intervals and the p-values penalised likelihood-ratio
    tests, as in R's logistf.
    """
    spec, frame = sample.spec, sample.frame
    y_df, X_df = patsy.dmatrices(spec.formula(), frame, return_type="dataframe")
    X, y = X_df.to_numpy(float), y_df.iloc[:, 0].to_numpy(float)
    beta, loglik, converged, iterations = _firth_newton(X, y)
    p = expit(X @ beta)
    cov_arr = np.linalg.inv(X.T @ ((p * (1 - p))[:, None] * X))
    names = list(X_df.columns)
    params = pd.Series(beta, index=names)
    cov = pd.DataFrame(cov_arr, index=names, columns=names)
    se = np.sqrt(np.diag(cov_arr))
    if profile:
        prof = [_firth_profile(X, y, beta, loglik, j, se[j]) for j in range(len(names))]
        ci = pd.DataFrame([b for b, _ in prof], index=names, columns=["ci_low", "ci_high"])
        pvalues = pd.Series([pv for _, pv in prof], index=names)
    else:
        ci = pd.DataFrame({"ci_low": beta - Z95 * se, "ci_high": beta + Z95 * se}, index=names)
        pvalues = pd.Series(2 * stats.norm.sf(np.abs(beta / se)), index=names)
    res = FirthResult(params, cov, loglik, converged, iterations, ci, pvalues)
    return FitResult(
        spec=spec,
        result=res,
        n=len(frame),
        n_clusters=sample.n_clusters,
        coefs=tidy(params, cov, pvalues, ci),
        params=params,
        cov=cov,
        link="logit",
        design_info=X_df.design_info,
        frame=frame,
        n_sample=sample.n_sample,
        n_dropped=sample.n_dropped,
        dropped=sample.dropped,
        converged=converged,
    )


def fit_firth(spec, data: pd.DataFrame, profile: bool = True) -> FitResult:
    """Firth's penalised logit of a specification on ``data`` (see :func:`fit_firth_sample`)."""
    spec = spec.replace(estimator="firth")
    return fit_firth_sample(prepare(spec, data), profile=profile)
