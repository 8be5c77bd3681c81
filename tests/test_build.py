"""The processed tables: schema, counts, reconciliation, and all-or-nothing writes on bad input."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from dprk_upr.build import build
from dprk_upr.build.recommendations import RECOMMENDATION_COLUMNS, BuildError, validate_recommendations
from dprk_upr.build.tables import reconcile
from dprk_upr.reports import ReportParseError


def test_one_row_per_recommendation(built):
    recs = built["recommendations"]
    assert recs.groupby("cycle").size().to_dict() == {1: 167, 2: 268}
    assert recs["rec_id"].is_unique
    assert list(RECOMMENDATION_COLUMNS) == [c for c in recs.columns if c in RECOMMENDATION_COLUMNS]


def test_outcomes(built):
    recs = built["recommendations"].set_index("rec_id")
    c1, c2 = recs[recs["cycle"] == 1], recs[recs["cycle"] == 2]
    assert c1["accepted"].sum() == 0 and c1["rejected_at_wg"].sum() == 50
    assert c2["accepted"].sum() == 113 and c2["rejected_at_wg"].sum() == 83
    assert recs.loc["C2-124.7", "response"] == "partially accepted"
    assert recs.loc["C2-124.7", "accepted"] == 0 and recs.loc["C2-124.7", "accepted_incl_partial"] == 1
    # nothing refused at the Working Group was accepted later
    assert c2.loc[c2["rejected_at_wg"] == 1, "accepted_incl_partial"].sum() == 0
    assert (recs["specific"] == (recs["action_category"] == 5)).all()


def test_states_table_and_links(built):
    pairs, links, recs = built["recommendation_states"], built["links"], built["recommendations"]
    assert set(pairs["rec_id"]) == set(recs["rec_id"])
    assert pairs["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert "PRK" not in set(pairs["iso3"])
    assert links["row"].is_unique and len(links) == 167 + 269
    assert links["score"].min() >= 80


def test_reconciliation_totals(built):
    recon = built["reconciliation"]
    totals = recon[(recon["stage"] == "working group") & (recon["measure"] == "total")]
    assert totals["ours"].sum() == 435 and totals["agrees"].all()
    assert (recon["agrees"] | (recon["explanation"] != "")).all()


def test_unexplained_difference_stops_the_build(built):
    official = pd.DataFrame(
        {
            "cycle": [1, 1],
            "stage_key": ["wg", "adoption"],
            "document": ["A/HRC/13/13"] * 2,
            "total": [167, 167],
            "accepted": [0, 1],
            "partially_accepted": [0, 0],
            "noted": [0, 117],
            "rejected": [50, 49],
            "pending": [117, 0],
        }
    )
    with pytest.raises(BuildError, match="without an explanation"):
        reconcile(built["recommendations"].query("cycle == 1"), official)


def test_schema_check_catches_bad_values(built):
    recs = built["recommendations"].copy()
    recs.loc[0, "response"] = "maybe"
    with pytest.raises(BuildError, match="response has unexpected value"):
        validate_recommendations(recs)
    with pytest.raises(BuildError, match=r"missing column\(s\) \['accepted'\]"):
        validate_recommendations(recs.drop(columns="accepted"))


@pytest.fixture
def raw_copy(tmp_path, raw_dir):
    copy = tmp_path / "raw"
    for sub in ("un-reports", "upr-info"):
        shutil.copytree(raw_dir / sub, copy / sub)
    return copy


def _corrupt(path, old: str, new: str):
    text = path.read_bytes().decode("mac_roman")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("mac_roman"))


@pytest.mark.parametrize(
    "old, new, error, message",
    [
        (
            "(Kazakhstan);",
            "(Ruritania);",
            ReportParseError,
            r"124.1 ends with \['Ruritania'\].*data/states/aliases.csv",
        ),
        ("124.3 Accede", "124.2 Accede", ReportParseError, r"124.2 appears twice"),
    ],
)
def test_bad_report_writes_nothing(tmp_path, raw_copy, old, new, error, message):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "recommendations.csv").write_text("previous build\n")
    _corrupt(raw_copy / "un-reports/A-HRC-27-10_DPRK_2014.txt", old, new)
    with pytest.raises(error, match=message):
        build(raw_dir=raw_copy, out_dir=out, manifest=None)  # the copy is altered on purpose
    assert sorted(p.name for p in out.iterdir()) == ["recommendations.csv"]
    assert (out / "recommendations.csv").read_text() == "previous build\n"
