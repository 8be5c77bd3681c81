"""The Conclusion's numbers come from the data, through findings.headline(), and agree with the
Models chapter's exhibits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dprk_upr.analysis import margins
from dprk_upr.analysis.claims import verdict
from dprk_upr.report import findings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def results(built):
    return findings.model_results(built["model_data"], built["recommendations"])


@pytest.fixture(scope="module")
def headline(built, results):
    return findings.headline(built["model_data"], results)


def test_headline_counts(headline):
    assert headline["acc2"] == 113 and headline["acc4"] == 143
    assert headline["sens_close"] < headline["sens_far"]
    assert headline["jy_n"] == 702 and headline["jy_accepted"] == 367  # as Jang & Yoo report them


def test_every_key_the_book_uses_exists(headline):
    conclusion = (ROOT / "book" / "conclusion.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`/notebooks/models\.md::c_([a-z0-9_]+?)(?::[^`]*)?`", conclusion))
    assert used, "the conclusion pastes nothing of headline() from the Models chapter"
    assert used <= set(headline), sorted(used - set(headline))
    models = (ROOT / "notebooks" / "models.md").read_text(encoding="utf-8")
    assert 'glue(f"c_{key}", value)' in models, "the Models chapter no longer glues every headline() key"
    for page in ("notebooks/qualitative.md", "notebooks/models.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        assert set(re.findall(r'found\["([a-z0-9_]+)"\]', text)) <= set(headline), page


def test_every_claim_of_the_conclusion_points_to_an_exhibit():
    """Each paragraph of "What the book finds" and each limit cites a numbered table or figure."""
    text = (ROOT / "book" / "conclusion.md").read_text(encoding="utf-8")
    finds = text.split("## What the book finds")[1].split("## Limits")[0]
    limits = text.split("## Limits")[1].split("## What would")[0]
    paragraphs = [p for p in finds.strip().split("\n\n") if p.strip()]
    items = [i for i in limits.strip().split("\n- ") if i.strip()]
    assert len(paragraphs) >= 5 and len(items) >= 4
    for block in paragraphs + items:
        assert re.search(r"\{numref\}`(tbl|fig)-[a-z0-9-]+`", block), block[:80]


def test_distance_anchor_is_one_sd_between_well_known_reviewers(built, headline):
    anchor = findings.distance_anchor(built["model_data"])
    assert anchor["near"] in findings.WELL_KNOWN.values() and anchor["far"] in findings.WELL_KNOWN.values()
    assert anchor["gap"] == pytest.approx(anchor["far_distance"] - anchor["near_distance"])
    assert abs(anchor["gap"] - headline["sd_dist"]) < 0.25
    gaps = [b - a for a in anchor["distances"] for b in anchor["distances"] if b > a]
    assert abs(anchor["gap"] - anchor["target"]) == pytest.approx(min(abs(g - anchor["target"]) for g in gaps))


def test_askers_halves_add_up(built, headline):
    halves = findings.askers(built["model_data"]).set_index("half")
    c2 = built["model_data"][built["model_data"]["cycle"] == 2]
    assert halves["recommendations"].sum() == c2["ideal_point_distance"].notna().sum()
    assert halves["reviewers"].sum() == c2.dropna(subset=["ideal_point_distance"])["iso3"].nunique()
    assert halves.loc["closer half", "high"] <= halves.loc["more distant half", "low"]
    assert headline["sens_close"] == pytest.approx(halves.loc["closer half", "sensitive"])


def test_curve_by_outcome_agrees_with_the_summary(results, headline):
    """The per-outcome shares (both signs) add up to the curve's share significant in the
    median's direction, so that the prose can say where the significant specifications are."""
    points, summary = results["curve_points"], results["curve_summary"]
    by = findings.curve_by_outcome(points)
    for quantity, row in summary.iterrows():
        part = by[by["quantity"] == quantity]
        column = "negative" if row["median"] < 0 else "positive"
        share = (part[column] * part["n"]).sum() / part["n"].sum()
        assert share == pytest.approx(100 * row["share significant"])
    assert 0 <= headline["curve_sens_wg_neg"] <= 100


def test_headline_effects_are_the_models(results, headline):
    fits = results["fits"]
    ame = margins.delta(fits["acc_2"], margins.ame(fits["acc_2"], "sensitive"))
    assert headline["ame_sens"] == pytest.approx(-100 * ame["estimate"])
    cross = margins.delta(fits["wg_3"], margins.cross_partial(fits["wg_3"], "ideal_point_distance", "sensitive"))
    assert headline["wg_cross"] == pytest.approx(100 * cross["estimate"])


def test_verdicts_follow_from_the_numbers(results, headline):
    margin = headline["margin"]
    for claim_id, row in results["claims"].iterrows():
        word, _ = verdict(row["expected"], row["estimate"], row["p_wild"], row["ci90_low"], row["ci90_high"], margin)
        assert headline[f"{claim_id}_verdict"] == row["verdict"] == word
        assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
        assert row["ci_low"] <= row["ci90_low"] and row["ci90_high"] <= row["ci_high"]
    # both halves of both claims are tested
    assert results["claims"].groupby("study")["half"].nunique().to_dict() == {
        "Jang & Yoo (2024)": 2,
        "Park & Kim (2024)": 2,
    }


def test_curve_summary_is_a_probability(headline):
    for key in ("curve_rel_p", "curve_sens_p"):
        assert 0 <= headline[key] <= 1
    assert 0 <= headline["curve_sens_share"] <= 100
