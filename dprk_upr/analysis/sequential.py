"""The answer as a sequence: refusal at the Working Group, then the final answer among the
recommendations left open, and what the two steps imply together for the final answer.

P(accepted) = (1 - P(refused at the Working Group)) x P(accepted | left open), both steps fitted
on the second cycle (the only one with final acceptances). The effect of a variable on the
combined probability is averaged over all second-cycle recommendations, with a delta-method
standard error from the two steps' joint clustered covariance (their scores summed within the
same reviewers, so that the covariance between the steps is kept).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from .core import cluster_sums, fit_design
from .margins import STEP, designs
from .results import Z95, FitResult


def _score_sums(result: FitResult, labels: list) -> tuple[np.ndarray, np.ndarray]:
    """(bread (k, k), score sums (len(labels), k)) of a fit, the sums on the cluster labels given."""
    core = fit_design(result.design, beta0=result.params.to_numpy())
    sums = cluster_sums(result.design, core.scores)
    own = pd.factorize(result.frame[result.spec.cluster])[1]
    out = pd.DataFrame(sums, index=own).reindex(labels).fillna(0.0).to_numpy()
    return np.linalg.inv(core.info), out


def combined_effect(stage1: FitResult, stage2: FitResult, var: str = "ideal_point_distance") -> dict:
    """Average effect of ``var`` (per SD in stage 1's sample) on the probability of acceptance
    implied by the two steps, in percentage points: ``estimate``, ``std_err``, ``p_value``,
    ``ci_low``, ``ci_high``; missing, with ``problem``, if either step has a blanking diagnostic.
    Both models must be logits (or Firth) on designs without absorbed effects."""
    problem = "; ".join(filter(None, [stage1.problem(), stage2.problem()]))
    frame = stage1.frame
    sd = float(frame[var].std())
    hi, lo = frame.copy(), frame.copy()
    hi[var], lo[var] = frame[var] + STEP, frame[var] - STEP
    X1h, X1l = designs(stage1, [hi, lo])
    X2h, X2l = designs(stage2, [hi, lo])
    k1 = len(stage1.params)

    def value(theta):
        b1, b2 = theta[:k1], theta[k1:]
        ph = (1 - expit(X1h @ b1)) * expit(X2h @ b2)
        pl = (1 - expit(X1l @ b1)) * expit(X2l @ b2)
        return 100 * sd * float(np.mean(ph - pl)) / (2 * STEP)

    theta = np.concatenate([stage1.params.to_numpy(), stage2.params.to_numpy()])
    grad = np.array([(value(theta + 1e-6 * e) - value(theta - 1e-6 * e)) / 2e-6 for e in np.eye(len(theta))])
    labels = sorted(set(stage1.frame[stage1.spec.cluster]) | set(stage2.frame[stage2.spec.cluster]))
    B1, S1 = _score_sums(stage1, labels)
    B2, S2 = _score_sums(stage2, labels)
    G = len(labels)
    bread = np.block([[B1, np.zeros((k1, B2.shape[0]))], [np.zeros((B2.shape[0], k1)), B2]])
    S = np.hstack([S1, S2])
    cov = G / (G - 1) * bread @ (S.T @ S) @ bread
    est = value(theta)
    se = float(np.sqrt(grad @ cov @ grad))
    out = {
        "estimate": est,
        "std_err": se,
        "p_value": float(2 * stats.norm.sf(abs(est / se))),
        "ci_low": est - Z95 * se,
        "ci_high": est + Z95 * se,
        "problem": problem,
    }
    if problem:
        out.update({k: np.nan for k in ("estimate", "std_err", "p_value", "ci_low", "ci_high")})
    return out
