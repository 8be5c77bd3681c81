"""The Data and Coding chapters' tables, phrases and figures (dprk_upr.report.corpus,
dprk_upr.report.coding_checks and their figures in dprk_upr.report.figures).

Figures are drawn with every warning an error (a collapsed constrained layout included) and
checked for a plotting area that keeps its width and a legend clear of the data; tables carry no
True/False or 0/1 codes, no MultiIndex and break ties by a stated rule.
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dprk_upr.report import coding_checks, coding_views, corpus, figures, relationships  # noqa: E402

# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def _draw(fig) -> plt.Figure:
    """Render a figure to SVG with every warning an error, as the strict build would fail."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="svg")
    return fig


def _legend_clear_of_axes(fig) -> None:
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    renderer = fig.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    plot = ax.get_window_extent(renderer)
    assert box.y0 >= plot.y1 - 1, "the legend overlaps the plotting area"


LONG = {
    "Freedoms of expression, information, religion, movement, assembly; political pluralism": [18, 20],
    "Accountability and UN mechanisms aimed at the DPRK": [14, 42],
    "Songbun and loyalty-based discrimination": [1, 9],
}


def test_barh_counts_keeps_its_plotting_area_with_long_labels():
    table = pd.DataFrame(LONG, index=["2009 review", "2014 review"]).T
    fig = _draw(figures.barh_counts(table, list(table.columns), "recommendations"))
    position = fig.axes[0].get_position()
    assert position.width > 0.3 and position.height > 0.3, position
    assert all("\n" in t.get_text() for t in fig.axes[0].get_yticklabels()[:2])  # long labels wrapped
    _legend_clear_of_axes(fig)
    plt.close(fig)


def test_acceptance_by_codes_figure_labels_every_bar():
    recs = pd.DataFrame(
        {
            "cycle": [2] * 6,
            "sensitive": [0, 0, 1, 1, 0, 1],
            "specific": [0, 1, 0, 1, 0, 1],
            "accepted": [1, 0, 0, 0, 1, 0],
        }
    )
    fig = _draw(figures.acceptance_by_codes(coding_checks.acceptance_by_codes(recs)))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "100% of 2" in texts and "0% of 2" in texts
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["not sensitive", "sensitive"]
    _legend_clear_of_axes(fig)
    plt.close(fig)


def test_distance_figure_has_a_size_key_and_an_anchor():
    table = pd.DataFrame(
        {
            "iso3": ["CUB", "CHN", "RUS", "JPN", "USA"],
            "distance": [0.5, 1.4, 1.7, 2.7, 4.6],
            "accepted": [1.0, 1.0, 0.4, 0.25, 0.0],
            "recommendations": [4, 3, 5, 4, 3],
        }
    )
    anchor = relationships.distance_anchor(table)
    assert anchor[:2] == ("RUS", "JPN") and anchor[2] == pytest.approx(1.0)
    names = {"RUS": "Russian Federation", "JPN": "Japan"}
    fig = _draw(figures.distance_acceptance(table, names=names, anchor=anchor))
    legend = fig.axes[0].get_legend()
    assert legend.get_title().get_text() == "recommendations made"
    assert [t.get_text() for t in legend.get_texts()] == ["3", "4", "5"]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Russia to Japan: 1.0" in texts and "Russia" in texts
    # every name tied to its point by a leader line, and no two names overlapping
    names_drawn = [t for t in fig.axes[0].texts if t.get_text() in {"CUB", "CHN", "Russia", "Japan", "USA"}]
    assert len(names_drawn) == 5 and all(t.arrow_patch is not None for t in names_drawn)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in names_drawn]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    _legend_clear_of_axes(fig)
    plt.close(fig)


def test_other_chapter_figures_draw_without_warnings():
    overview = pd.DataFrame(
        {
            "cycle": [1, 2, 3],
            "review_date": ["2009-12-07", "2014-05-01", "2019-05-09"],
            "received": [10, 12, 11],
            "accepted": [0, 5, 6],
            "partially_accepted": [0, 1, 0],
            "not_accepted": [10, 6, 5],
            "source": ["recommendation level"] * 2 + ["official counts only"],
        }
    )
    links = pd.DataFrame({"score": [100.0, 100.0, 99.5, 97.7], "link": ["one-to-one"] * 3 + ["split part"]})
    recs = pd.DataFrame({"cycle": [1, 1, 2, 2], "action_category": [1, 5, 4, 5]})
    table = pd.DataFrame(np.diag([3, 4, 5, 6, 7]), index=range(1, 6), columns=range(1, 6))
    for fig in (
        figures.cycles(overview),
        figures.match_scores(links),
        figures.actions(recs),
        figures.confusion(coding_views.confusion_labels(table)),
    ):
        _draw(fig)
        plt.close(fig)


# --------------------------------------------------------------------------------------------
# The Data chapter's tables and phrases
# --------------------------------------------------------------------------------------------


def test_recommenders_keeps_every_state_tied_at_the_cut_and_marks_ties():
    rows = [("A", 3), ("B", 2), ("C", 1), ("D", 1), ("E", 1)]
    pairs = pd.DataFrame(
        [
            {"iso3": iso, "cycle": 1, "rec_id": f"{iso}{k}", "upr_info_name": f"{iso}land"}
            for iso, n in rows
            for k in range(n)
        ]
    )
    top = corpus.recommenders(pairs, top=3)
    assert top["state"].tolist() == ["Aland", "Bland", "Cland", "Dland", "Eland"]  # the tie at 3 is kept
    assert top["rank"].tolist() == ["1", "2", "3=", "3=", "3="]
    assert isinstance(top.index, pd.RangeIndex)


def test_answer_table_is_flat_with_a_total_row():
    recs = pd.DataFrame(
        {
            "cycle": [1, 1, 2, 2, 2],
            "wg_position": ["rejected", "examine", "examine", "examine", "noted"],
            "response": ["noted", "noted", "accepted", "partially accepted", "noted"],
        }
    )
    table = corpus.answer_table(recs, years={1: 2009, 2: 2014})
    assert not isinstance(table.columns, pd.MultiIndex) and table.columns.name is None
    assert table.columns.tolist() == [
        "review",
        "at the Working Group",
        "accepted",
        "partially accepted",
        "noted",
        "total",
    ]
    assert table["review"].tolist()[:2] == ["1 (2009)", "1 (2009)"]
    assert table.iloc[-1].to_dict() == {
        "review": "both reviews",
        "at the Working Group": "",
        "accepted": 1,
        "partially accepted": 1,
        "noted": 3,
        "total": 5,
    }


def test_official_table_names_every_source_and_stops_on_an_unknown_one():
    official = pd.DataFrame(
        {
            "cycle": [1, 2],
            "review_date": ["2009-12-07", "2014-05-01"],
            "stage_key": ["wg", "adoption"],
            "total": [167, 268],
            "pending": [117, 0],
            "accepted": [0, 113],
            "partially_accepted": [0, 4],
            "noted": [0, 58],
            "rejected": [50, 93],
            "sources": ["A/HRC/13/13 (un-reports/x.txt)", "http://world.kbs.co.kr/a ; ytn.co.kr/b"],
        }
    )
    table = corpus.official_table(official)
    assert table["source"].tolist() == ["A/HRC/13/13 (counted in the text)", "KBS, YTN"]
    assert table["stage"].tolist() == ["Working Group", "Final answers (adoption)"]
    with pytest.raises(ValueError, match="no publisher known"):
        corpus.publishers("https://example.org/news")
    with pytest.raises(ValueError, match="stages without a name"):
        corpus.official_table(official.assign(stage_key=["wg", "somewhere"]))


def test_reconciliation_view_has_words_not_flags():
    recon = pd.DataFrame(
        {
            "cycle": [1, 2],
            "stage": ["working group", "adoption"],
            "document": ["A/HRC/13/13", "A/HRC/27/10/Add.1"],
            "measure": ["pending", "noted_or_rejected"],
            "official": [117, 151],
            "ours": [117, 154],
            "agrees": [True, False],
            "explanation": [None, "UPR Info files ..."],
        }
    )
    view = corpus.reconciliation_view(recon)
    assert view["agrees"].tolist() == ["yes", "no"]
    assert view["count of"].tolist() == ["left for later", "noted or rejected"]
    assert view["review and stage"].tolist() == ["1, Working Group", "2, final answers"]


def test_counted_and_paragraph_refs_read_naturally():
    assert corpus.counted(1, "paragraph") == "one paragraph"
    assert corpus.counted(0, "disagreement") == "no disagreements"
    assert corpus.counted(18, "code") == "18 codes"
    recs = pd.DataFrame({"rec_id": ["C2-124.7"], "paragraph": ["124.7"], "document": ["A/HRC/27/10"]})
    assert corpus.paragraph_refs(recs, ["C2-124.7"]) == "paragraph 124.7 of A/HRC/27/10"
    with pytest.raises(KeyError):
        corpus.paragraph_refs(recs, ["C9-1"])


def test_missing_phrase_names_the_state_and_the_review():
    reviewers = pd.DataFrame(
        {"iso3": ["PSE", "KOR", "CHN"], "cycle": [1, 2, 3], "missing_reason": ["not a member", "gap", "gap"]}
    )
    names = pd.Series({"PSE": "Palestine", "KOR": "Republic of Korea"})
    assert (
        relationships.missing_phrase(reviewers, names)
        == "Palestine in the first review and South Korea in the second review"
    )


def test_pact_phrase_names_each_partner_once_with_its_reviews():
    reviewers = pd.DataFrame(
        {
            "iso3": ["CUB", "KOR", "USA", "CHN", "CUB", "KOR", "PSE"],
            "cycle": [1, 1, 1, 2, 2, 2, 3],
            "defence_pact": [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0],
            "nonaggression_pact": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, np.nan],
        }
    )
    names = pd.Series({"CUB": "Cuba", "CHN": "China", "KOR": "Republic of Korea"})
    assert relationships.pact_phrase(reviewers, names) == "Cuba in both reviews and China in the second"
    assert (
        relationships.pact_phrase(reviewers, names, column="nonaggression_pact")
        == "South Korea in both reviews and China in the second"
    )
    assert relationships.pact_phrase(reviewers[reviewers["cycle"] == 3], names, cycles=(1, 2)) == "no reviewer"


def test_lower_triangle_numbers_the_measures():
    corr = pd.DataFrame([[1, 0.5, 0.2], [0.5, 1, 0.3], [0.2, 0.3, 1]], index=list("abc"), columns=list("abc"))
    view = relationships.lower_triangle(corr)
    assert view.columns.tolist() == ["measure", "(1)", "(2)"]
    assert view["measure"].tolist() == ["(1) a", "(2) b", "(3) c"]
    assert np.isnan(view.loc[0, "(1)"]) and view.loc[2, "(2)"] == 0.3


# --------------------------------------------------------------------------------------------
# The Coding chapter's tables
# --------------------------------------------------------------------------------------------


def _agreement() -> pd.DataFrame:
    rows = [
        ("overall", "2018 export, sessions 1-3", np.nan, "", 300, 270, 0.9, np.nan, np.nan, np.nan),
        ("by session", "session 1", 1, "", 100, 85, 0.85, np.nan, np.nan, np.nan),
        ("by session", "session 2", 2, "", 100, 95, 0.95, np.nan, np.nan, np.nan),
        ("by session", "session 3", 3, "", 100, 90, 0.90, np.nan, np.nan, np.nan),
        (
            "subset",
            "North Korea under review, 2018 export (sessions 2)",
            np.nan,
            "",
            10,
            8,
            0.8,
            np.nan,
            np.nan,
            np.nan,
        ),
        (
            "held out",
            "even sessions of the 2018 export",
            np.nan,
            "odd sessions of the 2018 export",
            100,
            93,
            0.93,
            0.95,
            2,
            0.93,
        ),
        (
            "held out",
            "odd sessions of the 2018 export",
            np.nan,
            "even sessions of the 2018 export",
            200,
            170,
            0.85,
            0.875,
            1,
            0.80,
        ),
        ("floor", "2018 export, the note's example verbs only", np.nan, "", 300, 240, 0.8, np.nan, np.nan, np.nan),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "check",
            "part",
            "session",
            "train",
            "n",
            "agree",
            "exact",
            "exact_full_lists",
            "lowest_session",
            "lowest_session_exact",
        ],
    )


def test_agreement_numbers_and_table():
    numbers = coding_checks.agreement_numbers(_agreement())
    assert numbers["n"] == 300 and numbers["exact"] == pytest.approx(90)
    assert (numbers["low"], numbers["low_session"]) == (pytest.approx(85), 1)
    assert (numbers["high"], numbers["high_session"]) == (pytest.approx(95), 2)
    assert numbers["held_min"] == pytest.approx(85) and numbers["held_max"] == pytest.approx(93)
    assert numbers["held_loss"] == pytest.approx(2.5)
    assert numbers["floor"] == pytest.approx(80) and numbers["dprk"] == pytest.approx(80)
    table = coding_views.agreement_table(_agreement())
    assert len(table) == 5  # all sessions, North Korea, two held-out checks, the floor
    assert table["rows coded"].tolist()[0] == "all sessions (1-3)"
    assert table["lists from"].tolist()[2:4] == ["odd sessions", "even sessions"]
    assert table["lowest session"].tolist()[0] == "1: 85.0%"
    with pytest.raises(ValueError, match="floor"):
        coding_checks.agreement_numbers(_agreement().query("check != 'floor'"))


def test_agreement_numbers_on_the_built_table(built):
    numbers = coding_checks.agreement_numbers(built["action_agreement"])
    assert numbers["n"] == 61011
    assert numbers["low"] <= numbers["exact"] <= numbers["high"]
    assert numbers["floor"] < numbers["held_min"] <= numbers["held_max"]


def test_disagreement_table_keeps_ties_and_names_no_raw_columns():
    patterns = pd.DataFrame(
        {
            "human": [5, 4, 5, 2],
            "rule": [4, 5, 3, 4],
            "first_word": ["take", "end", "adopt", "continue"],
            "n": [3, 2, 2, 1],
            "share": [0.375, 0.25, 0.25, 0.125],
            "examples": ["Take x | Take y", "End y", "Adopt z", "Continue w"],
        }
    )
    table = coding_views.disagreement_table(patterns, top=2)
    assert table["first word"].tolist() == ["take", "end", "adopt"]
    assert table.columns.tolist() == ["UPR Info", "rule", "first word", "rows", "% of disagreements", "example"]
    assert table["% of disagreements"].tolist()[0] == pytest.approx(37.5)
    assert table["example"].tolist()[0] == "Take x"


def test_hand_and_blind_views_use_words():
    check = {"table": pd.crosstab(pd.Series([1, 1, 0], name="hand"), pd.Series([1, 0, 0], name="rule"))}
    hand = coding_views.hand_table(check)
    assert hand.to_dict("list") == {
        "hand coding": ["sensitive", "not sensitive"],
        "rule: yes": [1, 0],
        "rule: no": [1, 1],
        "total": [2, 1],
    }
    recs = pd.DataFrame({"rec_id": ["C1-90.46"], "paragraph": ["90.46"], "document": ["A/HRC/13/13"]})
    dis = pd.DataFrame(
        {
            "rec_id": ["C1-90.46"],
            "text": ["Fully cooperate"],
            "sensitive": [1],
            "sensitive_blind": [0],
            "note": ["close"],
        }
    )
    view = coding_views.blind_view(dis, recs)
    assert view.iloc[0].tolist() == ["90.46 (A/HRC/13/13)", "Fully cooperate", "sensitive", "not sensitive", "close"]


def test_check_same_sample_stops_on_a_different_sample():
    assert coding_checks.check_same_sample(["a", "b"], ["b", "a"]) == 2
    with pytest.raises(ValueError, match="not the one drawn again"):
        coding_checks.check_same_sample(["a", "b"], ["a", "c"])


def test_tag_disagreement_view_says_why():
    dis = pd.DataFrame(
        {
            "text": ["Grant access to the Special Rapporteur on DPRK", "Ratify CAT"],
            "rule": [True, False],
            "matched": ["accountability: 'Special Rapporteur on DPRK'", ""],
            "categories": ["accountability", ""],
            "excluded": ["", "detention: 'CAT'"],
            "sensitive_tags": ["", "Torture and other CID treatment"],
        },
        index=[4, 9],
    )
    recs = pd.DataFrame({"paragraph": ["90.5", "90.8"], "document": ["A/HRC/13/13"] * 2}, index=[4, 9])
    view = coding_views.tag_disagreement_view(dis, recs)
    assert view["coded sensitive by"].tolist() == ["the text rule", "the issue tags"]
    assert view["why"].tolist() == [
        "the text names 'Special Rapporteur on DPRK' (accountability)",
        "tagged Torture and other CID treatment; the codebook sets aside 'CAT'",
    ]
    assert view["recommendation"].tolist() == ["90.5 (A/HRC/13/13)", "90.8 (A/HRC/13/13)"]


def test_examples_and_codebook_views_read_as_text():
    examples = coding_checks.explain_examples(["Close all political prison camps", "Consider ratifying CAT"])
    view = coding_views.examples_view(examples)
    assert view.columns.tolist() == ["recommendation", "action category", "sensitive"]
    assert view["action category"].tolist()[1].startswith("3 (consider)")
    assert view["sensitive"].tolist()[0].startswith("yes: detention (")
    book = coding_views.codebook_view()
    assert book.columns.tolist() == ["category", "what it covers", "why it threatens the regime"]
    assert not book["why it threatens the regime"].str.contains("`").any()


# --------------------------------------------------------------------------------------------
# UN paragraph numbers are identifiers: "125.40" must never be shown as "125.4"
# --------------------------------------------------------------------------------------------


def test_paragraph_numbers_stay_text_from_file_to_table(tmp_path):
    """Regression: read as numbers, "125.40" became 125.4 (another recommendation's number) in
    Table 2.5 and wherever a paragraph was shown."""
    from dprk_upr.data import processed
    from dprk_upr.report import tables

    pd.DataFrame(
        {
            "rec_id": ["C2-125.40", "C2-125.4", "C1-90.10"],
            "paragraph": ["125.40", "125.4", "90.10"],
            "document": ["A/HRC/27/10", "A/HRC/27/10", "A/HRC/13/13"],
        }
    ).to_csv(tmp_path / "recommendations.csv", index=False)
    recs = processed.load("recommendations", directory=tmp_path)
    assert recs["paragraph"].tolist() == ["125.40", "125.4", "90.10"]
    html = tables.table_html(recs)
    assert ">125.40<" in html and ">90.10<" in html
    assert coding_checks.paragraph_list(recs) == (
        "paragraphs 125.40 and 125.4 of A/HRC/27/10 and paragraph 90.10 of A/HRC/13/13"
    )


def test_every_processed_paragraph_number_matches_its_identifier():
    """In the processed tables each paragraph reads as in its recommendation's id (C2-125.40 ->
    "125.40"), so no number ending in 0 lost its last digit."""
    from dprk_upr.data import processed

    try:
        recs = processed.load("recommendations")
    except FileNotFoundError:
        pytest.skip("processed tables not built")
    for frame in (recs, processed.load("recommendation_states")):
        from_id = frame["rec_id"].str.split("-", n=1).str[1]
        assert (from_id == frame["paragraph"]).all(), frame.loc[from_id != frame["paragraph"], ["rec_id", "paragraph"]]
    links = processed.load("links")
    assert set(zip(links["cycle"], links["paragraph"])) == set(zip(recs["cycle"], recs["paragraph"]))
    assert recs_with_final_zero(recs) > 0


def recs_with_final_zero(recs: pd.DataFrame) -> int:
    """How many paragraph numbers end in 0 (the ones a numeric read would change)."""
    return int(recs["paragraph"].str.endswith("0").sum())


def test_table_keeps_identifiers_whole():
    from dprk_upr.report import tables

    html = tables.table_html(pd.DataFrame({"rec_id": ["C2-124.138"], "text": ["x"]}), nowrap=["rec_id"])
    assert '<td style="white-space: nowrap">C2-124.138</td>' in html
    with pytest.raises(ValueError, match="nowrap"):
        tables.table_html(pd.DataFrame({"a": [1]}), nowrap=["b"])
