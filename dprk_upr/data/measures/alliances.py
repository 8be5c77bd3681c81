"""North Korea's bilateral alliance treaties, from ATOP v5 (Leeds et al. 2002) via the
peacesciencer dyad-year file, restricted to the treaties listed in
``data/reviewers/dprk_bilateral_treaties.yaml``.

The dyad-year file lists only dyads with some alliance and does not name the treaty. From 2008 on
it codes a non-aggression obligation between the DPRK and some thirty states (the United States,
Japan, South Korea, the United Kingdom, France, Canada, Australia ...): the Treaty of Amity and
Cooperation in Southeast Asia, a multilateral treaty the DPRK joined in 2008, which says nothing
about a relationship with North Korea. Only obligations that come from a bilateral treaty of the
table are kept, so ``defence_pact`` marks China and Cuba and ``nonaggression_pact`` China and
South Korea (the 1991 inter-Korean agreement: a non-aggression pact between adversaries, not a
sign of friendliness). Russia's 2000 treaty is a consultation pact and sets neither column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ... import paths
from ..files import ConfigError, check_model, read_yaml
from .keys import Reasons, merge_checked, read_r

DPRK_CCODE = 731

#: Last year of the ATOP v5 dyad-year data. Cycles whose measure year is later use this year.
ATOP_LAST_YEAR = 2018

#: The project's table of North Korea's bilateral treaties (see the module docstring).
TREATIES = paths.DATA / "reviewers" / "dprk_bilateral_treaties.yaml"

#: The ATOP obligations kept as columns, each with its ATOP column and the column of the measures.
OBLIGATIONS = {"defence": ("atop_defense", "defence_pact"), "nonaggression": ("atop_nonagg", "nonaggression_pact")}


class Treaty(BaseModel):
    """One bilateral treaty of the table: ``partner`` (ISO3), ``ccode`` (COW), ``treaty``,
    ``signed``, ``atop_from`` (first year ATOP codes it), ``obligations`` and ``source``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    partner: str = Field(pattern=r"^[A-Z]{3}$")
    ccode: int
    treaty: str = Field(min_length=10)
    signed: str = Field(pattern=r"^\d{4}(-\d{2}-\d{2})?$")
    atop_from: int = Field(ge=1815, le=ATOP_LAST_YEAR)
    obligations: tuple[Literal["defence", "nonaggression", "consultation"], ...] = Field(min_length=1)
    source: str = Field(min_length=20)


class _TreatyFile(BaseModel):
    """The file: one key, ``treaties`` (entries checked one by one as :class:`Treaty`)."""

    model_config = ConfigDict(extra="forbid")

    treaties: list[Any] = []


def load_bilateral_treaties(path: Path | str = TREATIES) -> pd.DataFrame:
    """The bilateral treaties of the table, one row per treaty and obligation: ``partner``,
    ``ccode``, ``treaty``, ``signed``, ``atop_from``, ``obligation``, ``source``. Raises
    :class:`~dprk_upr.data.files.ConfigError` naming the file and the entry when an entry is
    malformed."""
    raw = read_yaml(path)
    entries = check_model(_TreatyFile, raw, path, "the treaty file").treaties
    if not entries:
        raise ConfigError(f"{path}: expected a list under 'treaties'.")
    rows = []
    for i, entry in enumerate(entries):
        treaty = check_model(Treaty, entry, path, f"treaty #{i + 1}")
        for obligation in treaty.obligations:
            rows.append({**treaty.model_dump(exclude={"obligations"}), "obligation": obligation})
    return pd.DataFrame(rows)


def load_atop(raw_dir: Path) -> pd.DataFrame:
    """ATOP v5 alliances with the DPRK as coded (all treaties), one row per partner COW code and
    year (up to 2018). The directed dyad-year file lists only dyads with some alliance; both
    directions are folded together.

    Columns: ``ccode``, ``year``, ``atop_defense``, ``atop_nonagg``, ``atop_consul`` (bool).
    """
    a = read_r(str(Path(raw_dir) / "alliances" / "atop_alliance.rda"), "atop_alliance")
    one = a[a["ccode1"] == DPRK_CCODE].rename(columns={"ccode2": "ccode"})
    two = a[a["ccode2"] == DPRK_CCODE].rename(columns={"ccode1": "ccode"})
    both = pd.concat([one, two], ignore_index=True)
    cols = ["atop_defense", "atop_nonagg", "atop_consul"]
    out = both.groupby(["ccode", "year"], as_index=False)[cols].max()
    out[["ccode", "year"]] = out[["ccode", "year"]].astype(int)
    out[cols] = out[cols].astype(bool)
    return out


def bilateral(atop: pd.DataFrame, treaties: pd.DataFrame) -> pd.DataFrame:
    """ATOP's obligations kept only where a bilateral treaty of ``treaties`` in force (year >=
    ``atop_from``) carries them: columns ``ccode``, ``year``, ``defence_pact``,
    ``nonaggression_pact`` (bool)."""
    out = atop[["ccode", "year"]].copy()
    for obligation, (atop_col, col) in OBLIGATIONS.items():
        rows = treaties[treaties["obligation"] == obligation]
        start = dict(zip(rows["ccode"], rows["atop_from"]))
        backed = out["ccode"].map(start)
        out[col] = atop[atop_col] & backed.notna() & (out["year"] >= backed.fillna(9999))
    return out


def alliance_measures(
    keys: pd.DataFrame, atop: pd.DataFrame, treaties: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, Reasons]:
    """A bilateral defence pact or non-aggression pact with the DPRK in ``atop_year``.

    ``keys`` has ``ccode`` (COW code, missing for states without one) and ``measure_year``;
    ``atop`` from :func:`load_atop`; ``treaties`` from :func:`load_bilateral_treaties` (read when
    not given). ``atop_year`` is the measure year, or :data:`ATOP_LAST_YEAR` for later years
    (with a note). A COW state-year without a bilateral treaty obligation has no pact; a state
    without a COW code gets missing values (its reason is recorded where the COW codes are
    assigned).
    """
    treaties = load_bilateral_treaties() if treaties is None else treaties
    kept = bilateral(atop, treaties)
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
        kept,
        ["ccode", "year"],
        "ATOP alliances with the DPRK (alliances/atop_alliance.rda)",
    )
    merged.index = keyed.index[has_code]
    for col in ("defence_pact", "nonaggression_pact"):
        values = pd.Series(pd.NA, index=keys.index, dtype="boolean")
        values[has_code] = merged[col].fillna(False).astype(bool)
        out[col] = values
    return out, why
