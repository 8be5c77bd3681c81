"""The image-management claim made testable: what North Korea's answers and recommendations would
look like if its engagement in the UPR served its image and the regime's legitimacy, measured for
North Korea, for the peer set and for every state.

Each observable implication (``IMPLICATIONS``) is a measure on which the claim predicts that
North Korea stands out in a stated direction: against all states (its rank) and against the
peers (their median). A measure that comes out in the predicted direction is *consistent* with
the claim; it does not show the motive, since other explanations predict some of the same
patterns (the chapter lists them).

North Korea's first review is recorded twice. At its adoption (March 2010) North Korea accepted
none of the recommendations, and that is what UPR Info's export records; in 2014 it gave late
answers to them, known only as counts (``official_counts.csv``, stage ``late_responses``), not
recommendation by recommendation. :func:`late_answers` reads those counts, and
``implications(..., first_review={"PRK": share})`` measures the change between the reviews with
the first review's share taken from them instead of from the export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Implication", "IMPLICATIONS", "implications", "acceptance_change", "late_answers", "with_first_review"]


@dataclass(frozen=True)
class Implication:
    """One observable implication: the measure, where it is read and which direction fits the claim."""

    key: str
    claim: str
    measure: str
    level: str  # "review" (cycle-2 reviews), "state" (states under review) or "reviewer"
    column: str
    higher_fits: bool


IMPLICATIONS = [
    Implication(
        "cheap_gap",
        "accepts the cheap and refuses the costly",
        "acceptance of categories 1-3 minus acceptance of category 5 (second review)",
        "review",
        "cheap_gap",
        True,
    ),
    Implication(
        "cheap_share",
        "its acceptances are mostly cheap",
        "share of its accepted recommendations in categories 1-3 (second review)",
        "review",
        "cheap_share_of_accepted",
        True,
    ),
    Implication(
        "cp_gap",
        "refuses what touches civil and political integrity",
        "acceptance of other recommendations minus acceptance of civil-and-political ones (second review)",
        "review",
        "cp_gap",
        True,
    ),
    Implication(
        "more_accepted",
        "shows more cooperation in the second review",
        "share accepted in the second review minus the first",
        "state",
        "change",
        True,
    ),
    Implication(
        "praises",
        "as a reviewer, praises rather than presses",
        "share of 'praise or continue' recommendations minus the other reviewers' in the same reviews",
        "reviewer",
        "gentle_gap",
        True,
    ),
    Implication(
        "praises_friends",
        "as a reviewer, praises its friends",
        "change in the share of 'praise or continue' per unit of ideal-point distance to the reviewed state",
        "reviewer",
        "slope",
        False,
    ),
]


def acceptance_change(profiles: pd.DataFrame, first_review: dict[str, float] | None = None) -> pd.DataFrame:
    """Per state under review: share accepted in cycle 2 minus cycle 1 (``change``), with
    ``sur_dprk`` and ``sur_peer``; states reviewed in one cycle only are left out.

    ``first_review`` maps an ISO3 code to a first-cycle share (0-1) that replaces the one the
    profiles give, e.g. North Korea's share counting its late answers (:func:`late_answers`).
    Raises KeyError when such a state has no first-cycle profile, ValueError for a share outside
    0-1 (:func:`with_first_review`)."""
    wide = with_first_review(profiles, first_review).pivot_table(index="sur_iso3", columns="cycle", values="accepted")
    wide = wide.dropna(subset=[1, 2])
    flags = profiles.drop_duplicates("sur_iso3").set_index("sur_iso3")[["state", "sur_dprk", "sur_peer"]]
    out = flags.join((wide[2] - wide[1]).rename("change"), how="inner").reset_index()
    return out


def with_first_review(profiles: pd.DataFrame, first_review: dict[str, float] | None = None) -> pd.DataFrame:
    """``profiles`` with the first-cycle ``accepted`` share of some states replaced.

    Parameters
    ----------
    profiles : pandas.DataFrame
        :func:`dprk_upr.analysis.among_states.review_profiles` (``sur_iso3``, ``cycle``,
        ``accepted``, a share 0-1).
    first_review : dict, optional
        ISO3 code -> first-cycle share (0-1), e.g. North Korea's share counting its late answers
        (:func:`late_answers`). Only ``accepted`` changes: the other columns of the review stay as
        recorded, since the late answers are known as counts only.

    Returns
    -------
    pandas.DataFrame
        A copy of ``profiles``.

    Raises
    ------
    KeyError
        A state of ``first_review`` has no first-cycle review in ``profiles``.
    ValueError
        A share outside 0-1.
    """
    out = profiles.copy()
    for iso3, share in (first_review or {}).items():
        rows = (out["sur_iso3"] == iso3) & (out["cycle"] == 1)
        if not rows.any() or out.loc[rows, "accepted"].isna().all():
            raise KeyError(f"with_first_review: {iso3!r} has no first-cycle review to replace.")
        if not 0 <= share <= 1:
            raise ValueError(f"with_first_review: the first-review share of {iso3!r} is {share}, not in 0-1.")
        out.loc[rows, "accepted"] = share
    return out


def late_answers(official: pd.DataFrame, cycle: int = 1) -> dict:
    """The late answers North Korea gave in 2014 to its first review, from the official counts.

    Parameters
    ----------
    official : pandas.DataFrame
        :func:`dprk_upr.data.reference.official_counts` (one row per cycle and stage).
    cycle : int
        The review answered late.

    Returns
    -------
    dict
        ``total``, ``accepted``, ``partially_accepted``, ``noted``, ``rejected`` (counts) and
        ``share`` (accepted in full / total) and ``share_with_partial`` ((accepted + partially
        accepted) / total), shares 0-1. Which recommendation got which answer is not known:
        these are counts only.

    Raises
    ------
    ValueError
        No single ``late_responses`` row for ``cycle``, or counts that do not add up to the total.
    """
    rows = official[(official["cycle"] == cycle) & (official["stage_key"] == "late_responses")]
    if len(rows) != 1:
        raise ValueError(f"official counts: expected one late_responses row for cycle {cycle}, found {len(rows)}.")
    row = rows.iloc[0]
    keys = ("accepted", "partially_accepted", "noted", "rejected")
    counts = {k: int(row[k]) for k in ("total", *keys)}
    if sum(counts[k] for k in keys) != counts["total"]:
        raise ValueError(f"official counts: the late answers of cycle {cycle} do not add up to {counts['total']}.")
    counts["share"] = counts["accepted"] / counts["total"]
    counts["share_with_partial"] = (counts["accepted"] + counts["partially_accepted"]) / counts["total"]
    return counts


def _position(values: pd.Series, flags: pd.DataFrame, who: str, peer_col: str, higher_fits: bool) -> dict:
    """North Korea's value on a measure, its rank and the medians of all and of the peers."""
    keep = values.notna()
    values, flags = values[keep], flags[keep]
    is_dprk = flags[who] == 1
    if not is_dprk.any():
        return {"dprk": np.nan, "n": int(keep.sum())}
    v = float(values[is_dprk].iat[0])
    others = values[~is_dprk]
    peers = values[(flags[peer_col] == 1) & ~is_dprk]
    beyond = (others > v) if not higher_fits else (others < v)
    ties = others == v
    return {
        "dprk": v,
        "n": len(values),
        "all_median": float(values.median()),
        "peer_median": float(peers.median()) if len(peers) else np.nan,
        "n_peers": len(peers),
        "share_beyond": float((beyond.sum() + 0.5 * ties.sum()) / len(others)),
        "fits_vs_all": bool(v > values.median()) if higher_fits else bool(v < values.median()),
        "fits_vs_peers": (bool(v > peers.median()) if higher_fits else bool(v < peers.median()))
        if len(peers)
        else None,
    }


def implications(
    profiles: pd.DataFrame,
    leniency: pd.DataFrame,
    slopes: pd.DataFrame,
    first_review: dict[str, float] | None = None,
) -> pd.DataFrame:
    """North Korea's value on each implication, beside all states and the peers.

    Parameters
    ----------
    profiles : pandas.DataFrame
        :func:`dprk_upr.analysis.among_states.review_profiles`.
    leniency : pandas.DataFrame
        :func:`dprk_upr.analysis.as_reviewer.reviewer_leniency`.
    slopes : pandas.DataFrame
        :func:`dprk_upr.analysis.as_reviewer.distance_slopes`.
    first_review : dict, optional
        First-cycle shares that replace the export's in the change between the reviews (see
        :func:`acceptance_change`); the other implications do not use the first cycle.

    Returns
    -------
    pandas.DataFrame
        One row per ``IMPLICATIONS``: ``key``, ``claim``, ``measure``, ``level``,
        ``higher_fits``, ``dprk`` (North Korea's value), ``n`` (units compared, North Korea
        included), ``all_median``, ``peer_median``, ``n_peers``, ``share_beyond`` (share of the
        other units that North Korea is beyond in the direction the claim predicts; ties count
        half), ``fits_vs_all`` and ``fits_vs_peers`` (North Korea beyond the median in that
        direction).
    """
    second = profiles[profiles["cycle"] == 2]
    change = acceptance_change(profiles, first_review)
    sources = {
        "review": (second, "sur_dprk", "sur_peer"),
        "state": (change, "sur_dprk", "sur_peer"),
        "reviewer": (None, "rs_dprk", "rs_peer"),
    }
    rows = []
    for imp in IMPLICATIONS:
        frame, who, peer = sources[imp.level]
        if imp.level == "reviewer":
            frame = leniency if imp.column in leniency.columns else slopes
        pos = _position(frame[imp.column], frame[[who, peer]], who, peer, imp.higher_fits)
        rows.append(
            {
                "key": imp.key,
                "claim": imp.claim,
                "measure": imp.measure,
                "level": imp.level,
                "higher_fits": imp.higher_fits,
                **pos,
            }
        )
    return pd.DataFrame(rows)
