"""Inference built for few and unequal clusters: the restricted wild cluster bootstrap, the
cluster jackknife, and the effective number of clusters.

With 82 reviewers that differ greatly in how many recommendations they made, clustered (CR1)
standard errors and normal p-values over-reject (Cameron, Gelbach & Miller 2008; MacKinnon & Webb
2017; MacKinnon, Nielsen & Webb 2023). This module gives, for any coefficient or probability-scale
:class:`~dprk_upr.analysis.margins.Quantity` of a fitted model:

- :func:`wild_bootstrap`: a p-value for ``q(beta) = theta0`` and a 95% interval by inverting it.
  The null is imposed (restricted, "WCR") and the cluster weights are Webb's six-point weights
  (Webb 2023). For a linear probability model it is the wild restricted bootstrap-t of Roodman et
  al. (2019), computed in closed form for all draws at once (the tests check it against the
  ``wildboottest`` package). For a logit or Firth model, refitting a nonlinear model thousands of
  times is replaced by the score bootstrap of Kline & Santos (2012): the model is fitted once
  under the null, and each draw perturbs the clusters' score contributions, projected on the
  tested quantity through the inverse information. A null on a marginal effect (not a linear
  restriction on the coefficients) is imposed by fitting under the nonlinear restriction
  (:func:`~dprk_upr.analysis.core.fit_design`).
- :func:`jackknife`: the leave-one-cluster-out (CV3) standard error, a check on CR1.
- :func:`effective_clusters`: Carter, Schnepel & Steigerwald's (2017) G*, with the within-cluster
  correlation of the score set to 0 and to 1; for a logit the observations are weighted by
  p(1 - p), the analogue for a weighted score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .core import Batch, Design, batch_fit, cluster_sums, fit_design, ssc
from .margins import Quantity
from .results import FitResult

#: Bootstrap draws for p-values and intervals, and the seed that makes them reproducible.
DRAWS = 9999
SEED = 20240801
LEVEL = 0.05

_WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


@lru_cache(maxsize=16)
def weights(n_draws: int, n_clusters: int, seed: int = SEED, kind: str = "webb") -> np.ndarray:
    """Wild-bootstrap weights, (draws, clusters): Webb's six-point distribution (+-sqrt(1/2), +-1,
    +-sqrt(3/2), each with probability 1/6) or Rademacher (+-1). The array is read-only and the
    same for the same arguments, so every test of a model uses the same draws."""
    rng = np.random.default_rng(seed)
    if kind == "webb":
        out = _WEBB[rng.integers(0, 6, size=(n_draws, n_clusters))]
    elif kind == "rademacher":
        out = rng.choice([-1.0, 1.0], size=(n_draws, n_clusters))
    else:
        raise ValueError(f"unknown wild-bootstrap weights '{kind}' (use 'webb' or 'rademacher')")
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class Draws:
    """Wild-bootstrap weights ``V`` (draws, clusters), their squares ``V2``, and both transposed
    (``VT``, ``V2T``: clusters, draws), which make the products with a cluster vector fast."""

    V: np.ndarray
    V2: np.ndarray
    VT: np.ndarray
    V2T: np.ndarray


@lru_cache(maxsize=16)
def draws(n_draws: int, n_clusters: int, seed: int = SEED, kind: str = "webb") -> Draws:
    """:func:`weights` and their squares, computed once per size and seed."""
    V = weights(n_draws, n_clusters, seed, kind)
    V2 = V**2
    return Draws(V, V2, np.ascontiguousarray(V.T), np.ascontiguousarray(V2.T))


@dataclass
class Target:
    """What is tested, on the model's arrays: ``q`` and ``grad`` (functions of the design's
    coefficient vector), the estimate, and a label."""

    q: object
    grad: object
    estimate: float
    label: str


def _columns(result: FitResult) -> np.ndarray:
    """Positions of the design's coefficients in ``result.params`` (the design of a model that
    absorbs effects has no intercept)."""
    return np.array([result.params.index.get_loc(n) for n in result.design.names])


def target(result: FitResult, what: str | Quantity) -> Target:
    """A coefficient name or a :class:`~dprk_upr.analysis.margins.Quantity` as a function of the
    design's coefficients. Raises ValueError for a quantity that depends on the intercept of a
    model absorbing fixed effects (a level, not identified there)."""
    design = result.design
    cols = _columns(result)
    full = result.params.to_numpy()
    if isinstance(what, str):
        j = design.names.index(what)
        e = np.zeros(design.k)
        e[j] = 1.0
        return Target(lambda b: b[j], lambda b: e, float(full[cols[j]]), what)
    if len(cols) < len(full):
        others = np.setdiff1d(np.arange(len(full)), cols)
        if np.any(np.abs(what.gradient(full)[others]) > 1e-10):
            raise ValueError(f"model '{result.spec.id}': '{what.name}' depends on absorbed effects.")

    def embed(b):
        out = full.copy()
        out[cols] = b
        return out

    return Target(lambda b: what.value(embed(b)), lambda b: what.gradient(embed(b))[cols], what.value(full), what.name)


class _LinearWCR:
    """Wild restricted bootstrap-t for least squares (Roodman et al. 2019), all draws at once.

    The restricted residuals, hence the clusters' bootstrap scores, are linear in the null value
    theta0, so the numerator and the bootstrap CR1 denominator of every draw are quadratic
    polynomials in theta0 whose coefficients are computed once; testing another theta0 (to
    invert the test into an interval) then costs O(draws).
    """

    def __init__(self, design: Design, tgt: Target, V: np.ndarray):
        X, y = design.X, design.y
        info_inv = np.linalg.inv(X.T @ X)
        beta = info_inv @ (X.T @ y)
        q = tgt.grad(beta)  # a linear quantity: constant gradient
        P = info_inv @ q
        self.factor = ssc(design)
        self.estimate = float(tgt.q(beta))
        outer = (X[:, :, None] * X[:, None, :]).reshape(design.n, -1)
        A = cluster_sums(design, outer).reshape(design.G, design.k, design.k)
        AP = A @ P
        # restricted beta(theta0) = beta - P (estimate - theta0) / (q'P): residual = u_a + theta0 u_b
        u_a = y - X @ (beta - P * self.estimate / (q @ P))
        u_b = -(X @ P) / (q @ P)
        parts = []
        for u in (u_a, u_b):
            S = cluster_sums(design, u[:, None] * X)
            C = S @ P
            H = AP @ info_inv @ S.T
            parts.append(V * C - V @ H.T)
        Za, Zb = parts
        Ca = cluster_sums(design, u_a[:, None] * X) @ P
        Cb = cluster_sums(design, u_b[:, None] * X) @ P
        self.na, self.nb = V @ Ca, V @ Cb
        self.zaa = np.einsum("bg,bg->b", Za, Za)
        self.zab = np.einsum("bg,bg->b", Za, Zb)
        self.zbb = np.einsum("bg,bg->b", Zb, Zb)
        S_hat = cluster_sums(design, (y - X @ beta)[:, None] * X)
        self.se = float(np.sqrt(self.factor * np.sum((S_hat @ P) ** 2)))

    def statistics(self, theta0: float) -> tuple[float, np.ndarray]:
        """The sample's CR1 t-statistic and the (B,) bootstrap t-statistics under theta0."""
        numer = self.na + theta0 * self.nb
        denom = self.factor * (self.zaa + 2 * theta0 * self.zab + theta0**2 * self.zbb)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_boot = numer / np.sqrt(denom)
        return (self.estimate - theta0) / self.se, np.nan_to_num(t_boot)


def _score_statistic(design: Design, tgt: Target, theta0: float, D: Draws, start: np.ndarray):
    """The score bootstrap (Kline & Santos 2012) under ``q(beta) = theta0``: the cluster-robust
    score statistic and its (B,) bootstrap draws; None when the restricted fit fails."""
    fit = fit_design(design, restriction=(tgt.q, tgt.grad, theta0), beta0=start)
    if not fit.converged or not np.all(np.isfinite(fit.beta)):
        return None
    a = cluster_sums(design, fit.scores) @ np.linalg.solve(fit.info, tgt.grad(fit.beta))
    denom = np.sqrt(np.sum(a**2))
    if denom == 0:
        return 0.0, np.zeros(len(D.V)), fit.beta
    t = float(a.sum() / denom)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_boot = (a @ D.VT) / np.sqrt((a**2) @ D.V2T)
    return t, np.nan_to_num(t_boot), fit.beta


class _ScoreTest:
    """The restricted score bootstrap of a logit or Firth model, each null value's restricted fit
    started from the last one (the bisection moves in small steps)."""

    def __init__(self, design: Design, tgt: Target, D: Draws):
        self.design, self.tgt, self.D = design, tgt, D
        self.start = fit_design(design).beta

    def statistics(self, theta0: float):
        out = _score_statistic(self.design, self.tgt, theta0, self.D, self.start)
        if out is None:
            return None
        t, t_boot, beta = out
        self.start = beta
        return t, t_boot


def _tester(result: FitResult, tgt: Target, D: Draws):
    if result.design.link == "identity":
        return _LinearWCR(result.design, tgt, D.V)
    return _ScoreTest(result.design, tgt, D)


def _p(tester, theta0: float) -> float:
    out = tester.statistics(theta0)
    if out is None:  # no coefficients satisfy the null: it is rejected
        return 0.0
    t, t_boot = out
    return float(np.mean(np.abs(t_boot) > abs(t)))


def wild_p(result: FitResult, what, theta0: float = 0.0, n_draws: int = DRAWS, seed: int = SEED) -> float:
    """Restricted wild cluster bootstrap p-value (two-sided, Webb weights) for ``what`` (a
    coefficient name or a Quantity) equal to ``theta0``: the share of draws whose statistic is
    larger in absolute value than the sample's. Missing when the model (for a coefficient, that
    coefficient) has a blanking diagnostic."""
    if result.problem(what if isinstance(what, str) else None):
        return float("nan")
    tgt = target(result, what)
    return _p(_tester(result, tgt, draws(n_draws, result.design.G, seed)), theta0)


def _end(tester, estimate: float, direction: float, width: float, level: float, tol: float, steps: int) -> float:
    """One end of the interval: the null value, on the side ``direction`` of ``estimate``, where
    the bootstrap p-value falls to ``level``. Bracketed from ``estimate + direction * width``
    (widened by half until rejected), then found by regula falsi with the Illinois modification
    (at most ``steps`` more tests, stopping when the bracket is narrower than ``tol``)."""
    inside, p_in = estimate, 1.0
    for _ in range(12):
        trial = estimate + direction * width
        p_trial = _p(tester, trial)
        if p_trial <= level:
            outside, p_out = trial, p_trial
            break
        inside, p_in, width = trial, p_trial, width * 1.5
    else:
        return direction * np.inf
    side = 0
    for _ in range(steps):
        if abs(outside - inside) < tol:
            break
        middle = inside + (p_in - level) * (outside - inside) / (p_in - p_out)
        p_mid = _p(tester, middle)
        if p_mid > level:
            inside, p_in = middle, p_mid
            if side == -1:
                p_out = level + (p_out - level) / 2
            side = -1
        else:
            outside, p_out = middle, p_mid
            if side == 1:
                p_in = level + (p_in - level) / 2
            side = 1
    return (inside + outside) / 2


@dataclass
class WildResult:
    """A restricted wild cluster bootstrap: ``estimate``, ``p_value`` (for 0), the 95% interval
    ``ci_low``/``ci_high`` (the null values not rejected at 5%), ``draws`` and ``problem`` (why
    the numbers are missing, "" when they are not)."""

    estimate: float
    p_value: float
    ci_low: float
    ci_high: float
    draws: int
    problem: str = ""


def wild_bootstrap(
    result: FitResult,
    what,
    n_draws: int = DRAWS,
    seed: int = SEED,
    level: float = LEVEL,
    steps: int = 7,
) -> WildResult:
    """p-value for zero and the 1 - ``level`` interval of ``what`` (a coefficient name or a
    Quantity) by the restricted wild cluster bootstrap with Webb weights.

    The interval collects the null values whose p-value exceeds ``level``: each end is bracketed
    from the estimate plus or minus 1.96 clustered standard errors (widened by half until the null
    is rejected) and then located by regula falsi, to 1% of a standard error or ``steps`` tests. An end that no bracket reaches is infinite. A blanking diagnostic of the
    model (for a coefficient, of that coefficient) gives missing numbers and the reason in
    ``problem``.
    """
    problem = result.problem(what if isinstance(what, str) else None)
    if problem:
        nan = float("nan")
        return WildResult(nan, nan, nan, nan, n_draws, problem)
    tgt = target(result, what)
    tester = _tester(result, tgt, draws(n_draws, result.design.G, seed))
    p0 = _p(tester, 0.0)
    full = result.params.to_numpy()
    grad = what.gradient(full) if not isinstance(what, str) else (result.params.index == what).astype(float)
    width0 = float(np.sqrt(max(grad @ result.cov.to_numpy() @ grad, 1e-12)))
    ends = []
    for direction in (-1.0, 1.0):
        if hasattr(tester, "start"):
            tester.start = fit_design(result.design).beta
        ends.append(_end(tester, tgt.estimate, direction, 1.96 * width0, level, tol=0.01 * width0, steps=steps))
    return WildResult(tgt.estimate, p0, ends[0], ends[1], n_draws)


def jackknife_betas(result: FitResult) -> np.ndarray:
    """The model refitted without each cluster in turn, (G, k) in the design's coefficients: all
    G refits at once (:func:`~dprk_upr.analysis.core.batch_fit`), started from the full-sample fit."""
    design = result.design
    G = design.G
    mask = (design.groups[None, :] != np.arange(G)[:, None]).astype(float)
    X = np.broadcast_to(design.X, (G, *design.X.shape))
    batch = Batch(X, mask, np.ones((G, design.k), bool), design.y, design.groups, G, design.link, design.firth)
    return batch_fit(batch, diverged=np.inf)[0]


def jackknife(result: FitResult, what, betas: np.ndarray | None = None) -> float:
    """The cluster jackknife (CV3) standard error of ``what`` (coefficient name or Quantity):
    sqrt((G - 1)/G * sum_g (theta_(g) - theta)^2), theta_(g) from the model refitted without
    cluster g (MacKinnon, Nielsen & Webb 2023); ``betas`` from :func:`jackknife_betas` (computed
    when not given). Missing under a blanking diagnostic."""
    if result.problem(what if isinstance(what, str) else None):
        return float("nan")
    tgt = target(result, what)
    betas = jackknife_betas(result) if betas is None else betas
    values = np.array([tgt.q(b) for b in betas])
    G = len(betas)
    return float(np.sqrt((G - 1) / G * np.sum((values - tgt.estimate) ** 2)))


def effective_clusters(result: FitResult, what, rho: float = 1.0) -> float:
    """Carter, Schnepel & Steigerwald's (2017) effective number of clusters G* = G / (1 + Gamma),
    Gamma the squared coefficient of variation of gamma_g = c' X_g' Omega_g X_g c, c = H^-1 grad,
    with Omega_g = (1 - rho) I + rho 11' (rows of a logit weighted by sqrt(p(1 - p))). Equal
    clusters give G* = G; a few dominant clusters give G* near their number."""
    design = result.design
    tgt = target(result, what)
    fit = fit_design(design)
    c = np.linalg.solve(fit.info, tgt.grad(fit.beta))
    if design.link == "logit":
        p = 1 / (1 + np.exp(-(design.X @ fit.beta)))
        w = np.sqrt(p * (1 - p))
    else:
        w = np.ones(design.n)
    xc = (design.X @ c) * w
    sums = np.bincount(design.groups, weights=xc, minlength=design.G)
    squares = np.bincount(design.groups, weights=xc**2, minlength=design.G)
    gamma = (1 - rho) * squares + rho * sums**2
    big_gamma = np.mean((gamma - gamma.mean()) ** 2) / gamma.mean() ** 2
    return float(design.G / (1 + big_gamma))


def summarise(
    result: FitResult, what, scale: float = 1.0, n_draws: int = DRAWS, betas: np.ndarray | None = None
) -> dict:
    """Every kind of inference for one coefficient or quantity of ``result``, the numbers times
    ``scale`` (100 for percentage points): ``estimate``, ``std_err`` (clustered, delta method),
    ``p_cr1`` (normal), ``p_wild``, ``ci_low``/``ci_high`` (wild bootstrap, 95%), ``se_jackknife``,
    ``g_star_0`` and ``g_star_1`` (effective clusters with within-cluster correlation 0 and 1),
    ``clusters`` (G) and ``problem`` (why the numbers are missing, "" when they are not);
    ``betas``: the jackknife refits of :func:`jackknife_betas`, to share between quantities."""
    from scipy import stats

    problem = result.problem(what if isinstance(what, str) else None)
    full = result.params.to_numpy()
    if isinstance(what, str):
        grad = (result.params.index == what).astype(float)
        value = float(result.params[what])
    else:
        grad, value = what.gradient(full), what.value(full)
    var = float(grad @ result.cov.to_numpy() @ grad)
    se = np.sqrt(var) if var > 0 else np.nan
    row = {"estimate": scale * value, "std_err": scale * se, "p_cr1": float(2 * stats.norm.sf(abs(value / se)))}
    if problem:
        nan = float("nan")
        row = {k: nan for k in row}
        row.update(p_wild=nan, ci_low=nan, ci_high=nan, se_jackknife=nan, g_star_0=nan, g_star_1=nan)
    else:
        w = wild_bootstrap(result, what, n_draws=n_draws)
        row.update(
            p_wild=w.p_value,
            ci_low=scale * w.ci_low,
            ci_high=scale * w.ci_high,
            se_jackknife=scale * jackknife(result, what, betas),
            g_star_0=effective_clusters(result, what, 0.0),
            g_star_1=effective_clusters(result, what, 1.0),
        )
    row.update(clusters=result.n_clusters, problem=problem)
    return row
