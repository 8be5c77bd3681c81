"""How close each recommending state stands to North Korea: one row per reviewer and UPR cycle.

The measures describe the relationship between a state that made recommendations to the DPRK and
the DPRK itself, in the year before the review (``measure_year`` of ``data/reference/reviews.csv``),
one module per source:

- :mod:`.assembly`: UN General Assembly ideal points and their distance from the DPRK's (all votes
  and the "foreign policy" subset), agreement with the DPRK in the recorded votes of that year, and
  the reviewer's latest recorded vote on the resolution on human rights in the DPRK;
- :mod:`.alliances`: a defence pact or non-aggression pact with the DPRK (ATOP);
- :mod:`.democracy`: the reviewer's electoral democracy score (V-Dem polyarchy);
- :mod:`.groupings`: its UN regional group and its membership of NAM, the OECD, the EU, NATO and
  the OIC;
- :mod:`.keys`: the COW <-> ISO3 mapping and the checked joins the others use.

A measure that is legitimately unavailable (Palestine has no COW code; votes end in 2019; ...) is
left missing and explained in the ``missing_reason`` column. No value is ever missing silently.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..reference import measure_years, read_reviews, review_dates
from .alliances import alliance_measures, load_atop
from .assembly import (
    DPRK_ISO3,
    dprk_resolution_votes,
    ideal_point_measures,
    load_ideal_points,
    load_votes,
    resolution_vote_measures,
    vote_agreement_measures,
    voted_for_resolution,
)
from .democracy import democracy_measures, load_polyarchy
from .groupings import OTHER_GROUPS, grouping_measures, load_groupings
from .keys import Reasons, ccode_for, check_unique, load_cow_iso3

__all__ = ["reviewer_measures", "reviewer_keys", "cow_codes", "MEASURES", "COLUMNS", "voted_for_resolution"]

#: Measures that :func:`reviewer_measures` returns; any missing value among them has a reason.
MEASURES = [
    "ideal_point",
    "ideal_point_distance",
    "ideal_point_fp",
    "ideal_point_distance_fp",
    "vote_agreement",
    "n_common_votes",
    "dprk_resolution_vote",
    "dprk_resolution_vote_year",
    "defence_pact",
    "nonaggression_pact",
    "polyarchy",
    "un_regional_group",
    "nam",
    "oecd",
    "eu",
    "nato",
    "oic",
]

#: The columns of the reviewers table, in order.
COLUMNS = [
    "iso3",
    "cycle",
    "measure_year",
    "review_date",
    "ccode",
    "ideal_point",
    "dprk_ideal_point",
    "ideal_point_distance",
    "ideal_point_fp",
    "dprk_ideal_point_fp",
    "ideal_point_distance_fp",
    "vote_agreement",
    "n_common_votes",
    "dprk_resolution_vote",
    "dprk_resolution_vote_year",
    "dprk_resolution_vote_symbol",
    "atop_year",
    "defence_pact",
    "nonaggression_pact",
    "polyarchy",
    "un_regional_group",
    *OTHER_GROUPS.values(),
    "missing_reason",
    "notes",
]


def reviewer_keys(reviewers: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Check the (reviewer, cycle) pairs and add the cycle's ``measure_year`` and ``review_date``.

    ``reviewers`` has ``iso3`` (ISO 3166 alpha-3) and ``cycle``; ``reviews`` is
    :func:`dprk_upr.data.reference.read_reviews`. Raises ValueError for a code that is not ISO3,
    a cycle that is not a review of the DPRK, a repeated pair, or the DPRK itself.
    """
    years, dates = measure_years(reviews), review_dates(reviews)
    for col in ("iso3", "cycle"):
        if col not in reviewers.columns:
            raise ValueError(f"reviewers: missing column '{col}' (columns: {list(reviewers.columns)})")
    out = reviewers[["iso3", "cycle"]].copy().reset_index(drop=True)
    bad_iso = out.loc[~out["iso3"].astype(str).str.fullmatch(r"[A-Z]{3}"), "iso3"]
    if len(bad_iso):
        raise ValueError(f"reviewers: not ISO3 codes: {sorted(map(str, bad_iso.unique()))}")
    cycles = pd.to_numeric(out["cycle"], errors="coerce")
    bad_cycle = out.loc[~cycles.isin(list(years)), "cycle"]
    if len(bad_cycle):
        raise ValueError(f"reviewers: cycles must be in {sorted(years)}; found {sorted(map(str, bad_cycle.unique()))}")
    out["cycle"] = cycles.astype(int)
    check_unique(out, ["iso3", "cycle"], "reviewers")
    if (out["iso3"] == DPRK_ISO3).any():
        raise ValueError("reviewers: the DPRK (PRK) cannot be its own reviewer")
    out["measure_year"] = out["cycle"].map(years)
    out["review_date"] = pd.to_datetime(out["cycle"].map(dates))
    return out


def cow_codes(keys: pd.DataFrame, mapping: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
    """The COW code of each reviewer in the measure year (``ccode``); where there is none, the
    COW-keyed measures (alliances, democracy) are recorded as missing with the reason."""
    why = Reasons(len(keys))
    out = pd.DataFrame({"ccode": ccode_for(keys, mapping)}, index=keys.index)
    no_cow = set(mapping.loc[mapping["ccode"].isna(), "iso3"].dropna())
    for i in keys.index[out["ccode"].isna()]:
        iso = keys.at[i, "iso3"]
        if iso in no_cow:
            note = mapping.loc[mapping["iso3"] == iso, "note"].iloc[0]
            reason = f"no Correlates of War code ({note.split(':')[0]}; see cow_iso3.csv)"
        else:
            reason = f"no COW code for {iso} in {keys.at[i, 'measure_year']} in the COW/ISO3 mapping"
        why.miss([i], ["defence_pact", "nonaggression_pact", "polyarchy"], reason)
    return out, why


def reviewer_measures(reviewers: pd.DataFrame, raw_dir: Path, reviews: pd.DataFrame | None = None) -> pd.DataFrame:
    """Relationship measures between each recommending state and the DPRK, per UPR cycle.

    ``reviewers`` has columns ``iso3`` and ``cycle``; each pair must be unique (see
    :func:`~dprk_upr.data.measures.reviewer_keys`). ``reviews`` defaults to ``data/reference/reviews.csv``. The result has
    one row per input row, in the input order, with the columns of :data:`COLUMNS`: the measures of
    each source module (see the module docstring), ``missing_reason`` (why each missing measure is
    missing) and ``notes`` (caveats on values that are present: substituted years, the basis of
    the memberships).

    Raises ValueError for an ISO3 known to none of the sources, a bad cycle, duplicate rows, or a
    join whose keys do not match as they should.

    >>> out = reviewer_measures(pd.DataFrame({"iso3": ["CHN", "USA"], "cycle": [2, 2]}), Path("data/raw"))  # doctest: +SKIP
    >>> out[["iso3", "ideal_point_distance", "defence_pact", "un_regional_group"]]  # doctest: +SKIP
      iso3  ideal_point_distance  defence_pact un_regional_group
    0  CHN              1.367048          True      ASIA-PACIFIC
    1  USA              4.623707         False              WEOG
    """
    raw_dir = Path(raw_dir)
    keys = reviewer_keys(reviewers, read_reviews() if reviews is None else reviews)
    mapping = load_cow_iso3(raw_dir)
    ip = load_ideal_points(raw_dir)
    votes = load_votes(raw_dir)
    known = set(mapping["iso3"].dropna()) | set(ip["iso3"]) | set(votes["iso3"]) | set(load_groupings(raw_dir).index)
    unknown = sorted(set(keys["iso3"]) - known)
    if unknown:
        raise ValueError(
            f"reviewers: ISO3 codes unknown to every source (ideal points, cow_iso3.csv, roll-call votes, groupings): {unknown}"
        )
    codes, why = cow_codes(keys, mapping)
    keys = keys.join(codes)
    blocks = [
        ideal_point_measures(keys, ip),
        vote_agreement_measures(keys, votes),
        resolution_vote_measures(keys, votes, dprk_resolution_votes(raw_dir)),
        alliance_measures(keys, load_atop(raw_dir)),
        democracy_measures(keys, load_polyarchy(raw_dir)),
        grouping_measures(keys, raw_dir, un_members=set(ip["iso3"])),
    ]
    out = keys.join([values for values, _ in blocks])
    for _, reasons in blocks:
        why.merge(reasons)
    out["missing_reason"] = pd.array(why.missing_text(), dtype="string")
    out["notes"] = pd.array([" | ".join(x) for x in why.notes], dtype="string")
    for m in MEASURES:
        if m == "dprk_resolution_vote_year":
            continue
        blank = out.index[out[m].isna()]
        unexplained = [out.at[i, "iso3"] for i in blank if m not in why.missing[i]]
        if unexplained:
            raise ValueError(f"reviewer_measures: {m} is missing without a reason for {sorted(set(unexplained))}")
    return out[COLUMNS]
