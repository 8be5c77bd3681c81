"""How far the project's codings agree with other codings of the same recommendations.

- :func:`agreement`: two binary codings (Cohen's kappa, cross-table), e.g. the sensitivity rule
  against the issue-tag coding or a hand coding;
- :func:`load_hand_coded` and :func:`hand_check`: the project's hand-coded sample against a rule;
- :func:`validate`, :func:`confusion` and :func:`disagreement_patterns`: the action-category rule
  against UPR Info's human codes (ranks 1-5).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, precision_score, recall_score

from .. import paths
from ..data.files import read_table
from ..data.schemas import BLIND_CODED as BLIND_CODED_SCHEMA
from ..data.schemas import HAND_CODED as HAND_CODED_SCHEMA
from .action_rules import RANKS, _tokens

HAND_CODED = paths.CODING / "sensitivity_hand_coded.csv"
HAND_SEED = 20261129
BLIND_CODED = paths.CODING / "sensitivity_blind_coding.csv"
BLIND_SEED = 20261130


def agreement(a: Iterable[bool], b: Iterable[bool]) -> dict:
    """Agreement between two binary codings of the same items.

    Returns ``n``, ``kappa`` (Cohen's kappa, from scikit-learn; NaN when undefined, i.e. both
    codings constant), ``percent_agreement`` (0-100), ``positives_a``, ``positives_b`` and
    ``table``, the 2x2 cross-table (rows ``a``, columns ``b``, both ordered False, True).

    >>> r = agreement([True, True, False, False], [True, False, False, False])
    >>> r["percent_agreement"], round(r["kappa"], 2)
    (75.0, 0.5)
    >>> r["table"].values.tolist()
    [[2, 0], [1, 1]]
    """

    name_a = getattr(a, "name", None) or "a"
    name_b = getattr(b, "name", None) or "b"
    x = np.asarray(list(a), dtype=bool)
    y = np.asarray(list(b), dtype=bool)
    if x.shape != y.shape:
        raise ValueError(f"codings differ in length: {len(x)} and {len(y)}")
    if len(x) == 0:
        raise ValueError("no items to compare")
    if len(set(x.tolist()) | set(y.tolist())) < 2:
        kappa = float("nan")
    else:
        kappa = float(cohen_kappa_score(x, y))
    levels = [False, True]
    table = pd.crosstab(pd.Categorical(x, categories=levels), pd.Categorical(y, categories=levels), dropna=False)
    table.index, table.columns = pd.Index(levels, name=name_a), pd.Index(levels, name=name_b)
    return {
        "n": int(len(x)),
        "kappa": kappa,
        "percent_agreement": float((x == y).mean() * 100),
        "positives_a": int(x.sum()),
        "positives_b": int(y.sum()),
        "table": table,
    }


def blind_check(recs: pd.DataFrame, blind: pd.DataFrame, rule: str = "sensitive") -> dict:
    """The outcome-blind second coding against a rule column of ``recs``.

    Returns :func:`agreement` (``n``, ``kappa``, ``percent_agreement``, ``table`` ...) plus
    ``disagreements``: the rows coded differently, with ``rec_id``, ``text``, the rule's code, the
    blind code, the categories the coder saw and the coder's note. Raises ValueError if a coded
    recommendation is not in ``recs``.
    """
    merged = blind.merge(recs[["rec_id", "text", rule]], on="rec_id", how="left", validate="one_to_one")
    if merged[rule].isna().any():
        raise ValueError(
            f"blind-coded recommendation(s) not in the data: {merged.loc[merged[rule].isna(), 'rec_id'].tolist()}"
        )
    result = agreement(merged[rule].astype(bool).rename("rule"), merged["sensitive_blind"].astype(bool).rename("blind"))
    differ = merged[merged[rule].astype(int) != merged["sensitive_blind"].astype(int)]
    result["disagreements"] = differ[["rec_id", "text", rule, "sensitive_blind", "categories", "note"]].reset_index(
        drop=True
    )
    return result


def load_hand_coded(path: Path = HAND_CODED) -> pd.DataFrame:
    """The hand-coded sample: ``rec_id``, ``sensitive_hand`` (0/1) and a note on close calls
    (schema ``HAND_CODED``)."""
    return read_table(path, HAND_CODED_SCHEMA)


def load_blind_coded(path: Path = BLIND_CODED) -> pd.DataFrame:
    """The outcome-blind second coding: ``rec_id``, ``item``, ``sensitive_blind`` (0/1), the
    ``categories`` the coder found, ``confidence`` and a note (schema
    ``BLIND_CODED``; protocol in ``data/coding/sensitivity_blind_protocol.md``)."""
    return read_table(path, BLIND_CODED_SCHEMA)


def blind_sample(recs: pd.DataFrame, n: int = 150, seed: int = BLIND_SEED) -> pd.DataFrame:
    """The sample the blind coder coded: ``recs.sample(n, random_state=seed)`` of the processed
    recommendations (435 rows in cycles 1-2), in sample order, ``rec_id`` and ``text``."""
    return recs.sample(n=n, random_state=seed)[["rec_id", "text"]].reset_index(drop=True)


def hand_check(recs: pd.DataFrame, hand: pd.DataFrame, rule: str = "sensitive") -> dict:
    """Precision, recall and kappa of a rule column against the hand codes.

    Raises ValueError if a hand-coded recommendation is missing from ``recs``.
    """
    merged = hand.merge(recs[["rec_id", rule]], on="rec_id", how="left", validate="one_to_one")
    if merged[rule].isna().any():
        raise ValueError(
            f"hand-coded recommendation(s) not in the data: {merged.loc[merged[rule].isna(), 'rec_id'].tolist()}"
        )
    y, r = merged["sensitive_hand"].astype(int), merged[rule].astype(int)
    return {
        "n": len(merged),
        "precision": precision_score(y, r, zero_division=0),
        "recall": recall_score(y, r, zero_division=0),
        "kappa": cohen_kappa_score(y, r),
        "agreement": float((y == r).mean()),
        "table": pd.crosstab(y.rename("hand"), r.rename("rule")),
        "disagreements": merged[y != r],
    }


def _pair(human, rule):

    h = pd.Series(human).reset_index(drop=True)
    r = pd.Series(rule).reset_index(drop=True)
    if len(h) != len(r):
        raise ValueError(f"human and rule codes differ in length ({len(h)} vs {len(r)})")
    h = pd.to_numeric(h, errors="coerce")
    r = pd.to_numeric(r, errors="coerce")
    keep = h.isin(RANKS) & r.isin(RANKS)
    return h[keep].astype(int), r[keep].astype(int)


def validate(human, rule) -> dict:
    """Agreement of rule codes with human codes (both 1-5; rows where either is missing or out
    of range are dropped).

    Returns ``n``, ``exact`` (share of identical codes), ``within_one`` (share differing by at
    most one rank), ``kappa_quadratic`` and ``kappa_linear`` (weighted Cohen's kappa from
    :func:`sklearn.metrics.cohen_kappa_score`) and ``kappa`` (unweighted).

    >>> v = validate([1, 2, 3, 4, 5], [1, 2, 3, 4, 4])
    >>> v["n"], v["exact"], v["within_one"]
    (5, 0.8, 1.0)
    """

    h, r = _pair(human, rule)
    n = int(len(h))
    if n == 0:
        return {
            "n": 0,
            "exact": float("nan"),
            "within_one": float("nan"),
            "kappa_quadratic": float("nan"),
            "kappa_linear": float("nan"),
            "kappa": float("nan"),
        }
    labels = list(RANKS)
    return {
        "n": n,
        "exact": float((h == r).mean()),
        "within_one": float(((h - r).abs() <= 1).mean()),
        "kappa_quadratic": float(cohen_kappa_score(h, r, labels=labels, weights="quadratic")),
        "kappa_linear": float(cohen_kappa_score(h, r, labels=labels, weights="linear")),
        "kappa": float(cohen_kappa_score(h, r, labels=labels)),
    }


def confusion(human, rule):
    """5x5 table of counts: rows = human code, columns = rule code (ranks 1-5 always present).

    >>> int(confusion([1, 2, 2], [1, 2, 3]).loc[2, 3])
    1
    """

    h, r = _pair(human, rule)
    table = pd.crosstab(pd.Categorical(h, categories=RANKS), pd.Categorical(r, categories=RANKS), dropna=False).astype(
        int
    )
    table.index.name = "human"
    table.columns.name = "rule"
    return table


def disagreement_patterns(texts, human, rule, n_examples: int = 3):
    """The most common disagreements, grouped by (human code, rule code, first word).

    Returns a DataFrame with columns ``human``, ``rule``, ``first_word``, ``n``, ``share`` (of
    all disagreements) and ``examples`` (up to ``n_examples`` texts, joined by " | "), sorted by
    ``n`` descending.
    """

    texts = pd.Series(texts).reset_index(drop=True).astype(str)
    if len(texts) != len(pd.Series(human)):
        raise ValueError(f"texts and codes differ in length ({len(texts)} vs {len(pd.Series(human))})")
    h, r = _pair(human, rule)  # same cleaning as validate(): rows outside 1-5 are dropped
    frame = pd.DataFrame({"text": texts[h.index], "human": h, "rule": r})
    frame = frame[frame["human"] != frame["rule"]].copy()
    columns = ["human", "rule", "first_word", "n", "share", "examples"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["first_word"] = frame["text"].map(lambda s: next(iter(_tokens(s)), ""))
    frame[["human", "rule"]] = frame[["human", "rule"]].astype(int)
    grouped = frame.groupby(["human", "rule", "first_word"], sort=False)
    out = grouped.agg(
        n=("text", "size"),
        examples=("text", lambda s: " | ".join(x.strip() for x in s.iloc[:n_examples])),
    ).reset_index()
    out["share"] = out["n"] / len(frame)
    out = out.sort_values(["n", "human", "rule", "first_word"], ascending=[False, True, True, True])
    return out[columns].reset_index(drop=True)
