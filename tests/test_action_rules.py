"""General behaviour of the action-category rules, version 2.0.

Every example is a short sentence written for this test (not a text from the UPR Info data). Each
group pins one rule of the UPR Info note (principles a-c) or one rule of the YAML file; the
comment names the YAML key the rule reads.
"""

from __future__ import annotations

import pytest

from dprk_upr.coding.action_coder import action_category, explain
from dprk_upr.coding.action_rules import load_rules


def check(cases):
    for text, rank in cases:
        assert action_category(text) == rank, (text, explain(text))


# --- the three principles of the note ---------------------------------------------------------


def test_principle_a_first_action_counts():
    check(
        [
            ("Ratify the treaty and review the penal code", 5),
            ("Review the penal code and ratify the treaty", 3),
            ("Consider a moratorium and abolish the death penalty", 3),
            ("Continue its efforts and adopt a new law", 2),
            ("Seek technical assistance and adopt a new law", 1),
        ]
    )


def test_principle_b_second_of_two_initial_verbs_is_privileged():
    check(
        [
            ("Continue and strengthen the fight against corruption", 4),
            ("Maintain and expand free school meals", 4),
            ("Consider and adopt a law on domestic violence", 5),
            ("Sign and ratify the protocol", 5),
            ("Ratify/accede to the convention", 5),  # joined verbs are two verbs
            # a conditional second verb does not take over (the human codes agree: "Review and if
            # necessary amend" is mostly coded 3)
            ("Review and, where necessary, amend the media law", 3),
        ]
    )


def test_principle_c_general_action_with_specific_example_is_5():
    check(
        [
            ("Protect children by raising the minimum age of marriage", 5),
            ("Combat poverty, including by adopting a social protection law", 5),
            ("Combat poverty through the adoption of a social protection law", 5),
            ("Continue efforts against torture, including by ratifying the protocol", 5),
            # the example is itself general, or a consideration
            ("Promote gender equality by strengthening awareness programmes", 4),
            ("Continue efforts against torture by considering the ratification of the protocol", 3),
            # a generic object next to a specific instrument: the instrument is the example
            ("Develop a national strategy and action plan on migration", 5),
            ("Adopt legislation and policies on migration", 5),
        ]
    )


# --- the five ranks with the note's example verbs ----------------------------------------------


@pytest.mark.parametrize(
    "text, rank",
    [
        ("Seek assistance from the United Nations", 1),
        ("Share its experience with other countries", 1),
        ("Call on donors to support the reform", 1),
        ("Persist in the fight against poverty", 2),
        ("Pursue its reforms", 2),
        ("Envisage a visit by the rapporteur", 3),
        ("Revise the penal code", 3),  # rank 3 in the note; 1.0 deviated (rank 5)
        ("Intensify the fight against corruption", 4),
        ("Guarantee the independence of judges", 4),
        ("Undertake a reform of the penal code", 5),  # rank 5 in the note; 1.0 deviated (rank 4)
        ("Enforce the labour code", 5),
    ],
)
def test_note_verbs_without_deviation(text, rank):
    assert action_category(text) == rank, explain(text)


def test_note_verbs_are_listed_at_their_rank():
    rules = load_rules()
    for rank, verbs in rules["raw"]["published_verbs"].items():
        for verb in verbs:
            if " " not in verb:
                assert rules["verb_rank"][verb] == int(rank), verb


# --- generic and specific objects (generic_objects, specific_objects, consider_objects) ---------


def test_strategies_and_policies_are_general_plans_and_laws_specific():
    check(
        [
            ("Develop a national strategy on migration", 4),
            ("Adopt policies to protect older persons", 4),
            ("Adopt a comprehensive approach to disability", 4),
            ("Take further measures to reduce poverty", 4),
            ("Develop a national action plan on migration", 5),
            ("Adopt a law on older persons", 5),
            ("Conduct a study on child labour", 3),
        ]
    )


def test_light_verb_with_an_act_as_object():  # act_objects
    check(
        [
            ("Provide training to police officers on human rights", 5),
            ("Provide support to victims", 4),
        ]
    )


# --- reporting frames, that-clauses, subjects, passives (frames, subjects) ----------------------


def test_reporting_frames_are_dropped():
    check(
        [
            ("Recommended that the Government ratify the convention", 5),
            ("Recommended the ratification of the convention", 5),
            ("Recommended the continuation of the school meals programme", 2),
            ("Recommended to the Government to consider a moratorium", 3),
            ("Recommended ratifying the convention", 5),
            ("It was recommended that a national commission be established", 5),
            ("Urge the authorities to release detained journalists", 5),
            ("Encouraged the Government to continue its efforts", 2),
        ]
    )
    # the imperative "Encourage" is itself a general action (rank 4 in the note)
    assert action_category("Encourage the Government to ratify the convention") == 4


def test_recommendation_to_someone_else_is_rank_1():  # other_addressees
    assert action_category("Recommend that the international community support the country") == 1


def test_subjects_modals_passives_subjunctives():
    check(
        [
            ("The State should abolish the death penalty", 5),
            ("The Government is encouraged to continue its reforms", 2),
            ("That the authorities release all detained journalists", 5),
            ("That a truth commission be set up", 5),
            ("That further steps be taken to protect journalists", 4),
            ("That consideration be given to ratifying the convention", 3),
        ]
    )


def test_an_act_named_by_a_noun():  # nominal_heads, nominalizations
    check(
        [
            ("The prompt ratification of the convention", 5),
            ("Further measures to reduce poverty", 4),
        ]
    )


# --- lead-ins, adverbs, words of intent, spelling ------------------------------------------------


def test_lead_ins_and_adverbs():
    check(
        [
            ("In line with its pledges, consider acceding to the convention", 3),
            ("On the death penalty, establish a moratorium", 5),  # "on" was read as a boolean in 1.0
            ("Fully and effectively implement the law", 5),
            ("Considering ratifying the convention", 3),
        ]
    )


def test_verbs_of_intent_hand_over():  # pass_through_verbs
    check(
        [
            ("Seek to improve prison conditions", 4),
            ("Seek technical assistance", 1),
            ("Proceed with the adoption of the draft law", 5),
            ("Commit to ensuring equal pay", 4),
        ]
    )


def test_hyphens_and_spelling_variants():  # hyphen_prefixes, spelling_variants, phrases
    check(
        [
            ("Step-up efforts to fight corruption", 4),
            ("Re-consider its position on the convention", 3),
            ("Fulfill its pledges to the Council", 4),
            ("Fulfil its pledges to the Council", 4),
        ]
    )


def test_unknown_verb_gets_default_and_trace_says_so():
    out = explain("Frobnicate the widgets")
    assert out["rank"] == load_rules()["default_rank"] == 4
    assert "default rank" in out["trace"][-1]


def test_yaml_booleans_are_rejected(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "version: test\nranks:\n  1: {verbs: [seek]}\n  2: {verbs: [continue]}\n"
        "  3: {verbs: [consider]}\n  4: {verbs: [ensure]}\n  5: {verbs: [ratify]}\n"
        "lead_in_words: [in, on]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="boolean"):
        load_rules(path)


def test_minimal_rules_file_still_works(tmp_path):
    """Every key added in 2.0 is optional."""
    path = tmp_path / "rules.yaml"
    path.write_text(
        "version: test\nranks:\n  1: {verbs: [seek]}\n  2: {verbs: [continue]}\n"
        "  3: {verbs: [consider]}\n  4: {verbs: [ensure]}\n  5: {verbs: [ratify]}\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert action_category("Ratify the treaty", rules=rules) == 5
    assert action_category("Continue to ratify treaties", rules=rules) == 2
    # without `frames` and `coordinators` no frame is dropped and no second verb privileged
    assert action_category("Recommended that the State ratify the treaty", rules=rules) == 4
    assert action_category("Continue and ratify", rules=rules) == 2
