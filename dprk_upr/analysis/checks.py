"""Checks of the headline results that a referee asks for, each on the fitted models or their
results: whether the data can tell two effects apart (:func:`effect_difference`), a second
difference on the probability scale (:func:`second_difference`), the equivalence margins that keep
every verdict (:func:`margin_range`), the distance effect within near-duplicate text groups read
against the margin (:func:`text_equivalence`), and where the significant specifications of the
curve come from (:func:`curve_by`, :func:`curve_by_outcome`).

:mod:`dprk_upr.report.findings` runs them for the Models chapter and the Conclusion."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import margins
from .claims import MDE_FACTOR, verdict
from .content import MAIN_THRESHOLD, with_text_groups
from .estimators import fit
from .inference import wild_bootstrap


def curve_by(
    points: pd.DataFrame, by: str = "outcome", p: pd.Series | None = None, level: float = 0.05
) -> pd.DataFrame:
    """Where the significant specifications of the curve come from: for each quantity and value of
    the dimension ``by`` (``"outcome"``, ``"relationship"``, ...), the number of specifications
    with an estimate (``n``) and the percentages significant at ``level`` with a negative
    (``negative``) and a positive (``positive``) estimate, by clustered normal p-values; with
    ``p`` (per-point p-values aligned with ``points``, e.g. from
    ``dprk_upr.analysis.curve.bootstrap_p``), also ``negative_boot`` and ``positive_boot`` by
    those. Quantities and values in the order they first appear in ``points``
    (``dprk_upr.analysis.curve.fit_curve``'s first value); the value's column is named ``by``."""
    part = points[points["estimate"].notna()]
    columns = {"quantity": part["quantity"], by: part[by]}
    for suffix, pv in (("", part["p_value"]), ("_boot", None if p is None else p.loc[part.index])):
        if pv is None:
            continue
        significant = pv < level
        columns[f"negative{suffix}"] = 100 * (significant & (part["estimate"] < 0))
        columns[f"positive{suffix}"] = 100 * (significant & (part["estimate"] > 0))
    frame = pd.DataFrame(columns)
    aggs = {"n": ("negative", "size")} | {c: (c, "mean") for c in frame.columns if c not in ("quantity", by)}
    out = frame.groupby(["quantity", by], sort=False).agg(**aggs).reset_index()
    order = {name: list(dict.fromkeys(part[name])) for name in ("quantity", by)}
    rank = [out[name].map({v: i for i, v in enumerate(order[name])}) for name in ("quantity", by)]
    return out.iloc[np.lexsort((rank[1], rank[0]))].reset_index(drop=True)


def curve_by_outcome(points: pd.DataFrame, level: float = 0.05) -> pd.DataFrame:
    """:func:`curve_by` over the outcomes: for each quantity and outcome, ``n`` and the
    percentages significant (clustered, normal) with a ``negative`` and a ``positive`` estimate."""
    return curve_by(points, "outcome", level=level)


def effect_difference(result, first: str, second: str) -> dict:
    """The difference between the average marginal effects of two continuous variables of one
    model, each per standard deviation of its own (``first`` minus ``second``), in percentage
    points: ``estimate``, the restricted wild cluster bootstrap's ``p_wild`` and 95% interval
    (``ci_low``, ``ci_high``), and the delta method's ``p_delta`` (clustered, normal). Tests
    whether the data can tell the two effects apart (for example, voting distance and democracy
    held constant for each other)."""
    a, b = margins.ame(result, first), margins.ame(result, second)
    parts = [(w * a.scale, X, D) for w, X, D in a.parts] + [(-w * b.scale, X, D) for w, X, D in b.parts]
    quantity = margins.Quantity(f"AME of {first} minus AME of {second}, per SD", result.link, parts)
    w = wild_bootstrap(result, quantity)
    dm = margins.delta(result, quantity)
    return {
        "estimate": 100 * w.estimate,
        "ci_low": 100 * w.ci_low,
        "ci_high": 100 * w.ci_high,
        "p_wild": w.p_value,
        "p_delta": float(dm["p_value"]),
    }


def margin_range(claims: pd.DataFrame, margin: float) -> dict:
    """The equivalence margins that give every claim the verdict it has at ``margin``.

    A verdict depends on the margin only for a claim the wild bootstrap does not reject
    (p >= 0.05): its 90% interval lies inside +/- m exactly when m exceeds the interval's
    farther end from zero. Returns ``low`` and ``high`` (the verdicts are the same for every
    margin strictly between them; ``low`` 0 and ``high`` infinite when nothing bounds them),
    ``high_claim`` (the claim whose verdict changes first above ``margin``; "" if none) and
    ``high_pk`` (the same upper end over Park and Kim's claims alone, ids starting ``pk_``)."""
    open_ = claims[claims["p_wild"] >= 0.05]
    reach = np.maximum(open_["ci90_low"].abs(), open_["ci90_high"].abs())
    below, above = reach[reach < margin], reach[reach >= margin]
    pk = above[[i.startswith("pk_") for i in above.index]]
    return {
        "low": float(below.max()) if len(below) else 0.0,
        "high": float(above.min()) if len(above) else float("inf"),
        "high_claim": str(above.idxmin()) if len(above) else "",
        "high_pk": float(pk.min()) if len(pk) else float("inf"),
    }


def text_equivalence(data, recommendations, spec, margin: float, threshold: float = MAIN_THRESHOLD) -> dict:
    """The distance effect within near-duplicate text groups (``spec``, a linear probability model
    with the groups as fixed effects; groups at ``threshold``) read by the chapter's equivalence
    standard: ``estimate`` (points per SD of distance in the model's sample), the 95% and 90%
    wild-bootstrap intervals (``ci_low``/``ci_high``, ``ci90_low``/``ci90_high``), ``p_wild``,
    ``mde`` (minimum detectable effect, as for the claims), ``n`` and ``groups`` (recommendations
    and text groups in the model) and ``verdict`` on "distance has no effect" at ``margin``
    (:func:`dprk_upr.analysis.claims.verdict`)."""
    result = fit(spec, with_text_groups(data, recommendations, threshold))
    sd = 100 * float(result.frame["ideal_point_distance"].std())
    w95 = wild_bootstrap(result, "ideal_point_distance")
    w90 = wild_bootstrap(result, "ideal_point_distance", level=0.10)
    est, lo, hi = sd * w95.estimate, sd * w95.ci_low, sd * w95.ci_high
    lo90, hi90 = sd * w90.ci_low, sd * w90.ci_high
    return {
        "estimate": est,
        "ci_low": lo,
        "ci_high": hi,
        "ci90_low": lo90,
        "ci90_high": hi90,
        "p_wild": w95.p_value,
        "mde": MDE_FACTOR * (hi - lo) / (2 * 1.959963984540054),
        "n": int(result.n),
        "groups": int(result.frame["dup_group"].nunique()),
        "verdict": verdict("none", est, w95.p_value, lo90, hi90, margin)[0],
    }


def second_difference(result, first: str, second: str) -> dict:
    """The interaction of two 0/1 variables of one model on the probability scale, in percentage
    points: the average predicted probability with both set to each of 0 and 1 for every
    recommendation (``p00``, ``p10`` (``first`` = 1), ``p01``, ``p11``), the effect of ``first``
    at ``second`` = 0 and 1 (``effect_at0``, ``effect_at1``) and their difference (``estimate``,
    the second difference, Ai & Norton 2003) with the restricted wild cluster bootstrap's
    ``p_wild`` and 95% interval (``ci_low``, ``ci_high``). A model whose diagnostics blank it
    gives missing values."""
    quantity = margins.cross_partial(result, first, second)
    w = wild_bootstrap(result, quantity)
    out = {"estimate": 100 * w.estimate, "ci_low": 100 * w.ci_low, "ci_high": 100 * w.ci_high, "p_wild": w.p_value}
    for a in (0, 1):
        for b in (0, 1):
            level = margins.delta(result, margins.level(result, **{first: a, second: b}))
            out[f"p{a}{b}"] = 100 * float(level["estimate"])
    out["effect_at0"], out["effect_at1"] = out["p10"] - out["p00"], out["p11"] - out["p01"]
    return out
