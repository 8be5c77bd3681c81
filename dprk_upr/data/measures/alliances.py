"""Alliances with North Korea from ATOP v5 (Leeds et al.), via the peacesciencer dyad-year file.

The dyad-year file lists only dyads with some alliance and does not name the treaty. ATOP codes a
non-aggression pact with the DPRK for some thirty states from 2008 on, the United States, Japan and
South Korea among them; the timing fits the Treaty of Amity and Cooperation in Southeast Asia,
which the DPRK joined in 2008. So ``nonaggression_pact`` is not a sign of friendliness.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .keys import Reasons, merge_checked, read_r

DPRK_CCODE = 731

#: Last year of the ATOP v5 dyad-year data. Cycles whose measure year is later use this year.
ATOP_LAST_YEAR = 2018


def load_atop(raw_dir: Path) -> pd.DataFrame:
    """ATOP v5 alliances with the DPRK, one row per partner COW code and year (up to 2018).

    The directed dyad-year file lists only dyads with some alliance; both directions are folded
    together. A state-year absent here has no ATOP alliance with the DPRK.

    Columns: ``ccode``, ``year``, ``defence_pact``, ``nonaggression_pact`` (bool).
    """
    a = read_r(str(Path(raw_dir) / "alliances" / "atop_alliance.rda"), "atop_alliance")
    one = a[a["ccode1"] == DPRK_CCODE].rename(columns={"ccode2": "ccode"})
    two = a[a["ccode2"] == DPRK_CCODE].rename(columns={"ccode1": "ccode"})
    both = pd.concat([one, two], ignore_index=True)
    out = both.groupby(["ccode", "year"], as_index=False)[["atop_defense", "atop_nonagg"]].max()
    out = out.rename(columns={"atop_defense": "defence_pact", "atop_nonagg": "nonaggression_pact"})
    out[["ccode", "year"]] = out[["ccode", "year"]].astype(int)
    out[["defence_pact", "nonaggression_pact"]] = out[["defence_pact", "nonaggression_pact"]].astype(bool)
    return out


def alliance_measures(keys: pd.DataFrame, atop: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
    """A defence pact or non-aggression pact with the DPRK in ``atop_year``.

    ``keys`` has ``ccode`` (COW code, missing for states without one) and ``measure_year``;
    ``atop`` from :func:`load_atop`. ``atop_year`` is the measure year, or :data:`ATOP_LAST_YEAR`
    for later years (with a note). A COW state-year absent from the dyad-year file has no
    alliance with the DPRK; a state without a COW code gets missing values (its reason is recorded
    where the COW codes are assigned).
    """
    why = Reasons(len(keys))
    out = pd.DataFrame(index=keys.index)
    out["atop_year"] = keys["measure_year"].clip(upper=ATOP_LAST_YEAR).astype(int)
    later = keys.index[keys["measure_year"] > ATOP_LAST_YEAR]
    why.note(
        later,
        f"defence_pact, nonaggression_pact: ATOP ends in {ATOP_LAST_YEAR}; that year stands in for the measure year",
    )
    keyed = pd.DataFrame({"ccode": keys["ccode"], "year": out["atop_year"]})
    has_code = keyed["ccode"].notna()
    merged = merge_checked(
        keyed[has_code].astype({"ccode": int}),
        atop,
        ["ccode", "year"],
        "ATOP alliances with the DPRK (alliances/atop_alliance.rda)",
    )
    merged.index = keyed.index[has_code]
    for col in ("defence_pact", "nonaggression_pact"):
        values = pd.Series(pd.NA, index=keys.index, dtype="boolean")
        values[has_code] = merged[col].fillna(False).astype(bool)
        out[col] = values
    return out, why
