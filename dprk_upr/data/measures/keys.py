"""How the reviewer-measure sources are joined: the COW code <-> ISO3 mapping, checked joins, and
the record of why a measure is missing.

The sources are keyed differently (COW codes, ISO2, ISO3). Every join here is checked: keys that
should be unique are, row counts are kept, and a mismatch raises ``ValueError`` naming the input
and the keys. ``data/reviewers/cow_iso3.csv`` holds the COW <-> ISO3 rows that override or add to
the mapping found in the ideal-point file (changes of state, mislabelled codes, states without a
COW code), each with a note.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ... import paths
from ..files import read_table
from ..schemas import COW_ISO3 as COW_ISO3_SCHEMA

COW_ISO3 = paths.DATA / "reviewers" / "cow_iso3.csv"
IDEAL_POINTS_FILE = Path("unga") / "IdealpointsJuly2025.dta"


def require(path: Path) -> Path:
    """``path`` if it is a file; FileNotFoundError naming it otherwise."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"input not found: {path}")
    return Path(path)


@lru_cache(maxsize=16)
def read_r(path: str, name: str) -> pd.DataFrame:
    """The data frame ``name`` of an R data file (``.rda``), read with pyreadr (cached per file)."""
    import pyreadr

    return pyreadr.read_r(require(Path(path)))[name]


@lru_cache(maxsize=4)
def read_ideal_points_file(path: str) -> pd.DataFrame:
    """The ideal-point Stata file as published (cached per file)."""
    return pd.read_stata(require(Path(path)))


def check_unique(frame: pd.DataFrame, keys: list[str], name: str) -> None:
    """Raise ValueError if ``keys`` do not identify the rows of ``frame`` (called ``name``)."""
    dup = frame[frame.duplicated(keys, keep=False)]
    if len(dup):
        shown = dup[keys].drop_duplicates().head(10).to_dict("records")
        raise ValueError(f"{name}: {len(dup)} rows share their key {keys}, e.g. {shown}")


def merge_checked(left: pd.DataFrame, right: pd.DataFrame, on: list[str], name: str) -> pd.DataFrame:
    """Left-join ``right`` (called ``name``) onto ``left``; its keys must be unique and the row count kept.

    The caller decides what to do with rows that did not match (the ``_merge`` column says which).
    """
    check_unique(right, on, name)
    out = left.merge(right, on=on, how="left", validate="many_to_one", indicator=True)
    if len(out) != len(left):
        raise ValueError(f"{name}: joining on {on} changed the number of rows from {len(left)} to {len(out)}")
    return out


def year_or_none(value) -> int | None:
    """A year cell as int, or None when missing."""
    return None if pd.isna(value) else int(value)


class Reasons:
    """Collects, per row, why a measure is missing, and notes that qualify a value.

    ``missing[i]`` maps a measure to the first reason recorded for row ``i``; ``notes[i]`` lists
    notes in the order recorded. :meth:`merge` combines the records of several sources in order.
    """

    def __init__(self, n: int):
        self.missing: list[dict[str, str]] = [dict() for _ in range(n)]
        self.notes: list[list[str]] = [[] for _ in range(n)]

    def miss(self, rows, measures: list[str], reason: str) -> None:
        for i in rows:
            for m in measures:
                self.missing[i].setdefault(m, reason)

    def note(self, rows, text: str) -> None:
        for i in rows:
            if text not in self.notes[i]:
                self.notes[i].append(text)

    def merge(self, other: Reasons) -> None:
        """Add ``other``'s reasons and notes after this record's own (first reason wins)."""
        for i, (missing, notes) in enumerate(zip(other.missing, other.notes)):
            for m, r in missing.items():
                self.missing[i].setdefault(m, r)
            for text in notes:
                self.note([i], text)

    def missing_text(self) -> list[str]:
        out = []
        for d in self.missing:
            by_reason: dict[str, list[str]] = {}
            for m, r in d.items():
                by_reason.setdefault(r, []).append(m)
            out.append("; ".join(f"{', '.join(ms)}: {r}" for r, ms in by_reason.items()))
        return out


def load_cow_iso3(raw_dir: Path, path: Path = COW_ISO3) -> pd.DataFrame:
    """The COW code <-> ISO3 mapping, one row per code, ISO3 and period.

    The ideal-point file's pairs of ``ccode`` and ``iso3c`` are the base (each valid from its
    first year in that file, open-ended); every COW code that appears in ``path`` is instead taken
    entirely from ``path``, which also adds ISO3 codes without a COW code (ccode missing) and COW
    codes without an ISO3 (iso3 missing). The result is checked to be one-to-one in every year.

    Columns: ``ccode`` (Int64), ``iso3``, ``first_year``, ``last_year`` (Int64, missing = open),
    ``origin`` ("ideal points" or "cow_iso3.csv") and ``note``.

    >>> m = load_cow_iso3(Path("data/raw"))  # doctest: +SKIP
    >>> m.query("ccode == 345")[["iso3", "first_year", "last_year"]].values.tolist()  # doctest: +SKIP
    [['YUG', 1946, 2002], ['SCG', 2003, 2005], ['SRB', 2006, <NA>]]
    """
    ip = read_ideal_points_file(str(Path(raw_dir) / IDEAL_POINTS_FILE))
    ip = ip[ip["iso3c"].fillna("").str.strip() != ""]  # placeholder rows: no ISO3 and no estimates
    base = ip.groupby(["ccode", "iso3c"], as_index=False)["year"].min()
    base = base.rename(columns={"iso3c": "iso3", "year": "first_year"})
    base["last_year"] = pd.NA
    base["origin"] = "ideal points"
    base["note"] = ""

    extra = read_table(require(path), COW_ISO3_SCHEMA)  # columns, codes, years and a note checked
    lines = extra.attrs.get("lines", [])
    extra = extra.replace({"": pd.NA})
    extra["origin"] = "cow_iso3.csv"
    extra["line"] = lines if len(lines) == len(extra) else pd.NA

    overridden = set(pd.to_numeric(extra["ccode"]).dropna().astype(int))
    base = base[~base["ccode"].astype(int).isin(overridden)]
    out = pd.concat([base, extra], ignore_index=True)
    for col in ("ccode", "first_year", "last_year"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    out["iso3"] = out["iso3"].astype("string")
    out = out.sort_values(["ccode", "first_year"], na_position="last").reset_index(drop=True)
    _check_one_to_one(out, str(path))
    return out[["ccode", "iso3", "first_year", "last_year", "origin", "note"]]


def _check_one_to_one(mapping: pd.DataFrame, name: str) -> None:
    """Raise ValueError if a COW code has two ISO3 codes, or an ISO3 two COW codes, in one year."""
    lo = mapping["first_year"].fillna(1800).astype(int)
    hi = mapping["last_year"].fillna(2100).astype(int)
    rows = mapping.assign(lo=lo, hi=hi)
    problems = []
    for key, other in (("ccode", "iso3"), ("iso3", "ccode")):
        sub = rows[rows[key].notna() & rows[other].notna()]
        for value, grp in sub.groupby(key):
            recs = grp.to_dict("records")
            for i, a in enumerate(recs):
                for b in recs[i + 1 :]:
                    if a["lo"] <= b["hi"] and b["lo"] <= a["hi"] and a[other] != b[other]:
                        where = [
                            r["origin"] + (f" line {r['line']}" if pd.notna(r.get("line", pd.NA)) else "")
                            for r in (a, b)
                        ]
                        problems.append(
                            f"{key} {value}: {a[other]} ({a['lo']}-{a['hi']}, {where[0]}) overlaps {b[other]} "
                            f"({b['lo']}-{b['hi']}, {where[1]})"
                        )
    if problems:
        raise ValueError(
            f"{name}: the COW/ISO3 mapping is not one-to-one: " + "; ".join(problems) + ". Give each period to one "
            "code: set first_year/last_year in data/reviewers/cow_iso3.csv so that the periods do not overlap."
        )


def ccode_for(frame: pd.DataFrame, mapping: pd.DataFrame, year_col: str = "measure_year") -> pd.Series:
    """The COW code of each (iso3, year) row of ``frame`` (missing where the mapping has none)."""
    m = mapping[mapping["iso3"].notna() & mapping["ccode"].notna()]
    keyed = (
        frame[["iso3", year_col]]
        .reset_index()
        .merge(m[["iso3", "ccode", "first_year", "last_year"]], on="iso3", how="left")
    )
    year = keyed[year_col]
    ok = (
        keyed["ccode"].notna()
        & (keyed["first_year"].isna() | (keyed["first_year"] <= year))
        & (keyed["last_year"].isna() | (keyed["last_year"] >= year))
    )
    hit = keyed[ok.fillna(False).astype(bool)]
    check_unique(hit, ["index"], "COW/ISO3 mapping (one code per state and year)")
    return hit.set_index("index")["ccode"].reindex(frame.index).astype("Int64")
