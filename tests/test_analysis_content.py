"""Tests of the near-duplicate text groups and the separation check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dprk_upr import analysis
from dprk_upr.analysis import content, separation
from tests.test_models import synthetic


def test_text_groups_link_near_duplicates_only():
    texts = pd.Series(
        [
            "Ratify the Convention against Torture and its Optional Protocol",
            "Ratify the Convention against Torture and the Optional Protocol thereto",
            "Cooperate fully with the Special Rapporteur on the situation of human rights",
            "Improve access to safe drinking water in rural areas",
        ],
        index=["a", "b", "c", "d"],
    )
    groups = content.text_groups(texts, 0.35)
    assert groups["a"] == groups["b"]
    assert groups.nunique() == 3
    assert content.text_groups(texts, 1.0).nunique() == 4
    with pytest.raises(ValueError, match="threshold"):
        content.text_groups(texts, 0)


def test_content_table_keeps_a_row_when_a_model_fails():
    data = synthetic(seed=2, missing=0)
    recs = pd.DataFrame({"rec_id": data["rec_id"], "text": ["Abolish the death penalty"] * len(data)})
    table = content.content_table(data, recs, analysis.load_specs(), thresholds=(0.5,))
    # one group holding everything: distance is then still identified (it varies within the group)
    assert set(table["model"]) == {"acc_dup", "wg_dup"}
    assert (table["groups"] == 1).all() | table["note"].astype(bool).any()


def test_lp_separation_on_known_cases():
    X = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    separated, infinite = separation.lp_separation(X, np.array([0, 1, 0, 1, 1, 1]))
    assert separated and infinite == [0, 1] or infinite == [1]
    overlap, none = separation.lp_separation(X, np.array([0, 1, 0, 1, 0, 1]))
    assert not overlap and none == []


def test_a_constant_cell_of_a_pair_does_not_separate_an_additive_model():
    """No acceptance among specific-and-sensitive recommendations separates a model with their
    interaction, not the additive one (whose estimate exists)."""
    rng = np.random.default_rng(9)
    n = 400
    s, z = rng.integers(0, 2, n), rng.integers(0, 2, n)
    y = (rng.random(n) < 0.5).astype(int)
    y[(s == 1) & (z == 1)] = 0
    additive = np.column_stack([np.ones(n), s, z])
    assert not separation.lp_separation(additive, y)[0]
    separated, infinite = separation.lp_separation(np.column_stack([additive, s * z]), y)
    assert separated and 3 in infinite


def test_separation_table_checks_each_cycle():
    data = synthetic(seed=4, missing=0)
    data.loc[(data["cycle"] == 2) & (data["sensitive"] == 0), "rejected_at_wg"] = 0
    specs = analysis.load_specs()
    table = separation.separation_table([specs["wg_2"]], data)
    rows = table.set_index("sample")
    assert rows.loc["as specified", "estimate exists"] == "yes"
    assert rows.loc["cycle 2", "estimate exists"] == "no"
    assert "sensitive" in rows.loc["cycle 2", "infinite"]
