"""The declared schema of every hand-made table of the project (pandera), checked on load.

Each schema names the columns (unknown ones refused), their types, and the values they may
take; :func:`dprk_upr.data.files.read_table` reads a table and reports every failure with its
line. :data:`TABLES` maps each file (relative to the repository) to its schema, and a test checks
that every hand-made CSV under ``data/`` has one. The YAML files have typed models (pydantic)
next to their loaders: :mod:`dprk_upr.analysis.specifications`, :mod:`dprk_upr.coding.action_rules`,
:mod:`dprk_upr.coding.regime_sensitivity`, :mod:`dprk_upr.coding.themes` and
:mod:`dprk_upr.data.dictionary`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

_TEXT = Column(str)
_ISO3 = Check.str_matches(r"^[A-Z]{3}$")
_YEAR_OR_BLANK = Check.str_matches(r"^(\d{4})?$")
_INT_OR_BLANK = Check.str_matches(r"^(\d+)?$")
_DATE = Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _nonempty(**kw) -> Column:
    return Column(str, Check.str_length(min_value=1), **kw)


def _measure_year_before_review(table: pd.DataFrame) -> pd.Series:
    """The reviewer relationship is measured the calendar year before the review."""
    year = pd.to_datetime(table["review_date"], errors="coerce").dt.year
    return table["measure_year"] == year - 1


def _real_date(values: pd.Series) -> pd.Series:
    """A calendar date (YYYY, YYYY-MM or YYYY-MM-DD) that exists and is not in the future."""
    full = values.where(~values.str.fullmatch(r"\d{4}"), values + "-01-01")
    full = full.where(~full.str.fullmatch(r"\d{4}-\d{2}"), full + "-01")
    parsed = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")
    return parsed.notna() & (parsed <= pd.Timestamp.today())


REVIEWS = DataFrameSchema(
    {
        "cycle": Column(int, Check.ge(1), unique=True),
        "session": Column(int, Check.ge(1)),
        "review_date": Column(str, [Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), Check(_real_date, error="a real date")]),
        "adopted": Column(str, _DATE),
        "wg_report": _TEXT,
        "report_file": _TEXT,
        "upr_info_file": _TEXT,
        "upr_info_session": Column(int, Check.ge(1)),
        "measure_year": Column(int, Check.in_range(1990, 2100)),
    },
    checks=[
        Check(_measure_year_before_review, error="measure_year is the year before review_date"),
        Check(lambda t: t["session"] == t["upr_info_session"], error="upr_info_session is the review's session"),
    ],
    strict=True,
    coerce=True,
    name="reviews",
)

_COUNT = Column("Int64", Check.ge(0), nullable=True)
OFFICIAL_COUNTS = DataFrameSchema(
    {
        "cycle": Column(int, Check.ge(1)),
        "session": Column(int, Check.ge(1)),
        "review_date": Column(str, Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "document": _nonempty(),
        "stage_key": Column(str, Check.isin(["wg", "wg_draft", "adoption", "late_responses"])),
        "stage": _nonempty(),
        "total": _COUNT,
        "accepted": _COUNT,
        "partially_accepted": _COUNT,
        "noted": _COUNT,
        "rejected": _COUNT,
        "pending": _COUNT,
        "status": _nonempty(),
        "sources": _nonempty(),
    },
    unique=["cycle", "stage_key"],
    strict=True,
    coerce=True,
    name="official_counts",
)

UPR_INFO_DUPLICATES = DataFrameSchema(
    {
        "file": Column(str, Check.str_matches(r"^upr-info-export-.*\.csv$")),
        "line": Column(int, Check.ge(2)),
        "first_line": Column(int, Check.ge(2)),
        "to": _nonempty(),
        "from": _nonempty(),
        "session": Column(int, Check.ge(1)),
        "differs": _nonempty(),
    },
    unique=["file", "line"],
    strict=True,
    coerce=True,
    name="upr_info_duplicates",
)

ALIASES = DataFrameSchema(
    {"name": _nonempty(), "iso3": Column(str, _ISO3), "source": _nonempty(), "note": _TEXT},
    strict=True,
    name="aliases",
)

COW_ISO3 = DataFrameSchema(
    {
        "ccode": Column(str, _INT_OR_BLANK),
        "iso3": Column(str, Check.str_matches(r"^([A-Z]{3})?$")),
        "first_year": Column(str, _YEAR_OR_BLANK),
        "last_year": Column(str, _YEAR_OR_BLANK),
        "note": _nonempty(),
    },
    strict=True,
    name="cow_iso3",
)

GROUPINGS_ERRATA = DataFrameSchema(
    {
        "group": Column(
            str,
            Check.isin(
                ["AFRICANGROUP", "ASIAPACIFICGROUP", "EEG", "GRULAC", "WEOG", "NAM", "OECD", "EU", "NATO", "OIC"]
            ),
        ),
        "iso3": Column(str, _ISO3),
        "action": Column(str, Check.isin(["add", "remove", "confirm"])),
        "first_year": Column(str, _YEAR_OR_BLANK),
        "last_year": Column(str, _YEAR_OR_BLANK),
        "note": _nonempty(),
        "source": _nonempty(),
    },
    strict=True,
    name="un_regional_groups_errata",
)

EVIDENCE = DataFrameSchema(
    {
        "evidence_id": Column(str, Check.str_matches(r"^E\d{2,3}$"), unique=True),
        "answer": Column(str, Check.isin(["accepted", "refused"])),
        "theme": _nonempty(),
        "what_happened": _nonempty(),
        "date": Column(str, [_DATE, Check(_real_date, error="a real date, not in the future")]),
        "kind": _nonempty(),
        "status": Column(str, Check.isin(["evidence of action", "partial", "none found"])),
        "verified": Column(str, Check.isin(["yes", "check"])),
        "source": _nonempty(),
        "rec_ids": _TEXT,
        "note": _TEXT,
    },
    strict=True,
    name="evidence",
)

_REC_ID = Check.str_matches(r"^C\d-\d{1,3}\.\d{1,3}$")
HAND_CODED = DataFrameSchema(
    {"rec_id": Column(str, _REC_ID, unique=True), "sensitive_hand": Column(int, Check.isin([0, 1])), "note": _TEXT},
    strict=True,
    coerce=True,
    name="sensitivity_hand_coded",
)

BLIND_CODED = DataFrameSchema(
    {
        "rec_id": Column(str, _REC_ID, unique=True),
        "item": Column(str, Check.str_matches(r"^B\d{3}$"), unique=True),
        "sensitive_blind": Column(int, Check.isin([0, 1])),
        "categories": Column(str, Check.str_matches(r"^([a-z_]+(;[a-z_]+)*)?$")),
        "confidence": Column(str, Check.isin(["high", "low"])),
        "note": _TEXT,
    },
    strict=True,
    coerce=True,
    name="sensitivity_blind_coding",
)

UPR_SESSIONS = DataFrameSchema(
    {
        "session": Column(int, Check.ge(1), unique=True),
        "cycle": Column(int, Check.in_range(1, 4)),
        "year": Column(int, Check.in_range(2008, 2030)),
        "dates": _nonempty(),
        "source": _nonempty(),
    },
    checks=[
        Check(
            lambda t: pd.Series([str(y) in d for y, d in zip(t["year"], t["dates"])], index=t.index),
            error="the year appears in the dates",
        )
    ],
    strict=True,
    coerce=True,
    name="upr_sessions",
)

#: Every hand-made CSV of the project (path relative to the repository) and its schema.
TABLES: dict[str, DataFrameSchema] = {
    "data/reference/reviews.csv": REVIEWS,
    "data/reference/official_counts.csv": OFFICIAL_COUNTS,
    "data/reference/upr_info_duplicates.csv": UPR_INFO_DUPLICATES,
    "data/reference/upr_sessions.csv": UPR_SESSIONS,
    "data/states/aliases.csv": ALIASES,
    "data/reviewers/cow_iso3.csv": COW_ISO3,
    "data/reviewers/un_regional_groups_errata.csv": GROUPINGS_ERRATA,
    "data/coding/evidence.csv": EVIDENCE,
    "data/coding/sensitivity_hand_coded.csv": HAND_CODED,
    "data/coding/sensitivity_blind_coding.csv": BLIND_CODED,
}

__all__ = ["TABLES", "pa"]
