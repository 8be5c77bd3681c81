"""The published claims, each half on its own, beside this book's estimates on the probability
scale, with inference for few clusters and, for claims of no effect, what the data can rule out.

Each claim of :func:`~dprk_upr.analysis.specifications.load_published` names a quantity of a
model (an average marginal effect, the effect within a subgroup, or a cross-partial), estimated in
percentage points per standard deviation of the relationship measure. The verdict follows from the
restricted wild cluster bootstrap (``dprk_upr.analysis.inference``):

- a claim of an effect of a sign "holds" when the 95% test rejects zero with that sign and
  "reverses" when it rejects zero with the other; when it does not reject, the claim "does not
  hold" if the 90% interval lies inside the equivalence margin (any effect is smaller than the
  smallest effect of interest; two one-sided tests, Lakens 2017), and the data are "too thin to
  judge" otherwise;
- a claim of no effect "holds" when the 90% interval lies inside the margin, "does not hold" when
  the 95% test rejects zero, and is "too thin to judge" otherwise.

The minimum detectable effect is the effect a two-sided 5% test would detect with 80% power,
(1.96 + 0.84) standard errors (Bloom 1995), with the standard error implied by the wild-bootstrap
interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from . import margins
from .inference import wild_bootstrap
from .results import FitResult
from .specifications import Claim, Published

#: Multiplier of the standard error for the minimum detectable effect (5% two-sided, 80% power).
MDE_FACTOR = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)


def claim_quantity(result: FitResult, claim: Claim) -> margins.Quantity:
    """The :class:`~dprk_upr.analysis.margins.Quantity` that tests ``claim`` in ``result``."""
    if claim.quantity == "ame":
        return margins.ame(result, claim.variable)
    if claim.quantity == "subgroup":
        return margins.subgroup_effect(result, claim.variable, claim.at, 1)
    return margins.cross_partial(result, claim.variable, claim.at)


def verdict(expected: str, estimate: float, p: float, lo90: float, hi90: float, margin: float) -> tuple[str, str]:
    """The verdict on one claim and the reason in words (see the module docstring).

    >>> verdict("negative", -3.0, 0.01, -5.0, -1.0, 5.0)[0], verdict("none", 1.0, 0.6, -3.0, 4.0, 5.0)[0]
    ('holds', 'holds')
    >>> verdict("none", 1.0, 0.6, -9.0, 11.0, 5.0)[0], verdict("negative", 2.0, 0.02, 0.5, 3.5, 5.0)[0]
    ('too thin to judge', 'reverses')
    """
    inside = -margin < lo90 and hi90 < margin
    if np.isnan(p):
        return "cannot be judged", "the estimate is not available"
    if expected == "none":
        if p < 0.05:
            return "does not hold", "an effect is found (wild-bootstrap p < 0.05)"
        if inside:
            return "holds", f"any effect is within ±{margin:g} points (90% interval inside the margin)"
        return "too thin to judge", f"no effect is found, but effects beyond ±{margin:g} points are not ruled out"
    sign = -1 if expected == "negative" else 1
    if p < 0.05:
        if np.sign(estimate) == sign:
            return "holds", "an effect of the claimed sign (wild-bootstrap p < 0.05)"
        return "reverses", "an effect of the opposite sign (wild-bootstrap p < 0.05)"
    if inside:
        return "does not hold", f"any effect is within ±{margin:g} points (90% interval inside the margin)"
    return "too thin to judge", f"no effect is found, but effects beyond ±{margin:g} points are not ruled out"


def claims_table(results: dict[str, FitResult], published: Published, labels: dict | None = None) -> pd.DataFrame:
    """One row per half of each published claim (indexed by the claim id): ``study``, ``half``,
    ``claim``, ``test`` (the quantity and the model's label), ``estimate`` (percentage points per
    SD), ``ci_low``/``ci_high`` (wild bootstrap, 95%), ``p_wild``, ``p_cr1`` (delta method,
    clustered, normal), ``mde`` (minimum detectable effect), ``equivalent`` (90% wild interval
    inside ± ``published.margin_pp``), ``verdict`` and ``why``; ``problem`` says why a row is
    blank. ``results`` must hold every model the claims name; ``labels`` maps a model id to its
    name in the chapter (default: the spec's table and label).
    """
    rows = []
    margin = published.margin_pp
    for claim in published.claims:
        res = results[claim.model]
        q = claim_quantity(res, claim)
        dm = margins.delta(res, q)
        w95 = wild_bootstrap(res, q)
        w90 = wild_bootstrap(res, q, level=0.10)
        est = 100 * w95.estimate
        lo, hi = 100 * w95.ci_low, 100 * w95.ci_high
        lo90, hi90 = 100 * w90.ci_low, 100 * w90.ci_high
        se_w = (hi - lo) / (2 * stats.norm.ppf(0.975))
        word, why = verdict(claim.expected, est, w95.p_value, lo90, hi90, margin)
        name = (labels or {}).get(claim.model, f"{res.spec.table} {res.spec.label}")
        rows.append(
            {
                "id": claim.id,
                "study": published.study(claim.study).cite,
                "half": claim.half,
                "claim": claim.claim,
                "test": f"{_describe(claim)}, model {name}",
                "expected": claim.expected,
                "estimate": est,
                "ci_low": lo,
                "ci_high": hi,
                "p_wild": w95.p_value,
                "p_cr1": dm["p_value"],
                "mde": MDE_FACTOR * se_w,
                "ci90_low": lo90,
                "ci90_high": hi90,
                "equivalent": bool(-margin < lo90 and hi90 < margin),
                "verdict": word,
                "why": why,
                "problem": w95.problem,
            }
        )
    return pd.DataFrame(rows).set_index("id")


def _describe(claim: Claim) -> str:
    what = {"ideal_point_distance": "distance", "polyarchy": "democracy"}.get(claim.variable, claim.variable)
    if claim.quantity == "ame":
        return f"average effect of {what}"
    if claim.quantity == "subgroup":
        return f"effect of {what} were every recommendation {claim.at}"
    return f"difference in the effect of {what}, {claim.at} minus other"
