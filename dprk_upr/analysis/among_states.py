"""North Korea among the states under review: every state's answers in cycles 1 and 2 (sessions
1-26 of UPR Info's export of 25 July 2018), and where North Korea's sit.

- :func:`comparison_frame`: the rows of cycles 1-2 with the variables the comparison uses;
- :func:`review_profiles`: one row per review (state under review and cycle): how much it
  accepted, by action category, by comparative sensitivity and by the reviewer's distance;
- :func:`placement`: where one review sits among all reviews of a cycle (rank and percentile);
- :func:`pooled_model`: a linear probability model of acceptance with state-under-review fixed
  effects and standard errors clustered by recommending state and by state under review
  (Cameron, Gelbach and Miller 2011), with :func:`state_effects` (each state's estimated fixed
  effect, the acceptance left once the model's variables are held constant; optionally with one
  review's acceptance replaced by a share known only as a count, such as North Korea's late
  answers to its first review);
- :func:`relational_model`: a test related to Terman and Voeten's (2018) relational finding,
  that recommendations from strategic partners are accepted more often than substantially
  identical ones from other states. It is not a replication: it holds constant UPR Info's codes
  of a recommendation (action category, civil and political), not its wording, and measures a
  partnership by an ATOP defence pact and by closeness in the General Assembly.

The comparison measures sensitivity with UPR Info's issue tags (``civil_political``), a measure
that means the same for every state; the project's regime-sensitivity rules are written for
North Korea only.

A coefficient that only North Korea's rows identify (an interaction with North Korea) is
estimated from one cluster of states under review: cluster-robust standard errors are not to be
trusted for it (with one treated cluster they are biased down; Conley and Taber 2011). North
Korea's position is therefore read from its rank among all reviews and all states, not from such
a coefficient's p-value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from linearmodels.iv.absorbing import AbsorbingLS

__all__ = [
    "CHEAP",
    "COMPARISON_CYCLES",
    "comparison_frame",
    "review_profiles",
    "placement",
    "pooled_model",
    "state_effects",
    "relational_model",
]

#: Cycles compared (the only complete ones in the export).
COMPARISON_CYCLES = (1, 2)
#: Action categories of the "cheap" recommendations (addressed to others, continue, consider).
CHEAP = (1, 2, 3)
#: Fewest recommendations of a kind for a review's share of that kind to be computed.
MIN_ROWS = 5


def comparison_frame(all_states: pd.DataFrame) -> pd.DataFrame:
    """Rows of cycles 1 and 2 with the comparison's variables added.

    Parameters
    ----------
    all_states : pandas.DataFrame
        ``upr_all_states.csv`` (:mod:`dprk_upr.build.all_states`).

    Returns
    -------
    pandas.DataFrame
        The rows of :data:`COMPARISON_CYCLES`, with ``cheap`` (1 = action category 1-3),
        ``specific`` (1 = category 5) and ``review`` ("<ISO3>-<cycle>").

    Raises
    ------
    ValueError
        A required column is missing.
    """
    need = ["cycle", "sur_iso3", "rs_iso3", "accepted", "action_category", "civil_political", "ideal_point_distance"]
    missing = [c for c in need if c not in all_states.columns]
    if missing:
        raise ValueError(f"upr_all_states: missing column(s) {missing}; rebuild with 'python -m dprk_upr build'.")
    frame = all_states[all_states["cycle"].isin(COMPARISON_CYCLES)].copy()
    frame["cheap"] = frame["action_category"].isin(CHEAP).astype(int)
    frame["specific"] = (frame["action_category"] == 5).astype(int)
    frame["review"] = frame["sur_iso3"] + "-" + frame["cycle"].astype(str)
    return frame


def _shares(frame: pd.DataFrame, mask: pd.Series, column: str = "accepted") -> pd.Series:
    """Mean of ``column`` over the rows of each review where ``mask`` holds; missing where
    fewer than ``MIN_ROWS`` rows."""
    g = frame.loc[mask].groupby("review")[column]
    out = g.mean().where(g.size() >= MIN_ROWS)
    return out.reindex(frame["review"].unique())


def _distance_slopes(frame: pd.DataFrame) -> pd.Series:
    """Within each review: change in the probability of acceptance per unit of ideal-point
    distance, holding the action category constant (least squares with category dummies, by the
    Frisch-Waugh-Lovell theorem: both variables demeaned within review and category). Missing
    where the review has fewer than 3 x ``MIN_ROWS`` rows with a distance, or no variation."""
    sub = frame.dropna(subset=["ideal_point_distance"])
    cell = [sub["review"], sub["action_category"]]
    x = sub["ideal_point_distance"] - sub.groupby(cell)["ideal_point_distance"].transform("mean")
    y = sub["accepted"] - sub.groupby(cell)["accepted"].transform("mean")
    sxy = (x * y).groupby(sub["review"]).sum()
    sxx = (x * x).groupby(sub["review"]).sum()
    n = sub.groupby("review").size()
    varies = sub.groupby("review")["accepted"].nunique() > 1
    slope = (sxy / sxx).where((n >= 3 * MIN_ROWS) & varies & (sxx > 1e-12))
    return slope.reindex(frame["review"].unique())


def review_profiles(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per review (state under review and cycle): what it accepted.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`comparison_frame`.

    Returns
    -------
    pandas.DataFrame
        ``review``, ``sur_iso3``, ``state``, ``cycle``, ``sur_dprk``, ``sur_peer``, ``n``,
        ``accepted`` (share), ``accepted_cheap`` and ``accepted_specific`` (shares among
        categories 1-3 and category 5), ``cheap_gap`` (their difference), ``cheap_share_of_accepted``
        (share of the accepted recommendations in categories 1-3), ``accepted_cp`` and
        ``accepted_not_cp`` (shares among civil-and-political and other recommendations),
        ``cp_gap`` (other minus civil-and-political) and ``distance_slope`` (probability per unit
        of ideal-point distance, within the review, holding the action category constant).
        Shares over fewer than ``MIN_ROWS`` rows are missing. Sorted by review.
    """
    first = frame.groupby("review").first()
    out = pd.DataFrame(
        {
            "sur_iso3": first["sur_iso3"],
            "state": first["state_under_review"],
            "cycle": first["cycle"].astype(int),
            "sur_dprk": first["sur_dprk"].astype(int),
            "sur_peer": first["sur_peer"].astype(int),
            "n": frame.groupby("review").size(),
            "accepted": frame.groupby("review")["accepted"].mean(),
        }
    )
    out["accepted_cheap"] = _shares(frame, frame["cheap"] == 1)
    out["accepted_specific"] = _shares(frame, frame["specific"] == 1)
    out["cheap_share_of_accepted"] = _shares(frame, frame["accepted"] == 1, "cheap")
    out["accepted_cp"] = _shares(frame, frame["civil_political"] == 1)
    out["accepted_not_cp"] = _shares(frame, frame["civil_political"] == 0)
    out["distance_slope"] = _distance_slopes(frame)
    out["cheap_gap"] = out["accepted_cheap"] - out["accepted_specific"]
    out["cp_gap"] = out["accepted_not_cp"] - out["accepted_cp"]
    out.index.name = "review"
    return out.reset_index()


def placement(profiles: pd.DataFrame, column: str, review: str, cycle: int | None = None) -> dict:
    """Where one review sits on ``column`` among all reviews (of ``cycle``, if given).

    Returns
    -------
    dict
        ``value`` (the review's), ``n`` (reviews with a value), ``rank`` (1 = highest value),
        ``above`` (share of the other reviews with a lower value, 0-1; ties count half),
        ``median`` (all reviews), ``peer_median`` (reviews of the peer set, when the column
        ``sur_peer`` is there) and ``peer_n``.

    Raises
    ------
    KeyError
        The review is not in ``profiles`` or has no value on ``column``.
    """
    pool = profiles if cycle is None else profiles[profiles["cycle"] == cycle]
    pool = pool.dropna(subset=[column])
    hit = pool[pool["review"] == review]
    if hit.empty:
        raise KeyError(f"review {review!r} has no value of {column!r} among the reviews compared")
    value = float(hit[column].iat[0])
    others = pool.loc[pool["review"] != review, column]
    peers = pool.loc[pool.get("sur_peer", pd.Series(0, index=pool.index)) == 1, column]
    return {
        "value": value,
        "n": len(pool),
        "rank": int((pool[column] > value).sum() + 1),
        "above": float(((others < value).sum() + 0.5 * (others == value).sum()) / len(others))
        if len(others)
        else np.nan,
        "median": float(pool[column].median()),
        "peer_median": float(peers.median()) if len(peers) else np.nan,
        "peer_n": len(peers),
    }


def _fit(frame: pd.DataFrame, outcome: str, terms: dict[str, pd.Series], absorb: str = "sur_iso3") -> pd.DataFrame:
    """Least squares of ``outcome`` on ``terms`` with ``absorb`` fixed effects, clustered by
    recommending state and state under review; returns the tidy table with the sample sizes."""
    x = pd.DataFrame(terms, index=frame.index).astype(float)
    keys = list(dict.fromkeys([outcome, "rs_iso3", "sur_iso3", absorb]))
    data = pd.concat([frame[keys], x], axis=1).dropna()
    dropped = len(frame) - len(data)
    clusters = pd.DataFrame(
        {"rs": pd.Categorical(data["rs_iso3"]).codes, "sur": pd.Categorical(data["sur_iso3"]).codes}, index=data.index
    )
    model = AbsorbingLS(
        data[outcome].astype(float),
        data[list(x.columns)],
        absorb=pd.DataFrame({"fe": data[absorb].astype("category")}),
    )
    res = model.fit(cov_type="clustered", clusters=clusters)
    ci = res.conf_int()
    table = pd.DataFrame(
        {
            "term": list(x.columns),
            "coef": res.params.to_numpy(),
            "se": res.std_errors.to_numpy(),
            "p": res.pvalues.to_numpy(),
            "ci_low": ci["lower"].to_numpy(),
            "ci_high": ci["upper"].to_numpy(),
        }
    )
    table.attrs.update(
        n=len(data),
        n_rs=int(data["rs_iso3"].nunique()),
        n_sur=int(data["sur_iso3"].nunique()),
        dropped=dropped,
        residual=(data[outcome] - data[list(x.columns)].to_numpy() @ res.params.to_numpy()),
        fitted_mean=float((data[list(x.columns)].to_numpy() @ res.params.to_numpy()).mean()),
        groups=data[absorb],
    )
    return table


def _category_terms(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Dummies for action categories 1-4 (category 5, specific action, is the reference)."""
    return {f"category {c}": (frame["action_category"] == c).astype(int) for c in (1, 2, 3, 4)}


def pooled_model(frame: pd.DataFrame, interactions: bool = False, cycle: int | None = None) -> pd.DataFrame:
    """Acceptance in cycles 1-2 with state-under-review fixed effects, clustered two ways.

    The linear probability model of ``accepted`` on the action category (dummies, category 5 the
    reference), the reviewer's ideal-point distance from the state under review, the
    comparative sensitivity (``civil_political``) and a second-cycle dummy, with a fixed effect
    for each state under review. Standard errors are clustered by recommending state and by
    state under review (two-way).

    With ``interactions``, the model adds the products of the peer set under review
    (``sur_peer``) with categories 1-3, distance, civil-and-political and the second cycle: how
    far the peers' answers depend on these differently from the other states'. North Korea gets
    no such terms: they would rest on one cluster (see the module docstring); its place is read
    from :func:`state_effects` and :func:`placement`.

    With ``cycle``, the model is fitted on that cycle's rows alone, without the second-cycle
    dummy (and its interaction).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``coef`` (probability points), ``se``, ``p``, ``ci_low``, ``ci_high`` (95%);
        ``attrs``: ``n``, ``n_rs``, ``n_sur`` (clusters), ``dropped`` (rows without distance,
        i.e. an observer State's or a non-member's recommendations) and the residuals used by
        :func:`state_effects`.
    """
    if cycle is not None:
        frame = frame[frame["cycle"] == cycle]
        if frame.empty:
            raise ValueError(f"pooled_model: no row of cycle {cycle}.")
    terms = _category_terms(frame)
    terms["ideal-point distance"] = frame["ideal_point_distance"]
    terms["civil and political"] = frame["civil_political"]
    if cycle is None:
        terms["second cycle"] = (frame["cycle"] == 2).astype(int)
    if interactions:
        flag = frame["sur_peer"]
        terms["peer x categories 1-3"] = flag * frame["cheap"]
        terms["peer x distance"] = flag * frame["ideal_point_distance"]
        terms["peer x civil and political"] = flag * frame["civil_political"]
        if cycle is None:
            terms["peer x second cycle"] = flag * (frame["cycle"] == 2).astype(int)
    return _fit(frame, "accepted", terms)


def state_effects(
    model: pd.DataFrame, frame: pd.DataFrame, replace_share: dict[tuple[str, int], float] | None = None
) -> pd.DataFrame:
    """Each state's fixed effect from :func:`pooled_model` (without interactions): the mean of
    ``accepted`` minus the fitted part of its rows, plus the mean fitted part of all rows. That is
    its probability of accepting a recommendation with the mix of action category, distance,
    sensitivity and cycle of the whole sample: what it would accept if all states had received
    the same recommendations. The ranking does not depend on the added constant.

    ``replace_share`` maps ``(ISO3, cycle)`` to a share accepted (0-1) known only as a count, such
    as North Korea's late answers to its first review: that review's rows in the model count
    ``share`` x rows acceptances instead of the recorded ones. The model's coefficients are kept
    (which recommendation got which answer is unknown, so the model cannot be refitted); only the
    state's effect moves, by the added acceptances over its rows in the model.

    Returns one row per state under review: ``sur_iso3``, ``state``, ``effect`` (probability),
    ``n``, ``sur_dprk``, ``sur_peer``, ``rank`` (1 = highest effect) and ``above`` (share of the
    other states with a lower effect).

    Raises
    ------
    KeyError
        A state and cycle of ``replace_share`` has no row in the model.
    """
    resid = model.attrs["residual"].copy()
    groups = model.attrs["groups"]
    for (iso3, cycle), share in (replace_share or {}).items():
        rows = groups.index[(groups == iso3).to_numpy() & (frame.loc[groups.index, "cycle"] == cycle).to_numpy()]
        if len(rows) == 0:
            raise KeyError(f"state_effects: no row of {iso3!r} in cycle {cycle} in the model.")
        recorded = frame.loc[rows, "accepted"].astype(float)
        resid.loc[rows] += share - recorded.mean()  # same total as share x rows, spread evenly
    eff = resid.groupby(groups).agg(["mean", "size"]).rename(columns={"mean": "effect", "size": "n"})
    eff["effect"] += model.attrs["fitted_mean"]
    info = frame.drop_duplicates("sur_iso3").set_index("sur_iso3")[["state_under_review", "sur_dprk", "sur_peer"]]
    eff = eff.join(info, how="left").rename(columns={"state_under_review": "state"})
    eff.index.name = "sur_iso3"
    eff = eff.reset_index().sort_values("effect", ascending=False).reset_index(drop=True)
    eff["rank"] = np.arange(1, len(eff) + 1)
    values = eff["effect"].to_numpy()
    eff["above"] = [float((np.delete(values, i) < v).mean()) for i, v in enumerate(values)]
    return eff


def relational_model(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A test related to Terman and Voeten's (2018) relational finding, on the full data: are
    recommendations from a strategic partner (an ATOP defence pact between the two states) and
    from states closer in the UN General Assembly accepted more often, holding UPR Info's codes of
    what is recommended constant? Terman and Voeten compare substantially identical
    recommendations; this test does not match texts, and its measures of partnership may differ
    from theirs.

    Two linear probability models of ``accepted`` with state-under-review fixed effects,
    clustered two ways: (1) defence pact, ideal-point distance, action-category dummies,
    civil-and-political and cycle; (2) the same plus the recommending state's V-Dem polyarchy.
    Returns ``{"partners": table1, "partners_regime": table2}`` (see :func:`pooled_model`).
    """
    base = _category_terms(frame)
    base["defence pact"] = frame["defence_pact"]
    base["ideal-point distance"] = frame["ideal_point_distance"]
    base["civil and political"] = frame["civil_political"]
    base["second cycle"] = (frame["cycle"] == 2).astype(int)
    with_regime = dict(base)
    with_regime["recommending state's polyarchy"] = frame["rs_polyarchy"]
    return {"partners": _fit(frame, "accepted", base), "partners_regime": _fit(frame, "accepted", with_regime)}
