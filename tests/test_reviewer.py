"""The analyses and displays of the chapter on North Korea as a reviewer and among the states, on
small frames whose answers are known, and the explorer's and downloads' second table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dprk_upr.analysis import among_states, as_reviewer, image_management, reciprocity
from dprk_upr.report import reviewer as show
from dprk_upr.report import reviewer_figures as show_figures
from dprk_upr.report import reviewer_words as show_words
from dprk_upr.site import downloads, explorer


def _states(rows: list[tuple]) -> pd.DataFrame:
    """A small upr_all_states-like frame from (session, sur, rs, category, accepted, distance)."""
    frame = pd.DataFrame(
        rows, columns=["session", "sur_iso3", "rs_iso3", "action_category", "accepted", "ideal_point_distance"]
    )
    frame["cycle"] = np.where(frame["session"] <= 12, 1, 2)
    frame["state_under_review"] = frame["sur_iso3"]
    frame["recommending_state"] = frame["rs_iso3"]
    frame["civil_political"] = 0
    frame["sur_dprk"] = (frame["sur_iso3"] == "PRK").astype(int)
    frame["rs_dprk"] = (frame["rs_iso3"] == "PRK").astype(int)
    frame["sur_peer"] = 0
    frame["rs_peer"] = 0
    return frame


def test_review_profiles_shares_and_gaps():
    rows = [(14, "AAA", f"R{i}", 2, 1, 1.0) for i in range(6)] + [(14, "AAA", f"S{i}", 5, i % 2, 2.0) for i in range(6)]
    frame = among_states.comparison_frame(_states(rows))
    prof = among_states.review_profiles(frame).set_index("review").loc["AAA-2"]
    assert prof["n"] == 12
    assert prof["accepted_cheap"] == 1.0 and prof["accepted_specific"] == 0.5
    assert prof["cheap_gap"] == pytest.approx(0.5)
    assert prof["cheap_share_of_accepted"] == pytest.approx(6 / 9)
    assert np.isnan(prof["accepted_cp"])  # no civil and political row: fewer than MIN_ROWS


def test_placement_ranks_and_ties():
    profiles = pd.DataFrame(
        {"review": ["A-2", "B-2", "C-2", "D-2"], "cycle": 2, "x": [0.1, 0.5, 0.5, 0.9], "sur_peer": [0, 1, 1, 0]}
    )
    out = among_states.placement(profiles, "x", "B-2", cycle=2)
    assert out["rank"] == 2 and out["n"] == 4
    assert out["above"] == pytest.approx((1 + 0.5) / 3)
    assert out["peer_median"] == 0.5
    with pytest.raises(KeyError, match="Z-2"):
        among_states.placement(profiles, "x", "Z-2")


def test_others_mean_leaves_the_reviewer_out():
    frame = _states(
        [
            (3, "AAA", "PRK", 2, 1, 0.5),
            (3, "AAA", "USA", 4, 1, 3.0),
            (3, "AAA", "USA", 5, 0, 3.0),
            (3, "AAA", "FRA", 3, 1, 2.0),
        ]
    )
    others = as_reviewer._others_mean(frame.assign(category=frame["action_category"].astype(float)), "category")
    assert others.tolist() == pytest.approx([4.0, 2.5, 2.5, (2 + 4 + 5) / 3])


def test_reviewer_leniency_sign():
    rows = []
    for s, sur in enumerate(["AAA", "BBB", "CCC"], start=2):
        rows += [(s, sur, "PRK", 2, 1, 0.5)] + [(s, sur, f"X{i}", 5, 0, 2.0) for i in range(3)]
    table = as_reviewer.reviewer_leniency(_states(rows), min_rows=3).set_index("rs_iso3")
    assert table.loc["PRK", "category_gap"] == pytest.approx(-3.0)
    assert table.loc["PRK", "gentle_gap"] == pytest.approx(1.0)
    assert table.loc["PRK", "rank"] == 1


def test_dprk_treatment_groups_and_timing():
    made = pd.DataFrame(
        {
            "sur_iso3": ["AAA", "AAA", "BBB", "CCC"],
            "cycle": [1, 1, 1, 2],
            "session": [3, 8, 4, 14],
            "action_category": [2, 4, 5, 1],
        }
    )
    treatment = reciprocity.dprk_treatment(made).set_index(["iso3", "cycle"])
    assert treatment.loc[("AAA", 1), "treatment"] == "praised"  # half of its recommendations
    assert treatment.loc[("BBB", 1), "treatment"] == "pressed"
    before = reciprocity.dprk_treatment(made, {1: 6, 2: 19}).set_index(["iso3", "cycle"])
    assert before.loc[("AAA", 1), "n_made"] == 1  # the session-8 recommendation came after session 6
    received = pd.DataFrame({"iso3": ["AAA", "DDD", "CCC"], "cycle": [1, 1, 2], "action_category": [4, 5, 2]})
    frame = reciprocity.reciprocity_frame(received, reciprocity.dprk_treatment(made))
    assert frame["treatment"].tolist() == ["praised", "silent", "praised"]
    assert frame["action"].tolist() == [1, 1, 0]


def test_implication_positions():
    values = pd.Series([0.1, 0.2, 0.3, 0.9])
    flags = pd.DataFrame({"who": [0, 0, 0, 1], "peer": [0, 1, 1, 0]})
    higher = image_management._position(values, flags, "who", "peer", higher_fits=True)
    assert higher["share_beyond"] == 1.0 and higher["fits_vs_all"] and higher["fits_vs_peers"]
    lower = image_management._position(values, flags, "who", "peer", higher_fits=False)
    assert lower["share_beyond"] == 0.0 and not lower["fits_vs_all"]


def test_display_helpers():
    assert (
        show_words.pct(0.4237) == "42%"
        and show_words.pp(-0.052, 1) == "−5.2 points"
        and show_words.pp(0.01) == "+1 point"
    )
    assert show_words.interval(-0.004, 0.25, 100, 0) == "[0, 25]"
    assert [show_words.ordinal(n) for n in (1, 2, 3, 11, 21, 191)] == ["1st", "2nd", "3rd", "11th", "21st", "191st"]
    assert show_words.counted_phrase(pd.Series({"A": 3, "B": 5, "C": 1})) == "B (5), A (3) and C (1)"
    table = pd.DataFrame({"term": ["category 2"], "coef": [-0.0123], "se": [0.004], "p": [0.002]})
    table.attrs.update(n=1000, n_rs=10, n_sur=20)
    out = show.models_table({"(1)": table})
    assert out.iloc[0]["(1)"] == "−1.2*\u00a0(0.4)"  # kept on one line
    assert out.iloc[0]["Variable"] == "Category 2 (continue)"
    assert out["Variable"].tolist()[-3:] == [
        "recommendations",
        "clusters: recommending states",
        "clusters: states under review",
    ]


def test_words_for_the_prose():
    assert [show_words.number_words(n) for n in (0, 1, 10, 11, 61002)] == ["no", "one", "ten", "11", "61,002"]
    assert show_words.count_words(1, "row") == "one row" and show_words.count_words(12, "row") == "12 rows"
    assert show_words.likelier(0.372) == "37 points more" and show_words.likelier(-0.058, 1) == "5.8 points less"
    assert show_words.likelier(0.29, words=("higher", "lower")) == "29 points higher"
    assert show_words.short_name("DPR Korea") == "North Korea"
    assert show_words.short_name("United States", article=True) == "the United States"
    assert show_words.short_name("Republic of Korea", article=True) == "South Korea"


def test_counted_phrase_keeps_ties_at_the_cut():
    counts = pd.Series({"United States": 16, "Cuba": 9, "Viet Nam": 6, "Japan": 6, "Sudan": 6, "Chad": 2})
    assert (
        show_words.counted_phrase(counts, top=4)
        == "the United States (16), Cuba (9) and Japan, Sudan and Viet Nam (6 each)"
    )


def test_tag_counts_leave_out_the_catch_all_tags():
    tags = pd.Series(["Other,Women's rights", "General", "Women's rights,Health"])
    assert show_words.tag_counts(tags).to_dict() == {"Women's rights": 2, "Health": 1}
    assert show_words.tag_counts(tags, catch_all=True)["Other"] == 1


def test_verdicts_group_the_claims():
    table = pd.DataFrame(
        {"claim": ["a", "b", "c"], "fits_vs_all": [True, True, False], "fits_vs_peers": [True, False, None]}
    )
    v = show_words.verdicts(table)
    assert {k: v[k] for k in ("both", "all_only", "peers_only", "neither")} == {
        "both": "“a”",
        "all_only": "“b”",
        "peers_only": "none",
        "neither": "“c”",
    }
    assert (v["n_both"], v["n_neither"]) == (1, 1)
    sentence = show_words.image_sentence(v, len(table))
    assert sentence.startswith("On one of the three implications") and "beyond neither: “c”" in sentence


def test_export_difference_sentence_says_what_would_change():
    diff = pd.DataFrame(
        {"rec_id": ["C2-124.1"], "recommending_state": ["Kazakhstan"], "value_older": ["5"], "value_2018": ["4"]}
    )
    years = {1: 2009, 2: 2014}
    text = show_words.export_difference_sentence(diff, years)
    assert "paragraph 124.1 of the 2014 report, from Kazakhstan" in text and "C2-" not in text
    assert "coded 5 (specific action) in the older export and 4 (general action)" in text
    assert text.endswith("counts as specific, and nothing else.")
    assert show_words.export_difference_sentence(diff.iloc[:0], years) == "No action category differs."
    assert "would not change" in show_words.export_difference_sentence(diff.assign(value_older=["3"]), years)
    with pytest.raises(ValueError, match="not of the form"):
        show_words.paragraph_words("124.1", years)


def test_distance_anchor_and_landmarks():
    rows = [
        (16, "USA", "GBR", 4, 1, 0.9),
        (14, "GBR", "USA", 4, 1, 0.95),
        (15, "FRA", "USA", 4, 1, 1.2),
        (19, "PRK", "CUB", 2, 1, 0.6),
        (19, "PRK", "USA", 5, 0, 4.6),
        (17, "CHN", "PRK", 2, 1, 1.4),  # China's review, not North Korea's: not a landmark
        (19, "PRK", "CHN", 2, 1, 1.3),
    ]
    frame = _states(rows)
    frame["year"] = frame["session"].map({14: 2012, 15: 2013, 16: 2013, 17: 2013, 19: 2014})
    frame["measure_year"] = frame["year"] - 1
    frame["state_under_review"] = (
        frame["sur_iso3"].map({"USA": "United States", "GBR": "United Kingdom"}).fillna(frame["sur_iso3"])
    )
    frame["recommending_state"] = (
        frame["rs_iso3"]
        .map({"USA": "United States", "GBR": "United Kingdom", "CUB": "Cuba", "PRK": "DPR Korea"})
        .fillna(frame["rs_iso3"])
    )
    anchor = show.distance_anchor(frame, cycle=2)
    assert (anchor["a"], anchor["b"]) == ("United Kingdom", "United States")
    assert anchor["distance"] == pytest.approx(0.925)
    marks = show.distance_landmarks(frame, states=("CUB", "CHN", "USA"))
    assert marks["iso3"].tolist() == ["CUB", "CHN", "USA"]
    assert marks["distance"].tolist() == pytest.approx([0.6, 1.3, 4.6])
    assert set(marks["measure_year"]) == {2013} and set(marks["year"]) == {2014}
    with pytest.raises(ValueError, match="no pair"):
        show.distance_anchor(frame, states=("JPN", "DEU"))


def test_display_tables_have_reader_headers_and_no_flags():
    implications = pd.DataFrame(
        {
            "key": ["cheap_gap", "cheap_share"],
            "claim": ["accepts the cheap", "its acceptances are mostly cheap"],
            "measure": ["gap (second review)", "share (second review)"],
            "dprk": [0.68, 0.26],
            "peer_median": [0.58, 0.36],
            "all_median": [0.25, 0.27],
            "share_beyond": [0.98, 0.48],
            "fits_vs_all": [True, False],
            "fits_vs_peers": [True, None],
        }
    )
    out = show.implications_table(implications)
    assert out.iloc[:, -1].tolist() == ["both", "neither"]
    assert out.iloc[0, 0] == "Accepts the cheap (gap; points)" and out.iloc[1, 1] == "26%"
    for frame in (out,):
        assert not any("_" in str(c) for c in frame.columns)
        assert not frame.isin([True, False]).to_numpy().any()
    # the change between the reviews, shown twice: as recorded and counting the late answers
    change = pd.DataFrame(
        {
            "key": ["more_accepted"],
            "claim": ["shows more cooperation"],
            "measure": ["change"],
            "dprk": [0.42],
            "peer_median": [0.1],
            "all_median": [0.0],
            "share_beyond": [0.99],
            "fits_vs_all": [True],
            "fits_vs_peers": [True],
        }
    )
    table = pd.concat([implications.iloc[:1], change, implications.iloc[1:]], ignore_index=True)
    late = table.assign(
        dprk=lambda t: t["dprk"].where(t["key"] != "more_accepted", -0.06),
        fits_vs_all=lambda t: t["fits_vs_all"].where(t["key"] != "more_accepted", False),
        fits_vs_peers=lambda t: t["fits_vs_peers"].where(t["key"] != "more_accepted", False),
    )
    both = show.implications_table(table, late=late)
    assert len(both) == 4 and both.iloc[2, 0].startswith(show.LATE_CLAIM[:1].upper() + show.LATE_CLAIM[1:20])
    assert both.iloc[1, -1] == "both" and both.iloc[2, -1] == "neither"


def test_figures_draw_without_warnings():
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    leniency = pd.DataFrame(
        {
            "rs_iso3": ["PRK", "MMR", "AAA", "BBB"],
            "category_gap": [-0.8, -1.0, 0.1, 0.3],
            "rs_dprk": [1, 0, 0, 0],
            "rs_peer": [0, 1, 0, 0],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = show_figures.leniency_figure(leniency)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels) == ["MMR", "PRK"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["other states", "peer set", "North Korea"]
    # the peer set's dots are drawn above North Korea's diamond, so a peer lying on it stays visible
    dots = {tuple(c.get_facecolor()[0][:3]): c.get_zorder() for c in fig.axes[0].collections if len(c.get_offsets())}
    assert dots[tuple(show_figures.PEER_COLOUR)] > dots[tuple(show_figures.DPRK_COLOUR)]


def test_explorer_second_table_and_downloads():
    made = pd.DataFrame(
        {
            "uid": ["16-100"],
            "session": [16],
            "cycle": [2],
            "state_under_review": ["Cuba"],
            "text": ["Continue its efforts"],
            "response": ["supported"],
            "action_category": [2],
            "issues": ["General,Other"],
        }
    )
    table = explorer.made_table(made)
    assert list(table.columns) == list(explorer.MADE_COLUMNS.values())
    options = explorer.made_options(table)
    assert options["table_id"] == explorer.MADE_TABLE_ID != explorer.TABLE_ID
    assert [table.columns[i] for i in options["searchPanes"]["columns"]] == ["Cycle", "Answer", "Action category"]
    with pytest.raises(KeyError, match="text"):
        explorer.made_table(made.drop(columns="text"))
    assert "dprk_recommendations_made.csv" in downloads.DOWNLOADS


ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _prose(path) -> str:
    """The Markdown of a page without its code cells and directive options."""
    text = path.read_text(encoding="utf-8")
    text = __import__("re").sub(r"```\{code-cell\}.*?```", "", text, flags=__import__("re").S)
    return text


def test_every_pasted_key_of_the_chapter_is_glued():
    import re

    page = (ROOT / "notebooks" / "reviewer.md").read_text(encoding="utf-8")
    pasted = set(re.findall(r"\{glue:(?:text|md)\}`(rv_[a-z0-9_]+)(?::[^`]*)?`", page))
    glued = set(re.findall(r'glue(?:_words)?\(\s*f?"(rv_[a-z0-9_]+)"', page))
    glued |= {f"rv_rc_{g}_c{c}" for g in ("praised", "pressed", "silent") for c in (1, 2)}  # glued in a loop
    glued |= {f"rv_made_c{c}" for c in (1, 2, 3)}
    glued |= {f"rv_{k}_{w}" for k in ("near", "mid", "far") for w in ("gentle", "acc")}
    glued |= {
        f"rv_rc_{t}_{o}{x}"
        for t in ("same", "before")
        for o in ("action_category", "specific", "sensitive", "accepted")
        for x in ("", "_ci", "_p")
    } | {"rv_rc_same_states", "rv_rc_before_states"}
    assert pasted <= glued, sorted(pasted - glued)
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    from_chapter = set(re.findall(r"reviewer\.md::(rv_[a-z0-9_]+)", intro))
    assert from_chapter and from_chapter <= glued, sorted(from_chapter - glued)


def test_intro_pastes_only_what_the_models_chapter_glues(built):
    import re

    from dprk_upr.report import findings

    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    models = (ROOT / "notebooks" / "models.md").read_text(encoding="utf-8")
    wanted = {w[2:] for w in re.findall(r"models\.md::(c_[a-z0-9_]+)", intro)}
    assert wanted, "the Introduction glues nothing from the Models chapter"
    assert 'glue(f"c_{key}", value)' in models  # the Models chapter glues every headline() key as c_<key>
    headline = findings.headline(built["model_data"])
    assert wanted <= set(headline), sorted(wanted - set(headline))


def test_reader_prose_names_no_files_or_modules():
    import re

    for page in ("notebooks/reviewer.md", "notebooks/qualitative.md", "book/intro.md"):
        prose = _prose(ROOT / page)
        found = re.findall(r"dprk_upr|\b[\w/]+\.(?:csv|yaml|py)\b|data/(?:coding|reference|processed)", prose)
        assert not found, (page, found)


# --------------------------------------------------------------------------------------------
# North Korea's late answers to its first review, counted at the level of counts


def _two_cycles(seed: int = 3) -> pd.DataFrame:
    """Four states under review in both cycles, twelve reviewers each, answers drawn at random;
    North Korea (PRK) accepts nothing in the first cycle, as UPR Info records it."""
    rng = np.random.default_rng(seed)
    rows = []
    for session in (5, 14):
        for sur in ("AAA", "BBB", "CCC", "PRK"):
            for i in range(12):
                accepted = 0 if (sur == "PRK" and session == 5) else int(rng.random() < 0.6)
                rows.append((session, sur, f"R{i:02d}", 1 + i % 5, accepted, rng.uniform(0.2, 4.0)))
    frame = _states(rows)
    frame["civil_political"] = rng.integers(0, 2, len(frame))
    frame["sur_peer"] = frame["sur_iso3"].isin(["BBB", "CCC"]).astype(int)
    return among_states.comparison_frame(frame)


def _official(late: tuple[int, int, int, int, int]) -> pd.DataFrame:
    """An official_counts-like frame with one late_responses row: total, accepted, partial,
    noted, rejected."""
    total, acc, part, noted, rej = late
    return pd.DataFrame(
        [
            {
                "cycle": 1,
                "stage_key": "adoption",
                "total": total,
                "accepted": 0,
                "partially_accepted": 0,
                "noted": total - 50,
                "rejected": 50,
            },
            {
                "cycle": 1,
                "stage_key": "late_responses",
                "total": total,
                "accepted": acc,
                "partially_accepted": part,
                "noted": noted,
                "rejected": rej,
            },
        ]
    )


def test_late_answers_reads_the_counts_and_checks_them():
    late = image_management.late_answers(_official((167, 81, 6, 15, 65)))
    assert (late["total"], late["accepted"], late["partially_accepted"]) == (167, 81, 6)
    assert late["share"] == pytest.approx(81 / 167)
    assert late["share_with_partial"] == pytest.approx(87 / 167)
    with pytest.raises(ValueError, match="do not add up"):
        image_management.late_answers(_official((167, 81, 6, 15, 60)))
    with pytest.raises(ValueError, match="expected one late_responses row for cycle 2"):
        image_management.late_answers(_official((167, 81, 6, 15, 65)), cycle=2)


def test_acceptance_change_with_the_first_review_replaced():
    profiles = among_states.review_profiles(_two_cycles())
    recorded = image_management.acceptance_change(profiles).set_index("sur_iso3")["change"]
    late = image_management.acceptance_change(profiles, first_review={"PRK": 0.75}).set_index("sur_iso3")["change"]
    second = profiles.set_index("review").loc["PRK-2", "accepted"]
    assert recorded["PRK"] == pytest.approx(second - 0.0)
    assert late["PRK"] == pytest.approx(second - 0.75)
    pd.testing.assert_series_equal(recorded.drop("PRK"), late.drop("PRK"))  # the others as recorded
    with pytest.raises(KeyError, match="ZZZ"):
        image_management.acceptance_change(profiles, first_review={"ZZZ": 0.5})
    with pytest.raises(ValueError, match="not in 0-1"):
        image_management.acceptance_change(profiles, first_review={"PRK": 81})
    assert profiles.set_index("review").loc["PRK-1", "accepted"] == 0  # the input is left alone


def test_pooled_model_on_one_cycle_has_no_cycle_term():
    frame = _two_cycles()
    both = among_states.pooled_model(frame)
    second = among_states.pooled_model(frame, cycle=2)
    assert "second cycle" in set(both["term"]) and "second cycle" not in set(second["term"])
    assert second.attrs["n"] == int((frame["cycle"] == 2).sum()) < both.attrs["n"]
    assert "peer x second cycle" not in set(among_states.pooled_model(frame, interactions=True, cycle=1)["term"])
    with pytest.raises(ValueError, match="no row of cycle 3"):
        among_states.pooled_model(frame, cycle=3)


def test_state_effects_with_a_share_replaced_moves_only_that_state():
    frame = _two_cycles()
    model = among_states.pooled_model(frame)
    recorded = among_states.state_effects(model, frame).set_index("sur_iso3")
    late = among_states.state_effects(model, frame, replace_share={("PRK", 1): 0.5}).set_index("sur_iso3")
    # twelve first-cycle rows out of twenty-four gain half an acceptance each (none were accepted)
    assert late.loc["PRK", "effect"] - recorded.loc["PRK", "effect"] == pytest.approx(0.5 * 12 / 24)
    pd.testing.assert_series_equal(recorded["effect"].drop("PRK"), late["effect"].drop("PRK"))
    assert late.loc["PRK", "rank"] <= recorded.loc["PRK", "rank"]
    with pytest.raises(KeyError, match="no row of 'PRK' in cycle 3"):
        among_states.state_effects(model, frame, replace_share={("PRK", 3): 0.5})
