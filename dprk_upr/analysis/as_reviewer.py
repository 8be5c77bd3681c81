"""North Korea as a reviewer: the recommendations it made to other states in sessions 1-27 (UPR
Info's export of 25 July 2018), to whom, of what kind, how they compare with the other reviewers'
recommendations to the same state in the same review, and what the reviewed states answered.

Tone follows UPR Info's action category (McMahon's scale), the same for every reviewer:
categories 1-2 ("praise or continue": addressed to others, or asking to continue what is done),
3 ("consider") and 4-5 ("action": a general or a specific action). The category measures the
action asked for, not the words of praise around it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

__all__ = [
    "GENTLE",
    "ACTION",
    "TONES",
    "tone",
    "by_session",
    "targets_compared",
    "reviewer_leniency",
    "within_review_model",
    "tone_by_distance",
    "distance_slopes",
]

#: Action categories of "praise or continue" recommendations.
GENTLE = (1, 2)
#: Action categories of recommendations that ask for action (general or specific).
ACTION = (4, 5)
TONES = ["praise or continue (1-2)", "consider (3)", "action (4-5)"]
#: Fewest recommendations of a reviewer for its leniency to be compared.
MIN_REVIEWER_ROWS = 50


def tone(category: pd.Series) -> pd.Series:
    """The tone of each action category (``TONES``).

    >>> tone(pd.Series([1, 2, 3, 4, 5])).tolist()[::2]
    ['praise or continue (1-2)', 'consider (3)', 'action (4-5)']
    """
    return category.map(lambda c: TONES[0] if c in GENTLE else TONES[1] if c == 3 else TONES[2])


def by_session(made: pd.DataFrame, sessions: pd.Series) -> pd.DataFrame:
    """North Korea's recommendations in each session, by tone.

    Parameters
    ----------
    made : pandas.DataFrame
        ``dprk_recommendations_made.csv``.
    sessions : pandas.Series
        Every session of the export (so that sessions without a North Korean recommendation show
        as zeros), e.g. ``upr_all_states["session"]``.

    Returns
    -------
    pandas.DataFrame
        Index ``session``; columns ``cycle``, the three ``TONES`` (counts) and ``total``.
    """
    counts = pd.crosstab(made["session"], tone(made["action_category"])).reindex(columns=TONES, fill_value=0)
    every = sorted(set(sessions))
    counts = counts.reindex(every, fill_value=0)
    counts.index.name = "session"
    cycle = made.groupby("session")["cycle"].first()
    counts.insert(0, "cycle", pd.Series(every, index=every).map(cycle))
    counts["total"] = counts[TONES].sum(axis=1)
    return counts


def targets_compared(made: pd.DataFrame, all_states: pd.DataFrame) -> pd.DataFrame:
    """The states North Korea recommended to, beside every state reviewed in the sessions where it
    made recommendations.

    Returns one row per group ("states North Korea recommended to", "all states reviewed in those
    sessions") with ``reviews``, the median ideal-point distance from North Korea, the median
    V-Dem polyarchy, and the share of reviews in each UPR Info regional group (``group: <name>``).
    """
    reviews = all_states.drop_duplicates(["sur_iso3", "session"])
    reviews = reviews[reviews["session"].isin(made["session"].unique())]
    targets = reviews.merge(made[["sur_iso3", "session"]].drop_duplicates(), on=["sur_iso3", "session"])
    rows = []
    for label, part in (
        ("states North Korea recommended to", targets),
        ("all states reviewed in those sessions", reviews),
    ):
        row = {
            "group": label,
            "reviews": len(part),
            "median distance from North Korea": part["sur_distance_dprk"].median(),
            "median polyarchy": part["sur_polyarchy"].median(),
        }
        shares = part["sur_group"].value_counts(normalize=True)
        for name in sorted(reviews["sur_group"].unique()):
            row[f"group: {name}"] = float(shares.get(name, 0.0))
        rows.append(row)
    return pd.DataFrame(rows)


def _others_mean(frame: pd.DataFrame, column: str) -> pd.Series:
    """For each row: the mean of ``column`` over the *other* reviewers' rows in the same review
    (same state under review and session); NaN when no other reviewer spoke."""
    review = [frame["sur_iso3"], frame["session"]]
    total = frame.groupby(review)[column].transform("sum")
    count = frame.groupby(review)[column].transform("count")
    own_total = frame.groupby(review + [frame["rs_iso3"]])[column].transform("sum")
    own_count = frame.groupby(review + [frame["rs_iso3"]])[column].transform("count")
    rest = count - own_count
    return ((total - own_total) / rest).where(rest > 0)


def reviewer_leniency(all_states: pd.DataFrame, min_rows: int = MIN_REVIEWER_ROWS) -> pd.DataFrame:
    """How each reviewer's recommendations differ from the other reviewers' in the same reviews.

    For every recommendation, the mean of the other reviewers' recommendations to the same state
    in the same session is subtracted; a reviewer's score is the mean of these differences over
    its recommendations (sessions 1-27). Negative ``category_gap``: it asks for less action than
    the others; positive ``gentle_gap``: more of its recommendations are "praise or continue".

    Returns
    -------
    pandas.DataFrame
        One row per reviewer with at least ``min_rows`` recommendations: ``rs_iso3``, ``state``,
        ``n``, ``category_gap``, ``gentle_gap``, ``specific_gap`` and ``cp_gap``
        (civil-and-political, sessions with tags), ``rs_dprk``, ``rs_peer``, and the rank of
        ``category_gap`` from the most lenient (1).
    """
    f = all_states.copy()
    f["gentle"] = f["action_category"].isin(GENTLE).astype(float)
    f["specific"] = (f["action_category"] == 5).astype(float)
    f["category"] = f["action_category"].astype(float)
    f["cp"] = f["civil_political"].astype(float)
    for col in ("category", "gentle", "specific", "cp"):
        f[f"{col}_gap"] = f[col] - _others_mean(f, col)
    g = f.groupby("rs_iso3")
    out = pd.DataFrame(
        {
            "state": g["recommending_state"].first(),
            "n": g.size(),
            "category_gap": g["category_gap"].mean(),
            "gentle_gap": g["gentle_gap"].mean(),
            "specific_gap": g["specific_gap"].mean(),
            "cp_gap": g["cp_gap"].mean(),
            "rs_dprk": g["rs_dprk"].max(),
            "rs_peer": g["rs_peer"].max(),
        }
    ).reset_index()
    out = out[out["n"] >= min_rows].sort_values("category_gap").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def within_review_model(all_states: pd.DataFrame, outcome: str, categories: bool = False) -> dict:
    """North Korea's recommendations against the other reviewers' in the same reviews.

    A linear probability model (statsmodels OLS) of ``outcome`` (a 0/1 or numeric column of the
    recommendations, or ``gentle``, ``specific`` or ``action``, derived from the action category)
    on ``rs_dprk`` with a fixed effect for each review (state under review and session), over
    the reviews in which North Korea made recommendations; with ``categories``, action-category
    dummies too. Standard errors are clustered by state under review (North Korea is one
    recommending state, so clustering by recommending state would rest its coefficient on one
    cluster).

    Returns
    -------
    dict
        ``coef``, ``se``, ``ci_low``, ``ci_high``, ``p``, ``n`` (recommendations), ``n_reviews``,
        ``n_clusters`` (states under review), ``dprk_mean`` and ``others_mean`` (raw means).
    """
    reviews = all_states.loc[all_states["rs_dprk"] == 1, ["sur_iso3", "session"]].drop_duplicates()
    f = all_states.merge(reviews, on=["sur_iso3", "session"])
    f = f.assign(
        gentle=f["action_category"].isin(GENTLE).astype(int),
        specific=(f["action_category"] == 5).astype(int),
        action=f["action_category"].isin(ACTION).astype(int),
    ).dropna(subset=[outcome])
    x = pd.DataFrame({"North Korea": f["rs_dprk"].astype(float)})
    if categories:
        for c in (1, 2, 3, 4):
            x[f"category {c}"] = (f["action_category"] == c).astype(float)
    review = f["sur_iso3"] + "-" + f["session"].astype(str)
    # the review fixed effects by demeaning within review (Frisch-Waugh-Lovell); the effects are
    # nested in the clusters, so the small-sample correction counts only the regressors
    y = f[outcome].astype(float)
    y_w = y - y.groupby(review).transform("mean")
    x_w = x - x.groupby(review).transform("mean")
    res = sm.OLS(y_w.to_numpy(), x_w.to_numpy()).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(f["sur_iso3"])[0]}
    )
    ci = np.asarray(res.conf_int())[0]
    return {
        "coef": float(res.params[0]),
        "se": float(res.bse[0]),
        "ci_low": float(ci[0]),
        "ci_high": float(ci[1]),
        "p": float(res.pvalues[0]),
        "n": len(f),
        "n_reviews": int(review.nunique()),
        "n_clusters": int(f["sur_iso3"].nunique()),
        "dprk_mean": float(f.loc[f["rs_dprk"] == 1, outcome].astype(float).mean()),
        "others_mean": float(f.loc[f["rs_dprk"] == 0, outcome].astype(float).mean()),
    }


def tone_by_distance(made: pd.DataFrame, bins: int = 3) -> pd.DataFrame:
    """North Korea's share of "praise or continue" recommendations by the reviewed state's
    ideal-point distance from it (``bins`` groups of about equal size).

    Returns one row per group: ``distance`` (the interval), ``n``, ``gentle`` (share 0-1),
    ``action`` (share in categories 4-5) and ``accepted`` (share the reviewed state supported).
    """
    f = made.dropna(subset=["ideal_point_distance"]).copy()
    f["distance"] = pd.qcut(f["ideal_point_distance"], bins, precision=2)
    g = f.groupby("distance", observed=True)
    return pd.DataFrame(
        {
            "n": g.size(),
            "gentle": g["action_category"].apply(lambda s: s.isin(GENTLE).mean()),
            "action": g["action_category"].apply(lambda s: s.isin(ACTION).mean()),
            "accepted": g["accepted"].mean(),
        }
    ).reset_index()


def distance_slopes(all_states: pd.DataFrame, min_rows: int = MIN_REVIEWER_ROWS) -> pd.DataFrame:
    """For every reviewer: how its share of "praise or continue" recommendations changes with the
    reviewed state's ideal-point distance from it (least-squares slope, probability per unit of
    distance), over its recommendations in sessions 1-27.

    Returns one row per reviewer with at least ``min_rows`` recommendations with a distance:
    ``rs_iso3``, ``state``, ``n``, ``slope``, ``rs_dprk``, ``rs_peer``, sorted by slope (most
    negative first: the reviewer praises close states most) with ``rank``.
    """
    f = all_states.dropna(subset=["ideal_point_distance"]).copy()
    f["gentle"] = f["action_category"].isin(GENTLE).astype(float)
    rows = []
    for rs, part in f.groupby("rs_iso3"):
        if len(part) < min_rows or part["ideal_point_distance"].std() == 0:
            continue
        slope = np.polyfit(part["ideal_point_distance"], part["gentle"], 1)[0]
        rows.append(
            {
                "rs_iso3": rs,
                "state": part["recommending_state"].iat[0],
                "n": len(part),
                "slope": float(slope),
                "rs_dprk": int(part["rs_dprk"].iat[0]),
                "rs_peer": int(part["rs_peer"].iat[0]),
            }
        )
    out = pd.DataFrame(rows).sort_values("slope").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out
