"""The qualitative review: themes of recommendations, the project's evidence table, the trend.

The themes (``data/coding/themes.yaml``) group recommendations by what they ask for; the evidence
table (``data/coding/evidence.csv``) records, with a source for every row, what North Korea did
after its second review on the themes it accepted, and what the record shows on the themes it
refused. Both files are data of the project, versioned and tested.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import paths

THEMES = paths.CODING / "themes.yaml"
EVIDENCE = paths.CODING / "evidence.csv"
STATUSES = ("evidence of action", "partial", "none found")
EVIDENCE_COLUMNS = ["evidence_id", "answer", "theme", "what_happened", "date", "kind", "status",
                    "verified", "source", "rec_ids", "note"]


class EvidenceError(ValueError):
    """The evidence table breaks one of its rules."""


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES) -> tuple[tuple[str, str, re.Pattern], ...]:
    """The themes as (id, label, compiled pattern), in the order they are tried."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    themes = []
    for i, theme in enumerate(spec["themes"]):
        missing = {"id", "label", "pattern"} - set(theme)
        if missing:
            raise ValueError(f"{path}: theme number {i + 1} lacks {sorted(missing)}.")
        try:
            themes.append((theme["id"], theme["label"], re.compile(theme["pattern"], re.IGNORECASE)))
        except re.error as exc:
            raise ValueError(f"{path}: theme '{theme['id']}' has an invalid pattern: {exc}.") from exc
    return tuple(themes)


def theme_of(text: str, themes=None) -> str:
    """The first theme whose pattern matches the text.

    >>> theme_of("Ratify CRPD, which was signed in July 2013")
    'disability'
    >>> theme_of("Continue its fight against poverty")
    'food_economy'
    """
    for theme_id, _, pattern in themes or load_themes():
        if pattern.search(text):
            return theme_id
    return "other"


def theme_labels(themes=None) -> dict[str, str]:
    """{theme id: label}."""
    return {theme_id: label for theme_id, label, _ in themes or load_themes()}


def with_themes(recs: pd.DataFrame) -> pd.DataFrame:
    """``recs`` with a ``theme`` column (id) and a ``theme_label`` column."""
    labels = theme_labels()
    out = recs.copy()
    out["theme"] = out["text"].map(theme_of)
    out["theme_label"] = out["theme"].map(labels)
    return out


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
    """"accepted", "partially accepted" or "refused" for each recommendation (UPR Info's "noted"
    covers both the noted and the rejected ones)."""
    return recs["response"].map({"accepted": "accepted", "partially accepted": "partially accepted",
                                 "noted": "refused"})


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


def load_evidence(path: Path = EVIDENCE) -> pd.DataFrame:
    """Read the evidence table and check its own rules (see :func:`check_evidence`)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in EVIDENCE_COLUMNS if c not in table.columns]
    if missing:
        raise EvidenceError(f"{path}: missing column(s) {missing}.")
    return table


def check_evidence(evidence: pd.DataFrame, recs: pd.DataFrame, path: Path | str = EVIDENCE) -> None:
    """Raise :class:`EvidenceError` unless every row is complete and every link holds.

    Rules: every row has a source, a date, a known theme and a known status; ``verified`` is
    ``yes`` or ``check``; every recommendation a row links to exists, and an ``accepted`` row
    links only to recommendations North Korea accepted (in full or in part) and at least one.
    """
    known_themes = set(theme_labels())
    accepted = set(recs.loc[recs["accepted_incl_partial"] == 1, "rec_id"])
    all_ids = set(recs["rec_id"])
    if not evidence["evidence_id"].is_unique:
        raise EvidenceError(f"{path}: evidence_id must be unique.")
    for i, row in evidence.iterrows():
        where = f"{path}, row {i + 2} ({row['evidence_id']})"
        for col in ("source", "date", "what_happened"):
            if not row[col].strip():
                raise EvidenceError(f"{where}: empty '{col}'. Every fact needs it; leave the fact out if it has none.")
        if row["theme"] not in known_themes:
            raise EvidenceError(f"{where}: unknown theme '{row['theme']}'; use one of {sorted(known_themes)}.")
        if row["status"] not in STATUSES:
            raise EvidenceError(f"{where}: status '{row['status']}' is not one of {STATUSES}.")
        if row["verified"] not in ("yes", "check"):
            raise EvidenceError(f"{where}: verified must be 'yes' or 'check'.")
        if row["answer"] not in ("accepted", "refused"):
            raise EvidenceError(f"{where}: answer must be 'accepted' or 'refused'.")
        links = rec_links(row["rec_ids"])
        unknown = [r for r in links if r not in all_ids]
        if unknown:
            raise EvidenceError(f"{where}: links to recommendation(s) that do not exist: {unknown}.")
        if row["answer"] == "accepted":
            if not links:
                raise EvidenceError(f"{where}: an 'accepted' row must name the accepted recommendations it answers.")
            wrong = [r for r in links if r not in accepted]
            if wrong:
                raise EvidenceError(f"{where}: links to recommendation(s) North Korea did not accept: {wrong}.")


def rec_links(value: str) -> list[str]:
    """The recommendation IDs of an evidence row's ``rec_ids`` cell ("C2-124.1;C2-124.2").

    >>> rec_links("C2-124.69; C2-124.70;")
    ['C2-124.69', 'C2-124.70']
    """
    return [part.strip() for part in str(value).split(";") if part.strip()]


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
