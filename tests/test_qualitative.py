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


def test_trend_table_names_where_each_count_comes_from():
    from dprk_upr.report.qualitative import trend_table

    official = official_counts()
    table = trend_table(trend(official), official)
    sources = dict(zip(table["Review"], table["Counted from"]))
    assert sources["1st\u00a0(2009)"] == "UPR Info (news item)"
    assert sources["2nd\u00a0(2014)"].startswith("press (KBS, YTN)") and "inferred" in sources["2nd\u00a0(2014)"]
    assert "Human Rights Watch" in sources["3rd\u00a0(2019)"]
    assert sources["4th\u00a0(2024)"] == "press (Chosun Biz, JoongAng Daily)"
    assert not any("A/HRC" in s for s in sources.values())  # no press count passed off as a UN document
    assert table["Rejected"].isna().tolist() == [False, False, False, True]  # not published at the fourth review


def test_count_source_kinds():
    from dprk_upr.report.qualitative import count_source

    assert count_source("A/HRC/27/10 (un-reports/x.txt)") == "the UN report, counted"
    assert count_source("https://www.hrw.org/news/x") == "an NGO (Human Rights Watch)"
    assert count_source("somewhere unknown") == "the project's records"


def test_theme_view_has_no_axis_names_and_a_stated_order(built):
    from dprk_upr.report.qualitative import theme_view

    view = theme_view(theme_table(built["recommendations"].query("cycle == 2")))
    assert list(view.columns) == ["Theme", "accepted", "Partly", "refused", "total", "% accepted"]
    assert view.columns.name is None and view.index.name is None
    order = view.sort_values(["accepted", "total", "Theme"], ascending=[False, False, True])
    assert view["Theme"].tolist() == order["Theme"].tolist()


def test_accepted_by_state_keeps_ties_and_counts_states_once():
    import pandas as pd

    from dprk_upr.report.qualitative import accepted_by_state

    recs = pd.DataFrame(
        {
            "rec_id": ["a", "b", "c", "d", "e"],
            "states": ["Iran (Islamic Republic of)", "Islamic Republic of Iran", "Cuba", "Chile", "Chile; Cuba"],
            "states_iso3": ["IRN", "IRN", "CUB", "CHL", "CHL; CUB"],
            "accepted_incl_partial": [1, 1, 1, 0, 1],
        }
    )
    table = accepted_by_state(recs, top=1)
    assert table["state"].tolist() == ["Cuba", "Iran"]  # tied at two, both kept; one name for Iran
    assert table["accepted"].tolist() == [2, 2] and table["total"].tolist() == [2, 2]


def test_evidence_view_reads_without_raw_columns(built):
    from dprk_upr.report.qualitative import evidence_view

    evidence = load_evidence()
    accepted = evidence_view(evidence, "accepted")
    refused = evidence_view(evidence, "refused")
    assert len(accepted) + len(refused) == len(evidence)
    assert list(accepted.columns) == ["Row", "Theme and date", "What happened, and the source", "Status"]
    assert accepted["What happened, and the source"].str.contains("Source: ").all()
    assert accepted["What happened, and the source"].str.contains(r"Answers recommendations? 124").all()
    assert (
        not accepted["What happened, and the source"].str.contains(r"recommendations 124\.\d+\.").any()
    )  # one: singular
    flagged = set(evidence.loc[evidence["verified"] == "check", "evidence_id"])
    marked = set(accepted.loc[accepted["Status"].str.contains("secondary source only"), "Row"])
    assert marked == flagged & set(accepted["Row"])
    assert not any("_" in str(t) for t in accepted["Theme and date"])  # theme labels, not ids


def test_coi_phrase():
    import pandas as pd

    from dprk_upr.report.qualitative import coi_phrase

    assert coi_phrase(pd.DataFrame({"response": ["noted"] * 18})).startswith("all 18 recommendations")
    assert coi_phrase(pd.DataFrame({"response": ["noted", "accepted", "noted"]})).startswith("two of the 3")
    assert coi_phrase(pd.DataFrame({"response": ["noted"]})) == (
        "the one recommendation of 2014 that mentions the Commission was noted"
    )


def test_chapter_figures_draw_without_warnings(built):
    import warnings

    import matplotlib

    from dprk_upr.analysis.image_management import late_answers
    from dprk_upr.report import figures

    matplotlib.use("Agg")
    recs = built["recommendations"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        themes_figure = figures.themes(theme_table(recs.query("cycle == 2")))
        trend_figure = figures.trend(trend(official_counts()), set(recs["cycle"]))
        late = late_answers(official_counts())
        late_figure = figures.trend(trend(official_counts()), set(recs["cycle"]), late)
    assert [t.get_text() for t in themes_figure.legends[0].get_texts()] == ["accepted", "partly", "refused"]
    assert [t.get_text() for t in trend_figure.axes[0].texts][0] == "0 of 167"
    assert len(trend_figure.axes[0].get_legend().get_texts()) == 2  # no late answers given, no key entry
    # the late answers: their own point, labelled with the counts, and a key entry naming both years
    ax = late_figure.axes[0]
    assert f"{late['accepted']} of {late['total']}" in [t.get_text() for t in ax.texts]
    key = [t.get_text() for t in ax.get_legend().get_texts()]
    assert key[-1] == "2009 review, counting the late answers of 2014"
    points = [c.get_offsets()[0] for c in ax.collections if len(c.get_offsets())]
    assert any(abs(y - 100 * late["share"]) < 1e-9 for _, y in points)


def test_answers_phrase_and_month_year():
    from dprk_upr.report.qualitative import answers_phrase, month_year

    assert answers_phrase("C2-124.15") == "Answers recommendation 124.15"
    assert answers_phrase("C2-124.15;C2-124.7") == "Answers recommendations 124.7 and 124.15"
    assert month_year("2014-05-01") == "May 2014"
    with pytest.raises(ValueError, match="not an ISO date"):
        month_year("1 May 2014")


def test_theme_and_category_counts_each_classification_on_its_own(built):
    from dprk_upr.report.qualitative import acceptance_by_theme, theme_and_category

    second = built["recommendations"].query("cycle == 2")
    out = theme_and_category(second)
    assert out["both"] + out["theme_only"] == out["theme_n"]
    assert out["both"] + out["category_only"] == out["category_n"]
    assert out["theme_n"] == acceptance_by_theme(second).loc["accountability", "n"]
    assert out["category_n"] == int(second["sens_accountability"].sum())
    assert out["category_accepted"] == int(second.loc[second["sens_accountability"] == 1, "accepted"].sum())
    # the accepted recommendations of the theme outside the category, as paragraph numbers
    assert out["theme_only_accepted"] == "none" or all(
        p[0].isdigit() for p in out["theme_only_accepted"].split(" and ")
    )
    with pytest.raises(KeyError, match="sens_nothing"):
        theme_and_category(second, category="nothing")
