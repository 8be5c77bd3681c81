"""The Coding chapter's tables: the sensitivity codebook as a table, worked examples of both rules,
the most frequent action-category disagreements, sensitivity by category and cycle, and the
share accepted by code."""

from __future__ import annotations

import pandas as pd

from ..coding import is_sensitive
from ..coding.action_coder import explain as explain_action
from ..coding.regime_sensitivity import explain as explain_sensitivity
from ..coding.regime_sensitivity import load_codebook


def codebook_table(codebook: dict | None = None) -> pd.DataFrame:
    """The sensitivity codebook as a table: category, whether it counts, definition, rationale."""

    book = codebook or load_codebook()
    return pd.DataFrame(
        [
            {
                "category": c["label"],
                "column": f"sens_{c['id']}",
                "counts toward sensitive": "yes" if c["counts_toward_sensitive"] else "no (recorded only)",
                "definition": " ".join(c["definition"].split()),
                "rationale": " ".join(c["rationale"].split()),
                "patterns": len(c["patterns"]),
                "exclusions": len(c.get("exclusions") or []),
            }
            for c in book["categories"]
        ]
    )


def explain_examples(texts: list[str]) -> pd.DataFrame:
    """How both rules code each text: the action category with its trace, the sensitivity categories that fire."""

    rows = []
    for text in texts:
        action = explain_action(text)
        fired = {cat: hit["matched"] for cat, hit in explain_sensitivity(text).items() if hit["matched"]}
        rows.append(
            {
                "recommendation": text,
                "action category": action["rank"],
                "how": "; ".join(action["trace"]),
                "sensitive": "yes" if is_sensitive(text) else "no",
                "categories (matched phrases)": "; ".join(f"{k}: {', '.join(v)}" for k, v in fired.items()) or "none",
            }
        )
    return pd.DataFrame(rows)


def shorten(text: str, width: int = 110) -> str:
    """Cut a text at a word boundary to at most ``width`` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + " …"


def disagreement_view(patterns: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The most frequent action-category disagreements with one short example each, for display."""
    view = patterns.head(top).copy()
    view["share"] = (100 * view["share"]).round(1).astype(str) + "%"
    view["example"] = view["examples"].map(lambda e: shorten(str(e).split(" | ")[0]))
    return view[["human", "rule", "first_word", "n", "share", "example"]].rename(
        columns={"first_word": "first word", "share": "% of disagreements"}
    )


def disagreement_share(patterns: pd.DataFrame, ranks=(4, 5)) -> float:
    """The share of all rule-human disagreements in which both codes are among ``ranks``.

    ``patterns`` is the output of :func:`dprk_upr.coding.validation.disagreement_patterns` (columns
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
