"""The analyses and displays of the chapter on North Korea as a reviewer and among the states, on
small frames whose answers are known, and the explorer's and downloads' second table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dprk_upr.analysis import among_states, as_reviewer, image_management, reciprocity
from dprk_upr.report import reviewer as show
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
    assert show.pct(0.4237) == "42%" and show.pp(-0.052, 1) == "−5.2 points"
    assert show.interval(-0.004, 0.25, 100, 0) == "[0, 25]"
    assert [show.ordinal(n) for n in (1, 2, 3, 11, 21, 191)] == ["1st", "2nd", "3rd", "11th", "21st", "191st"]
    assert show.counted_phrase(pd.Series({"A": 3, "B": 5, "C": 1})) == "B (5), A (3) and C (1)"
    table = pd.DataFrame({"term": ["x"], "coef": [-0.0123], "se": [0.004], "p": [0.002]})
    table.attrs.update(n=1000, n_rs=10, n_sur=20)
    out = show.models_table({"(1)": table})
    assert out.iloc[0]["(1)"] == "−1.2* (0.4)"
    assert out["Variable"].tolist()[-3:] == [
        "recommendations",
        "clusters: recommending states",
        "clusters: states under review",
    ]


def test_verdicts_group_the_claims():
    table = pd.DataFrame(
        {"claim": ["a", "b", "c"], "fits_vs_all": [True, True, False], "fits_vs_peers": [True, False, None]}
    )
    v = show.verdicts(table)
    assert v == {"both": "“a”", "all_only": "“b”", "peers_only": "none", "neither": "“c”"}


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
