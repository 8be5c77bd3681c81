"""The numerical core every refit shares: a model as arrays, fitted by Newton's method (logit,
Firth's penalised logit) or least squares (linear probability), optionally under one restriction.

The chapter's tables come from statsmodels and linearmodels (:mod:`.estimators`); bootstraps,
jackknives, leave-one-out refits and the specification curve refit the same models hundreds of
times, which these small array functions do in microseconds. The tests check that both give the
same estimates and clustered standard errors.

A restriction is one equation ``q(beta) = theta0``, ``q`` a smooth function of the coefficients
(one coefficient, or a marginal effect on the probability scale). The restricted estimate solves
the Lagrange conditions ``score(beta) = lambda * grad q(beta)``, ``q(beta) = theta0`` by Newton
steps with the expected information ``H``: ``delta = H^-1 (score - lambda g)`` with ``lambda =
(g' H^-1 score + q - theta0) / (g' H^-1 g)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

#: Largest Newton step (in any coefficient) before it is shortened; keeps a fit near separation stable.
MAX_STEP = 5.0


@dataclass
class Design:
    """A model as arrays, on the rows of its estimation sample.

    ``y`` (n,) 0/1; ``X`` (n, k) the design (for a model absorbing fixed effects, the columns
    demeaned within effects, the intercept left out); ``names`` the k column names; ``groups``
    (n,) cluster index 0 ... G-1; ``link`` "logit" or "identity"; ``firth`` Firth's penalty;
    ``k_ssc`` the number of coefficients counted in the small-sample factor of a clustered
    covariance (see :func:`ssc`).
    """

    y: np.ndarray
    X: np.ndarray
    names: list
    groups: np.ndarray
    link: str = "logit"
    firth: bool = False
    k_ssc: int | None = None

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def k(self) -> int:
        return self.X.shape[1]

    @property
    def G(self) -> int:
        return int(self.groups.max() + 1)

    def subset(self, keep: np.ndarray) -> Design:
        """The same model on the rows ``keep`` (boolean), clusters renumbered."""
        groups = np.unique(self.groups[keep], return_inverse=True)[1]
        return Design(self.y[keep], self.X[keep], self.names, groups, self.link, self.firth, self.k_ssc)


@dataclass
class CoreFit:
    """Estimates of a :class:`Design`: ``beta`` (k,), expected information ``info`` (k, k; X'X for
    least squares), per-row score contributions ``scores`` (n, k; residual times x, with Firth's
    modification), ``converged`` and ``iterations``; ``lagrange``: the multiplier of a restriction."""

    beta: np.ndarray
    info: np.ndarray
    scores: np.ndarray
    converged: bool
    iterations: int
    lagrange: float = 0.0


def ssc(design: Design) -> float:
    """The small-sample factor of a clustered covariance, G/(G-1) * (N-1)/(N-K), K = ``k_ssc``
    (default: the number of columns), as statsmodels and Stata apply it (Cameron & Miller 2015)."""
    k = design.k if design.k_ssc is None else design.k_ssc
    n, g = design.n, design.G
    return g / (g - 1) * (n - 1) / (n - k)


def _logit_parts(X, y, beta, firth):
    eta = X @ beta
    p = expit(eta)
    w = p * (1 - p)
    info = X.T @ (w[:, None] * X)
    resid = y - p
    if firth:
        info_inv = np.linalg.inv(info)
        hat = w * np.einsum("ij,jk,ik->i", X, info_inv, X)
        resid = resid + hat * (0.5 - p)
    return info, resid


def fit_design(
    design: Design,
    restriction: tuple[Callable, Callable, float] | None = None,
    beta0: np.ndarray | None = None,
    max_iter: int = 100,
    tol: float = 1e-9,
) -> CoreFit:
    """Fit ``design``; with ``restriction = (q, grad_q, theta0)`` under ``q(beta) = theta0``.

    Least squares for the identity link (one step, exact when ``q`` is linear), Newton's method
    on the (Firth-modified) score otherwise, from ``beta0`` (default zeros). Does not raise on
    non-convergence: ``converged`` says so.
    """
    X, y = design.X, design.y
    k = X.shape[1]
    beta = np.zeros(k) if beta0 is None else np.array(beta0, dtype=float)
    lam, converged, it = 0.0, False, 0
    if design.link == "identity":
        info = X.T @ X
        beta = np.linalg.solve(info, X.T @ y)
        iterations = 1 if restriction is None else 30
        for it in range(1, iterations + 1):  # noqa: B007 (the count is returned)
            if restriction is None:
                converged = True
                break
            q, grad, theta0 = restriction
            g = grad(beta)
            score = X.T @ (y - X @ beta)
            hi_score, hi_g = np.linalg.solve(info, score), np.linalg.solve(info, g)
            lam = (g @ hi_score + q(beta) - theta0) / (g @ hi_g)
            step = hi_score - lam * hi_g
            beta = beta + step
            if np.max(np.abs(step)) < tol:
                converged = True
                break
        resid = y - X @ beta
        return CoreFit(beta, info, resid[:, None] * X, converged, it, float(lam))
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        info, resid = _logit_parts(X, y, beta, design.firth)
        score = X.T @ resid
        if restriction is None:
            step = np.linalg.solve(info, score)
        else:
            q, grad, theta0 = restriction
            g = grad(beta)
            # Newton on the Lagrangian: the restriction's curvature (lambda * d2q, by differences of
            # its gradient) makes the convergence quadratic; dropped if it spoils definiteness.
            M = info
            if lam != 0.0:
                h = 1e-6
                curv = np.array([(grad(beta + h * e) - g) / h for e in np.eye(k)])
                trial = info + lam * (curv + curv.T) / 2
                if np.all(np.linalg.eigvalsh(trial) > 0):
                    M = trial
            hi_score, hi_g = np.linalg.solve(M, score), np.linalg.solve(M, g)
            lam = (g @ hi_score + q(beta) - theta0) / (g @ hi_g)
            step = hi_score - lam * hi_g
        largest = np.max(np.abs(step))
        if largest > MAX_STEP:
            step = step * (MAX_STEP / largest)
        beta = beta + step
        if largest < tol:
            converged = True
            break
    info, resid = _logit_parts(X, y, beta, design.firth)
    return CoreFit(beta, info, resid[:, None] * X, converged, it, float(lam))


def cluster_sums(design: Design, scores: np.ndarray) -> np.ndarray:
    """Row contributions (n, m) summed within clusters: (G, m)."""
    return np.column_stack(
        [np.bincount(design.groups, weights=scores[:, j], minlength=design.G) for j in range(scores.shape[1])]
    )


def cluster_cov(design: Design, fit: CoreFit) -> np.ndarray:
    """The clustered (CR1) covariance: ssc * H^-1 (sum_g s_g s_g') H^-1, s_g the cluster score sums."""
    bread = np.linalg.inv(fit.info)
    s = cluster_sums(design, fit.scores)
    return ssc(design) * bread @ (s.T @ s) @ bread


def model_cov(design: Design, fit: CoreFit) -> np.ndarray:
    """The model-based covariance: H^-1 for the logit, sigma^2 (X'X)^-1 for least squares."""
    bread = np.linalg.inv(fit.info)
    if design.link == "identity":
        resid = design.y - design.X @ fit.beta
        k = design.k if design.k_ssc is None else design.k_ssc
        return bread * float(resid @ resid) / (design.n - k)
    return bread


@dataclass
class Batch:
    """Specifications fitted together: ``X`` (S, n, k) padded designs, ``mask`` (S, n) rows used,
    ``real`` (S, k) real (not padding) columns, ``y`` (n,), ``groups`` (n,) cluster index into
    all clusters, ``link`` and ``firth``."""

    X: np.ndarray
    mask: np.ndarray
    real: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    n_groups: int
    link: str
    firth: bool


def mv(A: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Batched matrix-vector product: (S, a, b) x (S, b) -> (S, a)."""
    return (A @ v[:, :, None])[:, :, 0]


def batch_fit(batch: Batch, max_iter: int = 60, tol: float = 1e-8, diverged: float = 15.0):
    """Fit every specification of ``batch``; returns ``(beta (S, k), info (S, k, k), scores
    (S, n, k), converged (S,))``. Padding columns get an identity block in the information and
    stay at zero. Least squares is solved directly; the logit and Firth's logit by Newton steps
    (capped at 5 per coefficient), each specification until its step is below ``tol``; a plain
    logit whose coefficients pass ``diverged`` is stopped there (no estimate exists)."""
    X, m, y = batch.X, batch.mask, batch.y
    S, n, k = X.shape
    pad = np.zeros((S, k, k))
    idx = np.arange(k)
    pad[:, idx, idx] = (~batch.real).astype(float) + 1e-10
    Xt = np.swapaxes(X, 1, 2)
    if batch.link == "identity":
        info = Xt @ (X * m[:, :, None]) + pad
        beta = np.linalg.solve(info, mv(Xt, m * y[None, :])[:, :, None])[:, :, 0]
        resid = (y[None, :] - mv(X, beta)) * m
        return beta, info, resid[:, :, None] * X, np.ones(S, bool)
    beta = np.zeros((S, k))
    converged = np.zeros(S, bool)
    active = np.arange(S)
    for _ in range(max_iter):
        every = len(active) == S
        Xa, Xta = (X, Xt) if every else (X[active], Xt[active])
        ma, pa = (m, pad) if every else (m[active], pad[active])
        info, resid = _batch_parts(Xa, Xta, ma, y, beta[active], pa, batch.firth)
        step = np.linalg.solve(info, mv(Xta, resid)[:, :, None])[:, :, 0]
        largest = np.abs(step).max(axis=1)
        step *= np.minimum(1.0, 5.0 / np.maximum(largest, 1e-300))[:, None]
        beta[active] += step
        done = largest < tol
        converged[active[done]] = True
        stop = done | ((np.abs(beta[active]) > diverged).any(axis=1) if not batch.firth else False)
        active = active[~stop]
        if not len(active):
            break
    info, resid = _batch_parts(X, Xt, m, y, beta, pad, batch.firth)
    return beta, info, resid[:, :, None] * X, converged


def _batch_parts(X, Xt, m, y, beta, pad, firth):
    p = expit(mv(X, beta))
    w = p * (1 - p) * m
    info = Xt @ (X * w[:, :, None]) + pad
    resid = (y[None, :] - p) * m
    if firth:
        hat = w * ((X @ np.linalg.inv(info)) * X).sum(axis=2)
        resid = resid + hat * (0.5 - p)
    return info, resid


def single_threaded(function):
    """Run ``function`` with the BLAS library limited to one thread (threadpoolctl). The matrices
    of this package are small, and a multi-threaded BLAS spends more time waking its threads than
    computing (on a two-core machine shared with other work, up to fifty times more)."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return wrapper
