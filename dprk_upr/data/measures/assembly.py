"""UN General Assembly measures of how close a reviewer stands to North Korea: ideal points
(Bailey, Strezhnev and Voeten), agreement in recorded votes, and votes on the Assembly's
resolution on the situation of human rights in the DPRK (Voeten's roll calls, ``unvotes``).

Loaders read one source each; the ``*_measures`` functions turn them into columns of the
reviewers table for given (reviewer, cycle) keys, with the reason for every missing value.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pycountry

from .keys import IDEAL_POINTS_FILE, Reasons, check_unique, load_cow_iso3, merge_checked, read_ideal_points_file, read_r

DPRK_ISO3 = "PRK"

#: Years in which the General Assembly adopted its resolution on human rights in the DPRK without a
#: vote (so there is no roll call). The first such resolution was adopted in 2005.
DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE = frozenset({2012, 2013, 2016, 2017, 2018, 2019})

# ISO2 codes in the roll-call votes that pycountry does not resolve, or resolves to a different
# state than the one that voted. "YU" is used for Yugoslavia and, after it, for Serbia.
_VOTE_ISO2_HISTORIC = {"CS": "CSK", "DD": "DDR", "YD": "YMD"}
# Rows without an ISO2 code in the votes file, by country name.
_VOTE_NAMES_WITHOUT_ISO2 = {"Federal Republic of Germany": "DEU", "Yemen Arab Republic": "YAR", "Zanzibar": None}


def voted_for_resolution(vote: pd.Series) -> pd.Series:
    """1.0 where a reviewer voted yes on the GA resolution on human rights in the DPRK, 0.0 for no
    or abstain, missing where it did not vote.

    >>> voted_for_resolution(pd.Series(["yes", "Abstain", None])).tolist()
    [1.0, 0.0, nan]
    """
    return vote.astype("string").str.lower().map({"yes": 1.0, "no": 0.0, "abstain": 0.0}).astype(float)


def load_ideal_points(raw_dir: Path) -> pd.DataFrame:
    """UN General Assembly ideal points by state-year, with corrected ISO3 codes.

    Placeholder rows without an ISO3 code (which carry no estimates) are dropped; ISO3 codes come
    from :func:`~dprk_upr.data.measures.keys.load_cow_iso3` (so COW 345 is SRB from 2006, not YUG). One row per (iso3, year).

    Columns: ``ccode``, ``iso3``, ``countryname``, ``year``, ``idealpointall`` (to 2023),
    ``idealpointfp`` (to 2024), ``nvotesall``.

    >>> ip = load_ideal_points(Path("data/raw"))  # doctest: +SKIP
    >>> ip.query("iso3 == 'PRK' and year == 2008")["idealpointall"].round(2).tolist()  # doctest: +SKIP
    [-1.19]
    """
    ip = read_ideal_points_file(str(Path(raw_dir) / IDEAL_POINTS_FILE)).copy()
    ip = ip[ip["iso3c"].fillna("").str.strip() != ""].copy()
    ip["year"] = ip["year"].astype(int)
    ip["ccode"] = ip["ccode"].astype("Int64")
    mapping = load_cow_iso3(raw_dir)
    m = mapping[mapping["ccode"].notna() & mapping["iso3"].notna()]
    keyed = (
        ip[["ccode", "year"]]
        .reset_index()
        .merge(m[["ccode", "iso3", "first_year", "last_year"]], on="ccode", how="left")
    )
    ok = (keyed["first_year"].isna() | (keyed["first_year"] <= keyed["year"])) & (
        keyed["last_year"].isna() | (keyed["last_year"] >= keyed["year"])
    )
    keyed = keyed[ok.fillna(False).astype(bool)]
    check_unique(keyed, ["index"], "COW/ISO3 mapping applied to the ideal points")
    ip["iso3"] = keyed.set_index("index")["iso3"].reindex(ip.index)
    unmatched = ip[ip["iso3"].isna()][["ccode", "year"]].drop_duplicates()
    if len(unmatched):
        raise ValueError(
            f"ideal points: COW code-years without an ISO3 in the mapping: {unmatched.head(10).to_dict('records')}"
        )
    ip = ip[["ccode", "iso3", "countryname", "year", "idealpointall", "idealpointfp", "nvotesall"]]
    check_unique(ip, ["iso3", "year"], "ideal points")
    return ip.reset_index(drop=True)


def _roll_calls(raw_dir: Path) -> pd.DataFrame:
    rc = read_r(str(Path(raw_dir) / "unga" / "un_roll_calls.rda"), "un_roll_calls").copy()
    rc["rcid"] = rc["rcid"].astype(int)
    rc["date"] = pd.to_datetime(rc["date"])
    rc["year"] = rc["date"].dt.year
    check_unique(rc, ["rcid"], "un_roll_calls")
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
    votes = read_r(str(Path(raw_dir) / "unga" / "un_votes.rda"), "un_votes").copy()
    votes["rcid"] = votes["rcid"].astype(int)
    rc = _roll_calls(raw_dir)
    votes = merge_checked(votes, rc[["rcid", "date", "year"]], ["rcid"], "un_roll_calls (dates of the votes)")
    if (votes["_merge"] != "both").any():
        missing = sorted(votes.loc[votes["_merge"] != "both", "rcid"].unique())[:10]
        raise ValueError(f"un_votes: roll calls without a date in un_roll_calls: {missing}")
    pairs = votes[["country_code", "country", "year"]].drop_duplicates()
    pairs["iso3"] = [_vote_iso3(c, n, y) for c, n, y in pairs.itertuples(index=False)]
    votes = votes.merge(pairs, on=["country_code", "country", "year"], how="left", validate="many_to_one")
    votes = votes[votes["iso3"].notna()]
    votes["vote"] = votes["vote"].astype(str)
    out = votes[["rcid", "date", "year", "iso3", "vote"]].reset_index(drop=True)
    check_unique(out, ["rcid", "iso3"], "un_votes")
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
    check_unique(found, ["year"], "DPRK human-rights resolution roll calls (one per year)")
    clash = set(found["year"]) & DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE
    if clash:
        raise ValueError(
            f"un_roll_calls: a recorded vote on the DPRK resolution in years documented as without a vote: {sorted(clash)}"
        )
    votes = read_r(str(Path(raw_dir) / "unga" / "un_votes.rda"), "un_votes")
    counts = (
        votes[votes["rcid"].astype(int).isin(found["rcid"])]
        .assign(rcid=lambda d: d["rcid"].astype(int), vote=lambda d: d["vote"].astype(str))
        .pivot_table(index="rcid", columns="vote", aggfunc="size", fill_value=0)
        .reindex(columns=["yes", "no", "abstain"], fill_value=0)
        .reset_index()
    )
    found = merge_checked(found, counts, ["rcid"], "un_votes (counts on the DPRK resolution)")
    if (found["_merge"] != "both").any():
        raise ValueError(
            f"un_votes: no votes for DPRK-resolution roll calls {found.loc[found['_merge'] != 'both', 'rcid'].tolist()}"
        )
    cols = ["rcid", "session", "date", "year", "unres", "title", "yes", "no", "abstain"]
    return found[cols].sort_values("date").reset_index(drop=True)


def ideal_point_measures(keys: pd.DataFrame, ip: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
    """Ideal points of each reviewer and of the DPRK in the measure year, and their distance.

    ``keys``: one row per reviewer and cycle with ``iso3`` and ``measure_year``; ``ip``: the output
    of :func:`load_ideal_points`. Returns columns ``ideal_point``, ``dprk_ideal_point``,
    ``ideal_point_distance`` (absolute difference, on all votes), the same three with ``_fp``
    (foreign-policy votes), aligned with ``keys``, and the reasons for missing values. Raises
    ValueError when the DPRK has no estimate for a measure year.
    """
    why = Reasons(len(keys))
    out = pd.DataFrame(index=keys.index)
    dprk = ip[ip["iso3"] == DPRK_ISO3].set_index("year")
    for year in sorted(keys["measure_year"].unique()):
        if year not in dprk.index or pd.isna(dprk.at[year, "idealpointall"]) or pd.isna(dprk.at[year, "idealpointfp"]):
            raise ValueError(f"ideal points: no DPRK (PRK) estimate for measure year {year}")
    right = ip[["iso3", "year", "idealpointall", "idealpointfp"]].rename(
        columns={"year": "measure_year", "idealpointall": "ideal_point", "idealpointfp": "ideal_point_fp"}
    )
    merged = merge_checked(
        keys[["iso3", "measure_year"]],
        right,
        ["iso3", "measure_year"],
        f"ideal points ({IDEAL_POINTS_FILE.as_posix()})",
    )
    for suffix, column in (("", "idealpointall"), ("_fp", "idealpointfp")):
        out[f"ideal_point{suffix}"] = merged[f"ideal_point{suffix}"].astype(float).to_numpy()
        out[f"dprk_ideal_point{suffix}"] = keys["measure_year"].map(dprk[column]).astype(float)
        out[f"ideal_point_distance{suffix}"] = (out[f"ideal_point{suffix}"] - out[f"dprk_ideal_point{suffix}"]).abs()
    in_ip = set(ip["iso3"])
    for col, measures in (
        ("ideal_point", ["ideal_point", "ideal_point_distance"]),
        ("ideal_point_fp", ["ideal_point_fp", "ideal_point_distance_fp"]),
    ):
        for i in keys.index[out[col].isna()]:
            iso, year = keys.at[i, "iso3"], keys.at[i, "measure_year"]
            if iso not in in_ip:
                reason = "not a UN member state in the ideal-point data (observer or not a state), so no ideal point"
            else:
                reason = f"no {'idealpointfp' if col.endswith('fp') else 'idealpointall'} estimate for {iso} in {year}"
            why.miss([i], measures, reason)
    return out, why


def vote_agreement_measures(keys: pd.DataFrame, votes: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
    """Agreement with the DPRK in the General Assembly's recorded votes of the measure year.

    ``vote_agreement`` is the share of the year's roll calls, among those on which both the
    reviewer and the DPRK voted yes, no or abstain, on which they voted alike; ``n_common_votes``
    is that number of roll calls. ``keys`` as in :func:`ideal_point_measures`; ``votes`` from
    :func:`load_votes`. Missing after the last full year of the roll-call file (2019), with the
    reason recorded.
    """
    why = Reasons(len(keys))
    out = pd.DataFrame(index=keys.index)
    rc_per_year = votes.drop_duplicates("rcid")["year"].value_counts()
    full_years = rc_per_year[rc_per_year >= 20].index
    last_full_year = int(max(full_years))
    dprk_votes = votes[votes["iso3"] == DPRK_ISO3][["rcid", "vote"]].rename(columns={"vote": "dprk_vote"})
    check_unique(dprk_votes, ["rcid"], "un_votes (DPRK)")
    pairs = votes[votes["iso3"] != DPRK_ISO3].merge(dprk_votes, on="rcid", how="inner", validate="many_to_one")
    agree = (
        pairs.assign(same=pairs["vote"] == pairs["dprk_vote"])
        .groupby(["iso3", "year"], as_index=False)
        .agg(vote_agreement=("same", "mean"), n_common_votes=("same", "size"))
        .rename(columns={"year": "measure_year"})
    )
    merged = merge_checked(
        keys[["iso3", "measure_year"]], agree, ["iso3", "measure_year"], "roll-call votes (unga/un_votes.rda)"
    )
    out["vote_agreement"] = merged["vote_agreement"].astype(float).to_numpy()
    out["n_common_votes"] = pd.array(merged["n_common_votes"].to_numpy(), dtype="Int64")
    voters = set(votes["iso3"])
    for i in keys.index[out["vote_agreement"].isna()]:
        iso, year = keys.at[i, "iso3"], keys.at[i, "measure_year"]
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
        why.miss(
            [i],
            ["vote_agreement", "n_common_votes"] if pd.isna(out.at[i, "n_common_votes"]) else ["vote_agreement"],
            reason,
        )
    return out, why


def resolution_vote_measures(
    keys: pd.DataFrame, votes: pd.DataFrame, resolutions: pd.DataFrame
) -> tuple[pd.DataFrame, Reasons]:
    """Each reviewer's latest recorded vote, before the review date, on the Assembly resolution on
    human rights in the DPRK.

    ``keys`` has ``iso3``, ``cycle`` and ``review_date`` (datetime); ``votes`` from
    :func:`load_votes`; ``resolutions`` from :func:`dprk_resolution_votes`. Returns
    ``dprk_resolution_vote`` ("yes"/"no"/"abstain"), ``dprk_resolution_vote_year`` and
    ``dprk_resolution_vote_symbol``, with a note where an earlier vote stands in for the latest roll
    call, and a note for reviews held after the roll-call data end (the fourth review: the data end
    in 2019, and the resolutions of 2016-2019 were adopted without a vote).
    """
    why = Reasons(len(keys))
    out = pd.DataFrame(index=keys.index)
    voters = set(votes["iso3"])
    data_end = votes["date"].max()
    last_vote = int(resolutions["year"].max())
    unrecorded = sorted(y for y in DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE if last_vote < y <= data_end.year)
    end_note = (
        (
            f"dprk_resolution_vote: roll-call data end in {data_end.year} (and the "
            f"{unrecorded[0]}-{unrecorded[-1]} resolutions were adopted without a vote), so the latest "
            f"recorded vote is {last_vote} or earlier"
        )
        if unrecorded
        else (
            f"dprk_resolution_vote: roll-call data end in {data_end.year}, so the latest recorded vote is "
            f"{last_vote} or earlier"
        )
    )
    on_res = votes[votes["rcid"].isin(resolutions["rcid"])].merge(
        resolutions[["rcid", "unres"]], on="rcid", how="left", validate="many_to_one"
    )
    cand = keys[["iso3", "review_date"]].reset_index().merge(on_res, on="iso3", how="inner")
    cand = cand[cand["date"] < cand["review_date"]].sort_values("date").groupby("index").tail(1).set_index("index")
    out["dprk_resolution_vote"] = cand["vote"].reindex(keys.index).astype("string")
    out["dprk_resolution_vote_year"] = cand["year"].reindex(keys.index).astype("Int64")
    out["dprk_resolution_vote_symbol"] = cand["unres"].reindex(keys.index).astype("string")
    for i in keys.index:
        before = resolutions[resolutions["date"] < keys.at[i, "review_date"]]
        latest = before["year"].max() if len(before) else None
        if pd.isna(out.at[i, "dprk_resolution_vote"]):
            if keys.at[i, "iso3"] not in voters:
                reason = "never votes in the General Assembly (not a UN member state)"
            else:
                reason = "no recorded vote by this state on any DPRK human-rights resolution before the review (absent, or not yet a member)"
            why.miss([i], ["dprk_resolution_vote", "dprk_resolution_vote_year"], reason)
        elif latest is not None and out.at[i, "dprk_resolution_vote_year"] < latest:
            why.note(
                [i],
                f"dprk_resolution_vote: no recorded vote by this state in {latest}, the latest roll call before the review; an earlier vote is used",
            )
        if keys.at[i, "review_date"] > data_end:
            why.note([i], end_note)
    return out, why
