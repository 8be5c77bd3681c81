"""The action-category rule against UPR Info's human codes on every coded row of the export of 25
July 2018 (sessions 1-27, all states under review), as the build measures it in
``action_agreement.csv``, and held out.

Targets of the rules (version 2.0): exact agreement at least 0.90 over all coded rows and at
least 0.85 in every session; with the data-derived word lists re-derived from the odd sessions
only, at least 0.90 on the even sessions; coding every row well within the build's time budget.
"""

from __future__ import annotations

import time

import pytest

from dprk_upr.build.all_states import export_2018_files, read_export_2018
from dprk_upr.coding.action_coder import action_category
from dprk_upr.coding.action_rules import load_rules
from dprk_upr.coding.validation import validate


@pytest.fixture(scope="module")
def agreement(built):
    return built["action_agreement"]


@pytest.fixture(scope="module")
def coded(raw_dir):
    """Every coded row of the 2018 export with the rule's code and the time it took."""
    rows, _, aside = read_export_2018(raw_dir, export_2018_files())
    rules = load_rules()
    start = time.perf_counter()
    rows["rule"] = [action_category(text, rules) for text in rows["Text"]]
    rows.attrs["seconds"] = time.perf_counter() - start
    rows.attrs["aside"] = aside
    return rows


def test_every_coded_row_and_session_is_measured(agreement, coded):
    overall = agreement[agreement["check"] == "overall"].iloc[0]
    assert overall["n"] == len(coded)
    # the export's rows without a session and its published repeats are the only coded rows left out
    reasons = set(coded.attrs["aside"]["reason"])
    assert {"no session"} <= reasons
    sessions = agreement.loc[agreement["check"] == "by session", "session"].astype(int).tolist()
    assert sessions == list(range(1, 28))
    assert agreement.loc[agreement["check"] == "by session", "n"].sum() == overall["n"]


def test_overall_agreement_at_least_90(agreement, coded):
    overall = agreement[agreement["check"] == "overall"].iloc[0]
    assert overall["exact"] >= 0.90
    assert overall["agree"] == int((coded["rule"] == coded["Action"]).sum())
    stats = validate(coded["Action"], coded["rule"])
    assert stats["within_one"] >= 0.98
    assert stats["kappa_linear"] >= 0.89


def test_every_session_at_least_85(agreement):
    by_session = agreement[agreement["check"] == "by session"].set_index("session")["exact"]
    low = by_session[by_session < 0.85]
    assert low.empty, f"sessions below 0.85: {low.round(3).to_dict()}"


def test_held_out_lists_still_reach_90(agreement):
    held = agreement[agreement["check"] == "held out"].set_index("train")
    odd_to_even = held.loc["odd sessions of the 2018 export"]
    assert odd_to_even["part"] == "even sessions of the 2018 export"
    assert odd_to_even["exact"] >= 0.90
    # held out by export: lists derived from one export, measured on the rows of the other
    assert held.loc["the older exports", "exact"] >= 0.89
    assert held.loc["sessions of the 2018 export not in the older exports", "exact"] >= 0.89
    # re-derived lists can only be as good as the full ones, give or take a little
    assert (held["exact"] <= held["exact_full_lists"] + 0.005).all()


def test_derived_lists_add_to_the_note_alone(agreement):
    floor = agreement.loc[agreement["check"] == "floor", "exact"].iat[0]
    overall = agreement.loc[agreement["check"] == "overall", "exact"].iat[0]
    assert floor < overall


def test_coding_is_fast(coded):
    # the whole data build has 30 s; coding every row takes about 1.6 s on the development machine
    assert coded.attrs["seconds"] < 10
