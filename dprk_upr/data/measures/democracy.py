"""Regime type of the reviewers: V-Dem's electoral democracy index (``v2x_polyarchy``), via the
``isard`` package's COW-keyed file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .keys import Reasons, check_unique, merge_checked, read_r


def load_polyarchy(raw_dir: Path) -> pd.DataFrame:
    """V-Dem electoral democracy index (``v2x_polyarchy``) by COW code and year (rows with a value)."""
    d = read_r(str(Path(raw_dir) / "democracy" / "cw_democracy.rda"), "cw_democracy")
    d = d[d["v2x_polyarchy"].notna()][["ccode", "year", "v2x_polyarchy"]].copy()
    d[["ccode", "year"]] = d[["ccode", "year"]].astype(int)
    d = d.rename(columns={"v2x_polyarchy": "polyarchy"})
    check_unique(d, ["ccode", "year"], "cw_democracy")
    return d.reset_index(drop=True)


def democracy_measures(keys: pd.DataFrame, polyarchy: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
    """The reviewer's ``polyarchy`` score in the measure year.

    ``keys`` has ``ccode`` and ``measure_year``; ``polyarchy`` from :func:`load_polyarchy`. A state
    with a COW code but no score that year gets a missing value with its reason.
    """
    why = Reasons(len(keys))
    keyed = keys[["ccode", "measure_year"]].rename(columns={"measure_year": "year"})
    has_code = keyed["ccode"].notna()
    merged = merge_checked(
        keyed[has_code].astype({"ccode": int}),
        polyarchy,
        ["ccode", "year"],
        "V-Dem polyarchy (democracy/cw_democracy.rda)",
    )
    merged.index = keyed.index[has_code]
    out = pd.DataFrame({"polyarchy": merged["polyarchy"].reindex(keys.index).astype(float)}, index=keys.index)
    for i in keys.index[out["polyarchy"].isna() & has_code]:
        why.miss(
            [i],
            ["polyarchy"],
            f"V-Dem has no polyarchy score for COW {keys.at[i, 'ccode']} in {keys.at[i, 'measure_year']}",
        )
    return out, why
