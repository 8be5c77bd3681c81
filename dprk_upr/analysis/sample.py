"""The estimation sample of a model: the sample filter applied, the design matrix built, every
dropped row counted with its reason, and the clusters counted from the rows that remain.

Nothing is dropped silently, and N, the design and the clusters always describe the same rows:
the design is built first (with missing values kept), and a row is dropped when its outcome or
any column of the *final* design is missing or not finite, whatever produced the gap (a missing
value in the data, or a formula transform such as ``I(x ** 0.5)`` of a negative number). In a
model that absorbs fixed effects, a row alone in its effect cell (a singleton) is dropped too,
since it is fitted perfectly and only inflates N and the cluster count (Correia 2015).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import patsy

from ..data.measures.assembly import voted_for_resolution
from .specifications import ModelSpec

#: The reason recorded for rows dropped as singletons of an absorbed fixed effect.
SINGLETON = "singleton fixed-effect cell"


@dataclass
class EstimationSample:
    """What a model is estimated on, all aligned on the same ``n`` rows.

    ``frame`` (n rows, all columns of the data), ``y`` (n,) and ``X`` (n x k DataFrame, the final
    design with patsy's column names, the intercept included) and ``design_info`` (to rebuild the
    design for predictions); ``n_sample``: rows selected by the sample filter; ``dropped``: rows
    then dropped, per reason (a data column, ``design column '<name>'`` for a formula transform
    that produced a missing value, or :data:`SINGLETON`); a row missing two columns counts under
    both, so ``n_dropped`` (rows dropped in all) can be smaller than the sum. ``groups``: the
    cluster index of each row (0 ... G-1) and ``n_clusters`` = G; ``effects``: for models that
    absorb fixed effects, the effect index of each row (0 ... E-1), else None.
    """

    spec: ModelSpec
    frame: pd.DataFrame
    n_sample: int
    n_dropped: int
    dropped: dict = field(default_factory=dict)
    groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    n_clusters: int = 0
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    X: pd.DataFrame = field(default_factory=pd.DataFrame)
    design_info: object = None
    effects: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Rows used."""
        return len(self.frame)


def _check_columns(spec: ModelSpec, data: pd.DataFrame) -> list[str]:
    cols = spec.columns()
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(
            f"model '{spec.id}': column(s) {', '.join(repr(c) for c in absent)} not in "
            "the data; check the spec's outcome, terms, sample and cluster."
        )
    return cols


def build_design(spec: ModelSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome and design of ``spec`` on ``frame`` with missing values kept (patsy, no NA action),
    so that the caller decides which rows to drop; numpy's warnings from a transform (the square
    root of a negative number) are silenced here because the resulting gaps are counted instead.

    Returns ``(y, X)`` as DataFrames indexed like ``frame``.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        y, X = patsy.dmatrices(spec.formula(), frame, NA_action=patsy.NAAction(NA_types=[]), return_type="dataframe")
    return y, X


def _singletons(cells: pd.Series) -> pd.Series:
    """True for rows alone in their cell."""
    return cells.map(cells.value_counts()) == 1


def prepare(spec: ModelSpec, data: pd.DataFrame) -> EstimationSample:
    """Check the columns, apply the sample filter, build the design, drop (and count) rows with a
    missing or non-finite value in any column used or in the final design, drop singletons of an
    absorbed fixed effect, and count the clusters of what remains.

    Raises ValueError naming the model when a column is absent, the outcome is not 0/1 or does not
    vary in the sample, or no row is left.
    """
    cols = _check_columns(spec, data)
    frame = data.query(spec.sample) if spec.sample else data
    n_sample = len(frame)
    missing = frame[cols].isna()
    dropped = {c: int(n) for c, n in missing.sum().items() if n}
    frame = frame.loc[~missing.any(axis=1)].copy()
    if frame.empty:
        raise ValueError(f"model '{spec.id}': no row left after dropping missing values ({n_sample} selected).")
    y, X = build_design(spec, frame)
    design_info = X.design_info
    bad = ~np.isfinite(X.to_numpy(float))
    for j in np.flatnonzero(bad.any(axis=0)):
        dropped[f"design column '{X.columns[j]}'"] = int(bad[:, j].sum())
    keep = ~bad.any(axis=1) & np.isfinite(y.iloc[:, 0].to_numpy(float))
    frame, y, X = frame.loc[keep], y.loc[keep], X.loc[keep]
    effects = None
    if spec.fixed_effects:
        cells = frame[list(spec.fixed_effects)].astype(str).agg("|".join, axis=1)
        alone = _singletons(cells)
        if alone.any():
            dropped[SINGLETON] = int(alone.sum())
            frame, y, X, cells = frame.loc[~alone], y.loc[~alone], X.loc[~alone], cells.loc[~alone]
        effects = pd.factorize(cells)[0]
    outcome = y.iloc[:, 0]
    if frame.empty:
        raise ValueError(f"model '{spec.id}': no row left after dropping missing values and singletons.")
    if not set(pd.unique(outcome)) <= {0, 1}:
        raise ValueError(f"model '{spec.id}': outcome '{spec.outcome}' must be 0/1.")
    if outcome.nunique() < 2:
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
        y=outcome.to_numpy(float),
        X=X,
        design_info=design_info,
        effects=effects,
    )


def with_derived(data: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns that variants of the models use.

    ``action_ge4`` (action category 4 or 5); ``resolution_yes`` (the reviewer voted for the GA
    resolution on human rights in DPRK; missing when it did not vote); ``treaty_ally`` (a
    bilateral defence treaty with DPRK, see :mod:`dprk_upr.data.measures.alliances`);
    ``not_ally`` (its complement, oriented like distance). Columns already present are kept.
    """
    out = data.copy()
    if "action_ge4" not in out:
        out["action_ge4"] = (out["action_category"] >= 4).astype(int)
    if "resolution_yes" not in out and "dprk_resolution_vote" in out:
        out["resolution_yes"] = voted_for_resolution(out["dprk_resolution_vote"])
    if "defence_pact" in out:
        pact = pd.to_numeric(out["defence_pact"], errors="coerce").astype(float)
        out["treaty_ally"] = pact
        out["not_ally"] = 1 - pact
    return out
