"""Groups the reviewers belong to: the UN regional groups and NAM, the OECD, the EU, NATO and the
OIC, from internacia-db's current membership lists, corrected by the project's errata table
``data/reviewers/un_regional_groups_errata.csv`` (some corrections dated: accessions to NATO,
the OECD, the EU and NAM), each with a note and a source.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry
import yaml

from ... import paths
from ..files import read_table
from ..schemas import GROUPINGS_ERRATA as ERRATA_SCHEMA
from .keys import Reasons, check_unique, require, year_or_none

GROUPINGS_ERRATA = paths.DATA / "reviewers" / "un_regional_groups_errata.csv"

#: The groupings files, in output order, and the label each regional group gets.
REGIONAL_GROUPS: dict[str, str] = {
    "AFRICANGROUP": "AFRICAN",
    "ASIAPACIFICGROUP": "ASIA-PACIFIC",
    "EEG": "EEG",
    "GRULAC": "GRULAC",
    "WEOG": "WEOG",
}
OTHER_GROUPS: dict[str, str] = {"NAM": "nam", "OECD": "oecd", "EU": "eu", "NATO": "nato", "OIC": "oic"}


def regional_group_label(groups: dict[str, bool]) -> str | None:
    """The regional-group label of one state from its membership flags; None if it has none.

    >>> regional_group_label({"WEOG": True, "EEG": False})
    'WEOG'
    >>> regional_group_label({"WEOG": False}) is None
    True
    >>> try:
    ...     regional_group_label({"WEOG": True, "ASIAPACIFICGROUP": True})
    ... except ValueError as err:
    ...     print(err)
    a state is listed in more than one UN regional group: ['ASIA-PACIFIC', 'WEOG']
    """
    found = sorted(REGIONAL_GROUPS[g] for g, member in groups.items() if g in REGIONAL_GROUPS and member)
    if len(found) > 1:
        raise ValueError(f"a state is listed in more than one UN regional group: {found}")
    return found[0] if found else None


def _listed_groupings(raw_dir: Path) -> pd.DataFrame:
    rows = []
    for group in [*REGIONAL_GROUPS, *OTHER_GROUPS]:
        path = require(Path(raw_dir) / "groupings" / f"{group}.yaml")
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("id") != group:
            raise ValueError(f"{path}: id is {doc.get('id')!r}, expected {group!r}")
        for item in doc.get("includes", []):
            if item.get("type") != "country" or item.get("status") != "member":
                raise ValueError(f"{path}: entry {item} is not a member country; extend the reader before using it")
            found = pycountry.countries.get(alpha_2=item["id"])
            if found is None:
                raise ValueError(f"{path}: ISO2 code {item['id']!r} ({item.get('name')}) is not known to ISO 3166")
            rows.append({"group": group, "iso3": found.alpha_3})
    listed = pd.DataFrame(rows)
    check_unique(listed, ["group", "iso3"], "groupings/*.yaml")
    return listed


def load_groupings_errata(path: Path = GROUPINGS_ERRATA) -> pd.DataFrame:
    """The documented corrections to the groupings files (see the module docstring)."""
    e = read_table(require(path), ERRATA_SCHEMA)  # groups, codes, actions, years, note and source checked
    for col in ("first_year", "last_year"):
        e[col] = pd.to_numeric(e[col].replace("", pd.NA)).astype("Int64")
    return e


def load_groupings(raw_dir: Path, year: int | None = None, errata: Path = GROUPINGS_ERRATA) -> pd.DataFrame:
    """Membership of the UN regional groups, NAM, OECD, EU, NATO and OIC: iso3 x group booleans.

    The source lists give *current* membership. With ``year=None`` the lists are returned as
    published, corrected only by undated errata (e.g. Australia out of the Asia-Pacific Group).
    With a ``year``, dated errata also apply, giving membership on 31 December of that year as far
    as the errata file documents accessions and withdrawals (e.g. the UK is in the EU to 2019).
    Every ``remove`` or ``confirm`` erratum must match a listed membership, or ValueError.

    Index: ``iso3``; columns: AFRICANGROUP, ASIAPACIFICGROUP, EEG, GRULAC, WEOG, NAM, OECD, EU,
    NATO, OIC.

    >>> g = load_groupings(Path("data/raw"), year=2008)  # doctest: +SKIP
    >>> g.loc["AUS", ["ASIAPACIFICGROUP", "WEOG", "OECD"]].tolist(), g.loc["GBR", "EU"]  # doctest: +SKIP
    ([False, True, True], True)
    """
    listed = _listed_groupings(raw_dir)
    e = load_groupings_errata(errata)
    members = set(map(tuple, listed[["group", "iso3"]].to_numpy()))
    for row in e.itertuples(index=False):
        key = (row.group, row.iso3)
        if row.action in ("remove", "confirm") and key not in members:
            raise ValueError(f"{errata}: {row.action} {row.iso3} in {row.group}, but the list does not have it")
    current = set(members)
    for row in e.itertuples(index=False):
        lo, hi = year_or_none(row.first_year), year_or_none(row.last_year)
        if lo is None and hi is None:
            applies = True
        elif year is None:
            applies = False
        else:
            applies = (lo is None or lo <= year) and (hi is None or year <= hi)
        if not applies:
            continue
        if row.action == "remove":
            current.discard((row.group, row.iso3))
        elif row.action == "add":
            current.add((row.group, row.iso3))
    groups = [*REGIONAL_GROUPS, *OTHER_GROUPS]
    states = sorted({iso for _, iso in members} | set(e.loc[e["action"] == "add", "iso3"]))
    table = pd.DataFrame(False, index=pd.Index(states, name="iso3"), columns=groups)
    for group, iso in current:
        table.loc[iso, group] = True
    several = table[list(REGIONAL_GROUPS)].sum(axis=1)
    if (several > 1).any():
        raise ValueError(
            f"groupings: states in more than one UN regional group after errata: {several[several > 1].index.tolist()}"
        )
    return table


def grouping_measures(keys: pd.DataFrame, raw_dir: Path, un_members: set[str]) -> tuple[pd.DataFrame, Reasons]:
    """Each reviewer's UN regional group and memberships on 31 December of the measure year.

    ``keys`` has ``iso3`` and ``measure_year``; ``un_members`` the ISO3 codes of UN member states
    (those with ideal points): a member in no regional group is an error to fix in the errata
    file; a non-member gets a missing group with its reason. Returns ``un_regional_group``
    (AFRICAN, ASIA-PACIFIC, EEG, GRULAC or WEOG) and ``nam``, ``oecd``, ``eu``, ``nato``, ``oic``.
    """
    why = Reasons(len(keys))
    out = pd.DataFrame(index=keys.index)
    out["un_regional_group"] = pd.Series(pd.NA, index=keys.index, dtype="string")
    for col in OTHER_GROUPS.values():
        out[col] = pd.Series(pd.NA, index=keys.index, dtype="boolean")
    for year in sorted(keys["measure_year"].unique()):
        table = load_groupings(raw_dir, year=year)
        for i in keys.index[keys["measure_year"] == year]:
            iso = keys.at[i, "iso3"]
            flags = table.loc[iso].to_dict() if iso in table.index else {g: False for g in table.columns}
            label = regional_group_label(flags)
            if label is None:
                if iso in un_members:
                    raise ValueError(
                        f"groupings: {iso}, a UN member state in the ideal-point data, is in no UN regional group; add an erratum"
                    )
                why.miss(
                    [i],
                    ["un_regional_group"],
                    "not a UN member state; the UN regional groups of Member States do not list it",
                )
            else:
                out.at[i, "un_regional_group"] = label
            for group, col in OTHER_GROUPS.items():
                out.at[i, col] = bool(flags[group])
    why.note(
        keys.index,
        "memberships: current lists (internacia-db) corrected to 31 December of the measure year by un_regional_groups_errata.csv",
    )
    return out, why
