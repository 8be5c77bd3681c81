"""Average marginal effects and predicted probabilities, on the probability scale.

Both are averages over the estimation sample (the observed-value approach), with delta-method
standard errors from the model's (clustered) covariance, using the analytic gradient of the
averaged prediction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import patsy
from scipy import stats
from scipy.special import expit

from .results import Z95, FitResult


def _design(result: FitResult, newdata: pd.DataFrame) -> np.ndarray:
    matrix = patsy.build_design_matrices([result.design_info], newdata, return_type="dataframe")[0]
    return matrix[result.params.index].to_numpy(float)


def _mean_prediction(result: FitResult, X: np.ndarray) -> tuple[float, np.ndarray]:
    """Average prediction over rows of X and its gradient with respect to the coefficients."""
    beta = result.params.to_numpy()
    if result.link == "logit":
        p = expit(X @ beta)
        return float(p.mean()), (p * (1 - p)) @ X / len(X)
    return float((X @ beta).mean()), X.mean(axis=0)


def _delta(result: FitResult, grad: np.ndarray) -> float:
    return float(np.sqrt(grad @ result.cov.to_numpy() @ grad))


def average_marginal_effects(result: FitResult, variables: list[str] | None = None, step: float = 1e-4) -> pd.DataFrame:
    """Average marginal effects over the estimation sample, on the probability scale.

    A 0/1 variable's AME is the mean over all rows of P(y=1 | x set to 1) - P(y=1 | x set to 0),
    other variables at their observed values, interactions recomputed. A continuous variable's
    AME is the mean derivative of P with respect to it (central difference of width 2*step).
    Standard errors: delta method with the model's (clustered) covariance, using the analytic
    gradient of the averaged prediction. In the reviewer fixed-effect LPM the main effect of
    distance is absorbed, so no AME of distance is reported for it.
    """
    frame = result.frame
    if variables is None:
        # A variable without a main-effect coefficient (distance under reviewer effects) has no AME.
        variables = [v for v in ("specific", "sensitive", "ideal_point_distance") if v in result.params.index]
    rows = []
    for var in variables:
        binary = set(pd.unique(frame[var])) <= {0, 1}
        hi, lo = frame.copy(), frame.copy()
        if binary:
            hi[var], lo[var], width = 1, 0, 1.0
        else:
            hi[var], lo[var], width = frame[var] + step, frame[var] - step, 2 * step
        p_hi, g_hi = _mean_prediction(result, _design(result, hi))
        p_lo, g_lo = _mean_prediction(result, _design(result, lo))
        ame, grad = (p_hi - p_lo) / width, (g_hi - g_lo) / width
        se = _delta(result, grad)
        p = 2 * stats.norm.sf(abs(ame / se))
        rows.append(
            {
                "variable": var,
                "kind": "0 to 1" if binary else "derivative",
                "ame": ame,
                "std_err": se,
                "p_value": p,
                "ci_low": ame - Z95 * se,
                "ci_high": ame + Z95 * se,
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

    95% intervals: delta method (clustered covariance) on the logit of the averaged
    probability, transformed back, so they stay inside [0, 1]. Logit models only.
    """
    if result.link != "logit":
        raise ValueError(f"model '{result.spec.id}': predicted probabilities need a logit model.")
    data = result.frame if data is None else data
    values = np.linspace(result.frame[var].min(), result.frame[var].max(), grid)
    rows = []
    for a in (0, 1):
        for b in (0, 1):
            for value in values:
                new = data.copy()
                new[var], new[by[0]], new[by[1]] = value, a, b
                p, grad = _mean_prediction(result, _design(result, new))
                se = _delta(result, grad)
                se_logit = se / (p * (1 - p))
                centre = np.log(p / (1 - p))
                rows.append(
                    {
                        var: value,
                        by[0]: a,
                        by[1]: b,
                        "probability": p,
                        "std_err": se,
                        "ci_low": expit(centre - Z95 * se_logit),
                        "ci_high": expit(centre + Z95 * se_logit),
                    }
                )
    return pd.DataFrame(rows)
