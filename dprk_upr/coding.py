"""The coding rules of the study, in one place (the stable interface).

- :func:`action_category` (1 minimal ... 5 specific action): UPR Info's published rules,
  implemented in :mod:`dprk_upr.specificity` with the verb lists in ``data/coding/action_category.yaml``.
- :func:`is_sensitive`: whether a recommendation touches what threatens the regime,
  implemented in :mod:`dprk_upr.sensitivity` with the codebook ``data/coding/sensitivity.yaml``.
- :func:`hand_check`: the rule against the project's hand-coded sample
  (``data/coding/sensitivity_hand_coded.csv``).

>>> action_category("Ratify the Convention against Torture")
5
>>> is_sensitive("Close all political prison camps")
True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, precision_score, recall_score

from . import paths
from .sensitivity import is_sensitive
from .specificity import action_category

__all__ = ["action_category", "is_sensitive", "load_hand_coded", "hand_check", "codebook_table", "explain_examples",
           "sensitivity_by_category", "disagreement_share", "code_groups", "percent_accepted",
           "HAND_CODED", "HAND_SEED"]

HAND_CODED = paths.CODING / "sensitivity_hand_coded.csv"
HAND_SEED = 20261129


def load_hand_coded(path: Path = HAND_CODED) -> pd.DataFrame:
    """The hand-coded sample: ``rec_id``, ``sensitive_hand`` (0/1) and a note on close calls."""
    table = pd.read_csv(path, comment="#", dtype={"rec_id": str, "sensitive_hand": int}, keep_default_na=False)
    if not table["rec_id"].is_unique:
        raise ValueError(f"{path}: a recommendation is coded twice.")
    if not table["sensitive_hand"].isin([0, 1]).all():
        raise ValueError(f"{path}: sensitive_hand must be 0 or 1.")
    return table


def hand_check(recs: pd.DataFrame, hand: pd.DataFrame, rule: str = "sensitive") -> dict:
    """Precision, recall and kappa of a rule column against the hand codes.

    Raises ValueError if a hand-coded recommendation is missing from ``recs``.
    """
    merged = hand.merge(recs[["rec_id", rule]], on="rec_id", how="left", validate="one_to_one")
    if merged[rule].isna().any():
        raise ValueError(f"hand-coded recommendation(s) not in the data: {merged.loc[merged[rule].isna(), 'rec_id'].tolist()}")
    y, r = merged["sensitive_hand"].astype(int), merged[rule].astype(int)
    return {"n": len(merged), "precision": precision_score(y, r, zero_division=0),
            "recall": recall_score(y, r, zero_division=0), "kappa": cohen_kappa_score(y, r),
            "agreement": float((y == r).mean()), "table": pd.crosstab(y.rename("hand"), r.rename("rule")),
            "disagreements": merged[y != r]}


def codebook_table(codebook: dict | None = None) -> pd.DataFrame:
    """The sensitivity codebook as a table: category, whether it counts, definition, rationale."""
    from .sensitivity import load_codebook

    book = codebook or load_codebook()
    return pd.DataFrame([{
        "category": c["label"], "column": f"sens_{c['id']}",
        "counts toward sensitive": "yes" if c["counts_toward_sensitive"] else "no (recorded only)",
        "definition": " ".join(c["definition"].split()), "rationale": " ".join(c["rationale"].split()),
        "patterns": len(c["patterns"]), "exclusions": len(c.get("exclusions") or []),
    } for c in book["categories"]])


def explain_examples(texts: list[str]) -> pd.DataFrame:
    """How both rules code each text: the action category with its trace, the sensitivity categories that fire."""
    from .sensitivity import explain as explain_sensitivity
    from .specificity import explain as explain_action

    rows = []
    for text in texts:
        action = explain_action(text)
        fired = {cat: hit["matched"] for cat, hit in explain_sensitivity(text).items() if hit["matched"]}
        rows.append({"recommendation": text, "action category": action["rank"],
                     "how": "; ".join(action["trace"]),
                     "sensitive": "yes" if is_sensitive(text) else "no",
                     "categories (matched phrases)": "; ".join(f"{k}: {', '.join(v)}" for k, v in fired.items()) or "none"})
    return pd.DataFrame(rows)


def shorten(text: str, width: int = 110) -> str:
    """Cut a text at a word boundary to at most ``width`` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[: width].rsplit(" ", 1)[0] + " …"


def disagreement_view(patterns: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The most frequent action-category disagreements with one short example each, for display."""
    view = patterns.head(top).copy()
    view["share"] = (100 * view["share"]).round(1).astype(str) + "%"
    view["example"] = view["examples"].map(lambda e: shorten(str(e).split(" | ")[0]))
    return view[["human", "rule", "first_word", "n", "share", "example"]].rename(
        columns={"first_word": "first word", "share": "% of disagreements"})


def disagreement_share(patterns: pd.DataFrame, ranks=(4, 5)) -> float:
    """The share of all rule-human disagreements in which both codes are among ``ranks``.

    ``patterns`` is the output of :func:`dprk_upr.specificity.disagreement_patterns` (columns
    ``human``, ``rule`` and ``n``). Raises ValueError when there are no disagreements.

    >>> patterns = pd.DataFrame({"human": [4, 5, 2], "rule": [5, 4, 4], "n": [5, 2, 3]})
    >>> disagreement_share(patterns)
    0.7
    >>> disagreement_share(patterns, ranks=(2, 4))
    0.3
    """
    total = patterns["n"].sum()
    if total == 0:
        raise ValueError("no disagreements: the share is undefined.")
    inside = patterns[["human", "rule"]].isin(list(ranks)).all(axis=1)
    return float(patterns.loc[inside, "n"].sum() / total)


def sensitivity_by_category(recs: pd.DataFrame, book: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many recommendations fire each sensitivity category, by cycle.

    One row per ``sens_*`` column of ``recs``, labelled with the category name from ``book``
    (:func:`codebook_table`), one column per cycle (``cycle 1``, ...). A recommendation can count
    in several rows. Raises ValueError if ``recs`` has a category the codebook does not describe.

    >>> recs = pd.DataFrame({"cycle": [1, 2, 2], "sens_a": [1, 0, 1], "sens_b": [0, 1, 1]})
    >>> book = pd.DataFrame({"category": ["Alpha", "Beta"], "column": ["sens_a", "sens_b"]})
    >>> sensitivity_by_category(recs, book)
              cycle 1  cycle 2
    category                  
    Alpha           1        1
    Beta            0        2
    """
    book = codebook_table() if book is None else book
    labels = book.set_index("column")["category"]
    cats = [c for c in recs.columns if c.startswith("sens_")]
    unknown = [c for c in cats if c not in labels.index]
    if unknown:
        raise ValueError(f"sensitivity column(s) not in the codebook: {unknown}")
    table = recs.groupby("cycle")[cats].sum().T
    table.index = pd.Index(labels.loc[cats].to_list(), name="category")
    table.columns = [f"cycle {c}" for c in table.columns]
    return table


def code_groups(recs: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """One cycle's recommendations with a ``group`` label joining its two codes,
    e.g. "sensitive, not specific".

    >>> recs = pd.DataFrame({"cycle": [2, 2, 1], "sensitive": [1, 0, 0], "specific": [0, 1, 1]})
    >>> code_groups(recs)["group"].tolist()
    ['sensitive, not specific', 'not sensitive, specific']
    """
    frame = recs[recs["cycle"] == cycle]
    sensitive = frame["sensitive"].map({0: "not sensitive", 1: "sensitive"})
    specific = frame["specific"].map({0: "not specific", 1: "specific"})
    return frame.assign(group=sensitive + ", " + specific)


def percent_accepted(recs: pd.DataFrame, by: str = "sensitive") -> pd.Series:
    """The percentage of recommendations accepted for each value (0, 1) of a 0/1 code.

    A value no recommendation takes gives NaN, not 0.

    >>> recs = pd.DataFrame({"sensitive": [1, 1, 0, 0], "accepted": [0, 1, 1, 1]})
    >>> percent_accepted(recs).to_dict()
    {0: 100.0, 1: 50.0}
    >>> percent_accepted(recs[recs["sensitive"] == 0]).isna().to_dict()
    {0: False, 1: True}
    """
    return (100 * recs.groupby(by)["accepted"].mean()).reindex([0, 1])
