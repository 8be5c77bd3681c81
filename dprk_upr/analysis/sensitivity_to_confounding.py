"""How strong an unobserved confounder would have to be to explain an estimate away: the partial
R² and robustness value of Cinelli & Hazlett (2020), benchmarked on an observed covariate.

For a linear regression of the outcome Y on the treatment D and covariates X (here a linear
probability model of the answer on the reviewer's distance, the recommendation's properties and
the reviewer's democracy score), with t-statistic t and residual degrees of freedom df:

- partial R² of D with Y: t² / (t² + df);
- robustness value RV_q: the share of the residual variance of both D and Y that a confounder
  would need to explain to reduce the estimate by 100q%: 1/2 (sqrt(f⁴ + 4 f²) - f²),
  f = q abs(t) / sqrt(df); RV_{q,alpha} does the same for the estimate's significance, with
  f - t*_{alpha, df-1} / sqrt(df - 1) in place of f (zero when that is negative);
- bounds: a confounder k times as strong as the benchmark covariate X_j (in the residual variance
  of D and of Y it explains) has partial R²s with D and Y bounded as in Cinelli & Hazlett's
  Section 6 (:func:`benchmark_bounds`), and the estimate adjusted for it is
  b - sign(b) se sqrt(df) sqrt(R²_YZ R²_DZ / (1 - R²_DZ)).

The formulas use the model's classical standard errors, as Cinelli & Hazlett's do; the chapter
reports the clustered inference elsewhere. The sensemakr packages implement the same formulas;
they are not used here because they would bring a second notebook stack into the book.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .sample import prepare


def partial_r2(t: float, dof: float) -> float:
    """Partial R² of a regressor with the outcome, from its t-statistic and the residual df.

    >>> round(partial_r2(4.18, 783), 4)  # Cinelli & Hazlett (2020), Darfur example: 2.19%
    0.0218
    """
    return t**2 / (t**2 + dof)


def robustness_value(t: float, dof: float, q: float = 1.0, alpha: float | None = None) -> float:
    """Robustness value RV_q (with ``alpha``: RV_{q,alpha}), as a share (0-1).

    >>> round(robustness_value(4.18, 783), 3), round(robustness_value(4.18, 783, alpha=0.05), 3)
    (0.139, 0.076)
    """
    f = q * abs(t) / np.sqrt(dof)
    if alpha is not None:
        f = f - abs(stats.t.ppf(alpha / 2, dof - 1)) / np.sqrt(dof - 1)
        if f <= 0:
            return 0.0
    return float(0.5 * (np.sqrt(f**4 + 4 * f**2) - f**2))


def benchmark_bounds(r2dxj_x: float, r2yxj_dx: float, kd: float, ky: float | None = None) -> tuple[float, float]:
    """Upper bounds on the partial R² of a confounder Z with the treatment (given X) and with the
    outcome (given D and X) when Z is ``kd`` (``ky``, default ``kd``) times as strong as the
    benchmark X_j, whose partial R² with the treatment is ``r2dxj_x`` and with the outcome
    ``r2yxj_dx`` (Cinelli & Hazlett 2020, Section 6.1). Returns ``(r2dz_x, r2yz_dx)``, each at most
    1, or missing values when ``kd`` times the benchmark's share reaches 1 (no such confounder exists)."""
    ky = kd if ky is None else ky
    if kd * r2dxj_x >= 1:  # no confounder can be that strong: it would explain all of the treatment
        return float("nan"), float("nan")
    r2dz_x = kd * r2dxj_x / (1 - r2dxj_x)
    r2zxj_xd = kd * r2dxj_x**2 / ((1 - kd * r2dxj_x) * (1 - r2dxj_x))
    if r2zxj_xd >= 1:
        return float("nan"), float("nan")
    r2yz_dx = ((np.sqrt(ky) + np.sqrt(r2zxj_xd)) / np.sqrt(1 - r2zxj_xd)) ** 2 * (r2yxj_dx / (1 - r2yxj_dx))
    return min(r2dz_x, 1.0), min(r2yz_dx, 1.0)


def adjusted_estimate(estimate: float, se: float, dof: float, r2dz_x: float, r2yz_dx: float) -> float:
    """The estimate after removing the largest bias of a confounder with the given partial R²s,
    in the direction of zero (it may cross zero)."""
    bias = se * np.sqrt(dof) * np.sqrt(r2yz_dx * r2dz_x / (1 - r2dz_x))
    return float(estimate - np.sign(estimate) * bias)


def sensitivity(spec, data: pd.DataFrame, treatment: str, benchmark: str, k=(1, 2, 3)) -> tuple[dict, pd.DataFrame]:
    """Cinelli & Hazlett's sensitivity analysis of ``treatment`` in the linear probability model
    ``spec`` (its estimator is replaced by OLS with classical errors), benchmarked on ``benchmark``.

    Returns ``(summary, bounds)``: ``summary`` with ``estimate``, ``se``, ``t``, ``dof``,
    ``partial_r2`` (of the treatment with the outcome), ``rv`` (RV_1) and ``rv_alpha``
    (RV_{1,0.05}), and the benchmark's own partial R²s; ``bounds`` one row per multiple k of the
    benchmark's strength with ``r2dz_x``, ``r2yz_dx`` and ``adjusted`` (the estimate adjusted for
    such a confounder).
    """
    import statsmodels.api as sm

    sample = prepare(spec.replace(estimator="lpm", fixed_effects=[]), data)
    X, y = sample.X, sample.y
    full = sm.OLS(y, X).fit()
    dof = float(full.df_resid)
    t_d, t_j = float(full.tvalues[treatment]), float(full.tvalues[benchmark])
    # the benchmark's partial R2 with the treatment, given the other covariates
    others = X.drop(columns=[treatment])
    aux = sm.OLS(X[treatment].to_numpy(), others).fit()
    r2dxj_x = partial_r2(float(aux.tvalues[benchmark]), float(aux.df_resid))
    r2yxj_dx = partial_r2(t_j, dof)
    summary = {
        "estimate": float(full.params[treatment]),
        "se": float(full.bse[treatment]),
        "t": t_d,
        "dof": dof,
        "n": sample.n,
        "partial_r2": partial_r2(t_d, dof),
        "rv": robustness_value(t_d, dof),
        "rv_alpha": robustness_value(t_d, dof, alpha=0.05),
        "benchmark_r2_treatment": r2dxj_x,
        "benchmark_r2_outcome": r2yxj_dx,
    }
    rows = []
    for kd in k:
        r2dz, r2yz = benchmark_bounds(r2dxj_x, r2yxj_dx, kd)
        feasible = np.isfinite(r2dz) and r2dz < 1
        adjusted = adjusted_estimate(summary["estimate"], summary["se"], dof, r2dz, r2yz) if feasible else np.nan
        note = "" if feasible else f"impossible: {kd} times the benchmark would explain all of {treatment}"
        rows.append({"k": kd, "r2dz_x": r2dz, "r2yz_dx": r2yz, "adjusted": adjusted, "note": note})
    return summary, pd.DataFrame(rows)
