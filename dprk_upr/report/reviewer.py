"""Tables of the chapter "North Korea as a reviewer and among the states", and the scales a
reader can picture (distances between familiar states). Its figures are in
:mod:`dprk_upr.report.reviewer_figures`, its numbers and sentences in
:mod:`dprk_upr.report.reviewer_words`.

Each function takes the processed tables or the analysis results and returns data: a display
table (human column headers, numbers already formatted as the chapter prints them, shown with
:func:`dprk_upr.report.tables.show`) or the values a sentence needs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from .reviewer_words import fmt_p, interval, num, pct, pp, review_sessions, short_name

__all__ = [
    "HEADERS",
    "GROUPS",
    "WITHIN_OUTCOMES",
    "WITHIN_ROWS",
    "RECIPROCITY_OUTCOMES",
    "TERM_LABELS",
    "ANCHOR_STATES",
    "exports_table",
    "targets_table",
    "within_table",
    "reciprocity_table",
    "models_table",
    "peers_table",
    "implications_table",
    "distance_anchor",
    "distance_landmarks",
    "examples_by_distance",
    "dprk_differences",
    "holm_survivors",
]


#: Headers the book's default would capitalise ("p" stays "p"), for :func:`dprk_upr.report.tables.show`.
HEADERS = {"p": "p"}


def exports_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """``export_agreement.csv`` for display: for each session both exports cover (and North
    Korea's rows, and all together), the rows of the older exports, how many found a partner in
    the 2018 export, and the share of the pairs with the same answer, action category and issue
    tags.

    Returns a frame with columns "Rows compared", "Older rows", "Paired", "Same answer", "Same
    action category", "Same issue tags" (shares as text, e.g. "99.95%").
    """
    t = agreement
    paired = t["paired_exact"] + t["paired_close"]
    scope = t["scope"].str.replace("North Korea under review", "North Korea's rows", regex=False)
    scope = scope.str.replace(r"^all shared sessions.*", "all shared sessions", regex=True)
    return pd.DataFrame(
        {
            "Rows compared": scope,
            "Older rows": t["rows_older"].astype(int),
            "Paired": paired.astype(int),
            "Same answer": [pct(a / n, 1) for a, n in zip(t["response_agree"], paired)],
            "Same action category": [pct(a / n, 2) for a, n in zip(t["action_agree"], paired)],
            "Same issue tags": [pct(a / n, 1) for a, n in zip(t["issues_agree"], paired)],
        }
    )


#: UPR Info's regional groups, as the book names them.
GROUPS = {
    "Africa": "Africa",
    "Asia": "Asia-Pacific",
    "EEG": "Eastern Europe",
    "GRULAC": "Latin America and Caribbean",
    "WEOG": "Western Europe and others",
}


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.as_reviewer.targets_compared` for display: one row per measure,
    one column per group of reviews (shares as %, medians with two decimals)."""
    t = targets.set_index("group").T
    labels = {
        "reviews": "Reviews",
        "median distance from North Korea": "Median distance from North Korea",
        "median polyarchy": "Median V-Dem electoral democracy (0-1)",
    }
    out = pd.DataFrame(index=t.index)
    for col in t.columns:
        out[col[:1].upper() + col[1:]] = [
            f"{int(v)}" if key == "reviews" else pct(v) if key.startswith("group: ") else f"{v:.2f}"
            for key, v in t[col].items()
        ]
    out.index = [
        labels.get(k, f"{GROUPS.get(k[7:], k[7:])} (share)" if k.startswith("group: ") else k) for k in out.index
    ]
    return out.rename_axis("Measure").reset_index()


#: Outcomes of the within-review comparison (:func:`dprk_upr.analysis.as_reviewer.within_review_model`).
WITHIN_OUTCOMES = ("action_category", "gentle", "specific", "civil_political", "accepted")


#: Rows of the within-review table, key -> (label, unit); ``accepted_by_category`` is the model
#: of ``accepted`` with the action categories held constant (``categories=True``).
WITHIN_ROWS = {
    "action_category": ("Mean action category (1-5)", "category"),
    "gentle": ("Praise or continue (categories 1-2)", "share"),
    "specific": ("Specific action (category 5)", "share"),
    "civil_political": ("Civil and political (issue tags)", "share"),
    "accepted": ("Supported by the reviewed state", "share"),
    "accepted_by_category": ("Supported, same action category", "share"),
}


def within_table(results: dict[str, dict]) -> pd.DataFrame:
    """North Korea's recommendations beside the other reviewers' in the same reviews.

    ``results`` maps keys of ``WITHIN_ROWS`` to
    :func:`dprk_upr.analysis.as_reviewer.within_review_model` results (missing keys are left
    out). Returns one row per outcome: the label, North Korea's mean, the other reviewers' mean,
    the difference within the review with its 95% interval, and the p-value.
    """
    rows = []
    for key, (label, unit) in WITHIN_ROWS.items():
        if key not in results:
            continue
        r = results[key]
        if key == "accepted_by_category":  # the same raw shares as the row above
            dprk, others = "", ""
            diff = _nb(f"{pp(r['coef'], 1)} {interval(r['ci_low'], r['ci_high'], 100, 1)}")
        elif unit == "share":
            dprk, others = pct(r["dprk_mean"]), pct(r["others_mean"])
            diff = _nb(f"{pp(r['coef'])} {interval(r['ci_low'], r['ci_high'], 100, 0)}")
        else:
            dprk, others = f"{r['dprk_mean']:.2f}", f"{r['others_mean']:.2f}"
            diff = _nb(f"{num(r['coef'], 2, sign=True)} {interval(r['ci_low'], r['ci_high'])}")
        rows.append(
            {
                "Recommendations": label,
                "North Korea": dprk,
                "Other reviewers": others,
                "Difference [95% CI]": diff,
                "p": fmt_p(r["p"]),
            }
        )
    return pd.DataFrame(rows)


#: Outcomes of the reciprocity models, as the table names them.
RECIPROCITY_OUTCOMES = {
    "action_category": "Action category (1-5)",
    "specific": "Specific action (share)",
    "sensitive": "Sensitive for the regime (share)",
    "accepted": "Accepted by North Korea (second cycle)",
    "rejected_at_wg": "Refused at the Working Group",
}


def _nb(text: str) -> str:
    """A table cell's value kept on one line: its spaces made non-breaking.

    >>> _nb("+12 [0, 25]")
    '+12\xa0[0,\xa025]'
    """
    return text.replace(" ", "\u00a0")


def _holm(table: pd.DataFrame) -> pd.DataFrame:
    groups = table[table["term"].isin(["praised", "pressed"])].copy()
    groups["holm"] = multipletests(groups["p"], method="holm")[1]
    return groups


def reciprocity_table(models: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The reciprocity models, one row per outcome, timing and group.

    ``models`` maps a timing label ("same cycle", "before its review") to
    :func:`dprk_upr.analysis.reciprocity.reciprocity_models`. For each outcome and each group
    (states North Korea praised, states it pressed, with the number of states), the difference
    from the states it did not review, with its 95% interval, the p-value and the Holm-adjusted
    p-value over the ten tests of that timing.
    """
    rows = []
    held_by_timing = {timing: _holm(table).set_index(["outcome", "term"]) for timing, table in models.items()}
    for outcome, label in RECIPROCITY_OUTCOMES.items():
        for timing, held in held_by_timing.items():
            for term in ("praised", "pressed"):
                if (outcome, term) not in held.index:
                    continue
                r = held.loc[(outcome, term)]
                scale, digits = (1.0, 2) if outcome == "action_category" else (100.0, 0)
                rows.append(
                    {
                        "Outcome": label,
                        "Timing": timing,
                        "Group (states)": f"{term} ({int(r['treated_states'])})",
                        "Difference [95% CI]": _nb(
                            f"{num(r['coef'] * scale, digits, sign=True)} "
                            f"{interval(r['ci_low'], r['ci_high'], scale, digits)}"
                        ),
                        "p": fmt_p(r["p"]),
                        "Holm p": fmt_p(r["holm"]),
                    }
                )
    return pd.DataFrame(rows)


#: Terms of the pooled models, as the table names them.
TERM_LABELS = {
    "category 1": "Category 1 (addressed to others)",
    "category 2": "Category 2 (continue)",
    "category 3": "Category 3 (consider)",
    "category 4": "Category 4 (general action)",
    "ideal-point distance": "Ideal-point distance (per unit)",
    "civil and political": "Civil and political",
    "second cycle": "Second cycle",
    "peer x categories 1-3": "Peer set × categories 1-3",
    "peer x distance": "Peer set × distance",
    "peer x civil and political": "Peer set × civil and political",
    "peer x second cycle": "Peer set × second cycle",
    "defence pact": "Defence pact (ATOP)",
    "recommending state's polyarchy": "Recommender's democracy (0-1)",
}


def models_table(models: dict[str, pd.DataFrame], percent: bool = True) -> pd.DataFrame:
    """Coefficient tables of :mod:`dprk_upr.analysis.among_states` side by side: a cell per term
    and model with the coefficient (percentage points if ``percent``) and the two-way clustered
    standard error in parentheses, then rows for the observations and the clusters. Terms are
    named by :data:`TERM_LABELS`."""
    scale = 100.0 if percent else 1.0
    terms = list(dict.fromkeys(t for m in models.values() for t in m["term"]))
    out = pd.DataFrame({"Variable": [TERM_LABELS.get(t, t) for t in terms]})
    for name, m in models.items():
        by = m.set_index("term")
        cells = []
        for term in terms:
            if term in by.index:
                r = by.loc[term]
                mark = "*" if r["p"] < 0.05 else ""
                cells.append(_nb(f"{num(r['coef'] * scale, 1)}{mark} ({r['se'] * scale:.1f})"))
            else:
                cells.append("")
        out[name] = cells
    extra = pd.DataFrame(
        {
            "Variable": [
                "recommendations",
                "clusters: recommending states",
                "clusters: states under review",
            ],
            **{name: [f"{m.attrs['n']:,}", f"{m.attrs['n_rs']}", f"{m.attrs['n_sur']}"] for name, m in models.items()},
        }
    )
    return pd.concat([out, extra], ignore_index=True)


def peers_table(peers: pd.DataFrame) -> pd.DataFrame:
    """The states named in a recorded General Assembly vote, with both facts of the peer rule and
    the result (North Korea first, then by name)."""
    t = peers[peers["named_by_ga"] == 1].copy()
    t["name"] = t["state"].map(short_name)
    t = t.assign(later=t["iso3"].ne("PRK")).sort_values(["later", "name"])
    result = np.where(
        t["iso3"] == "PRK",
        "North Korea itself",
        np.where(t["peer"] == 1, "yes", "no"),
    )
    return pd.DataFrame(
        {
            "State": t["name"],
            "Sessions": t["sessions"],
            "Electoral democracy (reviews 1, 2)": [
                f"{a:.2f}, {b:.2f}" for a, b in zip(t["polyarchy_cycle1"], t["polyarchy_cycle2"])
            ],
            "Resolutions put to a recorded vote": t["ga_resolutions"].str.replace("; ", ", ", regex=False),
            "Peer": result,
        }
    ).reset_index(drop=True)


#: The row of :func:`implications_table` that counts North Korea's late answers to its first review.
LATE_CLAIM = "shows more cooperation in the second review, counting the late answers of 2014 to the first"


def implications_table(table: pd.DataFrame, late: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.image_management.implications` for display: the implication and
    its measure in one column, North Korea's value, the medians of the peers and of all states,
    the share of the others North Korea is beyond in the predicted direction, and which medians
    it is beyond.

    ``late`` is the same table computed with the first review's share counting the late answers
    (``implications(..., first_review=...)``): its ``more_accepted`` row is shown under the
    recorded one, labelled ``LATE_CLAIM``."""
    if late is not None:
        extra = late[late["key"] == "more_accepted"].assign(key="more_accepted_late", claim=LATE_CLAIM)
        at = int(np.flatnonzero(table["key"].to_numpy() == "more_accepted")[0]) + 1
        table = pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)

    def value(key: str, v: float) -> str:
        return pct(v) if key == "cheap_share" else num(100 * v, 0, sign=True)

    def unit(key: str) -> str:
        return "%" if key == "cheap_share" else "points per unit of distance" if key == "praises_friends" else "points"

    side = [
        "both" if a and p else "all states only" if a else "peers only" if p else "neither"
        for a, p in zip(table["fits_vs_all"].astype(bool), table["fits_vs_peers"].fillna(False).astype(bool))
    ]
    return pd.DataFrame(
        {
            "If engagement manages the image, North Korea …": [
                f"{c[:1].upper()}{c[1:]} ({m.replace(' (second review)', '')}; {unit(k)})"
                for c, m, k in zip(table["claim"], table["measure"], table["key"])
            ],
            "North Korea": [value(k, v) for k, v in zip(table["key"], table["dprk"])],
            "Peers": [value(k, v) for k, v in zip(table["key"], table["peer_median"])],
            "All": [value(k, v) for k, v in zip(table["key"], table["all_median"])],
            "Beyond": [pct(s) for s in table["share_beyond"]],
            "Beyond the medians of": side,
        }
    )


def _pair_distances(all_states: pd.DataFrame, states, cycle: int) -> pd.Series:
    """Mean dyadic ideal-point distance of each pair of ``states`` (ISO3) in ``cycle``, over the
    reviews in which one recommended to the other (both directions)."""
    f = all_states[
        (all_states["cycle"] == cycle) & all_states["sur_iso3"].isin(states) & all_states["rs_iso3"].isin(states)
    ].dropna(subset=["ideal_point_distance"])
    pair = [tuple(sorted(p)) for p in zip(f["sur_iso3"], f["rs_iso3"])]
    return f.groupby(pd.Series(pair, index=f.index, name="pair"))["ideal_point_distance"].mean()


#: Well-known states from which :func:`distance_anchor` picks its pair.
ANCHOR_STATES = ("BRA", "CHN", "DEU", "FRA", "GBR", "IND", "JPN", "RUS", "USA")


def distance_anchor(all_states: pd.DataFrame, states=ANCHOR_STATES, cycle: int = 2) -> dict:
    """A pair of well-known states whose ideal-point distance is closest to one unit, to give
    the dyadic distance of the pooled models a scale a reader can picture.

    Parameters
    ----------
    all_states : pandas.DataFrame
        ``upr_all_states.csv``: ``cycle``, ``sur_iso3``, ``rs_iso3``, ``state_under_review``,
        ``recommending_state``, ``ideal_point_distance`` (absolute difference of UN General
        Assembly ideal points the year before the session).
    states : sequence of str
        ISO3 codes to choose from.
    cycle : int
        The cycle whose reviews give the distances.

    Returns
    -------
    dict
        ``a``, ``b`` (the states' short names, in alphabetical order) and ``distance`` (mean of
        the pair's distances over the reviews of ``cycle`` in which one recommended to the
        other). Ties in closeness to 1 are broken by the pair's ISO3 codes.

    Raises
    ------
    ValueError
        No pair of ``states`` recommended to each other in ``cycle``.
    """
    d = _pair_distances(all_states, states, cycle)
    if d.empty:
        raise ValueError(f"distance_anchor: no pair of {sorted(states)} recommended to each other in cycle {cycle}.")
    best = sorted(d.index, key=lambda p: (abs(d[p] - 1), p))[0]
    names = pd.concat(
        [
            all_states.drop_duplicates("sur_iso3").set_index("sur_iso3")["state_under_review"],
            all_states.drop_duplicates("rs_iso3").set_index("rs_iso3")["recommending_state"],
        ]
    )
    names = names[~names.index.duplicated()]
    a, b = sorted(short_name(names[s]) for s in best)
    return {"a": a, "b": b, "distance": float(d[best])}


def distance_landmarks(
    all_states: pd.DataFrame, states=("CUB", "CHN", "JPN", "USA"), dprk: str = "PRK", cycle: int = 2
) -> pd.DataFrame:
    """North Korea's ideal-point distance from a few well-known states at its own review of
    ``cycle``: landmarks on the scale of "distance from North Korea", the same distances the other
    chapters give for that review.

    Parameters
    ----------
    all_states : pandas.DataFrame
        ``upr_all_states.csv``: ``cycle``, ``session``, ``year``, ``measure_year``, ``sur_iso3``,
        ``rs_iso3``, ``recommending_state``, ``ideal_point_distance``.
    states : sequence of str
        ISO3 codes of the landmark states.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``state`` (short name), ``distance``, ``year`` (of the review) and
        ``measure_year`` (of the ideal points, the year before), nearest first. A state that made
        no recommendation with a distance in that review is left out.
    """
    f = all_states[
        (all_states["sur_iso3"] == dprk) & (all_states["cycle"] == cycle) & all_states["rs_iso3"].isin(states)
    ]
    f = f.dropna(subset=["ideal_point_distance"])
    out = f.groupby("rs_iso3").agg(
        state=("recommending_state", "first"),
        distance=("ideal_point_distance", "mean"),
        year=("year", "first"),
        measure_year=("measure_year", "first"),
    )
    out["state"] = out["state"].map(short_name)
    return out.rename_axis("iso3").reset_index().sort_values("distance").reset_index(drop=True)


def examples_by_distance(made: pd.DataFrame, by_distance: pd.DataFrame, top: int = 2) -> list[str]:
    """For each distance group of :func:`dprk_upr.analysis.as_reviewer.tone_by_distance`, the
    ``top`` states North Korea recommended to most often in it (ties by name), as "Cuba, Iran".
    """
    f = made.dropna(subset=["ideal_point_distance"])
    out = []
    for iv in by_distance["distance"]:
        inside = f[(f["ideal_point_distance"] > iv.left) & (f["ideal_point_distance"] <= iv.right)]
        counts = inside["state_under_review"].map(short_name).value_counts().rename_axis("s").reset_index()
        counts = counts.sort_values(["count", "s"], ascending=[False, True]).head(top)
        out.append(", ".join(counts["s"]))
    return out


def dprk_differences(differences: pd.DataFrame, recs: pd.DataFrame, dprk: str = "DPR Korea") -> pd.DataFrame:
    """The differences between the exports on North Korea's own rows, with the book's ``rec_id``.

    ``differences`` is ``export_differences.csv``; ``recs`` is ``recommendations.csv`` (its
    ``upr_info_rows`` lists the lines of the older export behind each recommendation). Returns
    ``kind``, ``rec_id``, ``recommending_state``, ``value_2018``, ``value_older``. Raises
    ValueError if a difference on North Korea's rows matches no recommendation.
    """
    d = differences[(differences["state_under_review"].str.strip() == dprk) & ~differences["kind"].eq("issue tags")]
    lines = recs.assign(line=recs["upr_info_rows"].astype(str).str.split(";")).explode("line")
    lines["line"] = lines["line"].astype(int)
    lines["session"] = lines["cycle"].map(review_sessions(recs))
    out = d.merge(
        lines[["session", "line", "rec_id"]],
        left_on=["session", "line_older"],
        right_on=["session", "line"],
        how="left",
    )
    if out["rec_id"].isna().any():
        raise ValueError("dprk_differences: a difference on North Korea's rows matches no recommendation.")
    return out[["kind", "rec_id", "recommending_state", "value_2018", "value_older"]].reset_index(drop=True)


def holm_survivors(models: dict[str, pd.DataFrame], level: float = 0.05) -> dict[str, tuple[int, int]]:
    """For each timing of :func:`reciprocity_table`'s ``models``: how many of the praised and
    pressed differences stay below ``level`` after Holm's correction, and how many were tested.

    Returns ``{timing: (survivors, tests)}``."""
    out = {}
    for timing, table in models.items():
        adjusted = _holm(table)["holm"]
        out[timing] = (int((adjusted < level).sum()), len(adjusted))
    return out
