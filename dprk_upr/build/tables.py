"""The tables built from the recommendations: the reviewers with their measures, the models' data,
the reconciliation with the official counts, and the codebook of every table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..data.dictionary import codebook_frame, load_columns
from ..data.measures import reviewer_measures
from .recommendations import BuildError

OFFICIAL_COUNTS_PATH = paths.OFFICIAL_COUNTS.relative_to(paths.ROOT)

MODEL_COLUMNS = [
    "rec_id",
    "cycle",
    "iso3",
    "accepted",
    "accepted_incl_partial",
    "rejected_at_wg",
    "specific",
    "action_category",
    "action_category_rule",
    "sensitive",
    "sensitive_tags",
    "ideal_point_distance",
    "ideal_point_distance_fp",
    "vote_agreement",
    "dprk_resolution_vote",
    "defence_pact",
    "nonaggression_pact",
    "polyarchy",
    "un_regional_group",
]


def reviewers_table(pairs: pd.DataFrame, raw_dir: Path, reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per recommending state and cycle with the relationship measures (:mod:`dprk_upr.data.measures`)."""
    keys = pairs[["iso3", "cycle"]].drop_duplicates().sort_values(["cycle", "iso3"]).reset_index(drop=True)
    table = reviewer_measures(keys, raw_dir, reviews)
    if len(table) != len(keys):
        raise BuildError(f"reviewer measures: {len(keys)} states in, {len(table)} rows out.")
    table["review_date"] = pd.to_datetime(table["review_date"]).dt.strftime("%Y-%m-%d")
    for col in table.columns:
        if str(table[col].dtype) == "boolean":
            table[col] = table[col].astype("Int64")
    return table


def model_table(recs: pd.DataFrame, pairs: pd.DataFrame, reviewers: pd.DataFrame) -> pd.DataFrame:
    """The models' data: one row per recommendation and recommending state, with the reviewer's measures."""
    frame = pairs[["rec_id", "iso3"]].merge(recs, on="rec_id", how="left", validate="many_to_one")
    frame = frame.merge(reviewers, on=["iso3", "cycle"], how="left", validate="many_to_one", indicator=True)
    if len(frame) != len(pairs) or (frame["_merge"] != "both").any():
        raise BuildError(
            f"model data: {int((frame['_merge'] != 'both').sum())} recommendation-state pairs "
            "have no reviewer measures; check reviewers.csv."
        )
    return frame[MODEL_COLUMNS].reset_index(drop=True)


#: Why a count of ours can differ from an official one, by (stage_key, measure).
EXPLANATIONS = {
    ("adoption", "partially_accepted"): (
        "UPR Info files a recommendation accepted in part as noted, unless the answer says clearly "
        "which part was accepted; then it splits the recommendation in two (A/HRC/27/10 para 124.7). "
        "Only that split one is partially accepted here; the other official partial acceptances are "
        "among our noted."
    ),
    ("adoption", "noted_or_rejected"): (
        "UPR Info files every recommendation that was not accepted as noted, whatever the state said; "
        "the difference is the official partial acceptances that UPR Info did not split (row above)."
    ),
}


def reconcile(recs: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Set our counts beside the official ones for every stage we can compare.

    Returns one row per cycle, stage and measure with ``official``, ``ours``, ``agrees`` and an
    ``explanation`` for each difference. Raises :class:`~dprk_upr.build.recommendations.BuildError`
    if a count differs and :data:`EXPLANATIONS` has no reason for it.
    """
    rows = []
    for cycle, group in recs.groupby("cycle"):
        stages = official[official["cycle"] == cycle].set_index("stage_key")
        wg = stages.loc["wg"]
        pos = group["wg_position"].value_counts()
        ours_wg = {
            "total": len(group),
            "pending": int(pos.get("examine", 0)),
            "noted": int(pos.get("noted", 0)),
            "rejected": int(pos.get("rejected", 0)),
            "accepted": int(pos.get("supported", 0)),
        }
        for measure, value in ours_wg.items():
            rows.append((cycle, "working group", wg["document"], measure, wg[measure], value))
        ad = stages.loc["adoption"]
        resp = group["response"].value_counts()
        ours_ad = {
            "total": len(group),
            "accepted": int(resp.get("accepted", 0)),
            "partially_accepted": int(resp.get("partially accepted", 0)),
            "noted_or_rejected": int(resp.get("noted", 0)),
        }
        official_ad = {
            "total": ad["total"],
            "accepted": ad["accepted"],
            "partially_accepted": ad["partially_accepted"],
            "noted_or_rejected": ad["noted"] + ad["rejected"],
        }
        for measure, value in ours_ad.items():
            rows.append((cycle, "adoption", ad["document"], measure, official_ad[measure], value))
    table = pd.DataFrame(rows, columns=["cycle", "stage", "document", "measure", "official", "ours"])
    missing = table[table["official"].isna()]
    if len(missing):
        raise BuildError(
            f"{OFFICIAL_COUNTS_PATH}: no official count to compare with for:\n"
            + missing.drop(columns="official").to_string(index=False)
            + "\nAdd the count with its source, or remove the review's report_file from data/reference/reviews.csv."
        )
    table["official"] = table["official"].astype(int)
    table["agrees"] = table["official"] == table["ours"]
    stage_key = table["stage"].map({"working group": "wg", "adoption": "adoption"})
    table["explanation"] = [
        "" if ok else EXPLANATIONS.get((k, m), "") for ok, k, m in zip(table["agrees"], stage_key, table["measure"])
    ]
    unexplained = table[~table["agrees"] & (table["explanation"] == "")]
    if len(unexplained):
        raise BuildError(
            f"counts differ from the official ones ({OFFICIAL_COUNTS_PATH}) without an explanation:\n"
            + unexplained.drop(columns="explanation").to_string(index=False)
            + "\nCheck the report text and the UPR Info export of that cycle (a heading read as the wrong position, "
            "a row missing); explain a real difference in EXPLANATIONS (dprk_upr/build/tables.py) with its source."
        )
    return table


def codebook_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The codebook of every table built (and of itself), as one downloadable table."""
    spec = load_columns()
    frames = [codebook_frame(name, table, spec).assign(table=name) for name, table in tables.items()]
    own = pd.DataFrame({c: ["x"] for c in ("table", "column", "meaning", "values", "source")})
    frames.append(codebook_frame("codebook", own, spec).assign(table="codebook", values="text"))
    book = pd.concat(frames, ignore_index=True)
    return book[["table", "column", "meaning", "values", "source"]]
