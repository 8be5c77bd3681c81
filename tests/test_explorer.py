"""The recommendations explorer's data and settings (``dprk_upr.site.explorer``): the search folding
rule, the tables as the reader sees them, the compact rows the page carries, the HTML block, and the
copy of DataTables the page loads. The browser side is checked in ``tests/test_browser.py``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dprk_upr.site import explorer

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "book" / "_static"
BOOK = {"categories": [{"id": "accountability"}, {"id": "detention"}, {"id": "death_penalty"}]}


# ------------------------------------------------------------------------------- folding


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("people's", "Democratic People’s Republic of Korea"),
        ("workers' rights", "the situation of workers’ rights in the country"),
        ("Lao People's", "Lao People’s Democratic Republic"),
        ("cote d'ivoire", "Côte d’Ivoire"),
        ("COTE D`IVOIRE", "Côte d‘Ivoire"),
        ("sao tome", "São\u00a0Tomé and Príncipe"),
        ("timor-leste", "Timor–Leste"),
        ("non-refoulement", "non‑refoulement"),
        ('"open invitation"', "an “open invitation”"),
        ("ostergaard", "Østergaard"),
        ("strasse", "Straße"),
        ("two words", "two\u202f \t words"),
        ("fiscal", "ﬁscal"),
    ],
)
def test_fold_makes_the_query_find_the_stored_text(typed, stored):
    assert explorer.fold(typed) in explorer.fold(stored)


def test_fold_is_idempotent_and_keeps_words():
    text = "“Workers’ rights” — São Tomé; Côte d’Ivoire\u00a0(Ø)"
    once = explorer.fold(text)
    assert explorer.fold(once) == once
    assert once == "\"workers' rights\" - sao tome; cote d'ivoire (o)"
    assert explorer.fold(None) == "" and explorer.fold(12) == "12"


def test_fold_changes_nothing_else():
    plain = "ratify the icc, and cooperate with ohchr (2014): 5/5 #1 & more"
    assert explorer.fold(plain) == plain


def test_fold_rule_is_data_the_browser_can_read():
    rule = explorer.explorer_options(explorer.explorer_table(_recs(), codebook=BOOK))["fold"]
    assert rule == {"characters": explorer.FOLD_CHARACTERS, "spaces": explorer.FOLD_SPACES}
    assert all(len(c) == 1 and r.isascii() for c, r in rule["characters"].items())
    assert re.fullmatch(explorer.FOLD_SPACES, "\u00a0 \u202f\t")
    # the script builds its folding function from this rule and hands it to DataTables
    script = (STATIC / "explorer.js").read_text(encoding="utf-8")
    assert "DataTable.util.diacritics(" in script and "options.fold" in script


# ------------------------------------------------------------------------------ tables


def _recs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rec_id": ["C1-90.1", "C1-90.10", "C2-124.7"],
            "cycle": [1, 1, 2],
            "states": ["Lao People’s Democratic Republic", "Japan", "Chile"],
            "states_iso3": ["LAO", "JPN", "CHL"],
            "text": ["Improve the people’s well-being", "Release the abductees", "Ratify CRPD"],
            "wg_position": ["examine", "rejected", "examine"],
            "response": ["accepted", "noted", "partially accepted"],
            "action_category": [2, 5, 5],
            "specific": [0, 1, 1],
            "sensitive": [0, 1, 0],
            "issues": ["General", "Enforced disappearances,Detention", None],
            "sens_accountability": [0, 0, 0],
            "sens_detention": [0, 1, 0],
            "sens_death_penalty": [0, 1, 0],
        }
    )


def _model_data() -> pd.DataFrame:
    return pd.DataFrame({"rec_id": ["C1-90.1", "C1-90.10", "C2-124.7"], "ideal_point_distance": [0.456, 3.0, None]})


def test_received_table_reads_as_the_reader_sees_it():
    table = explorer.explorer_table(_recs(), _model_data(), codebook=BOOK)
    assert list(table.columns) == [c.title for c in explorer.RECEIVED]
    assert table["ID"].tolist() == ["C1-90.1", "C1-90.10", "C2-124.7"]  # the order of the data
    assert table["Cycle"].tolist() == ["1 (2009)", "1 (2009)", "2 (2014)"]
    assert table["At the Working Group"].tolist() == ["left for later", "rejected", "left for later"]
    assert table["Action category"].tolist() == ["2 (continue)", "5 (specific action)", "5 (specific action)"]
    assert table["Specific"].tolist() == ["no", "yes", "yes"]
    assert table["Sensitivity category"].tolist() == ["", "detention; death penalty", ""]
    assert table["Theme"].tolist()[2] == "Disability"
    assert table["Issues (UPR Info)"].tolist() == ["General", "Enforced disappearances; Detention", ""]
    assert table["Ideal-point distance"].iloc[0] == pytest.approx(0.456)
    assert pd.isna(table["Ideal-point distance"].iloc[2])
    # answers sort from accepted to noted, not alphabetically
    assert list(table["Final answer"].cat.categories) == ["accepted", "partially accepted", "noted"]


def _pairs() -> pd.DataFrame:
    """``recommendation_states.csv``: UPR Info's one name per state."""
    return pd.DataFrame(
        {"iso3": ["LAO", "JPN", "CHL"], "upr_info_name": ["Laos", "Japan", "Chile"], "state": ["x", "y", "z"]}
    )


def test_recommending_state_has_one_name_per_state():
    recs = pd.concat([_recs(), _recs().iloc[[0]].assign(rec_id="C2-1.1", states="Laos")], ignore_index=True)
    table = explorer.explorer_table(recs, codebook=BOOK, pairs=_pairs())
    assert table["Recommending state"].tolist() == ["Laos", "Japan", "Chile", "Laos"]
    assert table["State as written"].tolist() == ["Lao People’s Democratic Republic", "Japan", "Chile", "Laos"]
    # the canonical column points the browser at the spellings; the spellings are hidden
    options = {c["title"]: c for c in explorer.explorer_options(table)["columns"]}
    assert options["Recommending state"]["spellings"] == "State as written"
    assert options["Recommending state"]["pane"] and not options["State as written"]["pane"]
    assert not options["State as written"]["shown"]
    # without the pairs, or for a code they do not name, the report's spelling stays
    assert explorer.explorer_table(recs, codebook=BOOK)["Recommending state"].tolist()[0] == recs["states"][0]
    unknown = recs.assign(states_iso3=["XXX", "JPN", "CHL", "LAO"])
    assert explorer.canonical_states(unknown, _pairs()).tolist() == [recs["states"][0], "Japan", "Chile", "Laos"]
    # joint recommendations: one name per state, in the report's order
    joint = pd.DataFrame({"states": ["Chile, Japan"], "states_iso3": ["CHL; JPN"]})
    assert explorer.canonical_states(joint, _pairs()).tolist() == ["Chile; Japan"]


def test_every_spellings_column_exists():
    for columns in (explorer.RECEIVED, explorer.MADE):
        titles = [c.title for c in columns]
        for col in columns:
            if col.spellings:
                assert col.spellings in titles and col.spellings != col.title


def test_received_table_without_model_data_has_an_empty_distance():
    table = explorer.explorer_table(_recs(), codebook=BOOK)
    assert table["Ideal-point distance"].isna().all()


def test_received_table_names_a_missing_column():
    with pytest.raises(KeyError, match="response.*make processed"):
        explorer.explorer_table(_recs().drop(columns="response"), codebook=BOOK)


def test_sensitivity_names_follow_the_codebook():
    names = explorer.sensitivity_names()
    assert names["sens_death_penalty"] == "death penalty"
    assert all(col.startswith("sens_") for col in names)


def _made() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "uid": ["04-2705", "16-100"],
            "session": [4, 16],
            "cycle": [1, 2],
            "state_under_review": ["Côte d’Ivoire", "Cuba"],
            "text": ["Continue its efforts", "Ratify CRPD"],
            "response": ["noted", "supported"],
            "action_category": [2, 4],
            "issues": ["General,Other", "Disabilities"],
            "ideal_point_distance": [1.5, 0.25],
        }
    )


def test_made_table_and_its_settings():
    table = explorer.made_table(_made())
    assert list(table.columns) == list(explorer.MADE_COLUMNS.values())
    assert table["Cycle"].tolist() == ["1 (2008-2011)", "2 (2012-2016)"]
    assert table["Session"].tolist() == ["4", "16"]
    assert list(table["Answer"].cat.categories) == ["supported", "noted"]
    options = explorer.made_options(table)
    assert options["table_id"] == explorer.MADE_TABLE_ID != explorer.TABLE_ID
    assert [table.columns[i] for i in options["searchPanes"]["columns"]] == ["Cycle", "Answer", "Action category"]
    # the theme (written for the recommendations North Korea received) is hidden at first but keeps its filter box
    theme = next(c for c in options["columns"] if c["title"] == "Theme")
    assert not theme["shown"] and theme["filter"]
    # sessions sort as numbers (4 before 16), through their codes
    data = explorer.payload(table, explorer.MADE)
    sessions = data["codes"][[c.title for c in explorer.MADE].index("Session")]
    assert sessions == ["4", "16"]


def test_options_describe_every_column():
    table = explorer.explorer_table(_recs(), _model_data(), codebook=BOOK)
    options = explorer.explorer_options(table)
    assert [c["title"] for c in options["columns"]] == list(table.columns)
    key = [c for c in options["columns"] if c["kind"] == "key"]
    assert len(key) == 1 and key[0]["title"] == "ID" and key[0]["phone"]
    shown = [c["title"] for c in options["columns"] if c["shown"]]
    for wanted in ("Theme", "Sensitivity category", "Ideal-point distance", "Recommendation"):
        assert wanted in shown
    assert json.loads(json.dumps(options)) == options  # JSON-ready
    with pytest.raises(ValueError, match="columns"):
        explorer.explorer_options(table.drop(columns="Theme"))


# ----------------------------------------------------------------------- compact rows


def _decode(data: dict, columns) -> pd.DataFrame:
    """What the page shows, rebuilt from the compact rows (the inverse of ``payload``)."""
    rows = []
    for row in data["rows"]:
        out = []
        for value, codes, col in zip(row, data["codes"], columns, strict=True):
            if col.kind == "category":
                out.append("" if value is None else codes[value])
            elif col.kind == "list":
                out.append("; ".join(codes[i] for i in value))
            elif col.kind == "number":
                out.append(value)
            else:
                out.append(value)
        rows.append(out)
    return pd.DataFrame(rows, columns=[c.title for c in columns])


def test_payload_round_trips():
    table = explorer.explorer_table(_recs(), _model_data(), codebook=BOOK)
    data = explorer.payload(table, explorer.RECEIVED)
    back = _decode(data, explorer.RECEIVED)
    for col in explorer.RECEIVED:
        if col.kind == "number":
            expected = [None if pd.isna(v) else round(v, 2) for v in table[col.title]]
            assert [None if pd.isna(v) else v for v in back[col.title]] == expected
            continue
        elif col.kind == "list":
            # a list's items are sorted case-insensitively in its vocabulary but keep their order per row
            expected = table[col.title].tolist()
        else:
            expected = table[col.title].astype(object).where(table[col.title].notna(), "").tolist()
        assert back[col.title].tolist() == expected, col.title


def test_payload_is_smaller_than_the_table():
    """Repeated values (states, answers, themes) are sent once each, as codes."""
    table = explorer.explorer_table(pd.concat([_recs()] * 50), pd.concat([_model_data()] * 50), codebook=BOOK)
    compact = len(json.dumps(explorer.payload(table, explorer.RECEIVED)))
    assert compact < len(table.astype(str).to_json(orient="values"))


# ----------------------------------------------------------------------------- HTML


def test_html_block_carries_the_rows_once_and_safely():
    recs = _recs()
    recs.loc[0, "text"] = "Stop </script><script>alert(1)</script> & more"
    table = explorer.explorer_table(recs, _model_data(), codebook=BOOK)
    block = explorer.explorer_html(table, explorer.explorer_options(table), explorer.RECEIVED, "A <caption>")
    assert block.count("<script") == 2  # the module and the JSON, nothing else
    assert "</script><script>alert" not in block and "A &lt;caption&gt;" in block
    data = json.loads(re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', block, re.S).group(1))
    text = [c.title for c in explorer.RECEIVED].index("Recommendation")
    assert data["data"]["rows"][0][text].startswith("Stop </script>")
    assert data["options"]["table_id"] == explorer.TABLE_ID
    for asset in ("explorer.js", "explorer.css", "explorer-datatables.js", "explorer-datatables.css"):
        assert f'"../_static/{asset}"' in block
        assert (STATIC / asset).is_file()
    assert "http://" not in block and "https://" not in block  # nothing from the network


def test_column_notes_list_every_column():
    notes = explorer.column_notes(explorer.RECEIVED)
    assert notes.count("\n- ") == len(explorer.RECEIVED) - 1
    assert "**Issues (UPR Info)** (hidden at first)" in notes


def test_datatables_copy_is_the_installed_itables_bundle():
    pytest.importorskip("itables")
    for source, target in explorer.DATATABLES_FILES.items():
        shipped = (explorer.datatables_source() / source).read_bytes()
        assert (STATIC / target).read_bytes() == shipped, (
            f"book/_static/{target} differs from itables' {source}: run "
            "python -c 'from pathlib import Path; from dprk_upr.site import explorer; "
            'explorer.copy_datatables(Path("book/_static"))\''
        )


# ------------------------------------------------------------------------ real tables


def test_real_tables(built):
    """On the processed tables: every recommendation once, each with an id and a theme, the
    distance where the models have one, and the quotes the issue found ("people’s") folded."""
    recs, model_data = built["recommendations"], built["model_data"]
    table = explorer.explorer_table(recs, model_data, pairs=built["recommendation_states"])
    # one name per state: as many names as ISO codes, fewer than the reports' spellings
    assert table["Recommending state"].nunique() == recs["states_iso3"].nunique()
    assert table["Recommending state"].nunique() < table["State as written"].nunique()
    assert len(table) == len(recs) and table["ID"].is_unique and (table["ID"] != "").all()
    assert table["Theme"].notna().all()
    assert table["Ideal-point distance"].notna().sum() == model_data["ideal_point_distance"].notna().sum()
    folded = table["Recommendation"].map(explorer.fold)
    assert (
        folded.str.contains("people's", regex=False).sum()
        == recs["text"].str.contains("people’s|people's", case=False).sum()
    )
    made = explorer.made_table(built["dprk_recommendations_made"])
    assert len(made) == len(built["dprk_recommendations_made"])
    for frame, columns, options in (
        (table, explorer.RECEIVED, explorer.explorer_options(table)),
        (made, explorer.MADE, explorer.made_options(made)),
    ):
        data = explorer.payload(frame, columns)
        assert len(data["rows"]) == len(frame)
        # the page: the rows once, well under the megabyte the itables page weighed
        block = explorer.explorer_html(frame, options, columns, "caption")
        assert len(block.encode()) < 200_000
