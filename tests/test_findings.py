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
    used = set(re.findall(r"\{glue:text\}`c_([a-z0-9_]+?)(?::[^`]*)?`", conclusion))
    assert used, "the conclusion glues nothing from headline()"
    assert used <= set(headline), sorted(used - set(headline))
    qualitative = (ROOT / "notebooks" / "qualitative.md").read_text(encoding="utf-8")
    assert set(re.findall(r'found\["([a-z0-9_]+)"\]', qualitative)) <= set(headline)


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
