"""The qualitative chapter's tables: acceptance by theme and by state, the Commission of Inquiry,
how far the evidence table covers the accepted recommendations, and the trend over four reviews
from the official counts."""

from __future__ import annotations

import pandas as pd

from ..coding.evidence import STATUSES, rec_links
from ..coding.themes import theme_labels, with_themes


def acceptance_by_theme(recs: pd.DataFrame) -> pd.DataFrame:
    """Per theme id: recommendations (``n``), full acceptances (``accepted``) and their share in
    percent (``pct_accepted``); every theme of the codebook appears, with zeros if absent.

    >>> table = acceptance_by_theme(pd.DataFrame({"text": ["Ratify the CRPD", "Close the political prison camps"],
    ...                                           "accepted": [1, 0]}))
    >>> int(table["n"].sum()), int(table["accepted"].sum())
    (2, 1)
    """
    frame = with_themes(recs)
    table = frame.groupby("theme")["accepted"].agg(n="size", accepted="sum")
    table = table.reindex(list(theme_labels()), fill_value=0)
    table["pct_accepted"] = (100 * table["accepted"] / table["n"].where(table["n"] > 0)).fillna(0.0)
    return table


COI_PATTERN = r"\bCOIs?\b|commission of inquiry"


def mentions_coi(recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations that mention the Commission of Inquiry on North Korea ("COI")."""
    return recs[recs["text"].str.contains(COI_PATTERN, case=False, regex=True)]


def answer_label(recs: pd.DataFrame) -> pd.Series:
    """ "accepted", "partially accepted" or "refused" for each recommendation (UPR Info's "noted"
    covers both the noted and the rejected ones)."""
    return recs["response"].map(
        {"accepted": "accepted", "partially accepted": "partially accepted", "noted": "refused"}
    )


def theme_table(recs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations of one review by theme and answer, with the share accepted."""
    frame = with_themes(recs).assign(answer=answer_label(recs))
    table = pd.crosstab(frame["theme_label"], frame["answer"])
    for col in ("accepted", "partially accepted", "refused"):
        if col not in table.columns:
            table[col] = 0
    table = table[["accepted", "partially accepted", "refused"]]
    table["total"] = table.sum(axis=1)
    table["% accepted"] = (100 * table["accepted"] / table["total"]).round(0).astype(int)
    table.index.name = "theme"
    return table.sort_values(["accepted", "total"], ascending=False)


def accepted_by_state(recs: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Which states' recommendations were accepted, fully or partly: count, total and share, per
    state. (:func:`theme_table` counts full acceptances only, beside a column of partial ones.)"""
    frame = recs.assign(state=recs["states"].str.split("; ")).explode("state")
    table = frame.groupby("state").agg(accepted=("accepted_incl_partial", "sum"), total=("rec_id", "size"))
    table["% accepted"] = (100 * table["accepted"] / table["total"]).round(0).astype(int)
    return table.sort_values(["accepted", "total"], ascending=False).head(top)


def evidence_coverage(evidence: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """For each accepted recommendation of cycle 2: its theme and the best evidence status found.

    Recommendations no row links to get ``"not covered by the sources consulted"``.
    """
    acc = with_themes(recs[(recs["cycle"] == 2) & (recs["accepted_incl_partial"] == 1)])
    rank = {s: i for i, s in enumerate(STATUSES)}
    best: dict[str, str] = {}
    for _, row in evidence[evidence["answer"] == "accepted"].iterrows():
        for rec_id in rec_links(row["rec_ids"]):
            current = best.get(rec_id)
            if current is None or rank[row["status"]] < rank[current]:
                best[rec_id] = row["status"]
    acc["evidence"] = acc["rec_id"].map(best).fillna("not covered by the sources consulted")
    return acc[["rec_id", "theme", "theme_label", "text", "states", "evidence"]]


def trend(official: pd.DataFrame) -> pd.DataFrame:
    """Final answers in each of the four reviews, from the official counts (one row per cycle)."""
    final = official[official["stage_key"] == "adoption"].copy()
    counts = ["total", "accepted", "partially_accepted", "noted", "rejected"]
    # A blank count (rejections in the fourth review) is 0 here: the other answers add up to the total.
    final[counts] = final[counts].fillna(0).astype(int)
    table = final[["cycle", "review_date", "document", "total", "accepted", "partially_accepted", "noted", "rejected"]]
    table = table.assign(**{"% accepted": (100 * table["accepted"] / table["total"]).round(0).astype(int)})
    return table.reset_index(drop=True)
