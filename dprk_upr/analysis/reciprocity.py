"""Reciprocity between North Korea and the states it reviewed: do the states North Korea treated
gently in their reviews recommend gently to North Korea in its own review of the same cycle, and
does North Korea accept more from them? Holding the two states' distance in the UN General
Assembly constant.

North Korea's treatment of a state in a cycle (:func:`dprk_treatment`) is read from the
recommendations it made in that state's review (UPR Info's export of 25 July 2018): *praised*
when at least half of them ask only to continue or are addressed to others (action categories
1-2), *pressed* when it made recommendations but fewer than half were of that kind, *silent*
when it made none. The other side comes from the book's own dataset of the recommendations North
Korea received (``model_data.csv``): the action category and the project's sensitivity coding of
each state's recommendations to North Korea, and North Korea's answers.

Order in time is not fixed by the design: in each cycle some states were reviewed before North
Korea and some after (North Korea's reviews were sessions 6 and 19). :func:`dprk_treatment` with
``before_review`` keeps only North Korea's recommendations made before its own review, where
reciprocity could be a reply.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

__all__ = ["GENTLE", "PRAISED_SHARE", "dprk_treatment", "reciprocity_frame", "reciprocity_models", "group_counts"]

#: Action categories counted as praise or continue.
GENTLE = (1, 2)
#: Least share of praise-or-continue recommendations for North Korea to have "praised" a state.
PRAISED_SHARE = 0.5


def dprk_treatment(made: pd.DataFrame, review_sessions: dict[int, int] | None = None) -> pd.DataFrame:
    """North Korea's treatment of each state it reviewed, by cycle.

    Parameters
    ----------
    made : pandas.DataFrame
        ``dprk_recommendations_made.csv``: ``sur_iso3``, ``cycle``, ``session``,
        ``action_category``.
    review_sessions : dict, optional
        ``{cycle: session of North Korea's own review}``; when given, only the recommendations
        made before that session count (``before_review``).

    Returns
    -------
    pandas.DataFrame
        One row per state and cycle in which North Korea recommended: ``iso3``, ``cycle``,
        ``n_made``, ``gentle_share`` (0-1) and ``treatment`` ("praised" or "pressed").
    """
    f = made.copy()
    if review_sessions is not None:
        f = f[f["session"] < f["cycle"].map(review_sessions)]
    f["gentle"] = f["action_category"].isin(GENTLE)
    g = f.groupby(["sur_iso3", "cycle"])
    out = pd.DataFrame({"n_made": g.size(), "gentle_share": g["gentle"].mean()}).reset_index()
    out = out.rename(columns={"sur_iso3": "iso3"})
    out["treatment"] = np.where(out["gentle_share"] >= PRAISED_SHARE, "praised", "pressed")
    return out


def reciprocity_frame(model_data: pd.DataFrame, treatment: pd.DataFrame) -> pd.DataFrame:
    """The recommendations North Korea received (one row per recommendation and recommending
    state) with North Korea's treatment of that state in the same cycle.

    Adds ``treatment`` ("silent" where North Korea made no recommendation to the state in that
    cycle), the dummies ``praised`` and ``pressed``, and ``action`` (1 = action category 4-5).
    Raises ValueError if the join changes the number of rows.
    """
    out = model_data.merge(treatment, on=["iso3", "cycle"], how="left", validate="many_to_one")
    if len(out) != len(model_data):
        raise ValueError("reciprocity_frame: joining the treatment changed the number of rows")
    out["treatment"] = out["treatment"].fillna("silent")
    out["praised"] = (out["treatment"] == "praised").astype(int)
    out["pressed"] = (out["treatment"] == "pressed").astype(int)
    out["action"] = (out["action_category"] >= 4).astype(int)
    return out


def group_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """States and recommendations in each treatment group, by cycle (the clusters behind each
    comparison)."""
    g = frame.groupby(["cycle", "treatment"])
    return pd.DataFrame({"states": g["iso3"].nunique(), "recommendations": g.size()}).reset_index()


#: The outcomes compared, with the cycles in which each varies and the controls it takes.
OUTCOMES = {
    "action_category": ("action category of its recommendation (1-5)", (1, 2), ""),
    "specific": ("its recommendation asks for a specific action (category 5)", (1, 2), ""),
    "sensitive": ("its recommendation is sensitive for the regime", (1, 2), ""),
    "accepted": ("North Korea accepted it (second cycle)", (2,), " + specific + sensitive"),
    "rejected_at_wg": ("North Korea refused it at the Working Group", (1, 2), " + specific + sensitive"),
}


def reciprocity_models(frame: pd.DataFrame) -> pd.DataFrame:
    """Linear probability (or linear, for the category) models of each outcome in ``OUTCOMES``
    on ``praised`` and ``pressed`` (reference: silent), the ideal-point distance and the cycle,
    with standard errors clustered by recommending state.

    Returns
    -------
    pandas.DataFrame
        One row per outcome and term (``praised``, ``pressed``, ``distance``): ``outcome``,
        ``label``, ``term``, ``coef``, ``se``, ``ci_low``, ``ci_high``, ``p``, ``n``,
        ``clusters`` (recommending states) and ``treated_states`` (states in the term's group;
        for distance, all states).
    """
    rows = []
    for outcome, (label, cycles, controls) in OUTCOMES.items():
        f = frame[frame["cycle"].isin(cycles)].dropna(subset=[outcome, "ideal_point_distance"])
        formula = f"{outcome} ~ praised + pressed + ideal_point_distance{controls}"
        if len(cycles) > 1:
            formula += " + C(cycle)"
        res = smf.ols(formula, data=f).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(f["iso3"])[0]})
        ci = res.conf_int()
        for term, name in (("praised", "praised"), ("pressed", "pressed"), ("ideal_point_distance", "distance")):
            treated = f.loc[f[term] == 1, "iso3"].nunique() if term != "ideal_point_distance" else f["iso3"].nunique()
            rows.append(
                {
                    "outcome": outcome,
                    "label": label,
                    "term": name,
                    "coef": float(res.params[term]),
                    "se": float(res.bse[term]),
                    "ci_low": float(ci.loc[term, 0]),
                    "ci_high": float(ci.loc[term, 1]),
                    "p": float(res.pvalues[term]),
                    "n": int(res.nobs),
                    "clusters": int(f["iso3"].nunique()),
                    "treated_states": int(treated),
                }
            )
    return pd.DataFrame(rows)
