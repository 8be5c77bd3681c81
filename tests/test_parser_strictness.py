"""strict=True raises on the first problem, naming the paragraph and the fix; strict=False
returns what it can read and lists every problem in attrs["problems"]."""

from __future__ import annotations

import pytest

from dprk_upr.data.reports import ReportParseError, parse_recommendations

# Headings and the closing paragraph of the snippets, worded as in Working Group reports (written
# for the tests, not copied from a report).
HEAD_SUPPORT = (
    "66. The recommendations formulated during the interactive dialogue and listed below "
    "enjoy the support of Ruritania:"
)
HEAD_EXAMINE = (
    "67. The following recommendations will be examined by Ruritania, which will provide responses in due time:"
)
HEAD_NOTED = "68. The following recommendations did not enjoy the support of Ruritania and would thus be noted:"
CLOSING = (
    "69. All conclusions and/or recommendations contained in the present report reflect the position "
    "of the submitting State(s) and/or the State under review."
)

GAP = "\n".join(
    [HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "66.3 Ratify CED (Peru);", "66.4 Ratify CRPD (Spain).", CLOSING]
)
GAP_RESTART = "\n".join(
    [HEAD_EXAMINE, "1. Ratify CAT (Chile);", "2. Ratify CED (Peru);", "4. Ratify CRPD (Spain).", CLOSING]
)
REPEAT = "\n".join(
    [
        HEAD_SUPPORT,
        "66.1 Ratify CAT (Chile);",
        "66.2 Ratify CED (Peru);",
        "66.2 Ratify CED (Peru);",
        "66.3 Ratify CRPD (Spain).",
        CLOSING,
    ]
)
REPEAT_RESTART = "\n".join(
    [
        HEAD_EXAMINE,
        "1. Ratify CAT (Chile);",
        "2. Ratify CED (Peru);",
        "2. Ratify CED (Peru);",
        "3. Ratify CRPD (Spain).",
        CLOSING,
    ]
)
NO_STATE = "\n".join(
    [
        HEAD_SUPPORT,
        "66.1 Ratify CAT (Chile);",
        "66.2 Ratify the Convention on the Rights of",
        "66.3 Ratify CRPD (Spain).",
        CLOSING,
    ]
)
TRUNCATED = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "66.2 Ratify the Convention on the Rights of"])
UNKNOWN = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Russia Federation);", CLOSING])
EMPTY = "\n".join(
    [
        "66. The following recommendations enjoy the support of Ruritania:",
        "",
        "67. The following recommendations will be examined by Ruritania:",
        "67.1 Ratify CAT (Chile).",
        CLOSING,
    ]
)


@pytest.mark.parametrize(
    "text, paragraph, kind, message",
    [
        (GAP, "66.3", "gap", r"section 66: numbering jumps from 66.1 to 66.3; 66.2 is missing"),
        (GAP_RESTART, "67.4", "gap", r"section 67: numbering jumps from 67.2 to 67.4.*item 3 is missing"),
        (REPEAT, "66.2", "repeat", r"paragraph 66.2 appears twice in section 66; remove the duplicate"),
        (REPEAT_RESTART, "67.2", "repeat", r"paragraph 67.2 .*appears twice; remove the duplicate"),
        (NO_STATE, "66.2", "no_state", r"paragraph 66.2 has no recommending state in parentheses"),
        (TRUNCATED, "66.2", "no_state", r"paragraph 66.2 has no recommending state.*truncated"),
        (UNKNOWN, "66.1", "unknown_state", r"paragraph 66.1 ends with \['Russia Federation'\].*add the spelling"),
        (EMPTY, "66", "empty_section", r"paragraph 66 is a heading of recommendations \(supported\) but no list"),
    ],
    ids=[
        "gap",
        "gap-restart",
        "repeat",
        "repeat-restart",
        "item-without-state",
        "truncated",
        "unknown-state",
        "empty-section",
    ],
)
def test_strict_raises_and_lenient_lists_the_problem(text, paragraph, kind, message):
    with pytest.raises(ReportParseError, match=message):
        parse_recommendations(text)
    frame = parse_recommendations(text, strict=False)
    problems = frame.attrs["problems"]
    assert [(p["paragraph"], p["kind"]) for p in problems] == [(paragraph, kind)]
    assert paragraph.split(".")[0] in problems[0]["message"]


def test_lenient_keeps_what_it_can_read():
    assert parse_recommendations(GAP, strict=False)["paragraph"].tolist() == ["66.1", "66.3", "66.4"]
    assert parse_recommendations(REPEAT, strict=False)["paragraph"].tolist() == ["66.1", "66.2", "66.3"]
    frame = parse_recommendations(NO_STATE, strict=False)
    assert frame["paragraph"].tolist() == ["66.1", "66.2", "66.3"]
    assert frame.loc[1, "states"] == []
    frame = parse_recommendations(UNKNOWN, strict=False)
    assert frame.loc[0, "states"] == ["Russia Federation"]


def test_several_problems_are_all_listed():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify CAT (Chile);",
            "66.3 Ratify CED (Peru);",
            "66.3 Ratify CED (Peru);",
            "66.4 Ratify the Convention on",
            CLOSING,
        ]
    )
    kinds = [(p["paragraph"], p["kind"]) for p in parse_recommendations(text, strict=False).attrs["problems"]]
    assert kinds == [("66.3", "gap"), ("66.3", "repeat"), ("66.4", "no_state")]
    with pytest.raises(ReportParseError, match=r"jumps from 66.1 to 66.3.*2 further problem\(s\)"):
        parse_recommendations(text)


def test_no_recommendations_at_all():
    text = "1. The delegation thanked the States.\n2. The review ended."
    with pytest.raises(ReportParseError, match="no section of recommendations found"):
        parse_recommendations(text)
    frame = parse_recommendations(text, strict=False)
    assert len(frame) == 0 and list(frame.columns) == ["paragraph", "text", "states", "section", "wg_position"]
    assert frame.attrs["problems"][0]["kind"] == "no_section"


def test_list_without_a_known_heading_is_reported_not_dropped():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify CAT (Chile);",
            "67. Ruritania has thought about the following:",
            "67.1 Close the camps (Norway);",
            "67.2 Free the prisoners (Sweden).",
            CLOSING,
        ]
    )
    frame = parse_recommendations(text, strict=False)
    assert [(p["paragraph"], p["kind"]) for p in frame.attrs["problems"]] == [("67.1", "unheaded_list")]
    with pytest.raises(ReportParseError, match=r"items 67.1, 67.2, ... have no heading"):
        parse_recommendations(text)


def test_strict_result_has_no_problems():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile).", CLOSING])
    frame = parse_recommendations(text)
    assert frame.attrs["problems"] == [] and frame.attrs["trimmed"] == []
