"""The estimation sample of a model: the sample filter applied, rows with a missing value dropped
and counted per variable, and the clusters of the standard errors.

Nothing is dropped silently: :class:`EstimationSample` keeps how many rows the filter selected and
how many each variable's missing values removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.measures.assembly import voted_for_resolution
from .specifications import ModelSpec


@dataclass
class EstimationSample:
    """What a model is estimated on.

    ``frame``: the rows used (all columns of the data); ``n_sample``: rows selected by the
    sample filter; ``n_dropped``: rows then dropped for a missing value, ``dropped`` per variable
    (a row missing two variables counts in both); ``groups``: the cluster index of each row of
    ``frame`` (0 ... G-1) and ``n_clusters`` = G.
    """

    spec: ModelSpec
    frame: pd.DataFrame
    n_sample: int
    n_dropped: int
    dropped: dict = field(default_factory=dict)
    groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    n_clusters: int = 0


def prepare(spec: ModelSpec, data: pd.DataFrame) -> EstimationSample:
    """Check the columns, apply the sample filter, drop (and count) rows with missing values.

    Raises ValueError naming the model when a column is absent, the outcome is not 0/1 or does
    not vary in the sample.
    """
    cols = spec.columns()
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(
            f"model '{spec.id}': column(s) {', '.join(repr(c) for c in absent)} not in "
            "the data; check the spec's outcome, terms, sample and cluster."
        )
    frame = data.query(spec.sample) if spec.sample else data
    n_sample = len(frame)
    missing = frame[cols].isna()
    dropped = {c: int(n) for c, n in missing.sum().items() if n}
    frame = frame.loc[~missing.any(axis=1)].copy()
    y = frame[spec.outcome]
    if not set(pd.unique(y)) <= {0, 1}:
        raise ValueError(f"model '{spec.id}': outcome '{spec.outcome}' must be 0/1.")
    if y.nunique() < 2:
        raise ValueError(
            f"model '{spec.id}': outcome '{spec.outcome}' does not vary in the sample "
            f"'{spec.sample}' ({len(frame)} rows)."
        )
    groups = pd.factorize(frame[spec.cluster])[0]
    return EstimationSample(
        spec=spec,
        frame=frame,
        n_sample=n_sample,
        n_dropped=n_sample - len(frame),
        dropped=dropped,
        groups=groups,
        n_clusters=int(groups.max() + 1),
    )


def with_derived(data: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns the robustness variants use: ``action_ge4`` (action category 4 or
    5), ``resolution_yes`` (the reviewer voted for the GA resolution on human rights in DPRK;
    missing when it did not vote) and ``ally`` (defence or non-aggression pact with DPRK)."""
    out = data.copy()
    out["action_ge4"] = (out["action_category"] >= 4).astype(int)
    out["resolution_yes"] = voted_for_resolution(out["dprk_resolution_vote"])
    out["ally"] = out[["defence_pact", "nonaggression_pact"]].max(axis=1)
    return out
