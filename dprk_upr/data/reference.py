"""The project's reference tables about North Korea's reviews: which review is documented by which
files (``data/reference/reviews.csv``) and the official count of answers in each (``data/reference/
official_counts.csv``, every count with its UN document or source).

Both files are authored by the project; each loader checks them and returns a data frame.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from .files import read_table
from .schemas import OFFICIAL_COUNTS
from .schemas import REVIEWS as REVIEWS_SCHEMA

REVIEWS = paths.REFERENCE / "reviews.csv"
COUNT_COLUMNS = ["total", "accepted", "partially_accepted", "noted", "rejected", "pending"]


def read_reviews(path: Path = REVIEWS) -> pd.DataFrame:
    """The reviews of North Korea, one row per cycle, with the files that document each.

    Columns: ``cycle``, ``session``, ``upr_info_session`` and ``measure_year`` as integers;
    ``review_date``, ``adopted``, ``wg_report``, ``report_file`` and ``upr_info_file`` as text
    (empty where a review has no recommendation-level source). Checked against
    ``REVIEWS`` (e.g. ``measure_year`` must be the year before
    ``review_date``); :class:`~dprk_upr.data.files.ConfigError` names the line otherwise.
    """
    return read_table(path, REVIEWS_SCHEMA)


def measure_years(reviews: pd.DataFrame) -> dict[int, int]:
    """{cycle: the year in which the reviewer relationship is measured}, the year before each review.

    >>> measure_years(pd.DataFrame({"cycle": [1, 2], "measure_year": [2008, 2013]}))
    {1: 2008, 2: 2013}
    """
    return {int(c): int(y) for c, y in zip(reviews["cycle"], reviews["measure_year"])}


def review_dates(reviews: pd.DataFrame) -> dict[int, str]:
    """{cycle: date of the Working Group's review (the interactive dialogue), ISO format}.

    >>> review_dates(pd.DataFrame({"cycle": [1], "review_date": ["2009-12-07"]}))
    {1: '2009-12-07'}
    """
    return {int(c): str(d) for c, d in zip(reviews["cycle"], reviews["review_date"])}


def official_counts(path: Path = paths.OFFICIAL_COUNTS) -> pd.DataFrame:
    """The official per-cycle counts with their sources (``data/reference/official_counts.csv``).

    Counts are nullable integers: a blank cell (a count the source does not give) stays missing
    rather than becoming 0.
    """
    return read_table(path, OFFICIAL_COUNTS)


def official_row(official: pd.DataFrame, cycle: int, stage_key: str) -> pd.Series:
    """The official counts of one cycle at one stage (``wg``, ``adoption``, ``late_responses`` ...).

    Raises KeyError unless exactly one row matches.

    >>> off = pd.DataFrame({"cycle": [2, 2], "stage_key": ["wg", "adoption"], "rejected": [0, 93]})
    >>> int(official_row(off, 2, "adoption")["rejected"])
    93
    """
    rows = official[(official["cycle"] == cycle) & (official["stage_key"] == stage_key)]
    if len(rows) != 1:
        raise KeyError(f"expected one official row for cycle {cycle}, stage {stage_key!r}; found {len(rows)}")
    return rows.iloc[0]
