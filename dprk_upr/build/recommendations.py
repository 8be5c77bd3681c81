"""One review's recommendations: the UN report parsed, linked to UPR Info, coded; and the checks
that the assembled table must pass.

For a review listed in ``data/reference/reviews.csv`` with a report text,
:func:`review_recommendations`

1. parses the UN Working Group report (:mod:`dprk_upr.data.reports`),
2. resolves every recommending state to ISO3 (:mod:`dprk_upr.data.states`),
3. links each paragraph to its UPR Info row(s) (:mod:`dprk_upr.data.matching`),
4. takes the final answer, action category and issue tags from UPR Info,
5. codes the text with the project's rules (:mod:`dprk_upr.coding`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..coding import action_category
from ..coding.issue_tags import code_issues
from ..coding.regime_sensitivity import code_frame
from ..data.matching import MatchError, combine_responses, link
from ..data.readers import read_report_text, read_upr_info
from ..data.reports import ReportParseError, parse_recommendations
from ..data.states import resolve_all

RECOMMENDATION_COLUMNS = {
    "rec_id": "str",
    "cycle": "int",
    "session": "int",
    "document": "str",
    "paragraph": "str",
    "section": "str",
    "number": "int",
    "text": "str",
    "states": "str",
    "states_iso3": "str",
    "n_states": "int",
    "wg_position": "str",
    "rejected_at_wg": "int",
    "response": "str",
    "accepted": "int",
    "accepted_incl_partial": "int",
    "action_category": "int",
    "action_category_rule": "int",
    "specific": "int",
    "sensitive": "int",
    "sensitive_tags": "int",
    "issues": "str",
    "upr_info_rows": "str",
    "match_score": "float",
    "link": "str",
}


class BuildError(RuntimeError):
    """The processed tables cannot be built consistently from the inputs."""


def review_recommendations(review: pd.Series, raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Recommendations, recommendation-state pairs and links for one review (one cycle)."""
    report_path = raw_dir / review["report_file"]
    upr_path = raw_dir / review["upr_info_file"]
    try:
        un = parse_recommendations(read_report_text(report_path))
    except ReportParseError as err:
        raise ReportParseError(f"{report_path}: {err}") from None
    where = f"{report_path}"
    iso = resolve_all([s for states in un["states"] for s in states], where)
    un["iso3s"] = un["states"].map(lambda states: [iso[s] for s in states])

    upr = read_upr_info(upr_path)
    upr = upr[(upr["To"] == "DPR Korea") & (upr["Session"] == review["upr_info_session"])].copy()
    if upr.empty:
        raise BuildError(
            f"{upr_path}: no rows with To == 'DPR Korea' and Session == "
            f"{review['upr_info_session']}; check data/reference/reviews.csv."
        )
    upr_iso = resolve_all(upr["From"], f"{upr_path}, column From")
    upr["from_iso3"] = upr["From"].map(upr_iso)
    try:
        links = link(un, upr)
    except MatchError as err:
        last = un["paragraph"].iloc[-1] if len(un) else "none"
        raise BuildError(
            f"{report_path} ({len(un)} paragraphs, the last {last}) against {upr_path} (session "
            f"{review['upr_info_session']}, {len(upr)} rows): {err}\nIf many rows fit no paragraph, the report "
            f"text is probably truncated after paragraph {last}: fetch it again ('make data')."
        ) from None
    merged = links.merge(upr, on="row", how="left", validate="one_to_one")

    def per_paragraph(group: pd.DataFrame) -> pd.Series:
        # For a split paragraph the longest part stands for the whole in the action category.
        main = group.loc[group["Text"].str.len().idxmax()]
        tags = sorted({t.strip() for s in group["Issue"] for t in s.split(",") if t.strip()})
        return pd.Series(
            {
                "response": combine_responses(group["Response"], f"{upr_path}, rows {sorted(group['row'].tolist())}"),
                "action_category": int(main["Action"]),
                "issues": ",".join(tags),
                "upr_info_rows": ";".join(str(r) for r in sorted(group["row"])),
                "match_score": float(group["score"].min()),
                "link": group["link"].iloc[0],
                "upr_info_group": ";".join(sorted(set(group["From-Rgrp"]))),
            }
        )

    answers = merged.groupby("paragraph", sort=False)[list(merged.columns.drop("paragraph"))].apply(per_paragraph)
    recs = un.merge(answers, left_on="paragraph", right_index=True, how="left", validate="one_to_one")
    if recs["response"].isna().any():
        raise BuildError(
            f"{where}: paragraphs without a UPR Info answer: {recs.loc[recs['response'].isna(), 'paragraph'].tolist()}"
        )
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
        raise BuildError(
            f"cycle {cycle}: recommending state(s) never named as 'From' in the UPR Info export, "
            f"so their UPR Info name and group are unknown: {unnamed.to_dict('records')}. "
            "Check the state's spelling in data/states/aliases.csv."
        )
    links.insert(0, "cycle", cycle)
    return recs.drop(columns=["iso3s"]), pairs.reset_index(drop=True), links


def action_validation(reviews: pd.DataFrame, raw_dir: Path) -> pd.DataFrame:
    """Every coded row of the UPR Info exports (all states under review) with the human action
    category and the rule's, for validating :func:`dprk_upr.coding.action_category`."""
    frames = []
    for name in sorted({f for f in reviews["upr_info_file"] if f}):
        upr = read_upr_info(raw_dir / name)
        frames.append(
            pd.DataFrame(
                {
                    "export": Path(name).stem,
                    "session": upr["Session"],
                    "to": upr["To"],
                    "dprk": (upr["To"] == "DPR Korea").astype(int),
                    "text": upr["Text"],
                    "action_human": upr["Action"],
                    "action_rule": upr["Text"].map(action_category).astype(int),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


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
        "action_category": {1, 2, 3, 4, 5},
        "action_category_rule": {1, 2, 3, 4, 5},
        "rejected_at_wg": {0, 1},
        "accepted": {0, 1},
        "specific": {0, 1},
        "accepted_incl_partial": {0, 1},
        "sensitive": {0, 1},
        "sensitive_tags": {0, 1},
    }
    for col, values in allowed.items():
        bad = recs.loc[~recs[col].isin(values), ["rec_id", col]]
        if len(bad):
            raise BuildError(f"recommendations: {col} has unexpected value(s), e.g. {bad.iloc[0].to_dict()}.")
    for col in ("text", "states", "states_iso3"):
        empty = recs[col].astype(str).str.strip() == ""
        if empty.any():
            raise BuildError(f"recommendations: empty {col} in {recs.loc[empty, 'rec_id'].tolist()}.")
