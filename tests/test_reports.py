"""The Working Group report parser: the two DPRK reports and synthetic snippets for every case."""

from __future__ import annotations

import pytest

from dprk_upr.data.readers import read_report_text, strip_page_furniture
from dprk_upr.reports import ReportParseError, parse_recommendations, split_states, wg_position


@pytest.fixture(scope="module")
def report_2009(raw_dir):
    return parse_recommendations(read_report_text(raw_dir / "un-reports/A-HRC-13-13_DPRK_2009.txt"))


@pytest.fixture(scope="module")
def report_2014(raw_dir):
    return parse_recommendations(read_report_text(raw_dir / "un-reports/A-HRC-27-10_DPRK_2014.txt"))


def test_2009_counts_and_positions(report_2009):
    assert len(report_2009) == 167
    assert report_2009.groupby("section")["wg_position"].agg(["first", "size"]).to_dict("index") == {
        "90": {"first": "examine", "size": 117},
        "91": {"first": "rejected", "size": 50},
    }


def test_2014_counts_and_positions(report_2014):
    assert len(report_2014) == 268
    assert report_2014.groupby("section")["wg_position"].agg(["first", "size"]).to_dict("index") == {
        "124": {"first": "examine", "size": 185},
        "125": {"first": "noted", "size": 83},
    }


@pytest.mark.parametrize("fixture", ["report_2009", "report_2014"])
def test_sections_are_contiguous(fixture, request):
    frame = request.getfixturevalue(fixture)
    for _, group in frame.groupby("section"):
        numbers = group["paragraph"].str.split(".").str[1].astype(int).tolist()
        assert numbers == list(range(1, len(numbers) + 1))
    assert frame["paragraph"].is_unique
    assert frame["states"].map(len).min() >= 1


def test_2009_sample_paragraphs(report_2009):
    rows = report_2009.set_index("paragraph")
    assert rows.loc["90.2", "text"] == "Consider ratification of CRPD"
    assert rows.loc["90.2", "states"] == ["Philippines"]
    # item 91 of the list under para 90 must not be taken for para 91
    assert rows.loc["90.91", "states"] == ["Viet Nam"]
    assert rows.loc["90.91", "text"].startswith("Continue taking measures to ensure the right to food")
    assert rows.loc["91.4", "states"] == ["Netherlands"]
    assert rows.loc["91.50", "states"] == ["Australia"]
    assert rows.loc["90.117", "states"] == ["Lao People\u2019s Democratic Republic"]


def test_2014_sample_paragraphs(report_2014):
    rows = report_2014.set_index("paragraph")
    # the states' parentheses follow an acronym in parentheses
    assert rows.loc["124.7", "states"] == ["Tunisia"]
    assert rows.loc["124.7", "text"].endswith("Rome Statute of the International Criminal Court (ICC)")
    # split across lines with an empty line inside the state's name
    assert rows.loc["124.30", "states"] == ["Iran (Islamic Republic of)"]
    assert rows.loc["124.171", "states"] == ["Venezuela (Bolivarian Republic of)"]
    # a footnote pulled in by PDF extraction is trimmed, not kept in the text
    assert rows.loc["124.16", "states"] == ["Ghana"]
    assert "not been edited" not in rows.loc["124.16", "text"]
    assert rows.loc["125.83", "states"] == ["Greece"]
    assert "Annex" not in rows.loc["125.83", "text"]


HEAD_EXAMINE = (
    "67. The following recommendations will be examined by Ruritania, which will provide responses in due time:"
)
HEAD_SUPPORT = "66. The recommendations formulated during the interactive dialogue and listed below enjoy the support of Ruritania:"
HEAD_NOTED = "68. The following recommendations did not enjoy the support of Ruritania and would thus be noted:"
CLOSING = "69. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s)."


def test_prefix_numbering_across_lines_and_pages():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify the Convention against Torture and its Optional",
            "GE.14-07222 (E)",
            "7",
            "Protocol (Chile, Mexico);",
            "66.2",
            "Abolish the death penalty (Iran (Islamic Republic of));",
            CLOSING,
        ]
    )
    frame = parse_recommendations(strip_page_furniture(text))
    assert frame["paragraph"].tolist() == ["66.1", "66.2"]
    assert frame.loc[0, "text"] == "Ratify the Convention against Torture and its Optional Protocol"
    assert frame.loc[0, "states"] == ["Chile", "Mexico"]
    assert frame.loc[1, "states"] == ["Iran (Islamic Republic of)"]
    assert set(frame["wg_position"]) == {"supported"}


def test_restarting_numbering_number_and_text_on_separate_lines():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1.",
            "Invite the Special Rapporteur (Chile); (Mexico);",
            "2.",
            "Share its experience in disaster risk management (Venezuela (Bolivarian Republic of)).",
            HEAD_NOTED,
            "1. Close the camps (Norway);",
            CLOSING,
        ]
    )
    frame = parse_recommendations(text)
    assert frame["paragraph"].tolist() == ["67.1", "67.2", "68.1"]
    assert frame.loc[0, "states"] == ["Chile", "Mexico"]
    assert frame.loc[1, "states"] == ["Venezuela (Bolivarian Republic of)"]
    assert frame["wg_position"].tolist() == ["examine", "examine", "noted"]
    assert frame["section"].tolist() == ["67", "67", "68"]


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("The following recommendations will be examined by X, which will provide responses in due time", "examine"),
        ("The recommendations listed below enjoy the support of X", "supported"),
        ("The following recommendations did not enjoy the support of X", "rejected"),
        ("The following recommendations did not enjoy the support of X and would thus be noted", "noted"),
        ("The following recommendations will be noted by X", "noted"),
        ("The delegation thanked the States for their statements", None),
    ],
)
def test_heading_positions(heading, expected):
    assert wg_position(heading) == expected


@pytest.mark.parametrize(
    "block, text, states",
    [
        ("Ratify CAT (Chile, Mexico);", "Ratify CAT", ["Chile", "Mexico"]),
        ("Ratify CAT (Chile); (Mexico);", "Ratify CAT", ["Chile", "Mexico"]),
        ("Ratify CAT (Iran (Islamic Republic of));", "Ratify CAT", ["Iran (Islamic Republic of)"]),
        (
            "Join ILO (International Labour Organization) (Spain).",
            "Join ILO (International Labour Organization)",
            ["Spain"],
        ),
        ("Protect children; (Israel);", "Protect children", ["Israel"]),
        (
            "Cooperate (United Kingdom of Great Britain and Northern Ireland)",
            "Cooperate",
            ["United Kingdom of Great Britain and Northern Ireland"],
        ),
    ],
)
def test_split_states(block, text, states):
    assert split_states(block)[:2] == (text, states)


def test_gap_in_numbering_is_an_error():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "66.3 Ratify CED (Peru);", CLOSING])
    with pytest.raises(ReportParseError, match=r"jumps from 66.1 to 66.3"):
        parse_recommendations(text)


def test_duplicate_paragraph_is_an_error():
    text = "\n".join(
        [HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "66.2 Ratify CED (Peru);", "66.2 Ratify CED (Peru);", CLOSING]
    )
    with pytest.raises(ReportParseError, match=r"66.2 appears twice"):
        parse_recommendations(text)


def test_truncated_report_is_an_error():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "66.2 Ratify the Convention on the Rights of"])
    with pytest.raises(ReportParseError, match=r"66.2 has no recommending state"):
        parse_recommendations(text)


def test_no_recommendations_is_an_error():
    with pytest.raises(ReportParseError, match="no section of recommendations"):
        parse_recommendations("1. The delegation thanked the States.\n2. The review ended.")


def test_truncated_real_report(raw_dir):
    text = read_report_text(raw_dir / "un-reports/A-HRC-27-10_DPRK_2014.txt")
    cut = text.index("125.40 ") + 40
    with pytest.raises(ReportParseError, match=r"125.40 has no recommending state"):
        parse_recommendations(text[:cut])
