"""State names: Unicode folding, current UN short forms, warnings and errors that show what differs."""

from __future__ import annotations

import csv
import io
import re
import warnings

import pandas as pd
import pytest

from dprk_upr.data.states import (
    ALIASES,
    StateNameWarning,
    UnknownStateError,
    codepoints,
    is_state,
    load_aliases,
    normalise,
    resolve_all,
    suggested_alias_row,
    to_iso3,
)


@pytest.mark.parametrize(
    "name, iso3",
    [
        ("DPR Korea", "PRK"),
        ("Democratic People\u2019s Republic of Korea", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Macedonia FYR", "MKD"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("United States", "USA"),
        ("United States of America", "USA"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Lao People\u2019s Democratic Republic", "LAO"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("Holy See", "VAT"),
        ("the Holy See", "VAT"),
        ("Chile", "CHL"),
        ("  viet   nam ", "VNM"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Plurinational State of Bolivia", "BOL"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        # current UN short forms (UN Member States list)
        ("Netherlands (Kingdom of the)", "NLD"),
        ("T\u00fcrkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
        ("Cabo Verde", "CPV"),
        ("Cape Verde", "CPV"),
        ("C\u00f4te d\u2019Ivoire", "CIV"),
        ("Gambia (Republic of The)", "GMB"),
        ("Micronesia (Federated States of)", "FSM"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
    ],
)
def test_state_names(name, iso3):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these needs Unicode folding
        assert to_iso3(name) == iso3


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Timor\u2011Leste", "timor-leste"),  # non-breaking hyphen
        ("Timor\u2013Leste", "timor-leste"),  # en dash
        ("Timor\u2010Leste", "timor-leste"),  # hyphen
        ("Guinea\u00ad-Bissau", "guinea-bissau"),  # soft hyphen
        ("Sri\u00a0Lanka", "sri lanka"),  # no-break space
        ("Sri\u202fLanka", "sri lanka"),  # narrow no-break space
        ("Co\u0302te d\u2019Ivoire", "c\u00f4te d'ivoire"),  # combining circumflex, curly apostrophe
        ("\uff23\uff48\uff49\uff4c\uff45", "chile"),  # full-width letters (NFKC)
        ("Sao\u200b Tome and Principe", "sao tome and principe"),  # zero-width space
        ("\u201cBahamas\u201d", '"bahamas"'),
    ],
)
def test_normalise_folds_unicode(raw, folded):
    assert normalise(raw) == folded


@pytest.mark.parametrize(
    "raw, iso3, shows",
    [
        ("Timor\u2011Leste", "TLS", "U+2011 NON-BREAKING HYPHEN"),
        ("Guinea\u2011Bissau", "GNB", "U+2011 NON-BREAKING HYPHEN"),
        ("Guinea\u2013Bissau", "GNB", "U+2013 EN DASH"),
        ("Co\u0302te d'Ivoire", "CIV", "U+0302 COMBINING CIRCUMFLEX ACCENT"),
        ("Sri\u00a0Lanka", "LKA", "U+00A0 NO-BREAK SPACE"),
        ("Guinea-\u00adBissau", "GNB", "U+00AD SOFT HYPHEN"),
    ],
)
def test_name_matching_only_after_folding_warns_with_code_points(raw, iso3, shows):
    assert is_state(raw)
    with pytest.warns(StateNameWarning, match=re.escape(shows)) as record:
        assert to_iso3(raw, where="report.txt, paragraph 12.3") == iso3
    message = str(record[0].message)
    assert "report.txt, paragraph 12.3" in message and "only after Unicode folding" in message
    assert str(ALIASES) in message


def test_unknown_name_error_names_where_the_name_and_the_fix():
    with pytest.raises(UnknownStateError, match=r"report.txt: unknown state name 'Ruritania'.*aliases.csv") as err:
        to_iso3("Ruritania", where="report.txt")
    assert "Ruritania,<ISO3>,<where the spelling comes from>," in str(err.value)


def test_suggested_alias_row_is_valid_csv():
    for name in ["Ruritania", "Korea, Democratic Republic of", 'The "Free" State', "Bolivia (Plurinational, State)"]:
        row = suggested_alias_row(name)
        assert next(csv.reader(io.StringIO(row))) == [name, "<ISO3>", "<where the spelling comes from>", ""]
    with pytest.raises(UnknownStateError) as err:
        to_iso3("Freedonia, Grand Duchy of")
    pasted = str(err.value).splitlines()[-1].strip()
    assert pasted == '"Freedonia, Grand Duchy of",<ISO3>,<where the spelling comes from>,'
    assert next(csv.reader(io.StringIO(pasted)))[0] == "Freedonia, Grand Duchy of"


def test_unknown_name_with_odd_characters_shows_them():
    with pytest.raises(UnknownStateError, match=r"contains U\+2011 NON-BREAKING HYPHEN"):
        to_iso3("Rurit\u2011ania")


def test_unknown_name_close_to_a_known_one_gets_a_hint():
    with pytest.raises(UnknownStateError, match=r"resembles 'Russian Federation' \(RUS\)"):
        to_iso3("Russia Federation")


def test_resolve_all_lists_every_unknown_name():
    with pytest.raises(UnknownStateError, match=r"report.txt: unknown state name\(s\) \['Freedonia', 'Ruritania'\]"):
        resolve_all(["Chile", "Ruritania", "Freedonia"], "report.txt")
    assert resolve_all(["Chile", "Viet Nam"], "x") == {"Chile": "CHL", "Viet Nam": "VNM"}


def test_codes_are_not_names():
    for code in ["CAF", "MDG", "AR", "ICC", "CEDAW", "OP-CAT"]:
        assert not is_state(code)


def test_codepoints():
    assert codepoints("Timor\u2011Leste\u00a0") == "U+2011 NON-BREAKING HYPHEN, U+00A0 NO-BREAK SPACE"
    assert codepoints("Chile") == ""


def test_alias_table_rows_name_their_source():
    table = pd.read_csv(ALIASES, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["name", "iso3", "source", "note"]
    assert (table["source"].str.strip() != "").all()
    for name in [
        "Netherlands (Kingdom of the)",
        "T\u00fcrkiye",
        "Turkiye",
        "Czechia",
        "North Macedonia",
        "Eswatini",
        "Cabo Verde",
    ]:
        assert "UN Member States list" in table.loc[table["name"] == name, "source"].iloc[0]


def test_alias_table_conflict_is_an_error(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,iso3,source,note\nRuritania,FRA,test,\nruritania ,DEU,test,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases.csv, line 3: 'ruritania ' is mapped to DEU, but line 2"):
        load_aliases(path)
    path.write_text("name,iso3,source,note\nRuritania,RUR,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases.csv: line 2, column source: must not be empty"):
        load_aliases(path)


def test_alias_table_is_project_data():
    assert ALIASES.parts[-3:] == ("data", "states", "aliases.csv")
    assert ALIASES.exists()


def test_parser_notes_names_that_match_only_after_folding():
    from dprk_upr.data.reports import parse_recommendations

    text = (
        "66. The following recommendations enjoy the support of Ruritania:\n"
        "66.1 Ratify CAT (Timor\u2011Leste);\n66.2 Ratify CED (Rurit\u2011ania).\n"
    )
    frame = parse_recommendations(text, strict=False)
    assert frame["states"].tolist() == [["Timor\u2011Leste"], ["Rurit\u2011ania"]]
    note = [n for n in frame.attrs["notes"] if n["kind"] == "folded_state_name"][0]
    assert note["paragraph"] == "66.1" and "U+2011 NON-BREAKING HYPHEN" in note["message"]
    problem = frame.attrs["problems"][0]
    assert problem["kind"] == "unknown_state" and "U+2011 NON-BREAKING HYPHEN" in problem["message"]
