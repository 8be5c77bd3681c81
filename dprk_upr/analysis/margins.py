"""Quantities on the probability scale: average marginal effects, marginal effects within a
subgroup, cross-partials (how one variable's effect differs between two values of another),
second differences and predicted probabilities, with delta-method standard errors.

Every quantity is a :class:`Quantity`: a weighted sum of averages, over counterfactual copies of
the estimation sample, of either the predicted probability ("level") or its derivative with
respect to one variable ("slope"). Counterfactual designs are built once by patsy from the
model's own design information (so interactions and transforms are recomputed), after which the
value and gradient at any coefficient vector cost a few matrix products; the bootstraps and the
restricted fits of ``dprk_upr.analysis.inference`` re-evaluate them thousands of times.

Averages are over the estimation sample (the observed-value approach). A continuous variable's
effect is reported per standard deviation of that variable in the estimation sample (the SD is
treated as fixed), a 0/1 variable's as the change from 0 to 1. Standard errors: delta method with
the model's clustered covariance (covariates treated as fixed). On the probability scale an
interaction is the cross-partial, not the coefficient of the product term (Ai & Norton 2003).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import patsy
from scipy import stats
from scipy.special import expit

from .results import Z95, FitResult

#: Half-width of the central difference that gives a design's derivative in a variable (exact
#: for designs linear in the variable, which all the book's are).
STEP = 1e-3


@dataclass
class Quantity:
    """A quantity ``scale * sum_j weight_j * mean_i F(x_ij, d_ij, beta)`` of a fitted model.

    ``parts``: list of ``(weight, X, D)``, ``X`` an (m, k) counterfactual design with the
    columns of the model's ``params`` and ``D`` its derivative in the variable of interest
    ((m, k), a "slope") or None (a "level"). F is the predicted probability (level) or its
    derivative ``p(1 - p) * D beta`` (slope) for a logit, ``X beta`` or ``D beta`` for a linear
    model. ``scale`` multiplies the whole (a standard deviation; 1 by default); ``unit`` says
    in words what one unit of the quantity is.
    """

    name: str
    link: str
    parts: list = field(default_factory=list)
    scale: float = 1.0
    unit: str = ""

    def value(self, beta: np.ndarray) -> float:
        """The quantity at coefficients ``beta`` (k,)."""
        total = 0.0
        for weight, X, D in self.parts:
            eta = X @ beta
            if self.link == "logit":
                p = expit(eta)
                f = p if D is None else p * (1 - p) * (D @ beta)
            else:
                f = eta if D is None else D @ beta
            total += weight * f.mean()
        return float(self.scale * total)

    def gradient(self, beta: np.ndarray) -> np.ndarray:
        """d value / d beta (k,)."""
        grad = np.zeros(len(beta))
        for weight, X, D in self.parts:
            if self.link == "logit":
                p = expit(X @ beta)
                w = p * (1 - p)
                if D is None:
                    g = (w @ X) / len(X)
                else:
                    slope = D @ beta
                    g = ((w * (1 - 2 * p) * slope) @ X + w @ D) / len(X)
            else:
                g = X.mean(axis=0) if D is None else D.mean(axis=0)
            grad += weight * g
        return self.scale * grad

    def values(self, betas: np.ndarray) -> np.ndarray:
        """The quantity at each row of ``betas`` (B, k), vectorised."""
        total = np.zeros(len(betas))
        for weight, X, D in self.parts:
            eta = X @ betas.T
            if self.link == "logit":
                p = expit(eta)
                f = p if D is None else p * (1 - p) * (D @ betas.T)
            else:
                f = eta if D is None else D @ betas.T
            total += weight * f.mean(axis=0)
        return self.scale * total


def designs(result: FitResult, frames: list[pd.DataFrame]) -> list[np.ndarray]:
    """The model's design for each frame in ``frames`` (one patsy call for all), with the columns
    in the order of ``result.params``."""
    stacked = pd.concat(frames, ignore_index=True)
    matrix = patsy.build_design_matrices([result.design_info], stacked, return_type="dataframe")[0]
    matrix = matrix[list(result.params.index)].to_numpy(float)
    bounds = np.cumsum([0] + [len(f) for f in frames])
    return [matrix[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _set(frame: pd.DataFrame, **values) -> pd.DataFrame:
    out = frame.copy()
    for column, value in values.items():
        out[column] = value
    return out


def is_binary(result: FitResult, var: str) -> bool:
    """Whether ``var`` takes only the values 0 and 1 in the estimation sample."""
    return set(pd.unique(result.frame[var])) <= {0, 1}


def sd(result: FitResult, var: str) -> float:
    """Standard deviation of ``var`` over the rows of the estimation sample."""
    return float(result.frame[var].std())


def _slope_parts(result: FitResult, var: str, weight: float, **settings) -> list:
    base = _set(result.frame, **settings)
    hi = _set(base, **{var: base[var] + STEP})
    lo = _set(base, **{var: base[var] - STEP})
    X, Xh, Xl = designs(result, [base, hi, lo])
    return [(weight, X, (Xh - Xl) / (2 * STEP))]


def _level_parts(result: FitResult, settings: list[tuple[float, dict]]) -> list:
    frames = [_set(result.frame, **s) for _, s in settings]
    return [(w, X, None) for (w, _), X in zip(settings, designs(result, frames))]


def _unit(result: FitResult, var: str, per_sd: bool) -> tuple[float, str]:
    if per_sd and not is_binary(result, var):
        s = sd(result, var)
        return s, f"per standard deviation of {var} ({s:.2f})"
    return 1.0, "0 to 1" if is_binary(result, var) else f"per unit of {var}"


def ame(result: FitResult, var: str, per_sd: bool = True) -> Quantity:
    """Average marginal effect of ``var``: mean of P(var = 1) - P(var = 0) for a 0/1 variable,
    mean derivative (times its SD with ``per_sd``) for a continuous one."""
    scale, unit = _unit(result, var, per_sd)
    if is_binary(result, var):
        parts = _level_parts(result, [(1.0, {var: 1}), (-1.0, {var: 0})])
    else:
        parts = _slope_parts(result, var, 1.0)
    return Quantity(f"AME of {var}", result.link, parts, scale, unit)


def subgroup_effect(result: FitResult, var: str, at: str, value: int = 1, per_sd: bool = True) -> Quantity:
    """The average marginal effect of ``var`` with the 0/1 variable ``at`` set to ``value`` for
    every recommendation (for example, the effect of distance were every recommendation sensitive)."""
    scale, unit = _unit(result, var, per_sd)
    if is_binary(result, var):
        parts = _level_parts(result, [(1.0, {var: 1, at: value}), (-1.0, {var: 0, at: value})])
    else:
        parts = _slope_parts(result, var, 1.0, **{at: value})
    return Quantity(f"effect of {var} at {at} = {value}", result.link, parts, scale, unit)


def cross_partial(result: FitResult, var: str, at: str, per_sd: bool = True) -> Quantity:
    """How much the marginal effect of ``var`` differs between ``at`` = 1 and ``at`` = 0 (the
    average cross-partial derivative of the probability, Ai & Norton 2003; for two 0/1 variables,
    the second difference)."""
    one = subgroup_effect(result, var, at, 1, per_sd)
    zero = subgroup_effect(result, var, at, 0, per_sd)
    parts = one.parts + [(-w, X, D) for w, X, D in zero.parts]
    return Quantity(
        f"difference in the effect of {var} between {at} = 1 and 0", result.link, parts, one.scale, one.unit
    )


def level(result: FitResult, **settings) -> Quantity:
    """The average predicted probability with the given columns set for every recommendation."""
    return Quantity(
        "average prediction at " + ", ".join(f"{k} = {v}" for k, v in settings.items()),
        result.link,
        _level_parts(result, [(1.0, settings)]),
    )


def delta(result: FitResult, quantity: Quantity) -> dict:
    """Estimate, delta-method SE (clustered covariance), z, p and 95% interval of ``quantity``;
    all missing, with the reason in ``problem``, when the model has a blanking diagnostic."""
    problem = result.problem()
    beta = result.params.to_numpy()
    value = quantity.value(beta)
    grad = quantity.gradient(beta)
    var = float(grad @ result.cov.to_numpy() @ grad)
    se = np.sqrt(var) if var > 0 else np.nan
    row = {
        "estimate": value,
        "std_err": se,
        "z": value / se,
        "p_value": float(2 * stats.norm.sf(abs(value / se))),
        "ci_low": value - Z95 * se,
        "ci_high": value + Z95 * se,
        "unit": quantity.unit,
        "problem": problem,
    }
    if problem:
        row.update({k: np.nan for k in ("estimate", "std_err", "z", "p_value", "ci_low", "ci_high")})
    return row


def average_marginal_effects(
    result: FitResult, variables: list[str] | None = None, per_sd: bool = True
) -> pd.DataFrame:
    """Average marginal effects (:func:`ame`) with delta-method inference, one row per variable:
    ``variable``, ``kind`` ("0 to 1" or "derivative"), ``ame``, ``std_err``, ``p_value``,
    ``ci_low``, ``ci_high``, ``unit`` and ``problem`` (why the row is blank, "" when it is not).

    By default the variables are specific, sensitive, distance and polyarchy, where the model has
    a main-effect coefficient for them (distance is absorbed in the reviewer-effect LPM).
    """
    if variables is None:
        candidates = ("specific", "sensitive", "ideal_point_distance", "polyarchy")
        variables = [v for v in candidates if v in result.params.index]
    rows = []
    for var in variables:
        out = delta(result, ame(result, var, per_sd))
        rows.append(
            {
                "variable": var,
                "kind": "0 to 1" if is_binary(result, var) else "derivative",
                "ame": out["estimate"],
                **{k: out[k] for k in ("std_err", "p_value", "ci_low", "ci_high", "unit", "problem")},
            }
        )
    return pd.DataFrame(rows)


def predicted_probabilities(
    result: FitResult,
    data: pd.DataFrame | None = None,
    var: str = "ideal_point_distance",
    grid: int = 25,
    by: tuple[str, str] = ("specific", "sensitive"),
) -> pd.DataFrame:
    """Average predicted probabilities over the observed range of ``var`` for each combination of
    the two 0/1 variables in ``by`` (other variables at their observed values in ``data``, by
    default the estimation sample).

    95% intervals: delta method (clustered covariance) on the logit of the averaged probability,
    transformed back, so they stay inside [0, 1]. Logit models only. Columns: ``var``, ``by``,
    ``probability``, ``std_err``, ``ci_low``, ``ci_high`` and ``problem`` (the model's blanking
    diagnostics in words; the numbers are missing when it is not empty).
    """
    if result.link != "logit":
        raise ValueError(f"model '{result.spec.id}': predicted probabilities need a logit model.")
    data = result.frame if data is None else data
    values = np.linspace(result.frame[var].min(), result.frame[var].max(), grid)
    keys = [(a, b, v) for a in (0, 1) for b in (0, 1) for v in values]
    mats = designs(result, [_set(data, **{var: v, by[0]: a, by[1]: b}) for a, b, v in keys])
    beta, cov = result.params.to_numpy(), result.cov.to_numpy()
    rows = []
    for (a, b, v), X in zip(keys, mats):
        p_i = expit(X @ beta)
        p = float(p_i.mean())
        grad = ((p_i * (1 - p_i)) @ X) / len(X)
        se = float(np.sqrt(max(grad @ cov @ grad, 0.0)))
        with np.errstate(divide="ignore", invalid="ignore"):
            centre, se_logit = np.log(p / (1 - p)), se / (p * (1 - p))
        rows.append(
            {
                var: v,
                by[0]: a,
                by[1]: b,
                "probability": p,
                "std_err": se,
                "ci_low": float(expit(centre - Z95 * se_logit)),
                "ci_high": float(expit(centre + Z95 * se_logit)),
            }
        )
    out = pd.DataFrame(rows)
    out["problem"] = result.problem()
    if result.problem():
        out[["probability", "std_err", "ci_low", "ci_high"]] = np.nan
    return out
