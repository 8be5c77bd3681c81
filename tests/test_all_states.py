"""UPR Info's export of 25 July 2018 in the build: every state under review, North Korea's own
recommendations, the peer set, the reconciliation with the older exports, and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from dprk_upr import paths
from dprk_upr.build.all_states import (
    PEER_POLYARCHY_MAX,
    all_states_table,
    export_2018_files,
    peer_table,
)
from dprk_upr.build.export_reconciliation import normalise_text, pair_rows
from dprk_upr.build.recommendations import BuildError
from dprk_upr.coding.comparative import COMPARATIVE_TAGS, civil_political, load_comparative_tags
from dprk_upr.data.files import ConfigError
from dprk_upr.data.sessions import load_sessions, session_table

# --- the sessions table -------------------------------------------------------------------------


def test_sessions_table_covers_the_export_with_sources():
    sessions = load_sessions()
    assert sessions["session"].tolist() == list(range(1, 28))
    assert set(sessions.loc[sessions["session"] <= 12, "cycle"]) == {1}
    assert set(sessions.loc[sessions["session"].between(13, 26), "cycle"]) == {2}
    assert (sessions["source"].str.strip() != "").all()
    # North Korea's reviews agree with data/reference/reviews.csv
    assert session_table(pd.Series([6, 19]))["year"].tolist() == [2009, 2014]


def test_bad_sessions_file_names_the_line(tmp_path):
    text = paths.REFERENCE.joinpath("upr_sessions.csv").read_text(encoding="utf-8")
    bad = tmp_path / "sessions.csv"
    bad.write_text(text.replace("3,1,2008,1-11 December 2008,", "3,1,2009,1-11 December 2008,", 1), encoding="utf-8")
    line = 1 + next(i for i, row in enumerate(text.splitlines()) if row.startswith("3,1,"))
    with pytest.raises(ValueError, match=rf"line {line}: breaks the rule 'the year appears in the dates'"):
        load_sessions(bad)
    gap = tmp_path / "gap.csv"
    gap.write_text("\n".join(line for line in text.splitlines() if not line.startswith("5,1,")), encoding="utf-8")
    with pytest.raises(ValueError, match="without gaps"):
        load_sessions(gap)
    with pytest.raises(ValueError, match=r"session\(s\) \[99\]"):
        session_table(pd.Series([99]))


# --- the comparative sensitivity ----------------------------------------------------------------


def test_comparative_tags_follow_the_north_korea_codebook():
    """Counted = the codebook's sensitive tags, except the one mapped for North Korea's sake."""
    codebook = yaml.safe_load(paths.CODING.joinpath("sensitivity.yaml").read_text(encoding="utf-8"))
    sensitive = {t for t in codebook["issue_tags"]["sensitive"] if t != "Detention conditions"}
    counted = {t for t, c in load_comparative_tags().items() if c}
    assert counted == sensitive - {"Asylum-seekers - refugees"}


def test_unknown_tag_stops_with_the_row():
    issues = pd.Series(["Detention", "Moon landings"], index=[10, 11])
    with pytest.raises(ConfigError, match=r"'Moon landings' of row 11 \(file.csv, line 3\)"):
        civil_political(issues, where=pd.Series(["x", "file.csv, line 3"], index=[10, 11]))
    assert civil_political(pd.Series(["Detention,Justice", ""])).tolist() == [1, 0]


def test_tag_listed_twice_is_an_error(tmp_path):
    bad = tmp_path / "tags.yaml"
    bad.write_text("version: 1\ncounted: [Detention]\nnot_counted: [Detention]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="listed twice"):
        load_comparative_tags(bad)
    assert COMPARATIVE_TAGS.is_file()


# --- the tables ---------------------------------------------------------------------------------


def test_all_states_rows_and_keys(built):
    table, aside = built["upr_all_states"], built["export_set_aside"]
    assert table["uid"].is_unique
    assert table["sur_iso3"].str.fullmatch(r"[A-Z]{3}").all() and table["rs_iso3"].str.fullmatch(r"[A-Z]{3}").all()
    coded = built["action_agreement"].query("check == 'overall'")["n"].iat[0]
    unknown = aside["reason"].str.contains("unknown").sum()
    assert len(table) == coded - unknown
    assert set(table["accepted"]) == {0, 1}
    assert (table["accepted"] == (table["response"] == "supported")).all()
    # cycles 1-2 have tags everywhere; the session without tags has no comparative sensitivity
    assert table.loc[table["cycle"].isin([1, 2]), "civil_political"].notna().all()


def test_every_missing_measure_has_a_reason(built):
    table = built["upr_all_states"]
    for col in ("ideal_point_distance", "defence_pact", "sur_polyarchy", "rs_polyarchy", "civil_political"):
        blank = table[table[col].isna()]
        assert (blank["missing_reason"].fillna("").str.len() > 0).all(), col
    palestine = table[table["rs_iso3"] == "PSE"]
    assert palestine["ideal_point_distance"].isna().all()
    assert palestine["missing_reason"].str.contains("PSE").all()


def test_north_korea_in_both_roles(built):
    table, made = built["upr_all_states"], built["dprk_recommendations_made"]
    assert len(made) == int(table["rs_dprk"].sum()) == 160
    assert made["text"].str.len().min() > 0
    assert set(table.loc[table["sur_dprk"] == 1, "session"]) == {6, 19}
    assert made["ideal_point_distance"].notna().all()


def test_peer_set_follows_its_rule(built):
    peers = built["peer_states"]
    meets = (
        (peers["named_by_ga"] == 1)
        & (peers["polyarchy_cycle1"] <= PEER_POLYARCHY_MAX)
        & (peers["polyarchy_cycle2"] <= PEER_POLYARCHY_MAX)
    )
    assert (peers["meets_rule"] == meets.astype(int)).all()
    assert peers.set_index("iso3").loc["PRK", ["meets_rule", "peer"]].tolist() == [1, 0]
    named = peers[peers["named_by_ga"] == 1]
    assert named["ga_resolutions"].str.contains("A/RES/").all()
    assert "UKR" not in set(named["iso3"]) and "RUS" not in set(named["iso3"])  # Crimea names a territory
    table = built["upr_all_states"]
    assert set(table.loc[table["sur_peer"] == 1, "sur_iso3"]) == set(peers.loc[peers["peer"] == 1, "iso3"])


def test_peer_table_rule_on_a_small_case():
    sur = pd.DataFrame(
        {
            "sur_iso3": ["AAA", "AAA", "BBB", "BBB", "PRK", "PRK"],
            "state_under_review": ["A", "A", "B", "B", "DPR Korea", "DPR Korea"],
            "session": [1, 14, 2, 15, 6, 19],
            "cycle": [1, 2, 1, 2, 1, 2],
            "sur_polyarchy": [0.2, 0.6, 0.1, 0.1, 0.01, 0.01],
        }
    )
    res = pd.DataFrame(
        {"year": [2006, 2007, 2008], "unres": ["A/RES/1", "A/RES/2", "A/RES/3"], "iso3": ["AAA", "BBB", "PRK"]}
    )
    table = peer_table(sur, res).set_index("iso3")
    assert table.loc["AAA", "meets_rule"] == 0  # democratic enough before its second review
    assert table.loc["BBB", ["meets_rule", "peer"]].tolist() == [1, 1]
    assert table.loc["PRK", ["meets_rule", "peer"]].tolist() == [1, 0]


def test_exports_agree_and_every_difference_is_listed(built):
    agree = built["export_agreement"].set_index("scope")
    overall = agree.iloc[-1]
    paired = overall["paired_exact"] + overall["paired_close"]
    assert overall["unpaired_2018"] == overall["unpaired_older"] == 0
    assert overall["response_agree"] / paired >= 0.999
    assert overall["action_agree"] / paired >= 0.998
    diffs = built["export_differences"]
    assert (diffs["kind"] == "action category").sum() == paired - overall["action_agree"]
    assert (diffs["kind"] == "issue tags").sum() == paired - overall["issues_agree"]
    assert overall["issues_vocabulary"] <= paired - overall["issues_agree"]


# --- pairing the exports ------------------------------------------------------------------------


def test_normalise_text_repairs_and_folds():
    assert normalise_text("GuaranÃ\xad peoples.") == normalise_text("Guaraní peoples") == "guarani peoples"


def test_pair_rows_exact_close_and_alone():
    new = pd.DataFrame(
        {
            "rid": [0, 1, 2],
            "Session": [6, 6, 6],
            "sur_iso3": ["NOR"] * 3,
            "rs_iso3": ["CZE"] * 3,
            "Text": ["Ratify the Convention.", "Adopt a national action plan a) with b) measures", "Something new"],
        }
    )
    old = pd.DataFrame(
        {
            "rid": [0, 1],
            "Session": [6, 6],
            "sur_iso3": ["NOR", "NOR"],
            "rs_iso3": ["CZE", "CZE"],
            "Text": ["ratify the convention", "Adopt a national action plan with measures, as recommended"],
        }
    )
    pairs = pair_rows(new, old).set_index("rid_new")
    assert pairs.loc[0, "how"] == "exact"
    assert pairs.loc[1, "how"] == "close" and pairs.loc[1, "score"] >= 80
    assert pairs.loc[2, "how"] == "only in the 2018 export"


# --- bad input ----------------------------------------------------------------------------------


def test_unknown_state_stops_the_build(raw_dir):
    rows = pd.DataFrame(
        {
            "row": [2],
            "To": ["Ruritania"],
            "To-Rgrp": ["WEOG"],
            "From": ["France"],
            "From-Rgrp": ["WEOG"],
            "Text": ["Ratify the Convention"],
            "Response": ["Supported"],
            "Action": [5],
            "Issue": ["International instruments"],
            "Session": [3],
            "file": ["upr-info-export-2018-sessions-01-06.csv"],
        }
    )
    with pytest.raises(BuildError, match=r"Ruritania.*aliases.csv"):
        all_states_table(rows, raw_dir)


def test_manifest_without_the_export_stops(tmp_path):
    manifest = tmp_path / "sources.csv"
    text = paths.MANIFEST.read_text(encoding="utf-8")
    manifest.write_text(
        "\n".join(line for line in text.splitlines() if "export-2018" not in line) + "\n", encoding="utf-8"
    )
    with pytest.raises(BuildError, match="2018 export is not listed"):
        export_2018_files(manifest)
