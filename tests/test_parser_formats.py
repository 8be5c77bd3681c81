"""One small snippet per kind of input the parser must read. The snippets are written for the
tests (Ruritania reviewed by real states); each test is named for the kind it covers."""

from __future__ import annotations

import pytest

from dprk_upr.data.reports import parse_recommendations, split_states, wg_position

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


def parse(text: str, **kw):
    return parse_recommendations(text, **kw)


def rows(frame):
    return list(zip(frame["paragraph"], frame["states"]))


# ---------------------------------------------------------------------------- line endings

BASIC = "\n".join(
    [
        "II. Conclusions and/or recommendations",
        HEAD_SUPPORT,
        "66.1 Ratify the Convention against Torture (Chile, Mexico);",
        "66.2 Abolish the death penalty (Iran (Islamic Republic of)).",
        HEAD_NOTED,
        "68.1 Close the camps (Norway).",
        CLOSING,
    ]
)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings_lf_crlf_bare_cr(newline):
    frame = parse(BASIC.replace("\n", newline))
    assert rows(frame) == [
        ("66.1", ["Chile", "Mexico"]),
        ("66.2", ["Iran (Islamic Republic of)"]),
        ("68.1", ["Norway"]),
    ]
    assert frame["wg_position"].tolist() == ["supported", "supported", "noted"]
    assert frame.equals(parse(BASIC))


def test_line_endings_mixed_and_form_feed():
    text = BASIC.replace("\n", "\r\n", 2).replace("66.2", "\f66.2")
    assert parse(text).equals(parse(BASIC))


# ---------------------------------------------------------------------------- page furniture


def test_page_furniture_stripped_by_the_parser_itself():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify the Convention against Torture and its Optional",
            "",
            "GE.14-07222 (E)    210714",
            "*1407222*",
            "7",
            "A/HRC/27/10",
            "Protocol (Chile, Mexico);",
            "66.2 Ratify the Convention on Enforced Disappearance",
            "GE.25-02819                                  11",
            "12                                      GE.25-02819",
            "A/HRC/59/15 Page 3",
            "(Peru).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame.loc[0, "text"] == "Ratify the Convention against Torture and its Optional Protocol"
    assert frame.loc[1, "text"] == "Ratify the Convention on Enforced Disappearance"
    assert rows(frame) == [("66.1", ["Chile", "Mexico"]), ("66.2", ["Peru"])]


def test_footnotes_between_items_are_left_out():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "67.1 Consider adjusting its legislation (Costa Rica)2;",
            "2 The recommendation as read during the interactive dialogue: \u201cConsider adjusting its",
            "legislation and its practice\u201d (Costa Rica).",
            "",
            "67.2 Ratify the Convention (Brazil);",
            "** The conclusions and recommendations have not been edited.",
            "67.3 Ratify the Protocol (Ghana).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("67.1", ["Costa Rica"]), ("67.2", ["Brazil"]), ("67.3", ["Ghana"])]
    assert frame.loc[0, "text"] == "Consider adjusting its legislation"
    assert "edited" not in frame.loc[1, "text"]


def test_text_after_the_states_is_trimmed_and_recorded():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "67.1 Ratify CAT (Chile);",
            "The conclusions have not been edited.",
            "67.2 Ratify CED (Peru).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame.loc[0, "text"] == "Ratify CAT"
    assert frame.attrs["trimmed"] == [("67.1", "The conclusions have not been edited.")]


def test_table_of_contents_and_dialogue_are_not_read():
    text = "\n".join(
        [
            "II. Conclusions and/or recommendations.............................. 66-69 14",
            "40. Chile noted that the recommendations enjoy the support of many (Chile);",
            "1. The delegation accepted the view of Peru (Peru);",
            "II. Conclusions and/or recommendations",
            HEAD_SUPPORT,
            "66.1 Ratify CAT (Chile);",
            CLOSING,
            "Annex",
            "1. Mr. A, Ambassador (Ruritania);",
        ]
    )
    assert rows(parse(text)) == [("66.1", ["Chile"])]


# ---------------------------------------------------------------------------- headings


def test_heading_without_colon_and_with_extra_sentences():
    text = "\n".join(
        [
            "45. The following recommendations will be examined by Angola, which will provide responses in due "
            "course, but no later than the twenty-fourth session of the Human Rights Council. The responses of "
            "Angola will be included in the outcome report adopted by the Council at its twenty-fourth session.",
            "45.1 Ratify CAT (Chile);",
            "45.2 Ratify CED (Peru).",
            "46. All conclusions and/or recommendations reflect the position of the submitting State(s).",
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("45.1", ["Chile"]), ("45.2", ["Peru"])]
    assert set(frame["wg_position"]) == {"examine"}


def test_heading_with_double_spaces_tabs_and_line_breaks():
    text = "\n".join(
        [
            "\t121.  The   recommendations formulated during the interactive dialogue/listed below",
            "      have been  examined by Ruritania and enjoy the support of Ruritania:",
            "          121.1    Ratify the International Convention for the Protection of All Persons",
            "          from Enforced Disappearance (France) (Lithuania);",
            "          121.2     Ratify  the  Protocol (Ukraine).",
            "      122. All conclusions and/or recommendations reflect the position of the submitting State(s).",
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("121.1", ["France", "Lithuania"]), ("121.2", ["Ukraine"])]
    assert frame.loc[1, "text"] == "Ratify the Protocol"
    assert set(frame["wg_position"]) == {"supported"}


def test_heading_number_on_its_own_line():
    text = "\n".join(
        [
            "95. ",
            "The following recommendations will be examined by Ruritania:",
            "",
            "95.1. Ratify CAT (Chile);",
            "96. ",
            "The recommendation below did not enjoy the support of Ruritania:",
            "",
            "96.1. Close the camps (Norway).",
            "97. ",
            "All conclusions and/or recommendations reflect it.",
        ]
    )
    frame = parse(text)
    assert frame[["paragraph", "wg_position"]].values.tolist() == [["95.1", "examine"], ["96.1", "rejected"]]


def test_heading_without_the_word_recommendations():
    text = "\n".join(
        [
            "104. The following enjoy the support of Ruritania, which considers that they are already "
            "implemented or in the process of implementation:",
            "104.1 Continue its efforts (Cuba).",
            CLOSING,
        ]
    )
    assert parse(text)["wg_position"].tolist() == ["supported"]


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("The following recommendations will be examined by X, which will provide responses in due time", "examine"),
        (
            "The following recommendations will be examined by Angola, which will provide responses in due course, "
            "but no later than the twenty-fourth session of the Human Rights Council. The responses of Angola will be "
            "included in the outcome report adopted by the Council at its twenty-fourth session.",
            "examine",
        ),
        ("The recommendations listed below enjoy the support of X", "supported"),
        (
            "The recommendations formulated during the interactive dialogue have been examined by X and enjoy the "
            "support of X",
            "supported",
        ),
        ("The following recommendations have been examined by X and enjoy the support of X", "supported"),
        (
            "The following recommendations enjoy the support of X, which considers that they are already implemented "
            "or in the process of implementation",
            "supported",
        ),
        ("The following recommendations are considered by X to be already implemented", "supported"),
        ("X agrees to follow up on the following recommendations", "supported"),
        ("The following recommendations were accepted by X", "supported"),
        ("The following recommendations did not enjoy the support of X", "rejected"),
        ("The recommendations below did  not enjoy  the support of X", "rejected"),
        ("X rejected the following recommendations", "rejected"),
        ("The following recommendations did not enjoy the support of X and would thus be noted", "noted"),
        ("X considers that the following recommendations cannot be accepted and would thus be noted", "noted"),
        ("The following recommendations have been noted by X", "noted"),
        ("The following recommendation has been noted by X", "noted"),
        ("The recommendations listed below were noted by X", "noted"),
        ("The following recommendations will be noted by X", "noted"),
        ("X took note of the following recommendations", "noted"),
        ("The delegation thanked the States for their statements", None),
        ("Armenia offered the following comment", None),
        ("Colombia noted efforts to implement recommendations of the first review", None),
    ],
)
def test_heading_classification(heading, expected):
    assert wg_position(heading) == expected


def test_comment_paragraphs_in_the_chapter_are_not_lists():
    text = "\n".join(
        [
            "98. The recommendations listed below have been examined by Ruritania and enjoy its support:",
            "1.",
            "Ratify CAT (Chile);",
            "2.",
            "Ratify CED (Peru).",
            "99.",
            "Ruritania considers that recommendations Nos. 1 and 2 set out in paragraph 98 above are already "
            "implemented or in the process of implementation.",
            "100. The following recommendation did not enjoy the support of Ruritania:",
            "1. Close the camps (Norway). COMMENTS: Ruritania rejects this recommendation.",
            "101.",
            "Ruritania rejects the recommendation made by Norway.",
            "102. All conclusions and/or recommendations reflect the position of the submitting State(s).",
        ]
    )
    frame = parse(text)
    assert frame[["paragraph", "wg_position"]].values.tolist() == [
        ["98.1", "supported"],
        ["98.2", "supported"],
        ["100.1", "rejected"],
    ]
    assert frame.attrs["trimmed"] == [("100.1", "COMMENTS: Ruritania rejects this recommendation.")]


# ---------------------------------------------------------------------------- numbering


def test_restart_numbering_one_dot():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1. Ratify CAT (Chile);",
            "2. Ratify CED (Peru);",
            "3. Ratify CRPD (Spain).",
            HEAD_NOTED,
            "1. Close the camps (Norway).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame["paragraph"].tolist() == ["67.1", "67.2", "67.3", "68.1"]
    assert frame["section"].tolist() == ["67", "67", "67", "68"]


def test_prefix_numbering_with_and_without_trailing_dot():
    text = "\n".join(
        [HEAD_SUPPORT, "66.1. Ratify CAT (Chile);", "66.2 Ratify CED (Peru);", "66.3.Ratify CRPD (Spain).", CLOSING]
    )
    assert parse(text)["paragraph"].tolist() == ["66.1", "66.2", "66.3"]


def test_number_and_text_on_separate_lines():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1. ",
            "",
            "Ratify CAT (Chile);",
            "",
            "2.\t",
            "Ratify CED",
            "",
            "(Peru);",
            "3.",
            "Ratify CRPD (Spain).",
            CLOSING,
        ]
    )
    assert rows(parse(text)) == [("67.1", ["Chile"]), ("67.2", ["Peru"]), ("67.3", ["Spain"])]
    text = "\n".join([HEAD_SUPPORT, "66.1", "Ratify CAT (Chile);", "66.2", "", "Ratify CED (Peru).", CLOSING])
    assert rows(parse(text)) == [("66.1", ["Chile"]), ("66.2", ["Peru"])]


def test_scrambled_order_run_of_numbers_then_texts():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1.",
            "2.",
            "3.",
            "Ratify CAT (Chile);",
            "Ratify CED (Peru);",
            "Ratify CRPD and its Optional Protocol (Spain).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("67.1", ["Chile"]), ("67.2", ["Peru"]), ("67.3", ["Spain"])]
    assert frame["text"].tolist() == ["Ratify CAT", "Ratify CED", "Ratify CRPD and its Optional Protocol"]
    assert any(n["kind"] == "reordered" for n in frame.attrs["notes"])


def test_scrambled_order_text_before_its_number():
    text = "\n".join(
        [HEAD_EXAMINE, "Ratify CAT (Chile);", "1.", "Ratify CED (Peru);", "2.", "Ratify CRPD (Spain).", "3.", CLOSING]
    )
    frame = parse(text)
    assert rows(frame) == [("67.1", ["Chile"]), ("67.2", ["Peru"]), ("67.3", ["Spain"])]


def test_scrambled_order_heading_before_its_number():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify CAT (Chile);",
            "The following recommendations will be examined by Ruritania:",
            "67.",
            "67.1 Ratify CED (Peru).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame[["paragraph", "wg_position"]].values.tolist() == [["66.1", "supported"], ["67.1", "examine"]]
    assert frame.loc[0, "text"] == "Ratify CAT"


def test_heading_without_number_over_prefix_items():
    text = "\n".join(
        [
            HEAD_SUPPORT,
            "66.1 Ratify CAT (Chile);",
            "The following recommendations did not enjoy the support of Ruritania:",
            "67.1 Close the camps (Norway);",
            "67.2 Free the prisoners (Sweden).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame[["paragraph", "wg_position"]].values.tolist() == [
        ["66.1", "supported"],
        ["67.1", "rejected"],
        ["67.2", "rejected"],
    ]


def test_item_starting_in_mid_line():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "67.1 Further promote employment (China); 67.2 Mitigate the effects of the",
            "crisis (Malaysia);",
            "67.3 Ratify CED (Peru).",
            CLOSING,
        ]
    )
    assert rows(parse(text)) == [("67.1", ["China"]), ("67.2", ["Malaysia"]), ("67.3", ["Peru"])]


def test_restart_item_number_equal_to_next_paragraph_number():
    items = [f"{i}.\nRecommendation number {i} (Chile);" for i in range(1, 99)]
    text = "\n".join(
        [
            "97. The following recommendations enjoy the support of Ruritania:",
            *items,
            "98. The following recommendations will be examined by Ruritania:",
            "1.",
            "Ratify CED (Peru).",
            "99. All conclusions and/or recommendations reflect the position of the submitting State(s).",
        ]
    )
    frame = parse(text)
    assert frame.groupby("section").size().to_dict() == {"97": 98, "98": 1}
    assert frame.set_index("paragraph").loc["97.98", "text"] == "Recommendation number 98"


def test_unnumbered_single_recommendation_under_a_heading():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1. Ratify CAT (Chile).",
            "",
            HEAD_NOTED,
            "",
            "Allow political parties to operate freely; and establish an independent body (United States).",
            "",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("67.1", ["Chile"]), ("68.1", ["United States"])]


def test_double_spaces_everywhere():
    text = "\n".join([HEAD_SUPPORT.replace(" ", "  "), "66.1  Ratify  CAT  (Chile,  Mexico)  ;", CLOSING])
    frame = parse(text)
    assert rows(frame) == [("66.1", ["Chile", "Mexico"])]
    assert frame.loc[0, "text"] == "Ratify CAT"


# ---------------------------------------------------------------------------- bundled items and states


@pytest.mark.parametrize(
    "block, text, states",
    [
        (
            "Ratify A (Norway); adopt B (Chile); and strengthen C (Italy);",
            "Ratify A; adopt B; and strengthen C",
            ["Norway", "Chile", "Italy"],
        ),
        (
            "Ratify ICPPED (Azerbaijan, Argentina, Uruguay) as soon as possible (Greece);",
            "Ratify ICPPED as soon as possible",
            ["Azerbaijan", "Argentina", "Uruguay", "Greece"],
        ),
        ("Abolish it (Chile);/abolish it now (Austria);", "Abolish it;/abolish it now", ["Chile", "Austria"]),
    ],
)
def test_bundled_recommendations_each_with_their_states(block, text, states):
    assert split_states(block)[:2] == (text, states)


@pytest.mark.parametrize(
    "block, states",
    [
        ("Ratify CAT (Chile and Mexico);", ["Chile", "Mexico"]),
        ("Ratify CAT (Chile, Mexico and Peru);", ["Chile", "Mexico", "Peru"]),
        ("Ratify CAT (Spain, and France);", ["Spain", "France"]),
        ("Ratify CAT (Brazil and Norway).", ["Brazil", "Norway"]),
        ("Ratify CAT (Bosnia and Herzegovina);", ["Bosnia and Herzegovina"]),
        ("Ratify CAT (Trinidad and Tobago and Jamaica);", ["Trinidad and Tobago", "Jamaica"]),
        ("Ratify CAT (Chile; Mexico);", ["Chile", "Mexico"]),
    ],
)
def test_states_joined_by_and(block, states):
    assert split_states(block)[1] == states


@pytest.mark.parametrize(
    "block, states",
    [
        ("Ratify CAT (Chile Mexico);", ["Chile", "Mexico"]),
        ("Ratify CAT (Spain, France Argentina);", ["Spain", "France", "Argentina"]),
    ],
)
def test_states_with_a_missing_comma(block, states):
    assert split_states(block)[1] == states


@pytest.mark.parametrize(
    "block, states",
    [
        ("Ratify OP-CEDAW (Brazil) (Czech Republic) (Norway);", ["Brazil", "Czech Republic", "Norway"]),
        ("Ratify CAT (Chile); (Mexico);", ["Chile", "Mexico"]),
        ("Protect children; (Israel);", ["Israel"]),
    ],
)
def test_groups_side_by_side_or_joined_by_semicolons(block, states):
    assert split_states(block)[1] == states


def test_state_named_twice_in_a_bundle_counts_once():
    block = "Ratify OP2 (Chile, Slovenia, and France); aiming at abolition (Slovenia, Chile); in all cases (France);"
    assert split_states(block)[1] == ["Chile", "Slovenia", "France"]


@pytest.mark.parametrize(
    "block",
    [
        "Consider ratifying CAT (Brazil)1;",
        "Consider ratifying CAT (Brazil) 1;",
        "Consider ratifying CAT (Brazil)*;",
    ],
)
def test_footnote_mark_after_the_states(block):
    assert split_states(block)[:2] == ("Consider ratifying CAT", ["Brazil"])


@pytest.mark.parametrize(
    "block, text",
    [
        (
            "Cooperate with OHCHR (including on technical assistance) (Chile);",
            "Cooperate with OHCHR (including on technical assistance)",
        ),
        (
            "Ratify the Rome Statute of the International Criminal Court (ICC) (Tunisia);",
            "Ratify the Rome Statute of the International Criminal Court (ICC)",
        ),
        (
            "Ratify the Optional Protocol to the Convention (CEDAW) (Spain);",
            "Ratify the Optional Protocol to the Convention (CEDAW)",
        ),
        ("Ratify the Optional Protocol (OP-CAT) (United Kingdom);", "Ratify the Optional Protocol (OP-CAT)"),
        ("Ratify ILO Convention (No. 169) (Paraguay);", "Ratify ILO Convention (No. 169)"),
        ("Ratify the Charter (CAF) (Mali);", "Ratify the Charter (CAF)"),
    ],
)
def test_parentheses_that_are_text_not_states(block, text):
    t, states, _ = split_states(block)
    assert t == text
    assert len(states) == 1


@pytest.mark.parametrize(
    "name",
    [
        "Iran (Islamic Republic of)",
        "Bolivia (Plurinational State of)",
        "Venezuela (Bolivarian Republic of)",
        "United Kingdom of Great Britain and Northern Ireland",
        "Holy See",
        "State of Palestine",
        "the Holy See",
        "Netherlands (Kingdom of the)",
        "T\u00fcrkiye",
        "Plurinational State of Bolivia",
        "Democratic Republic of the Congo",
    ],
)
def test_long_and_parenthesised_state_names(name):
    block = f"Promote the rights of the child ({name}, Chile);"
    assert split_states(block)[1] == [name, "Chile"]


def test_state_name_split_across_lines_and_pages():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "67.1 Continue taking measures to protect women (Iran  (Islamic  ",
            "",
            "Republic of));",
            "67.2 Ratify CAT (Bolivarian Republic",
            "of Venezuela);",
            "67.3 Ratify CED (Bosnia and Herze-",
            "govina).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert frame["states"].tolist() == [
        ["Iran (Islamic Republic of)"],
        ["Bolivarian Republic of Venezuela"],
        ["Bosnia and Herzegovina"],
    ]


def test_custom_is_state():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Freedonia);", CLOSING])
    frame = parse(text, is_state=lambda name: name in {"Freedonia"})
    assert rows(frame) == [("66.1", ["Freedonia"])]
    # the default resolver does not know it, and says so
    assert parse(text, strict=False).attrs["problems"][0]["kind"] == "unknown_state"


# ---------------------------------------------------------------------------- first-session forms (2008)


def test_heading_without_position_takes_it_from_the_next_paragraph():
    text = "\n".join(
        [
            "60. In the course of the discussion, the following recommendations were made to Ruritania:",
            "1. To ratify CAT (Chile);",
            "2. To ratify CED (Peru, Mexico).",
            "61. The response of Ruritania to these recommendations will be included in the outcome report adopted "
            "by the Human Rights Council at its eighth session.",
            "62. All conclusions and/or recommendations contained in the present report reflect the position of the "
            "submitting State(s).",
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("60.1", ["Chile"]), ("60.2", ["Peru", "Mexico"])]
    assert set(frame["wg_position"]) == {"examine"}
    supported = text.replace(
        "The response of Ruritania to these recommendations will be included in the outcome "
        "report adopted by the Human Rights Council at its eighth session.",
        "All recommendations formulated during the interactive dialogue have been examined by "
        "Ruritania and enjoy the support of Ruritania.",
    )
    assert set(parse(supported)["wg_position"]) == {"supported"}
    silent = "\n".join(text.split("\n")[:3] + [text.split("\n")[-1]])
    frame = parse(silent)
    assert set(frame["wg_position"]) == {"examine"}
    assert frame.attrs["notes"][-1]["kind"] == "position_not_stated"


def test_agreed_list_and_a_list_of_comments_without_states():
    text = "\n".join(
        [
            "60. The State under review considered the recommendations made during the interactive dialogue, and "
            "agreed on the following:",
            "1. \tA gender perspective be included in the follow-up (Slovenia);",
            "2. \tRuritania could consider signing the Convention (France);",
            "61. With regard to the other recommendations, the State under review offers the following comments:",
            "1. \tThe independence of the judiciary is preserved by the Constitution.",
            "2. \tRuritania would consider inviting special procedures in the future.",
            "III. VOLUNTARY COMMITMENTS OF THE STATE UNDER REVIEW",
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("60.1", ["Slovenia"]), ("60.2", ["France"])]
    assert set(frame["wg_position"]) == {"supported"}


def test_items_that_mention_the_following_recommendations_are_not_headings():
    text = "\n".join(
        [
            HEAD_EXAMINE,
            "1. Ratify CAT (Chile);",
            "2. Implement fully the following recommendations of the Committee: (a) act; (b) report (Austria);",
            "3. Ratify CED (Peru).",
            CLOSING,
        ]
    )
    assert rows(parse(text)) == [("67.1", ["Chile"]), ("67.2", ["Austria"]), ("67.3", ["Peru"])]


def test_text_that_lost_its_line_breaks():
    lines = [
        "40. Chile welcomed the report and recommended that Ruritania ratify CAT.",
        "II. Conclusions and/or recommendations",
        HEAD_SUPPORT,
        "66.1. Ratify CAT (Chile);",
        "66.2. Ratify CED (Peru);2",
        HEAD_EXAMINE,
        "1. \tRatify the Rome Statute of the International Criminal Court (Spain, Italy);",
        "2. \tAbolish the death penalty (France).",
        CLOSING,
    ]
    filler = " ".join(["The delegation answered questions on many subjects."] * 90)
    text = " ".join([filler] + lines)
    frame = parse(text)
    assert rows(frame) == [("66.1", ["Chile"]), ("66.2", ["Peru"]), ("67.1", ["Spain", "Italy"]), ("67.2", ["France"])]


def test_heading_and_items_on_one_line():
    text = "\n".join(
        [
            "67. The following recommendations will be examined by Ruritania: 1. Ratify CAT (Chile); "
            "2. Ratify CED (Peru).",
            "68. The following recommendations enjoy the support of Ruritania: 68.1 Ratify CRPD (Spain); "
            "68.2 Abolish the death penalty (Italy).",
            CLOSING,
        ]
    )
    frame = parse(text)
    assert rows(frame) == [("67.1", ["Chile"]), ("67.2", ["Peru"]), ("68.1", ["Spain"]), ("68.2", ["Italy"])]
    assert frame["wg_position"].tolist() == ["examine", "examine", "supported", "supported"]


def test_stray_restart_number_inside_a_prefix_list_is_reported():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile);", "1. Close the camps (Norway);", CLOSING])
    frame = parse(text, strict=False)
    assert [(p["paragraph"], p["kind"]) for p in frame.attrs["problems"]] == [("66", "stray_item")]


@pytest.mark.parametrize(
    "block, states",
    [
        ("Ratify CAT (Bolivia(Plurinational State of ));", ["Bolivia(Plurinational State of )"]),
        ("Ratify CAT (Chile),", ["Chile"]),
        ("Ratify CAT ( Netherlands);", ["Netherlands"]),
    ],
)
def test_odd_spacing_and_punctuation_around_states(block, states):
    assert split_states(block)[1] == states


def test_list_whose_numbers_cannot_be_read_is_reported():
    text = "\n".join([HEAD_SUPPORT, "66.1 Ratify CAT (Chile).", HEAD_EXAMINE, "66.2 Ratify CED (Peru).", CLOSING])
    frame = parse(text, strict=False)
    assert ("67", "empty_section") in [(p["paragraph"], p["kind"]) for p in frame.attrs["problems"]]
