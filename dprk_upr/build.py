"""Build the processed tables from the raw inputs: ``python -m dprk_upr build``.

For every review listed in ``data/reference/reviews.csv`` that has a report text, the build

1. parses the UN Working Group report (:mod:`dprk_upr.reports`),
2. resolves every recommending state to ISO3 (:mod:`dprk_upr.states`),
3. links each paragraph to its UPR Info row(s) (:mod:`dprk_upr.matching`),
4. takes the final answer, action category and issue tags from UPR Info,

then validates the result, reconciles it with the official counts and writes, all or nothing,

- ``recommendations.csv``: one row per recommendation;
- ``recommendation_states.csv``: one row per recommendation and recommending state;
- ``reviewers.csv``: one row per recommending state and cycle, with the relationship measures;
- ``model_data.csv``: one row per recommendation and recommending state, for the models;
- ``links.csv``: one row per UPR Info record with the paragraph it belongs to and the score;
- ``reconciliation.csv``: our counts beside the official ones, every difference explained;
- ``action_validation.csv``: every coded UPR Info row with the human and the rule-based
  action category, for validating the rule.

A review whose report text is missing (cycles 3 and 4 today) contributes official counts only;
adding its report file and UPR Info export to the manifest and to ``reviews.csv`` is all it
takes to bring it in at recommendation level.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from . import paths
from .codebook import codebook_frame, load_columns
from .describe import official_counts
from .matching import combine_responses, link
from .readers import read_report_text, read_upr_info
from .reviewers import reviewer_measures
from .reports import parse_recommendations
from .sensitivity import code_frame, code_issues
from .specificity import action_category
from .states import resolve_all

REVIEWS = paths.REFERENCE / "reviews.csv"

RECOMMENDATION_COLUMNS = {
    "rec_id": "str", "cycle": "int", "session": "int", "document": "str", "paragraph": "str",
    "section": "str", "number": "int", "text": "str", "states": "str", "states_iso3": "str",
    "n_states": "int", "wg_position": "str", "rejected_at_wg": "int", "response": "str",
    "accepted": "int", "accepted_incl_partial": "int", "action_category": "int",
    "action_category_rule": "int", "specific": "int", "sensitive": "int", "sensitive_tags": "int", "issues": "str",
    "upr_info_rows": "str", "match_score": "float", "link": "str",
}


class BuildError(RuntimeError):
    """The processed tables cannot be built consistently from the inputs."""


def read_reviews(path: Path = REVIEWS) -> pd.DataFrame:
    """The reviews of North Korea, one row per cycle, with the files that document each."""
    reviews = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("cycle", "session", "upr_info_session", "measure_year"):
        reviews[col] = reviews[col].astype(int)
    return reviews


def review_recommendations(review: pd.Series, raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Recommendations, recommendation-state pairs and links for one review (one cycle)."""
    report_path = raw_dir / review["report_file"]
    upr_path = raw_dir / review["upr_info_file"]
    un = parse_recommendations(read_report_text(report_path))
    where = f"{report_path}"
    iso = resolve_all([s for states in un["states"] for s in states], where)
    un["iso3s"] = un["states"].map(lambda states: [iso[s] for s in states])

    upr = read_upr_info(upr_path)
    upr = upr[(upr["To"] == "DPR Korea") & (upr["Session"] == review["upr_info_session"])].copy()
    if upr.empty:
        raise BuildError(f"{upr_path}: no rows with To == 'DPR Korea' and Session == "
                         f"{review['upr_info_session']}; check data/reference/reviews.csv.")
    upr_iso = resolve_all(upr["From"], f"{upr_path}, column From")
    upr["from_iso3"] = upr["From"].map(upr_iso)
    links = link(un, upr)
    merged = links.merge(upr, on="row", how="left", validate="one_to_one")

    def per_paragraph(group: pd.DataFrame) -> pd.Series:
        # For a split paragraph the longest part stands for the whole in the action category.
        main = group.loc[group["Text"].str.len().idxmax()]
        tags = sorted({t.strip() for s in group["Issue"] for t in s.split(",") if t.strip()})
        return pd.Series({
            "response": combine_responses(group["Response"]),
            "action_category": int(main["Action"]),
            "issues": ",".join(tags),
            "upr_info_rows": ";".join(str(r) for r in sorted(group["row"])),
            "match_score": float(group["score"].min()),
            "link": group["link"].iloc[0],
            "upr_info_group": ";".join(sorted(set(group["From-Rgrp"]))),
        })

    answers = merged.groupby("paragraph", sort=False)[list(merged.columns.drop("paragraph"))].apply(per_paragraph)
    recs = un.merge(answers, left_on="paragraph", right_index=True, how="left", validate="one_to_one")
    if recs["response"].isna().any():
        raise BuildError(f"{where}: paragraphs without a UPR Info answer: "
                         f"{recs.loc[recs['response'].isna(), 'paragraph'].tolist()}")
    cycle = int(review["cycle"])
    recs.insert(0, "rec_id", [f"C{cycle}-{p}" for p in recs["paragraph"]])
    recs.insert(1, "cycle", cycle)
    recs.insert(2, "session", int(review["session"]))
    recs.insert(3, "document", review["wg_report"])
    recs["number"] = recs["paragraph"].str.split(".").str[1].astype(int)
    recs["states_iso3"] = recs["iso3s"].map("; ".join)
    recs["n_states"] = recs["iso3s"].map(len)
    recs["states"] = recs["states"].map("; ".join)
    recs["rejected_at_wg"] = recs["wg_position"].isin(["noted", "rejected"]).astype(int)
    recs["accepted"] = (recs["response"] == "accepted").astype(int)
    recs["accepted_incl_partial"] = recs["response"].isin(["accepted", "partially accepted"]).astype(int)
    recs["specific"] = (recs["action_category"] == 5).astype(int)
    recs["action_category_rule"] = recs["text"].map(action_category).astype(int)
    flags = code_frame(recs["text"]).astype(int)
    recs = pd.concat([recs, flags], axis=1)
    recs["sensitive_tags"] = code_issues(recs["issues"]).astype(int)

    pairs = un[["paragraph", "states", "iso3s"]].explode(["states", "iso3s"])
    pairs = pairs.rename(columns={"states": "state", "iso3s": "iso3"})
    pairs.insert(0, "rec_id", [f"C{cycle}-{p}" for p in pairs["paragraph"]])
    pairs.insert(1, "cycle", cycle)
    names = upr.drop_duplicates("from_iso3").set_index("from_iso3")[["From", "From-Rgrp"]]
    pairs = pairs.merge(names, left_on="iso3", right_index=True, how="left", validate="many_to_one")
    pairs = pairs.rename(columns={"From": "upr_info_name", "From-Rgrp": "upr_info_group"})
    unnamed = pairs.loc[pairs["upr_info_name"].isna(), ["rec_id", "state"]]
    if len(unnamed):
        raise BuildError(f"cycle {cycle}: recommending state(s) never named as 'From' in the UPR Info export, "
                         f"so their UPR Info name and group are unknown: {unnamed.to_dict('records')}. "
                         "Check the state's spelling in data/states/aliases.csv.")
    links.insert(0, "cycle", cycle)
    return recs.drop(columns=["iso3s"]), pairs.reset_index(drop=True), links


def action_validation(reviews: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """Every coded row of the UPR Info exports (all states under review) with the human action
    category and the rule's, for validating :func:`dprk_upr.coding.action_category`."""
    frames = []
    for name in sorted({f for f in reviews["upr_info_file"] if f}):
        upr = read_upr_info(raw_dir / name)
        frames.append(pd.DataFrame({
            "export": Path(name).stem, "session": upr["Session"], "to": upr["To"],
            "dprk": (upr["To"] == "DPR Korea").astype(int), "text": upr["Text"],
            "action_human": upr["Action"], "action_rule": upr["Text"].map(action_category).astype(int),
        }))
    return pd.concat(frames, ignore_index=True)


MODEL_COLUMNS = ["rec_id", "cycle", "iso3", "accepted", "accepted_incl_partial", "rejected_at_wg",
                 "specific", "action_category", "action_category_rule", "sensitive", "sensitive_tags",
                 "ideal_point_distance", "ideal_point_distance_fp", "vote_agreement",
                 "dprk_resolution_vote", "defence_pact", "nonaggression_pact", "polyarchy",
                 "un_regional_group"]


def reviewers_table(pairs: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """One row per recommending state and cycle with the relationship measures (:mod:`dprk_upr.reviewers`)."""
    keys = pairs[["iso3", "cycle"]].drop_duplicates().sort_values(["cycle", "iso3"]).reset_index(drop=True)
    table = reviewer_measures(keys, raw_dir)
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
        raise BuildError(f"model data: {int((frame['_merge'] != 'both').sum())} recommendation-state pairs "
                         "have no reviewer measures; check reviewers.csv.")
    return frame[MODEL_COLUMNS].reset_index(drop=True)


def validate_recommendations(recs: pd.DataFrame) -> None:
    """Check the schema and the values of ``recommendations.csv``; raise :class:`BuildError`."""
    missing = [c for c in RECOMMENDATION_COLUMNS if c not in recs.columns]
    if missing:
        raise BuildError(f"recommendations: missing column(s) {missing}.")
    if not recs["rec_id"].is_unique:
        raise BuildError(f"recommendations: duplicated rec_id {recs['rec_id'][recs['rec_id'].duplicated()].tolist()}.")
    allowed = {
        "wg_position": {"examine", "supported", "noted", "rejected"},
        "response": {"accepted", "partially accepted", "noted"},
        "action_category": {1, 2, 3, 4, 5}, "action_category_rule": {1, 2, 3, 4, 5},
        "rejected_at_wg": {0, 1}, "accepted": {0, 1}, "specific": {0, 1}, "accepted_incl_partial": {0, 1},
        "sensitive": {0, 1}, "sensitive_tags": {0, 1},
    }
    for col, values in allowed.items():
        bad = recs.loc[~recs[col].isin(values), ["rec_id", col]]
        if len(bad):
            raise BuildError(f"recommendations: {col} has unexpected value(s), e.g. {bad.iloc[0].to_dict()}.")
    for col in ("text", "states", "states_iso3"):
        empty = recs[col].astype(str).str.strip() == ""
        if empty.any():
            raise BuildError(f"recommendations: empty {col} in {recs.loc[empty, 'rec_id'].tolist()}.")


# Why a count of ours can differ from an official one. Keys: (stage_key, measure).
EXPLANATIONS = {
    ("adoption", "partially_accepted"): (
        "UPR Info files a recommendation accepted in part as noted, unless the answer says clearly "
        "which part was accepted; then it splits the recommendation in two (A/HRC/27/10 para 124.7). "
        "Only that split one is partially accepted here; the other official partial acceptances are "
        "among our noted."),
    ("adoption", "noted_or_rejected"): (
        "UPR Info files every recommendation that was not accepted as noted, whatever the state said; "
        "the difference is the official partial acceptances that UPR Info did not split (row above)."),
}


def reconcile(recs: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Set our counts beside the official ones for every stage we can compare.

    Returns one row per cycle, stage and measure with ``official``, ``ours``, ``agrees`` and an
    ``explanation`` for each difference. Raises :class:`BuildError` if a count differs and
    :data:`EXPLANATIONS` has no reason for it.
    """
    rows = []
    for cycle, group in recs.groupby("cycle"):
        stages = official[official["cycle"] == cycle].set_index("stage_key")
        wg = stages.loc["wg"]
        pos = group["wg_position"].value_counts()
        ours_wg = {"total": len(group), "pending": int(pos.get("examine", 0)),
                   "noted": int(pos.get("noted", 0)), "rejected": int(pos.get("rejected", 0)),
                   "accepted": int(pos.get("supported", 0))}
        for measure, value in ours_wg.items():
            rows.append((cycle, "working group", wg["document"], measure, wg[measure], value))
        ad = stages.loc["adoption"]
        resp = group["response"].value_counts()
        ours_ad = {"total": len(group), "accepted": int(resp.get("accepted", 0)),
                   "partially_accepted": int(resp.get("partially accepted", 0)),
                   "noted_or_rejected": int(resp.get("noted", 0))}
        official_ad = {"total": ad["total"], "accepted": ad["accepted"],
                       "partially_accepted": ad["partially_accepted"],
                       "noted_or_rejected": ad["noted"] + ad["rejected"]}
        for measure, value in ours_ad.items():
            rows.append((cycle, "adoption", ad["document"], measure, official_ad[measure], value))
    table = pd.DataFrame(rows, columns=["cycle", "stage", "document", "measure", "official", "ours"])
    missing = table[table["official"].isna()]
    if len(missing):
        raise BuildError("official_counts.csv has no count to compare with for:\n"
                         + missing.drop(columns="official").to_string(index=False))
    table["official"] = table["official"].astype(int)
    table["agrees"] = table["official"] == table["ours"]
    stage_key = table["stage"].map({"working group": "wg", "adoption": "adoption"})
    table["explanation"] = [
        "" if ok else EXPLANATIONS.get((k, m), "") for ok, k, m in zip(table["agrees"], stage_key, table["measure"])
    ]
    unexplained = table[~table["agrees"] & (table["explanation"] == "")]
    if len(unexplained):
        raise BuildError("counts differ from the official ones without an explanation:\n"
                         + unexplained.drop(columns="explanation").to_string(index=False))
    return table


def build(raw_dir: Path | None = None, out_dir: Path | None = None,
          reviews_path: Path = REVIEWS, official_path: Path = paths.OFFICIAL_COUNTS) -> dict[str, pd.DataFrame]:
    """Build every processed table and write them to ``out_dir``, all or nothing.

    The tables are written to a temporary folder first and moved into place only when every
    check has passed, so a failed build leaves the previous processed data untouched.
    Returns the tables by name.
    """
    raw_dir = Path(raw_dir) if raw_dir else paths.raw_dir()
    out_dir = Path(out_dir) if out_dir else paths.processed_dir()
    reviews = read_reviews(reviews_path)
    official = official_counts(official_path)
    parts = [review_recommendations(r, raw_dir) for _, r in reviews.iterrows() if r["report_file"]]
    recs = pd.concat([p[0] for p in parts], ignore_index=True)
    validate_recommendations(recs)
    recs = recs[list(RECOMMENDATION_COLUMNS) + [c for c in recs.columns if c not in RECOMMENDATION_COLUMNS]]
    pairs = pd.concat([p[1] for p in parts], ignore_index=True)
    reviewers = reviewers_table(pairs, raw_dir)
    tables = {
        "recommendations": recs,
        "recommendation_states": pairs,
        "reviewers": reviewers,
        "model_data": model_table(recs, pairs, reviewers),
        "links": pd.concat([p[2] for p in parts], ignore_index=True),
        "reconciliation": reconcile(recs, official),
        "action_validation": action_validation(reviews, raw_dir),
    }
    tables["codebook"] = codebook_table(tables)
    write_tables(tables, out_dir)
    return tables


def codebook_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The codebook of every table built (and of itself), as one downloadable table."""
    spec = load_columns()
    frames = [codebook_frame(name, table, spec).assign(table=name) for name, table in tables.items()]
    own = pd.DataFrame({c: ["x"] for c in ("table", "column", "meaning", "values", "source")})
    frames.append(codebook_frame("codebook", own, spec).assign(table="codebook", values="text"))
    book = pd.concat(frames, ignore_index=True)
    return book[["table", "column", "meaning", "values", "source"]]


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write each table as ``<name>.csv``: into a temporary folder, then moved into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".build-") as tmp:
        for name, table in tables.items():
            table.to_csv(Path(tmp) / f"{name}.csv", index=False)
        for name in tables:
            shutil.move(str(Path(tmp) / f"{name}.csv"), out_dir / f"{name}.csv")
