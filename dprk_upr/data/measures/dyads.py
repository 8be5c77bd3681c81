"""Measures of every state and every pair of states in the UPR, not only of North Korea's reviewers:
for the comparison of all states under review (UPR Info's export of 25 July 2018).

- :func:`state_measures`: a state's UN General Assembly ideal point and V-Dem polyarchy in a year;
- :func:`dyad_measures`: for a recommending state and a state under review in a year, the distance
  between their ideal points and whether ATOP records a defence pact between them;
- :func:`country_resolutions`: the General Assembly's recorded votes on resolutions about the
  human-rights situation in one named state (the peer-set rule of the chapter on North Korea
  among the states).

The sources are those of the reviewer measures (:mod:`.assembly`, :mod:`.democracy`,
:mod:`.keys`; ATOP v5 as packaged by peacesciencer) and their joins are checked the same way. A
missing value always comes with its reason (``missing_reason``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..states import lookup
from .assembly import load_ideal_points
from .democracy import load_polyarchy
from .keys import ccode_for, check_unique, load_cow_iso3, read_r

__all__ = ["state_measures", "dyad_measures", "load_atop_dyads", "country_resolutions", "ATOP_LAST_YEAR"]

#: Last year of ATOP v5 in the peacesciencer file.
ATOP_LAST_YEAR = 2018


def _reasons(n: int) -> list[list[str]]:
    return [[] for _ in range(n)]


def state_measures(states: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """Ideal point and polyarchy of each (state, year).

    Parameters
    ----------
    states : pandas.DataFrame, shape (n, 2)
        Columns ``iso3`` (ISO 3166 alpha-3) and ``measure_year`` (int). Pairs must be unique.
    raw_dir : Path
        The raw inputs (``unga/IdealpointsJuly2025.dta``, ``democracy/cw_democracy.rda``).

    Returns
    -------
    pandas.DataFrame, shape (n, 5), same index
        ``iso3``, ``measure_year``, ``ccode`` (COW code, Int64), ``ideal_point`` (UN General
        Assembly ideal point on all votes, Bailey, Strezhnev and Voeten, unitless) and
        ``polyarchy`` (V-Dem electoral democracy index, 0-1), with ``missing_reason`` naming why
        a value is missing (an observer State without ideal points, no COW code, no V-Dem score).

    Raises
    ------
    ValueError
        A repeated (iso3, measure_year) pair, or a join that changes the number of rows.
    """
    check_unique(states, ["iso3", "measure_year"], "state_measures input")
    out = states[["iso3", "measure_year"]].copy()
    mapping = load_cow_iso3(raw_dir)
    out["ccode"] = ccode_for(out, mapping)
    ip = load_ideal_points(raw_dir)[["iso3", "year", "idealpointall"]]
    ip = ip.rename(columns={"year": "measure_year", "idealpointall": "ideal_point"})
    merged = out.merge(ip, on=["iso3", "measure_year"], how="left", validate="one_to_one")
    if len(merged) != len(out):
        raise ValueError("state_measures: joining the ideal points changed the number of rows")
    out["ideal_point"] = merged["ideal_point"].astype(float).to_numpy()
    poly = load_polyarchy(raw_dir).rename(columns={"year": "measure_year"})
    keyed = out[["ccode", "measure_year"]].copy()
    has = keyed["ccode"].notna()
    right = (
        keyed[has].astype({"ccode": int}).merge(poly, on=["ccode", "measure_year"], how="left", validate="many_to_one")
    )
    values = pd.Series(np.nan, index=out.index)
    values[has] = right["polyarchy"].to_numpy()
    out["polyarchy"] = values.astype(float)
    in_ip = set(ip["iso3"])
    why = _reasons(len(out))
    for k, (iso, year, code, point, score) in enumerate(
        zip(out["iso3"], out["measure_year"], out["ccode"], out["ideal_point"], out["polyarchy"])
    ):
        if pd.isna(point):
            why[k].append(
                f"ideal_point: {iso} is not in the ideal-point data (not a UN member state)"
                if iso not in in_ip
                else f"ideal_point: no estimate for {iso} in {year}"
            )
        if pd.isna(score):
            why[k].append(
                f"polyarchy: no Correlates of War code for {iso} in {year}"
                if pd.isna(code)
                else f"polyarchy: V-Dem has no score for COW {code} in {year}"
            )
    out["missing_reason"] = ["; ".join(w) for w in why]
    return out


def load_atop_dyads(raw_dir: Path) -> pd.DataFrame:
    """ATOP v5 alliances between any two states, one row per unordered pair and year.

    Returns
    -------
    pandas.DataFrame
        ``ccode_a`` < ``ccode_b`` (COW codes), ``year``, ``defence_pact`` and ``any_alliance``
        (bool; any ATOP obligation: defence, offence, neutrality, non-aggression or
        consultation). A pair-year absent from the file has no ATOP alliance. Both directions
        of the directed file are folded together.
    """
    a = read_r(str(Path(raw_dir) / "alliances" / "atop_alliance.rda"), "atop_alliance")
    lo = np.minimum(a["ccode1"], a["ccode2"]).astype(int)
    hi = np.maximum(a["ccode1"], a["ccode2"]).astype(int)
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    frame = pd.DataFrame(
        {
            "ccode_a": lo,
            "ccode_b": hi,
            "year": a["year"].astype(int),
            "defence_pact": a["atop_defense"].fillna(0) > 0,
            "any_alliance": a[kinds].fillna(0).sum(axis=1) > 0,
        }
    )
    return frame.groupby(["ccode_a", "ccode_b", "year"], as_index=False)[["defence_pact", "any_alliance"]].max()


def dyad_measures(pairs: pd.DataFrame, states: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """Distance and alliance between a recommending state and a state under review in a year.

    Parameters
    ----------
    pairs : pandas.DataFrame, shape (n, 3)
        ``rs_iso3`` (recommending state), ``sur_iso3`` (state under review), ``measure_year``;
        unique rows.
    states : pandas.DataFrame
        :func:`state_measures` for every (iso3, measure_year) of both columns.
    raw_dir : Path
        The raw inputs (``alliances/atop_alliance.rda``).

    Returns
    -------
    pandas.DataFrame, shape (n, 6), same index
        The three key columns, ``ideal_point_distance`` (absolute difference of the two ideal
        points), ``defence_pact`` (Int64 0/1: an ATOP defence pact between the two in the
        measure year, or in :data:`ATOP_LAST_YEAR` for later years) and ``missing_reason``.

    Raises
    ------
    ValueError
        A repeated pair, or a state-year of ``pairs`` absent from ``states``.
    """
    check_unique(pairs, ["rs_iso3", "sur_iso3", "measure_year"], "dyad_measures input")
    st = states.set_index(["iso3", "measure_year"])
    out = pairs[["rs_iso3", "sur_iso3", "measure_year"]].copy()
    for role in ("rs", "sur"):
        keys = pd.MultiIndex.from_arrays([out[f"{role}_iso3"], out["measure_year"]])
        absent = keys[~keys.isin(st.index)]
        if len(absent):
            raise ValueError(f"dyad_measures: state-years without state measures: {list(absent[:5])}")
        picked = st.reindex(keys)
        out[f"{role}_ideal_point"] = picked["ideal_point"].to_numpy()
        out[f"{role}_ccode"] = picked["ccode"].to_numpy()
    out["ideal_point_distance"] = (out["rs_ideal_point"] - out["sur_ideal_point"]).abs()
    atop = load_atop_dyads(raw_dir)
    has = out["rs_ccode"].notna() & out["sur_ccode"].notna()
    keyed = pd.DataFrame(
        {
            "ccode_a": np.minimum(out.loc[has, "rs_ccode"].astype(int), out.loc[has, "sur_ccode"].astype(int)),
            "ccode_b": np.maximum(out.loc[has, "rs_ccode"].astype(int), out.loc[has, "sur_ccode"].astype(int)),
            "year": out.loc[has, "measure_year"].clip(upper=ATOP_LAST_YEAR).astype(int),
        }
    )
    hit = keyed.merge(atop, on=["ccode_a", "ccode_b", "year"], how="left", validate="many_to_one")
    if len(hit) != len(keyed):
        raise ValueError("dyad_measures: joining ATOP changed the number of rows")
    pact = pd.Series(pd.NA, index=out.index, dtype="Int64")
    pact[has] = hit["defence_pact"].fillna(False).astype(int).to_numpy()
    out["defence_pact"] = pact
    why = _reasons(len(out))
    for k, (d, p, rs, sur) in enumerate(zip(out["ideal_point_distance"], pact, out["rs_iso3"], out["sur_iso3"])):
        if pd.isna(d):
            missing = [
                s for s, v in ((rs, out["rs_ideal_point"].iat[k]), (sur, out["sur_ideal_point"].iat[k])) if pd.isna(v)
            ]
            why[k].append(f"ideal_point_distance: no ideal point for {', '.join(missing)}")
        if pd.isna(p):
            missing = [s for s, v in ((rs, out["rs_ccode"].iat[k]), (sur, out["sur_ccode"].iat[k])) if pd.isna(v)]
            why[k].append(f"defence_pact: no Correlates of War code for {', '.join(missing)}")
    out["missing_reason"] = ["; ".join(w) for w in why]
    return out[["rs_iso3", "sur_iso3", "measure_year", "ideal_point_distance", "defence_pact", "missing_reason"]]


# "Situation of human rights in the Islamic Republic of Iran : resolution / adopted by ..."; the
# roll-call file sometimes has "on" for "of" and garbles the apostrophe ("People?Ã†s").
_COUNTRY_TITLE = re.compile(
    r"^\s*situation (?:of|on) (?:the )?human rights in (?P<name>.+?)\s*(?::|/|$)", re.IGNORECASE
)


def country_resolutions(raw_dir: Path, first_year: int, last_year: int) -> pd.DataFrame:
    """Recorded plenary votes of the General Assembly on a resolution about the human-rights
    situation in one named state, from ``first_year`` to ``last_year``.

    A roll call counts when its title (``descr``, else ``short``, in Voeten's roll-call file as
    packaged by ``unvotes``) begins "Situation of human rights in <name>" and it is a vote on the
    resolution as a whole (not on an amendment or a paragraph). The name is resolved to ISO3 by
    the project's alias table and ISO 3166 (:func:`dprk_upr.data.states.lookup`), after a garbled
    apostrophe is restored; a title naming a territory rather than a state (the 2016 resolution on
    Crimea and Sevastopol) does not resolve and is returned with ``iso3`` missing and the reason.

    Returns
    -------
    pandas.DataFrame
        One row per roll call: ``year``, ``unres`` (resolution symbol, A/RES/...), ``name`` (as
        printed), ``iso3`` and ``note``.
    """
    rc = read_r(str(Path(raw_dir) / "unga" / "un_roll_calls.rda"), "un_roll_calls").copy()
    rc["year"] = pd.to_datetime(rc["date"]).dt.year
    rc = rc[(rc["year"] >= first_year) & (rc["year"] <= last_year)]
    whole = rc["amend"].fillna(0).astype(float).eq(0) & rc["para"].fillna(0).astype(float).eq(0)
    rows = []
    for r in rc[whole].itertuples(index=False):
        for text in (r.descr, r.short):
            m = _COUNTRY_TITLE.match(str(text or ""))
            if m:
                break
        if not m:
            continue
        name = re.sub(r"[?\u0080-\uffff]+", "'", m.group("name")).strip()
        code, _ = lookup(name)
        rows.append(
            {
                "year": int(r.year),
                "unres": re.sub(r"^R/", "A/RES/", str(r.unres)),
                "name": name,
                "iso3": code,
                "note": "" if code else "the title names a territory, not a state: not counted",
            }
        )
    out = pd.DataFrame(rows, columns=["year", "unres", "name", "iso3", "note"])
    return out.sort_values(["year", "unres"]).reset_index(drop=True)
