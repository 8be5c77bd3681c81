"""Themes, the evidence table and the trend of the qualitative review."""

from __future__ import annotations

import pytest

from dprk_upr.coding.evidence import EvidenceError, check_evidence, load_evidence
from dprk_upr.coding.themes import load_themes, theme_of
from dprk_upr.data.reference import official_counts
from dprk_upr.report.qualitative import evidence_coverage, theme_table, trend


@pytest.mark.parametrize(
    "text, theme",
    [
        ("Ratify CRPD, which was signed in July 2013", "disability"),
        ("Submit the reports due according to CRC", "children"),
        ("Take concrete measures to improve health care for women to further decrease maternal mortality", "women"),
        ("Continue to ensure effective functioning of the telemedicine system", "health"),
        ("Improve further the general secondary education", "education"),
        ("Continue its fight against poverty", "food_economy"),
        ("End all public executions", "justice_detention"),
        ("Allow all religious believers to exercise their religion independently", "freedoms"),
        ("Implement the recommendations of the commission of inquiry", "accountability"),
        ("Cooperate with the treaty bodies and the mechanisms of the Human Rights Council", "treaties_un"),
        ("Bring a smile to every face", "other"),
    ],
)
def test_theme_rules(text, theme):
    assert theme_of(text) == theme


def test_themes_file_is_ordered_and_ends_with_other():
    ids = [t[0] for t in load_themes()]
    assert ids[-1] == "other" and len(ids) == len(set(ids))
    assert ids.index("disability") < ids.index("treaties_un")


def test_evidence_table_is_complete(built):
    recs = built["recommendations"]
    evidence = load_evidence()
    check_evidence(evidence, recs)
    assert (evidence["source"].str.len() > 10).all()
    assert set(evidence["answer"]) == {"accepted", "refused"}
    coverage = evidence_coverage(evidence, recs)
    assert len(coverage) == int(recs.query("cycle == 2")["accepted_incl_partial"].sum())


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda e: e.assign(source=[""] + list(e["source"][1:])), r"row 2 \(E01\): empty 'source'"),
        (lambda e: e.assign(rec_ids=["C2-999.1"] + list(e["rec_ids"][1:])), r"do not exist: \['C2-999.1'\]"),
        (lambda e: e.assign(rec_ids=["C2-125.1"] + list(e["rec_ids"][1:])), r"did not accept: \['C2-125.1'\]"),
        (lambda e: e.assign(theme=["happiness"] + list(e["theme"][1:])), r"unknown theme 'happiness'"),
        (lambda e: e.assign(status=["done"] + list(e["status"][1:])), r"status 'done'"),
    ],
)
def test_evidence_rules_can_fail(built, change, message):
    with pytest.raises(EvidenceError, match=message):
        check_evidence(change(load_evidence()), built["recommendations"])


def test_theme_table_counts_add_up(built):
    c2 = built["recommendations"].query("cycle == 2")
    table = theme_table(c2)
    assert table["total"].sum() == len(c2)
    assert table["accepted"].sum() == c2["accepted"].sum()


def test_trend_covers_four_cycles():
    table = trend(official_counts())
    assert table["cycle"].tolist() == [1, 2, 3, 4]
    assert table["total"].tolist() == [167, 268, 262, 294]
    assert table.loc[0, "accepted"] == 0 and (table["accepted"].iloc[1:] > 100).all()


def test_mentions_coi_finds_the_commission_however_it_is_named():
    import pandas as pd

    from dprk_upr.report.qualitative import mentions_coi

    recs = pd.DataFrame(
        {
            "text": [
                "Implement the COI recommendations",
                "Cooperate with the Commission of Inquiry",
                "Engage with the COIs findings",
                "Improve coil production",
                "Ratify CAT",
            ]
        }
    )
    assert mentions_coi(recs)["text"].tolist() == recs["text"].iloc[:3].tolist()


def test_acceptance_by_theme_adds_up_to_the_review(built):
    from dprk_upr.report.qualitative import acceptance_by_theme

    c2 = built["recommendations"].query("cycle == 2")
    table = acceptance_by_theme(c2)
    assert table["n"].sum() == len(c2) and table["accepted"].sum() == c2["accepted"].sum()
    assert table["pct_accepted"].between(0, 100).all()
