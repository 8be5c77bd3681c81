"""The reviewer-relationship measures as the Coding chapter describes them: acceptance by
reviewer and its distance from North Korea, a pair of familiar states one unit of distance
apart, the correlations between the measures, and which reviewers lack a measure and why.

Each function takes processed tables (``model_data.csv``, ``reviewers.csv``) and returns a
table, a number or a phrase. The Data chapter's summaries of the corpus are in
:mod:`dprk_upr.report.corpus`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.measures.assembly import voted_for_resolution
from .corpus import and_list, short_name


def reviewer_acceptance(model_data: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """Per recommending state in one cycle: recommendations, share accepted, share refused at the
    Working Group, and its ideal-point distance from North Korea."""
    frame = model_data[model_data["cycle"] == cycle]
    return (
        frame.groupby("iso3")
        .agg(
            recommendations=("rec_id", "size"),
            accepted=("accepted", "mean"),
            refused_at_wg=("rejected_at_wg", "mean"),
            distance=("ideal_point_distance", "first"),
        )
        .reset_index()
    )


def distance_anchor(per_state: pd.DataFrame, candidates=("CUB", "CHN", "RUS", "IND", "BRA", "JPN", "KOR", "USA")):
    """Two well-known reviewers whose ideal-point distances from North Korea differ by about one
    unit, to give the scale a reader can picture.

    ``per_state`` is :func:`reviewer_acceptance` (``iso3``, ``distance``). Returns ``(near, far,
    gap)``: the ISO3 codes of the pair among ``candidates`` whose gap is closest to 1 and the gap.
    Raises ValueError with fewer than two candidates present.

    >>> per_state = pd.DataFrame({"iso3": ["CUB", "CHN", "USA"], "distance": [0.5, 1.4, 4.6]})
    >>> distance_anchor(per_state)
    ('CUB', 'CHN', 0.8999999999999999)
    """
    known = per_state[per_state["iso3"].isin(candidates)].dropna(subset=["distance"]).set_index("iso3")["distance"]
    if len(known) < 2:
        raise ValueError("distance_anchor: fewer than two of the candidate reviewers have a distance.")
    pairs = [(a, b) for a in known.index for b in known.index if known[a] < known[b]]
    near, far = min(pairs, key=lambda p: (abs(known[p[1]] - known[p[0]] - 1), p))
    return near, far, float(known[far] - known[near])


RELATIONSHIP_MEASURES = {
    "ideal_point_distance": "ideal-point distance",
    "ideal_point_distance_fp": "distance (foreign-policy votes)",
    "vote_agreement": "vote agreement",
    "resolution_yes": "voted for the DPRK resolution",
    "defence_pact": "defence pact",
    "nonaggression_pact": "non-aggression pact",
    "polyarchy": "democracy (V-Dem)",
}


def measure_correlations(reviewers: pd.DataFrame, cycles=(1, 2)) -> pd.DataFrame:
    """Pearson correlations among the relationship measures over reviewer-cycles (pairwise complete)."""
    frame = reviewers[reviewers["cycle"].isin(cycles)].copy()
    frame["resolution_yes"] = voted_for_resolution(frame["dprk_resolution_vote"])
    cols = list(RELATIONSHIP_MEASURES)
    corr = frame[cols].astype(float).corr()
    corr.index = corr.columns = [RELATIONSHIP_MEASURES[c] for c in cols]
    return corr.round(2)


def lower_triangle(corr: pd.DataFrame) -> pd.DataFrame:
    """A correlation matrix for display: the lower triangle only, the measures numbered so that
    the columns need only their number ("(1)"), the last column (empty) dropped.

    >>> c = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["a", "b"], columns=["a", "b"])
    >>> lower_triangle(c).to_dict("list")
    {'measure': ['(1) a', '(2) b'], '(1)': [nan, 0.5]}
    """
    values = corr.to_numpy(dtype=float).copy()
    values[np.triu_indices_from(values)] = np.nan
    numbers = [f"({k})" for k in range(1, len(corr) + 1)]
    out = pd.DataFrame(values, index=[f"{n} {name}" for n, name in zip(numbers, corr.index)], columns=numbers)
    return out.iloc[:, :-1].rename_axis("measure").reset_index()


def reviewer_coverage(reviewers: pd.DataFrame, cycles=(1, 2)) -> dict:
    """How many reviewer-cycles ``cycles`` have (``n``) and which reviewers lack measures
    (``missing``: the iso3 codes of rows with a recorded ``missing_reason``, in table order).

    >>> rev = pd.DataFrame({"iso3": ["CHN", "PSE", "USA"], "cycle": [1, 1, 3],
    ...                     "missing_reason": [None, "not a UN member", "not a UN member"]})
    >>> reviewer_coverage(rev)
    {'n': 2, 'missing': ['PSE']}
    """
    frame = reviewers[reviewers["cycle"].isin(cycles)]
    lacking = frame["missing_reason"].fillna("").astype(str).str.strip() != ""
    return {"n": len(frame), "missing": frame.loc[lacking, "iso3"].tolist()}


def missing_phrase(reviewers: pd.DataFrame, names: pd.Series, cycles=(1, 2)) -> str:
    """The reviewer-cycles that lack a measure, for the prose: "Palestine in the first review",
    "none" when every measure is there.

    >>> rev = pd.DataFrame({"iso3": ["CHN", "PSE"], "cycle": [1, 1], "missing_reason": [None, "not a member"]})
    >>> missing_phrase(rev, pd.Series({"PSE": "Palestine", "CHN": "China"}))
    'Palestine in the first review'
    """
    frame = reviewers[reviewers["cycle"].isin(cycles)]
    lacking = frame[frame["missing_reason"].fillna("").astype(str).str.strip() != ""]
    ordinals = {1: "first", 2: "second", 3: "third", 4: "fourth"}
    return and_list(
        f"{short_name(names.get(iso, iso))} in the {ordinals.get(c, str(c))} review"
        for iso, c in zip(lacking["iso3"], lacking["cycle"])
    )


def distance_acceptance_rho(per_state: pd.DataFrame) -> float:
    """Spearman correlation between reviewers' ideal-point distance and their share accepted
    (the output of :func:`reviewer_acceptance`; pairs with a missing value are left out).

    >>> per_state = pd.DataFrame({"distance": [0.5, 1.0, 2.0, None], "accepted": [0.9, 0.8, 0.1, 0.5]})
    >>> distance_acceptance_rho(per_state)
    -1.0
    """
    return float(per_state["distance"].corr(per_state["accepted"], method="spearman"))


def pact_phrase(reviewers: pd.DataFrame, names: pd.Series, column: str = "defence_pact", cycles=(1, 2)) -> str:
    """The reviewers with a pact with North Korea (``column`` of ``reviewers``.csv equal to 1) in
    ``cycles``, for the prose: "Cuba in both reviews and China in the second", "no reviewer"
    when none has one. Reviewers are listed in the order of the first review in which they have
    the pact, then of ``reviewers``; ``names`` maps ISO3 codes to names.

    >>> rev = pd.DataFrame({"iso3": ["CUB", "USA", "CHN", "CUB"], "cycle": [1, 1, 2, 2],
    ...                     "defence_pact": [1.0, 0.0, 1.0, 1.0]})
    >>> pact_phrase(rev, pd.Series({"CUB": "Cuba", "CHN": "China"}))
    'Cuba in both reviews and China in the second'
    """
    frame = reviewers[reviewers["cycle"].isin(cycles)]
    with_pact = frame[pd.to_numeric(frame[column], errors="coerce") == 1].sort_values("cycle", kind="stable")
    if with_pact.empty:
        return "no reviewer"
    ordinals = {1: "first", 2: "second", 3: "third", 4: "fourth"}
    parts = []
    for iso, group in with_pact.groupby("iso3", sort=False):
        held = sorted(group["cycle"].unique())
        if len(held) == len(cycles):
            when = "in both reviews" if len(cycles) == 2 else "in every review"
        else:
            when = "in the " + and_list(ordinals.get(c, str(c)) for c in held)
        parts.append(f"{short_name(names.get(iso, iso))} {when}")
    return and_list(parts)
