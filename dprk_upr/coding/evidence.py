"""The project's evidence table: what North Korea did after its second review on the themes it
accepted, and what the record shows on the themes it refused (``data/coding/evidence.csv``).

Every row is a fact with a source and a date, linked to the recommendations it answers. The table
is data of the project, hand-made and checked here against its rules and against the
recommendations.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..data.files import read_table
from ..data.schemas import EVIDENCE as EVIDENCE_SCHEMA
from .themes import theme_labels

EVIDENCE = paths.CODING / "evidence.csv"
STATUSES = ("evidence of action", "partial", "none found")
EVIDENCE_COLUMNS = [
    "evidence_id",
    "answer",
    "theme",
    "what_happened",
    "date",
    "kind",
    "status",
    "verified",
    "source",
    "rec_ids",
    "note",
]


class EvidenceError(ValueError):
    """The evidence table breaks one of its rules."""


def load_evidence(path: Path = EVIDENCE) -> pd.DataFrame:
    """Read the evidence table and check its own rules (see :func:`check_evidence`)."""
    return read_table(path, EVIDENCE_SCHEMA)


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
