"""How close each recommending state stands to North Korea: one row per reviewer and UPR cycle.

The measures describe the relationship between a state that made recommendations to the DPRK and
the DPRK itself, in the year before the review (:data:`MEASURE_YEAR`):

- UN General Assembly ideal points (Bailey, Strezhnev and Voeten) and the distance between the
  reviewer's and the DPRK's point, on all votes and on the "foreign policy" subset;
- agreement with the DPRK in the Assembly's recorded votes of that year, and the reviewer's most
  recent recorded vote on the Assembly's resolution on the situation of human rights in the DPRK;
- a defence pact or non-aggression pact with the DPRK (ATOP);
- the reviewer's electoral democracy score (V-Dem polyarchy);
- its UN regional group and its membership of NAM, the OECD, the EU, NATO and the OIC.

The sources are keyed differently (COW codes, ISO2, ISO3). Every join here is checked: a key that
should match and does not raises a ``ValueError`` that names the input and the keys; a measure
that is legitimately unavailable (Palestine has no COW code; votes end in 2019; ...) is left
missing and explained in the ``missing_reason`` column. No value is ever missing silently.

Two project tables document the corrections made to the sources:

- ``data/reviewers/cow_iso3.csv``: COW code <-> ISO3 rows that override or add to the mapping
  found in the ideal-point file (changes of state, mislabelled codes, states without a COW code);
- ``data/reviewers/un_regional_groups_errata.csv``: corrections to the membership lists, some of
  them dated (accessions to NATO, the OECD, the EU and NAM), each with a note and a source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry
import yaml

from .paths import DATA, REFERENCE

_REVIEWS = pd.read_csv(REFERENCE / "reviews.csv", dtype=str, keep_default_na=False)

#: The year in which the relationship is measured for each cycle (``measure_year`` of
#: ``data/reference/reviews.csv``): the calendar year before the review, so that the measure
#: precedes the recommendations and the DPRK's answers.
MEASURE_YEAR: dict[int, int] = {int(c): int(y) for c, y in zip(_REVIEWS["cycle"], _REVIEWS["measure_year"])}

#: Date of the Working Group's review of the DPRK in each cycle (the interactive dialogue;
#: ``review_date`` of ``data/reference/reviews.csv``). The reviewer's vote on the DPRK resolution
#: is the latest one recorded before this date.
REVIEW_DATE: dict[int, str] = dict(zip(_REVIEWS["cycle"].astype(int), _REVIEWS["review_date"]))

DPRK_ISO3 = "PRK"
DPRK_CCODE = 731

#: Last year of the ATOP v5 dyad-year data. Cycles whose measure year is later use this year.
ATOP_LAST_YEAR = 2018

#: Years in which the General Assembly adopted its resolution on human rights in the DPRK without a
#: vote (so there is no roll call). The first such resolution was adopted in 2005.
DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE = frozenset({2012, 2013, 2016, 2017, 2018, 2019})

REVIEWERS_DATA = DATA / "reviewers"
COW_ISO3 = REVIEWERS_DATA / "cow_iso3.csv"
GROUPINGS_ERRATA = REVIEWERS_DATA / "un_regional_groups_errata.csv"

#: The groupings files, in output order, and the label each regional group gets.
REGIONAL_GROUPS: dict[str, str] = {
    "AFRICANGROUP": "AFRICAN",
    "ASIAPACIFICGROUP": "ASIA-PACIFIC",
    "EEG": "EEG",
    "GRULAC": "GRULAC",
    "WEOG": "WEOG",
}
OTHER_GROUPS: dict[str, str] = {"NAM": "nam", "OECD": "oecd", "EU": "eu", "NATO": "nato", "OIC": "oic"}

#: Measures that ``reviewer_measures`` returns; any missing value among them has a reason.
MEASURES = [
    "ideal_point", "ideal_point_distance", "ideal_point_fp", "ideal_point_distance_fp",
    "vote_agreement", "n_common_votes",
    "dprk_resolution_vote", "dprk_resolution_vote_year",
    "defence_pact", "nonaggression_pact", "polyarchy",
    "un_regional_group", "nam", "oecd", "eu", "nato", "oic",
]

# ISO2 codes in the roll-call votes that pycountry does not resolve, or resolves to a different
# state than the one that voted. "YU" is used for Yugoslavia and, after it, for Serbia.
_VOTE_ISO2_HISTORIC = {"CS": "CSK", "DD": "DDR", "YD": "YMD"}
# Rows without an ISO2 code in the votes file, by country name.
_VOTE_NAMES_WITHOUT_ISO2 = {"Federal Republic of Germany": "DEU", "Yemen Arab Republic": "YAR", "Zanzibar": None}


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def measure_year(cycle: int) -> int:
    """The measure year of a UPR cycle.

    >>> measure_year(1), measure_year(4)
    (2008, 2023)
    >>> measure_year(5)
    Traceback (most recent call last):
    ...
    ValueError: cycle 5 is not a UPR cycle of the DPRK; expected one of [1, 2, 3, 4].
    """
    if cycle not in MEASURE_YEAR:
        raise ValueError(f"cycle {cycle} is not a UPR cycle of the DPRK; expected one of {sorted(MEASURE_YEAR)}.")
    return MEASURE_YEAR[cycle]


def regional_group_label(groups: dict[str, bool]) -> str | None:
    """The regional-group label of one state from its membership flags; None if it has none.

    >>> regional_group_label({"WEOG": True, "EEG": False})
    'WEOG'
    >>> regional_group_label({"WEOG": False}) is None
    True
    >>> regional_group_label({"WEOG": True, "ASIAPACIFICGROUP": True})
    Traceback (most recent call last):
    ...
    ValueError: a state is listed in more than one UN regional group: ['ASIA-PACIFIC', 'WEOG']
    """
    found = sorted(REGIONAL_GROUPS[g] for g, member in groups.items() if g in REGIONAL_GROUPS and member)
    if len(found) > 1:
        raise ValueError(f"a state is listed in more than one UN regional group: {found}")
    return found[0] if found else None


def _require(path: Path) -> Path:
    if not Path(path).is_file():
        raise FileNotFoundError(f"input not found: {path}")
    return Path(path)


@lru_cache(maxsize=16)
def _read_r(path: str, name: str) -> pd.DataFrame:
    import pyreadr

    return pyreadr.read_r(_require(Path(path)))[name]


@lru_cache(maxsize=4)
def _read_ideal_points_file(path: str) -> pd.DataFrame:
    return pd.read_stata(_require(Path(path)))


def _check_unique(frame: pd.DataFrame, keys: list[str], name: str) -> None:
    """Raise ValueError if ``keys`` do not identify the rows of ``frame`` (called ``name``)."""
    dup = frame[frame.duplicated(keys, keep=False)]
    if len(dup):
        shown = dup[keys].drop_duplicates().head(10).to_dict("records")
        raise ValueError(f"{name}: {len(dup)} rows share their key {keys}, e.g. {shown}")


def _merge_checked(left: pd.DataFrame, right: pd.DataFrame, on: list[str], name: str) -> pd.DataFrame:
    """Left-join ``right`` (called ``name``) onto ``left``; its keys must be unique and the row count kept.

    The caller decides what to do with rows that did not match (the ``_merge`` column says which).
    """
    _check_unique(right, on, name)
    out = left.merge(right, on=on, how="left", validate="many_to_one", indicator=True)
    if len(out) != len(left):
        raise ValueError(f"{name}: joining on {on} changed the number of rows from {len(left)} to {len(out)}")
    return out


def _years(value) -> int | None:
    return None if pd.isna(value) else int(value)


# --------------------------------------------------------------------------------------------
# COW <-> ISO3
# --------------------------------------------------------------------------------------------


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
    ip = _read_ideal_points_file(str(Path(raw_dir) / "unga" / "IdealpointsJuly2025.dta"))
    ip = ip[ip["iso3c"].fillna("").str.strip() != ""]  # placeholder rows: no ISO3 and no estimates
    base = ip.groupby(["ccode", "iso3c"], as_index=False)["year"].min()
    base = base.rename(columns={"iso3c": "iso3", "year": "first_year"})
    base["last_year"] = pd.NA
    base["origin"] = "ideal points"
    base["note"] = ""

    extra = pd.read_csv(_require(path), dtype=str, keep_default_na=False)
    expected = ["ccode", "iso3", "first_year", "last_year", "note"]
    if list(extra.columns) != expected:
        raise ValueError(f"{path}: columns must be {expected}, found {list(extra.columns)}")
    if (extra["note"].str.strip() == "").any():
        raise ValueError(f"{path}: every row needs a note; rows without: {extra.index[extra['note'].str.strip() == ''].tolist()}")
    extra = extra.replace({"": pd.NA})
    extra["origin"] = "cow_iso3.csv"

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
                for b in recs[i + 1:]:
                    if a["lo"] <= b["hi"] and b["lo"] <= a["hi"] and a[other] != b[other]:
                        problems.append(f"{key} {value}: {a[other]} ({a['lo']}-{a['hi']}) overlaps {b[other]} ({b['lo']}-{b['hi']})")
    if problems:
        raise ValueError(f"{name}: the COW/ISO3 mapping is not one-to-one: " + "; ".join(problems))


def _ccode_for(frame: pd.DataFrame, mapping: pd.DataFrame, year_col: str = "measure_year") -> pd.Series:
    """The COW code of each (iso3, year) row of ``frame`` (missing where the mapping has none)."""
    m = mapping[mapping["iso3"].notna() & mapping["ccode"].notna()]
    keyed = frame[["iso3", year_col]].reset_index().merge(m[["iso3", "ccode", "first_year", "last_year"]], on="iso3", how="left")
    year = keyed[year_col]
    ok = keyed["ccode"].notna() & (keyed["first_year"].isna() | (keyed["first_year"] <= year)) & (
        keyed["last_year"].isna() | (keyed["last_year"] >= year)
    )
    hit = keyed[ok.fillna(False).astype(bool)]
    _check_unique(hit, ["index"], "COW/ISO3 mapping (one code per state and year)")
    return hit.set_index("index")["ccode"].reindex(frame.index).astype("Int64")


# --------------------------------------------------------------------------------------------
# loaders
# --------------------------------------------------------------------------------------------


def load_ideal_points(raw_dir: Path) -> pd.DataFrame:
    """UN General Assembly ideal points by state-year, with corrected ISO3 codes.

    Placeholder rows without an ISO3 code (which carry no estimates) are dropped; ISO3 codes come
    from :func:`load_cow_iso3` (so COW 345 is SRB from 2006, not YUG). One row per (iso3, year).

    Columns: ``ccode``, ``iso3``, ``countryname``, ``year``, ``idealpointall`` (to 2023),
    ``idealpointfp`` (to 2024), ``nvotesall``.

    >>> ip = load_ideal_points(Path("data/raw"))  # doctest: +SKIP
    >>> ip.query("iso3 == 'PRK' and year == 2008")["idealpointall"].round(2).tolist()  # doctest: +SKIP
    [-1.19]
    """
    ip = _read_ideal_points_file(str(Path(raw_dir) / "unga" / "IdealpointsJuly2025.dta")).copy()
    ip = ip[ip["iso3c"].fillna("").str.strip() != ""].copy()
    ip["year"] = ip["year"].astype(int)
    ip["ccode"] = ip["ccode"].astype("Int64")
    mapping = load_cow_iso3(raw_dir)
    m = mapping[mapping["ccode"].notna() & mapping["iso3"].notna()]
    keyed = ip[["ccode", "year"]].reset_index().merge(m[["ccode", "iso3", "first_year", "last_year"]], on="ccode", how="left")
    ok = (keyed["first_year"].isna() | (keyed["first_year"] <= keyed["year"])) & (
        keyed["last_year"].isna() | (keyed["last_year"] >= keyed["year"])
    )
    keyed = keyed[ok.fillna(False).astype(bool)]
    _check_unique(keyed, ["index"], "COW/ISO3 mapping applied to the ideal points")
    ip["iso3"] = keyed.set_index("index")["iso3"].reindex(ip.index)
    unmatched = ip[ip["iso3"].isna()][["ccode", "year"]].drop_duplicates()
    if len(unmatched):
        raise ValueError(
            f"ideal points: COW code-years without an ISO3 in the mapping: {unmatched.head(10).to_dict('records')}"
        )
    ip = ip[["ccode", "iso3", "countryname", "year", "idealpointall", "idealpointfp", "nvotesall"]]
    _check_unique(ip, ["iso3", "year"], "ideal points")
    return ip.reset_index(drop=True)


def _roll_calls(raw_dir: Path) -> pd.DataFrame:
    rc = _read_r(str(Path(raw_dir) / "unga" / "un_roll_calls.rda"), "un_roll_calls").copy()
    rc["rcid"] = rc["rcid"].astype(int)
    rc["date"] = pd.to_datetime(rc["date"])
    rc["year"] = rc["date"].dt.year
    _check_unique(rc, ["rcid"], "un_roll_calls")
    return rc


def _vote_iso3(code: str | None, country: str, year: int) -> str | None:
    """ISO3 of a voter in the roll-call file.

    >>> _vote_iso3("YU", "Yugoslavia", 2008), _vote_iso3("YU", "Yugoslavia", 1990), _vote_iso3("KP", "North Korea", 2000)
    ('SRB', 'YUG', 'PRK')
    >>> _vote_iso3(None, "Federal Republic of Germany", 1980)
    'DEU'
    """
    if code is None or pd.isna(code):
        if country not in _VOTE_NAMES_WITHOUT_ISO2:
            raise ValueError(f"un_votes: a voter without an ISO2 code that is not documented: {country!r}")
        return _VOTE_NAMES_WITHOUT_ISO2[country]
    if code == "YU":  # Yugoslavia, then Serbia and Montenegro, then Serbia (the same COW code, 345)
        return "SRB" if year >= 2006 else ("SCG" if year >= 2003 else "YUG")
    if code in _VOTE_ISO2_HISTORIC:
        return _VOTE_ISO2_HISTORIC[code]
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        raise ValueError(f"un_votes: ISO2 code {code!r} ({country}) is not known to ISO 3166")
    return found.alpha_3


def load_votes(raw_dir: Path) -> pd.DataFrame:
    """UN General Assembly roll-call votes (1946-2019), one row per roll call and voting state.

    Only yes, no and abstain are recorded (absence is not a row). ISO2 codes are turned into ISO3
    (Yugoslavia's "YU" becomes SRB from 2006); Zanzibar's 1963 votes, which have no ISO code, are
    dropped.

    Columns: ``rcid``, ``date``, ``year``, ``iso3``, ``vote`` ("yes"/"no"/"abstain").

    >>> v = load_votes(Path("data/raw"))  # doctest: +SKIP
    >>> sorted(v["vote"].unique())  # doctest: +SKIP
    ['abstain', 'no', 'yes']
    """
    votes = _read_r(str(Path(raw_dir) / "unga" / "un_votes.rda"), "un_votes").copy()
    votes["rcid"] = votes["rcid"].astype(int)
    rc = _roll_calls(raw_dir)
    votes = _merge_checked(votes, rc[["rcid", "date", "year"]], ["rcid"], "un_roll_calls (dates of the votes)")
    if (votes["_merge"] != "both").any():
        missing = sorted(votes.loc[votes["_merge"] != "both", "rcid"].unique())[:10]
        raise ValueError(f"un_votes: roll calls without a date in un_roll_calls: {missing}")
    pairs = votes[["country_code", "country", "year"]].drop_duplicates()
    pairs["iso3"] = [_vote_iso3(c, n, y) for c, n, y in pairs.itertuples(index=False)]
    votes = votes.merge(pairs, on=["country_code", "country", "year"], how="left", validate="many_to_one")
    votes = votes[votes["iso3"].notna()]
    votes["vote"] = votes["vote"].astype(str)
    out = votes[["rcid", "date", "year", "iso3", "vote"]].reset_index(drop=True)
    _check_unique(out, ["rcid", "iso3"], "un_votes")
    return out


_DPRK_TITLE = re.compile(r"^\s*situation of human rights in the democratic people.{0,12}republic of korea", re.I)


def dprk_resolution_votes(raw_dir: Path) -> pd.DataFrame:
    """The recorded plenary votes on the General Assembly resolution on human rights in the DPRK.

    A roll call counts if its title (``descr``, or ``short``) begins with "Situation of human rights
    in the Democratic People's Republic of Korea" (tolerating the garbled apostrophe in some rows)
    and it is a vote on the resolution as a whole (not on an amendment or a paragraph). The file
    records 2005-2011, 2014 and 2015; the resolutions of 2012, 2013 and 2016-2019 were adopted
    without a vote (:data:`DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE`). At most one roll call per year
    is allowed.

    Columns: ``rcid``, ``session``, ``date``, ``year``, ``unres`` (the resolution symbol, e.g.
    A/RES/63/190), ``title``, and the numbers of ``yes``, ``no`` and ``abstain`` votes.

    >>> r = dprk_resolution_votes(Path("data/raw"))  # doctest: +SKIP
    >>> r["year"].tolist()  # doctest: +SKIP
    [2005, 2006, 2007, 2008, 2009, 2010, 2011, 2014, 2015]
    """
    rc = _roll_calls(raw_dir)
    title = rc["descr"].fillna("").where(rc["descr"].fillna("").str.match(_DPRK_TITLE), rc["short"].fillna(""))
    is_title = title.str.match(_DPRK_TITLE)
    whole = rc["amend"].fillna(0).astype(float).eq(0) & rc["para"].fillna(0).astype(float).eq(0)
    found = rc[is_title & whole].copy()
    found["title"] = title[found.index].str.split(" : ").str[0].str.strip()
    found["unres"] = found["unres"].str.replace(r"^R/", "A/RES/", regex=True)  # the file abbreviates A/RES/
    _check_unique(found, ["year"], "DPRK human-rights resolution roll calls (one per year)")
    clash = set(found["year"]) & DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE
    if clash:
        raise ValueError(f"un_roll_calls: a recorded vote on the DPRK resolution in years documented as without a vote: {sorted(clash)}")
    votes = _read_r(str(Path(raw_dir) / "unga" / "un_votes.rda"), "un_votes")
    counts = (
        votes[votes["rcid"].astype(int).isin(found["rcid"])]
        .assign(rcid=lambda d: d["rcid"].astype(int), vote=lambda d: d["vote"].astype(str))
        .pivot_table(index="rcid", columns="vote", aggfunc="size", fill_value=0)
        .reindex(columns=["yes", "no", "abstain"], fill_value=0)
        .reset_index()
    )
    found = _merge_checked(found, counts, ["rcid"], "un_votes (counts on the DPRK resolution)")
    if (found["_merge"] != "both").any():
        raise ValueError(f"un_votes: no votes for DPRK-resolution roll calls {found.loc[found['_merge'] != 'both', 'rcid'].tolist()}")
    cols = ["rcid", "session", "date", "year", "unres", "title", "yes", "no", "abstain"]
    return found[cols].sort_values("date").reset_index(drop=True)


def load_atop(raw_dir: Path) -> pd.DataFrame:
    """ATOP v5 alliances with the DPRK, one row per partner COW code and year (up to 2018).

    The directed dyad-year file lists only dyads with some alliance; both directions are folded
    together. A state-year absent here has no ATOP alliance with the DPRK.

    Columns: ``ccode``, ``year``, ``defence_pact``, ``nonaggression_pact`` (bool).
    """
    a = _read_r(str(Path(raw_dir) / "alliances" / "atop_alliance.rda"), "atop_alliance")
    one = a[a["ccode1"] == DPRK_CCODE].rename(columns={"ccode2": "ccode"})
    two = a[a["ccode2"] == DPRK_CCODE].rename(columns={"ccode1": "ccode"})
    both = pd.concat([one, two], ignore_index=True)
    out = both.groupby(["ccode", "year"], as_index=False)[["atop_defense", "atop_nonagg"]].max()
    out = out.rename(columns={"atop_defense": "defence_pact", "atop_nonagg": "nonaggression_pact"})
    out[["ccode", "year"]] = out[["ccode", "year"]].astype(int)
    out[["defence_pact", "nonaggression_pact"]] = out[["defence_pact", "nonaggression_pact"]].astype(bool)
    return out


def load_polyarchy(raw_dir: Path) -> pd.DataFrame:
    """V-Dem electoral democracy index (``v2x_polyarchy``) by COW code and year (rows with a value)."""
    d = _read_r(str(Path(raw_dir) / "democracy" / "cw_democracy.rda"), "cw_democracy")
    d = d[d["v2x_polyarchy"].notna()][["ccode", "year", "v2x_polyarchy"]].copy()
    d[["ccode", "year"]] = d[["ccode", "year"]].astype(int)
    d = d.rename(columns={"v2x_polyarchy": "polyarchy"})
    _check_unique(d, ["ccode", "year"], "cw_democracy")
    return d.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# groupings
# --------------------------------------------------------------------------------------------


def _listed_groupings(raw_dir: Path) -> pd.DataFrame:
    rows = []
    for group in [*REGIONAL_GROUPS, *OTHER_GROUPS]:
        path = _require(Path(raw_dir) / "groupings" / f"{group}.yaml")
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
    _check_unique(listed, ["group", "iso3"], "groupings/*.yaml")
    return listed


def load_groupings_errata(path: Path = GROUPINGS_ERRATA) -> pd.DataFrame:
    """The documented corrections to the groupings files (see the module docstring)."""
    e = pd.read_csv(_require(path), dtype=str, keep_default_na=False)
    expected = ["group", "iso3", "action", "first_year", "last_year", "note", "source"]
    if list(e.columns) != expected:
        raise ValueError(f"{path}: columns must be {expected}, found {list(e.columns)}")
    bad = e[~e["action"].isin(["add", "remove", "confirm"]) | (e["note"].str.strip() == "") | (e["source"].str.strip() == "")]
    if len(bad):
        raise ValueError(f"{path}: rows need action add/remove/confirm, a note and a source: lines {(bad.index + 2).tolist()}")
    unknown = sorted(set(e["group"]) - set(REGIONAL_GROUPS) - set(OTHER_GROUPS))
    if unknown:
        raise ValueError(f"{path}: unknown groups {unknown}")
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
        lo, hi = _years(row.first_year), _years(row.last_year)
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
        raise ValueError(f"groupings: states in more than one UN regional group after errata: {several[several > 1].index.tolist()}")
    return table


# --------------------------------------------------------------------------------------------
# the measures
# --------------------------------------------------------------------------------------------


def _validate_reviewers(reviewers: pd.DataFrame) -> pd.DataFrame:
    for col in ("iso3", "cycle"):
        if col not in reviewers.columns:
            raise ValueError(f"reviewers: missing column '{col}' (columns: {list(reviewers.columns)})")
    out = reviewers[["iso3", "cycle"]].copy().reset_index(drop=True)
    bad_iso = out.loc[~out["iso3"].astype(str).str.fullmatch(r"[A-Z]{3}"), "iso3"]
    if len(bad_iso):
        raise ValueError(f"reviewers: not ISO3 codes: {sorted(map(str, bad_iso.unique()))}")
    cycles = pd.to_numeric(out["cycle"], errors="coerce")
    bad_cycle = out.loc[~cycles.isin(list(MEASURE_YEAR)), "cycle"]
    if len(bad_cycle):
        raise ValueError(f"reviewers: cycles must be in {sorted(MEASURE_YEAR)}; found {sorted(map(str, bad_cycle.unique()))}")
    out["cycle"] = cycles.astype(int)
    _check_unique(out, ["iso3", "cycle"], "reviewers")
    if (out["iso3"] == DPRK_ISO3).any():
        raise ValueError("reviewers: the DPRK (PRK) cannot be its own reviewer")
    out["measure_year"] = out["cycle"].map(MEASURE_YEAR)
    return out


class _Reasons:
    """Collects, per row, why a measure is missing, and notes that qualify a value."""

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

    def missing_text(self) -> list[str]:
        out = []
        for d in self.missing:
            by_reason: dict[str, list[str]] = {}
            for m, r in d.items():
                by_reason.setdefault(r, []).append(m)
            out.append("; ".join(f"{', '.join(ms)}: {r}" for r, ms in by_reason.items()))
        return out


def reviewer_measures(reviewers: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """Relationship measures between each recommending state and the DPRK, per UPR cycle.

    ``reviewers`` has columns ``iso3`` (ISO 3166 alpha-3) and ``cycle`` (1-4); each (iso3, cycle)
    must be unique. The result has one row per input row, in the input order, measured in
    ``measure_year`` = :data:`MEASURE_YEAR` [cycle]:

    - ``ideal_point``, ``dprk_ideal_point``, ``ideal_point_distance``: ``idealpointall`` of the
      reviewer and of the DPRK and their absolute difference; ``ideal_point_fp``,
      ``dprk_ideal_point_fp``, ``ideal_point_distance_fp``: the same with ``idealpointfp``.
    - ``vote_agreement``: the share of the year's roll calls, among those on which both the
      reviewer and the DPRK voted yes, no or abstain, on which they voted alike; ``n_common_votes``
      is that number of roll calls. Missing after 2019, when the roll-call file ends.
    - ``dprk_resolution_vote`` ("yes"/"no"/"abstain"), ``dprk_resolution_vote_year`` and
      ``dprk_resolution_vote_symbol``: the reviewer's latest recorded vote, before the review date
      (:data:`REVIEW_DATE`), on the Assembly resolution on human rights in the DPRK.
    - ``defence_pact``, ``nonaggression_pact``: an ATOP alliance of that kind with the DPRK in
      ``atop_year`` (the measure year, or 2018, ATOP's last year, for later cycles). Only China
      and Cuba have a defence pact. ATOP codes non-aggression for some thirty states, most of
      them from 2008 or later (the United States, Japan and South Korea among them). The
      dyad-year file does not name the treaty; the timing fits the Treaty of Amity and
      Cooperation in Southeast Asia, which the DPRK joined in 2008. So ``nonaggression_pact`` is
      not a sign of friendliness.
    - ``polyarchy``: V-Dem electoral democracy index in the measure year.
    - ``un_regional_group`` (AFRICAN, ASIA-PACIFIC, EEG, GRULAC or WEOG) and ``nam``, ``oecd``,
      ``eu``, ``nato``, ``oic``: membership on 31 December of the measure year, from current lists
      corrected by the errata file (not a full membership history; see ``notes``).
    - ``missing_reason``: why each missing measure is missing; ``notes``: caveats on values
      that are present (substituted years, the basis of the memberships).

    Raises ValueError for an ISO3 known to none of the sources, a bad cycle, duplicate rows, or a
    join whose keys do not match as they should.

    >>> out = reviewer_measures(pd.DataFrame({"iso3": ["CHN", "USA"], "cycle": [2, 2]}), Path("data/raw"))  # doctest: +SKIP
    >>> out[["iso3", "ideal_point_distance", "defence_pact", "un_regional_group"]]  # doctest: +SKIP
      iso3  ideal_point_distance  defence_pact un_regional_group
    0  CHN              1.367048          True      ASIA-PACIFIC
    1  USA              4.623707         False              WEOG
    """
    raw_dir = Path(raw_dir)
    out = _validate_reviewers(reviewers)
    n = len(out)
    why = _Reasons(n)

    mapping = load_cow_iso3(raw_dir)
    ip = load_ideal_points(raw_dir)
    votes = load_votes(raw_dir)
    groups_now = load_groupings(raw_dir)
    known = set(mapping["iso3"].dropna()) | set(ip["iso3"]) | set(votes["iso3"]) | set(groups_now.index)
    unknown = sorted(set(out["iso3"]) - known)
    if unknown:
        raise ValueError(
            f"reviewers: ISO3 codes unknown to every source (ideal points, cow_iso3.csv, roll-call votes, groupings): {unknown}"
        )
    no_cow = set(mapping.loc[mapping["ccode"].isna(), "iso3"].dropna())

    # COW code in the measure year
    out["ccode"] = _ccode_for(out, mapping)
    for i in out.index[out["ccode"].isna()]:
        iso = out.at[i, "iso3"]
        if iso in no_cow:
            note = mapping.loc[mapping["iso3"] == iso, "note"].iloc[0]
            reason = f"no Correlates of War code ({note.split(':')[0]}; see cow_iso3.csv)"
        else:
            reason = f"no COW code for {iso} in {out.at[i, 'measure_year']} in the COW/ISO3 mapping"
        why.miss([i], ["defence_pact", "nonaggression_pact", "polyarchy"], reason)

    # ---- ideal points
    dprk = ip[ip["iso3"] == DPRK_ISO3].set_index("year")
    for year in sorted(out["measure_year"].unique()):
        if year not in dprk.index or pd.isna(dprk.at[year, "idealpointall"]) or pd.isna(dprk.at[year, "idealpointfp"]):
            raise ValueError(f"ideal points: no DPRK (PRK) estimate for measure year {year}")
    out["dprk_ideal_point"] = out["measure_year"].map(dprk["idealpointall"]).astype(float)
    out["dprk_ideal_point_fp"] = out["measure_year"].map(dprk["idealpointfp"]).astype(float)
    right = ip[["iso3", "year", "idealpointall", "idealpointfp"]].rename(
        columns={"year": "measure_year", "idealpointall": "ideal_point", "idealpointfp": "ideal_point_fp"}
    )
    merged = _merge_checked(out, right, ["iso3", "measure_year"], "ideal points (unga/IdealpointsJuly2025.dta)")
    out["ideal_point"] = merged["ideal_point"].astype(float).to_numpy()
    out["ideal_point_fp"] = merged["ideal_point_fp"].astype(float).to_numpy()
    in_ip = set(ip["iso3"])
    for col, measures in (
        ("ideal_point", ["ideal_point", "ideal_point_distance"]),
        ("ideal_point_fp", ["ideal_point_fp", "ideal_point_distance_fp"]),
    ):
        for i in out.index[out[col].isna()]:
            iso, year = out.at[i, "iso3"], out.at[i, "measure_year"]
            if iso not in in_ip:
                reason = "not a UN member state in the ideal-point data (observer or not a state), so no ideal point"
            else:
                reason = f"no {'idealpointfp' if col.endswith('fp') else 'idealpointall'} estimate for {iso} in {year}"
            why.miss([i], measures, reason)
    out["ideal_point_distance"] = (out["ideal_point"] - out["dprk_ideal_point"]).abs()
    out["ideal_point_distance_fp"] = (out["ideal_point_fp"] - out["dprk_ideal_point_fp"]).abs()

    # ---- vote agreement with the DPRK in the measure year
    rc_per_year = votes.drop_duplicates("rcid")["year"].value_counts()
    full_years = rc_per_year[rc_per_year >= 20].index
    last_full_year = int(max(full_years))
    dprk_votes = votes[votes["iso3"] == DPRK_ISO3][["rcid", "vote"]].rename(columns={"vote": "dprk_vote"})
    _check_unique(dprk_votes, ["rcid"], "un_votes (DPRK)")
    pairs = votes[votes["iso3"] != DPRK_ISO3].merge(dprk_votes, on="rcid", how="inner", validate="many_to_one")
    agree = (
        pairs.assign(same=pairs["vote"] == pairs["dprk_vote"])
        .groupby(["iso3", "year"], as_index=False)
        .agg(vote_agreement=("same", "mean"), n_common_votes=("same", "size"))
        .rename(columns={"year": "measure_year"})
    )
    merged = _merge_checked(out, agree, ["iso3", "measure_year"], "roll-call votes (unga/un_votes.rda)")
    out["vote_agreement"] = merged["vote_agreement"].astype(float).to_numpy()
    out["n_common_votes"] = pd.array(merged["n_common_votes"].to_numpy(), dtype="Int64")
    voters = set(votes["iso3"])
    for i in out.index[out["vote_agreement"].isna()]:
        iso, year = out.at[i, "iso3"], out.at[i, "measure_year"]
        if year not in full_years:
            reason = (
                f"the roll-call votes (unvotes) cover full years only to {last_full_year}; "
                f"{int(rc_per_year.get(year, 0))} roll calls recorded for {year}"
            )
        elif iso not in voters:
            reason = "never votes in the General Assembly (not a UN member state)"
        else:
            out.at[i, "n_common_votes"] = 0
            reason = f"no roll call in {year} on which both {iso} and the DPRK recorded a vote"
        why.miss([i], ["vote_agreement", "n_common_votes"] if pd.isna(out.at[i, "n_common_votes"]) else ["vote_agreement"], reason)

    # ---- latest vote on the DPRK resolution before the review
    res = dprk_resolution_votes(raw_dir)
    on_res = votes[votes["rcid"].isin(res["rcid"])].merge(res[["rcid", "unres"]], on="rcid", how="left", validate="many_to_one")
    out["review_date"] = pd.to_datetime(out["cycle"].map(REVIEW_DATE))
    cand = out[["iso3", "review_date"]].reset_index().merge(on_res, on="iso3", how="inner")
    cand = cand[cand["date"] < cand["review_date"]].sort_values("date").groupby("index").tail(1).set_index("index")
    out["dprk_resolution_vote"] = cand["vote"].reindex(out.index).astype("string")
    out["dprk_resolution_vote_year"] = cand["year"].reindex(out.index).astype("Int64")
    out["dprk_resolution_vote_symbol"] = cand["unres"].reindex(out.index).astype("string")
    for i in out.index:
        before = res[res["date"] < out.at[i, "review_date"]]
        latest = before["year"].max() if len(before) else None
        if pd.isna(out.at[i, "dprk_resolution_vote"]):
            iso = out.at[i, "iso3"]
            if iso not in voters:
                reason = "never votes in the General Assembly (not a UN member state)"
            else:
                reason = "no recorded vote by this state on any DPRK human-rights resolution before the review (absent, or not yet a member)"
            why.miss([i], ["dprk_resolution_vote", "dprk_resolution_vote_year"], reason)
        elif latest is not None and out.at[i, "dprk_resolution_vote_year"] < latest:
            why.note([i], f"dprk_resolution_vote: no recorded vote by this state in {latest}, the latest roll call before the review; an earlier vote is used")
        if out.at[i, "cycle"] == 4:
            why.note([i], "dprk_resolution_vote: roll-call data end in 2019 (and the 2016-2019 resolutions were adopted without a vote), so the latest recorded vote is 2015 or earlier")

    # ---- ATOP
    atop = load_atop(raw_dir)
    out["atop_year"] = out["measure_year"].clip(upper=ATOP_LAST_YEAR).astype(int)
    later = out.index[out["measure_year"] > ATOP_LAST_YEAR]
    why.note(later, f"defence_pact, nonaggression_pact: ATOP ends in {ATOP_LAST_YEAR}; that year stands in for the measure year")
    keyed = out[["ccode", "atop_year"]].rename(columns={"atop_year": "year"})
    has_code = keyed["ccode"].notna()
    merged = _merge_checked(
        keyed[has_code].astype({"ccode": int}), atop, ["ccode", "year"], "ATOP alliances with the DPRK (alliances/atop_alliance.rda)"
    )
    merged.index = keyed.index[has_code]
    for col in ("defence_pact", "nonaggression_pact"):
        values = pd.Series(pd.NA, index=out.index, dtype="boolean")
        # a COW state-year absent from the dyad-year file has no alliance with the DPRK
        values[has_code] = merged[col].fillna(False).astype(bool)
        out[col] = values

    # ---- V-Dem polyarchy
    poly = load_polyarchy(raw_dir)
    keyed = out[["ccode", "measure_year"]].rename(columns={"measure_year": "year"})
    merged = _merge_checked(keyed[has_code].astype({"ccode": int}), poly, ["ccode", "year"], "V-Dem polyarchy (democracy/cw_democracy.rda)")
    merged.index = keyed.index[has_code]
    out["polyarchy"] = merged["polyarchy"].reindex(out.index).astype(float)
    for i in out.index[out["polyarchy"].isna() & has_code]:
        why.miss([i], ["polyarchy"], f"V-Dem has no polyarchy score for COW {out.at[i, 'ccode']} in {out.at[i, 'measure_year']}")

    # ---- groupings, year by year
    out["un_regional_group"] = pd.Series(pd.NA, index=out.index, dtype="string")
    for col in OTHER_GROUPS.values():
        out[col] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    for year in sorted(out["measure_year"].unique()):
        table = load_groupings(raw_dir, year=year)
        rows = out.index[out["measure_year"] == year]
        for i in rows:
            iso = out.at[i, "iso3"]
            flags = table.loc[iso].to_dict() if iso in table.index else {g: False for g in table.columns}
            label = regional_group_label(flags)
            if label is None:
                if iso in in_ip:
                    raise ValueError(f"groupings: {iso}, a UN member state in the ideal-point data, is in no UN regional group; add an erratum")
                why.miss([i], ["un_regional_group"], "not a UN member state; the UN regional groups of Member States do not list it")
            else:
                out.at[i, "un_regional_group"] = label
            for group, col in OTHER_GROUPS.items():
                out.at[i, col] = bool(flags[group])
    why.note(
        out.index,
        "memberships: current lists (internacia-db) corrected to 31 December of the measure year by un_regional_groups_errata.csv",
    )

    # ---- reasons, and the guarantee that nothing is missing without one
    out["missing_reason"] = pd.array(why.missing_text(), dtype="string")
    out["notes"] = pd.array([" | ".join(x) for x in why.notes], dtype="string")
    for m in MEASURES:
        if m == "dprk_resolution_vote_year":
            continue
        blank = out.index[out[m].isna()]
        unexplained = [out.at[i, "iso3"] for i in blank if m not in why.missing[i]]
        if unexplained:
            raise ValueError(f"reviewer_measures: {m} is missing without a reason for {sorted(set(unexplained))}")
    cols = [
        "iso3", "cycle", "measure_year", "review_date", "ccode",
        "ideal_point", "dprk_ideal_point", "ideal_point_distance",
        "ideal_point_fp", "dprk_ideal_point_fp", "ideal_point_distance_fp",
        "vote_agreement", "n_common_votes",
        "dprk_resolution_vote", "dprk_resolution_vote_year", "dprk_resolution_vote_symbol",
        "atop_year", "defence_pact", "nonaggression_pact", "polyarchy",
        "un_regional_group", *OTHER_GROUPS.values(), "missing_reason", "notes",
    ]
    return out[cols]
