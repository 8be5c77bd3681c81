"""The Conclusion's numbers come from the data, through findings.headline(), and agree with the
Models chapter's exhibits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dprk_upr.analysis import checks, margins
from dprk_upr.analysis.claims import verdict
from dprk_upr.report import findings, phrases

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
    by = checks.curve_by_outcome(points)
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


def test_intro_pastes_only_existing_headline_keys(headline):
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`/notebooks/models\.md::c_([a-z0-9_]+?)(?::[^`]*)?`", intro))
    assert used and used <= set(headline), sorted(used - set(headline))


def test_no_straight_quote_around_a_glued_verdict():
    """A straight quote before a role turns into a closing quote (”holds”): verdicts are quoted by
    the phrase helper or with typographic quotes in the source."""
    for page in ("notebooks/models.md", "book/conclusion.md", "book/intro.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        assert not re.search(r'"\{glue:text\}`[^`]*verdict', text), page


def test_phrase_keys_read_naturally(headline):
    assert headline["wg2_nonsens_phrase"] == phrases.count_of(
        headline["wg2_nonsens_refused"], headline["wg2_nonsens_n"]
    )
    assert "-" not in headline["jy_regime_joint_words"] and "−" not in headline["jy_regime_joint_words"]
    assert headline["jy_regime_joint_words"].endswith("lower" if headline["jy_regime_joint"] < 0 else "higher")
    same = headline["pk_specific_verdict"] == headline["pk_sensitive_verdict"]
    assert headline["pk_verdicts"].startswith("both verdicts") == same
    assert headline["pk_verdicts"].count(headline["pk_specific_verdict"]) == 1
    assert headline["margin_total"] == pytest.approx(headline["n_acc"] * headline["margin"] / 100)
    assert headline["jy_official"] == 167 + 268 + 262  # the official totals of the first three reviews


def test_phrases_helpers():
    assert phrases.verdicts_phrase(["holds", "holds"]) == "both verdicts: “holds”"
    assert phrases.verdicts_phrase(["a", "a", "a"]) == "all 3 verdicts: “a”"
    assert phrases.verdicts_phrase(["a", "b", "c"]) == "verdicts: “a”, “b” and “c”"
    assert phrases.verdicts_phrase(["a", "b"], joiner="then") == "verdicts: “a”, then “b”"
    with pytest.raises(ValueError):
        phrases.verdicts_phrase([])
    assert phrases.relative(-5.54) == "5.5 points lower" and phrases.relative(0.01) == "no different"
    assert phrases.relative(3, unit="pp", digits=0, up="more") == "3 pp more"
    assert phrases.count_of(0, 146) == "none of the 146" and phrases.count_of(2, 2) == "both"
    assert phrases.count_of(4, 4, "states") == "all 4 states" and phrases.count_of(1, 9) == "1 of the 9"


def test_categories_count_each_category_and_the_sensitive_total():
    recs = pd.DataFrame(
        {
            "cycle": [1, 1, 2, 2, 2, 2],
            "rejected_at_wg": [1, 0, 1, 0, 0, 1],
            "accepted": [0, 0, 0, 1, 1, 0],
            "sensitive": [1, 0, 1, 1, 0, 0],
            "sens_a": [1, 0, 1, 1, 0, 0],
            "sens_b": [1, 0, 0, 1, 0, 0],
            "sens_dp": [0, 0, 0, 0, 0, 1],
        }
    )
    book = {"categories": [{"id": "a"}, {"id": "b"}, {"id": "dp", "counts_toward_sensitive": False}]}
    out = findings.categories(recs, book).set_index("category")
    assert list(out.index) == ["a", "b", "dp", "sensitive", "not sensitive"]
    assert out.loc[
        "a", ["recommendations_1", "refused_1", "recommendations_2", "refused_2", "accepted_2"]
    ].tolist() == [
        1,
        1,
        2,
        1,
        1,
    ]
    assert out.loc["b", "recommendations_2"] == 1 and out.loc["b", "accepted_2"] == 1
    assert not out.loc["dp", "counted"] and out.loc["dp", "refused_2"] == 1
    # the sensitive row counts a recommendation in two categories once
    assert out.loc["sensitive", "recommendations_2"] == 2
    assert out.loc["not sensitive", "recommendations_2"] == 2 and out.loc["not sensitive", "accepted_2"] == 1
    with pytest.raises(KeyError):
        findings.categories(recs.drop(columns="sens_b"), book)


def test_margin_range_brackets_the_margins_with_the_same_verdicts():
    claims = pd.DataFrame(
        {
            "p_wild": [0.01, 0.4, 0.6, 0.3],
            "ci90_low": [-9.0, -3.0, -12.0, -2.0],
            "ci90_high": [-1.0, 2.0, 4.0, 6.5],
        },
        index=["jy_x", "jy_y", "pk_z", "jy_w"],
    )
    out = checks.margin_range(claims, 5.0)
    assert out["low"] == 3.0  # below it, jy_y's interval would no longer fit inside the margin
    assert out["high"] == 6.5 and out["high_claim"] == "jy_w"
    assert out["high_pk"] == 12.0
    for m in (3.5, 5.0, 6.4):  # the verdicts are the same anywhere strictly inside (low, high)
        inside = [-m < lo and hi < m for lo, hi in zip(claims["ci90_low"], claims["ci90_high"])]
        assert inside == [False, True, False, False]
    empty = checks.margin_range(claims.iloc[:1], 5.0)
    assert empty["low"] == 0.0 and empty["high"] == float("inf") and empty["high_claim"] == ""


def test_curve_by_with_bootstrap_p_values():
    points = pd.DataFrame(
        {
            "quantity": ["q"] * 5,
            "relationship": ["a", "a", "b", "b", "b"],
            "estimate": [-1.0, 2.0, -3.0, np.nan, -1.0],
            "p_value": [0.01, 0.01, 0.2, np.nan, 0.04],
        }
    )
    boot = pd.Series([0.2, 0.01, 0.01, np.nan, 0.5], index=points.index)
    out = checks.curve_by(points, "relationship", p=boot).set_index("relationship")
    assert out.loc["a", "n"] == 2 and out.loc["b", "n"] == 2
    assert out.loc["a", "negative"] == 50 and out.loc["a", "positive"] == 50
    assert out.loc["a", "negative_boot"] == 0 and out.loc["a", "positive_boot"] == 50
    assert out.loc["b", "negative"] == 50 and out.loc["b", "negative_boot"] == 50
    assert "negative_boot" not in checks.curve_by(points, "relationship").columns


def test_effect_difference_is_the_difference_of_the_two_effects(results, headline):
    fit = results["fits"]["acc_jy"]
    a = margins.delta(fit, margins.ame(fit, "ideal_point_distance"))["estimate"]
    b = margins.delta(fit, margins.ame(fit, "polyarchy"))["estimate"]
    diff = results["jy_difference"]
    assert diff["estimate"] == pytest.approx(100 * (a - b))
    assert diff["estimate"] == pytest.approx(headline["jy_alike_joint"] - headline["jy_regime_joint"])
    assert diff["ci_low"] < diff["estimate"] < diff["ci_high"] and 0 <= diff["p_wild"] <= 1
    assert -1 < headline["r_dist_poly"] < 1


def test_second_difference_adds_up(results):
    ss = results["ss_cross"]
    assert ss["effect_at0"] == pytest.approx(ss["p10"] - ss["p00"])
    assert ss["estimate"] == pytest.approx(ss["effect_at1"] - ss["effect_at0"], abs=1e-6)
    assert ss["ci_low"] <= ss["estimate"] <= ss["ci_high"]
    assert all(0 <= ss[k] <= 100 for k in ("p00", "p10", "p01", "p11"))


def test_text_equivalence_verdict_follows_its_intervals(results, headline):
    text = results["text_equivalence"]
    assert text["ci_low"] <= text["ci90_low"] <= text["estimate"] <= text["ci90_high"] <= text["ci_high"]
    word, _ = verdict("none", text["estimate"], text["p_wild"], text["ci90_low"], text["ci90_high"], headline["margin"])
    assert text["verdict"] == word == headline["text_within_verdict"]
    assert text["groups"] < text["n"]


def test_curve_keys_against_the_null(headline):
    for key in ("curve_rel", "curve_sens"):
        assert 0 <= headline[f"{key}_null"] <= 100 and 0 <= headline[f"{key}_null_mean"] <= 100
        assert 0 <= headline[f"{key}_boot"] <= 100 and 0 <= headline[f"{key}_null_rate"] <= 100
    assert sum(headline[f"curve_rel_{k}_neg"] >= 0 for k in findings.CURVE_MEASURES) == len(findings.CURVE_MEASURES)
