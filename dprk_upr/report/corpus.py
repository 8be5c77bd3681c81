"""The corpus as the Data and Coding chapters describe it: the reviews, who recommended what, how
North Korea answered, the reconciliation with the official counts, and the reviewers' measures.

Each function takes data frames and returns a data frame or a number; the chapters only display
them.
"""

from __future__ import annotations

import pandas as pd

from ..data.measures.assembly import voted_for_resolution

ANSWER_ORDER = ["accepted", "partially accepted", "noted"]
POSITION_LABELS = {"examine": "left for later", "supported": "supported", "noted": "noted", "rejected": "rejected"}


def split_paragraphs(recs: pd.DataFrame) -> list[str]:
    """The UN paragraphs that UPR Info divided into several rows (``link`` is "split part").

    >>> split_paragraphs(pd.DataFrame({"rec_id": ["C2-1", "C2-2"], "link": ["one-to-one", "split part"]}))
    ['C2-2']
    """
    return recs.loc[recs["link"] == "split part", "rec_id"].tolist()


def cycle_overview(recs: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """One row per cycle: review date, recommendations received and the final answers.

    Cycles with recommendation-level data take their counts from ``recs``; the others from the
    official counts. The ``source`` column says which.

    >>> recs = pd.DataFrame({"cycle": [1, 1], "response": ["noted", "accepted"]})
    >>> off = pd.DataFrame({"cycle": [1, 2], "stage_key": ["adoption"] * 2, "review_date": ["2009-12-07", "2014-05-01"],
    ...                     "total": [2, 5], "accepted": [1, 3], "partially_accepted": [0, 1], "noted": [1, 1], "rejected": [0, 0]})
    >>> cycle_overview(recs, off)[["cycle", "received", "accepted", "source"]]
       cycle  received  accepted                source
    0      1         2         1  recommendation level
    1      2         5         3  official counts only
    """
    final = official[official["stage_key"] == "adoption"].set_index("cycle")
    rows = []
    for cycle, row in final.iterrows():
        group = recs[recs["cycle"] == cycle]
        if len(group):
            answers = group["response"].value_counts()
            rows.append(
                {
                    "cycle": cycle,
                    "review_date": row["review_date"],
                    "received": len(group),
                    "accepted": int(answers.get("accepted", 0)),
                    "partially_accepted": int(answers.get("partially accepted", 0)),
                    "not_accepted": int(answers.get("noted", 0)),
                    "source": "recommendation level",
                }
            )
        else:
            not_acc = pd.Series([row["noted"], row["rejected"]], dtype="Int64").sum()  # a blank adds nothing
            rows.append(
                {
                    "cycle": cycle,
                    "review_date": row["review_date"],
                    "received": int(row["total"]),
                    "accepted": int(row["accepted"]),
                    "partially_accepted": int(row["partially_accepted"]),
                    "not_accepted": int(not_acc),
                    "source": "official counts only",
                }
            )
    table = pd.DataFrame(rows)
    table["accepted_share"] = table["accepted"] / table["received"]
    return table


def recommenders(pairs: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The states that made the most recommendations, with counts per cycle and in total."""
    counts = pairs.pivot_table(index="iso3", columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    counts.columns = [f"cycle {c}" for c in counts.columns]
    counts["total"] = counts.sum(axis=1)
    names = pairs.drop_duplicates("iso3").set_index("iso3")["upr_info_name"]
    counts.insert(0, "state", names.reindex(counts.index))
    return counts.sort_values(["total", "state"], ascending=[False, True]).head(top)


def states_per_cycle(pairs: pd.DataFrame) -> pd.Series:
    """How many different states recommended something in each cycle."""
    return pairs.groupby("cycle")["iso3"].nunique()


def group_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations by the recommending state's UN regional group (UPR Info's coding) and cycle."""
    table = pairs.pivot_table(index="upr_info_group", columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    table.columns = [f"cycle {c}" for c in table.columns]
    table.index.name = "regional group"
    return table.sort_values(table.columns[-1], ascending=False)


def group_share(groups: pd.DataFrame, group: str) -> float:
    """One regional group's share of all the counts in :func:`group_counts` (all cycles together).

    >>> groups = pd.DataFrame({"cycle 1": [3, 1], "cycle 2": [3, 3]}, index=["WEOG", "Asia"])
    >>> group_share(groups, "WEOG")
    0.6
    """
    return float(groups.loc[group].sum() / groups.to_numpy().sum())


def issue_counts(recs: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """How many recommendations carry each UPR Info issue tag, by cycle (a recommendation can carry several)."""
    tags = recs[["cycle", "issues"]].assign(issue=recs["issues"].fillna("").str.split(",")).explode("issue")
    tags = tags[tags["issue"].str.strip() != ""]
    table = tags.pivot_table(index="issue", columns="cycle", values="issues", aggfunc="count", fill_value=0)
    table.columns = [f"cycle {c}" for c in table.columns]
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False).head(top)


def action_share(recs: pd.DataFrame, categories=(4, 5)) -> float:
    """The share of recommendations whose UPR Info action category is among ``categories``.

    >>> action_share(pd.DataFrame({"action_category": [2, 4, 5, 5]}))
    0.75
    """
    return float(recs["action_category"].isin(list(categories)).mean())


def answer_table(recs: pd.DataFrame) -> pd.DataFrame:
    """Final answers by cycle and Working Group position."""
    frame = recs.assign(position=recs["wg_position"].map(POSITION_LABELS))
    table = pd.crosstab([frame["cycle"], frame["position"]], frame["response"], margins=True, margins_name="total")
    return table.reindex(columns=[c for c in ANSWER_ORDER + ["total"] if c in table.columns])


def reconciliation_view(recon: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation table as readers see it: plain labels, "yes"/"no", empty explanations blank."""
    view = recon.drop(columns=["document"]).copy()
    view["measure"] = view["measure"].str.replace("_", " ")
    view["agrees"] = view["agrees"].map({True: "yes", False: "no"})
    view["explanation"] = view["explanation"].fillna("")
    return view.rename(columns={"measure": "count of"})


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


def distance_acceptance_rho(per_state: pd.DataFrame) -> float:
    """Spearman correlation between reviewers' ideal-point distance and their share accepted
    (the output of :func:`reviewer_acceptance`; pairs with a missing value are left out).

    >>> per_state = pd.DataFrame({"distance": [0.5, 1.0, 2.0, None], "accepted": [0.9, 0.8, 0.1, 0.5]})
    >>> distance_acceptance_rho(per_state)
    -1.0
    """
    return float(per_state["distance"].corr(per_state["accepted"], method="spearman"))
