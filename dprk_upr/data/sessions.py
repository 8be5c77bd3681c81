"""The sessions of the UPR Working Group covered by UPR Info's export of 25 July 2018: the cycle each
belongs to and its year, from ``data/reference/upr_sessions.csv`` (every row with its source).

The year fixes the *measure year* of the comparative measures, the calendar year before the
session, as for North Korea's own reviews (``data/reference/reviews.csv``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from .files import read_table
from .schemas import UPR_SESSIONS as UPR_SESSIONS_SCHEMA

UPR_SESSIONS = paths.REFERENCE / "upr_sessions.csv"
SESSION_COLUMNS = ["session", "cycle", "year", "dates", "source"]

__all__ = ["UPR_SESSIONS", "load_sessions", "session_table"]


def load_sessions(path: Path = UPR_SESSIONS) -> pd.DataFrame:
    """The sessions table, checked.

    Returns
    -------
    pandas.DataFrame
        One row per session, columns ``session``, ``cycle``, ``year`` (int), ``dates`` and
        ``source`` (text), sorted by session, plus ``measure_year`` (``year`` - 1).

    Raises
    ------
    ValueError
        Naming the file and the line: missing or extra columns, a session, cycle or year that is
        not a whole number, a repeated session, sessions not numbered 1, 2, ... without gaps, a
        cycle that goes down as sessions go up, a year outside the dates or a row without source.
    """
    path = Path(path)
    table = read_table(path, UPR_SESSIONS_SCHEMA)  # columns, whole numbers, sources, year in the dates
    table = table.sort_values("session").reset_index(drop=True)
    if table["session"].duplicated().any():
        raise ValueError(
            f"{path}: session(s) listed twice: {table.loc[table['session'].duplicated(), 'session'].tolist()}."
        )
    if table["session"].tolist() != list(range(1, len(table) + 1)):
        raise ValueError(f"{path}: sessions must be 1, 2, ... without gaps; found {table['session'].tolist()}.")
    if (table["cycle"].diff().fillna(0) < 0).any() or (table["year"].diff().fillna(0) < 0).any():
        raise ValueError(f"{path}: cycles and years must not go down as the sessions go up.")
    table["measure_year"] = table["year"] - 1
    return table


def session_table(sessions: pd.Series, path: Path = UPR_SESSIONS) -> pd.DataFrame:
    """``cycle``, ``year`` and ``measure_year`` of each session in ``sessions`` (same index).

    Raises ValueError naming the sessions that the table does not list.

    >>> session_table(pd.Series([6, 19]))[["cycle", "year", "measure_year"]].values.tolist()
    [[1, 2009, 2008], [2, 2014, 2013]]
    """
    table = load_sessions(path).set_index("session")
    unknown = sorted(set(sessions) - set(table.index))
    if unknown:
        raise ValueError(f"session(s) {unknown} are not in {path}; add them with their dates and source.")
    out = table.loc[sessions.to_numpy(), ["cycle", "year", "measure_year"]]
    out.index = sessions.index
    return out
