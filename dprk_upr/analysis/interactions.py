"""Interactions on the probability scale: the effect of the relationship within each group of
recommendations, and the difference between groups (the cross-partial), for several models at
once, with every kind of inference of :func:`~dprk_upr.analysis.inference.summarise`.

In a logit the coefficient of a product term is not the interaction on the probability scale: the
cross-partial also depends on where each recommendation sits on the curve (Ai & Norton 2003), so a
small log-odds interaction can be a large difference in percentage points and the other way round.
"""

from __future__ import annotations

import pandas as pd

from . import margins
from .inference import jackknife_betas, summarise
from .results import FitResult

#: The kinds of quantity a row of :func:`effects_table` can ask for.
KINDS = ("ame", "at 0", "at 1", "difference")


def quantity(result: FitResult, kind: str, variable: str, at: str = "") -> margins.Quantity:
    """The quantity of one row: ``ame`` of ``variable``; its effect with ``at`` set to 0 or 1
    ("at 0", "at 1"); or the "difference" between the two (the cross-partial)."""
    if kind == "ame":
        return margins.ame(result, variable)
    if kind in ("at 0", "at 1"):
        return margins.subgroup_effect(result, variable, at, int(kind[-1]))
    if kind == "difference":
        return margins.cross_partial(result, variable, at)
    raise ValueError(f"unknown kind '{kind}'; use one of {KINDS}")


def effects_table(results: dict[str, FitResult], rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """One row per ``(model id, kind, variable, at)`` with the quantity in percentage points (per
    standard deviation of a continuous variable, 0 to 1 for a 0/1 one) and its inference:
    ``model``, ``kind``, ``variable``, ``at``, ``unit`` and the columns of
    :func:`~dprk_upr.analysis.inference.summarise`."""
    out, betas = [], {}
    for model, kind, variable, at in rows:
        res = results[model]
        if model not in betas:
            betas[model] = None if res.problem() else jackknife_betas(res)
        q = quantity(res, kind, variable, at)
        row = summarise(res, q, 100, betas=betas[model])
        out.append({"model": model, "kind": kind, "variable": variable, "at": at, "unit": q.unit, **row})
    return pd.DataFrame(out)
