"""Readers, state names and text matching: good input works, bad input stops with a clear error."""

from __future__ import annotations

import pandas as pd
import pytest

from dprk_upr.data.matching import MatchError, combine_responses, link
from dprk_upr.data.readers import InputError, read_report_text, read_upr_info
from dprk_upr.data.states import UnknownStateError, resolve_all, to_iso3

HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"


def _write(path, text: str, encoding="mac_roman"):
    path.write_bytes(text.replace("\n", "\r").encode(encoding))
    return path


def test_upr_info_export_reads(raw_dir):
    frame = read_upr_info(raw_dir / "upr-info/upr-info-export-sessions-17-20.csv")
    dprk = frame[(frame["To"] == "DPR Korea") & (frame["Session"] == 19)]
    assert len(dprk) == 269
    assert set(dprk["Response"]) == {"Accepted", "Noted"}
    assert frame["Action"].between(1, 5).all()
    # accented letters decoded from mac_roman, not mangled
    assert frame["Text"].str.contains("\u00e9").any()
    assert not frame["Text"].str.contains("\u00c3").any()


def test_upr_info_wrong_encoding(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        f"{HEADER}\nDPR Korea,Asia,,Respect the people\u2019s rights,Chile,GRULAC,,Noted,4,Justice,6\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"export.csv: the file is UTF-8, but it should be mac_roman"):
        read_upr_info(path)


def test_upr_info_in_cp1252_is_refused_with_the_likely_encoding(tmp_path):
    # a cp1252 file decodes as mac_roman without error, with every apostrophe a letter ("peopleís")
    rows = "".join(
        f"DPR Korea,Asia,,Respect the people\u2019s rights {i},Chile,GRULAC,,Noted,4,Justice,6\n" for i in range(5)
    )
    path = _write(tmp_path / "export.csv", f"{HEADER}\n{rows}", encoding="cp1252")
    with pytest.raises(InputError, match=r"export.csv: the bytes look like cp1252, not mac_roman"):
        read_upr_info(path)


def test_upr_info_2015_format_with_a_byte_order_mark_is_refused(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + f"{HEADER}\rDPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Noted,4,Torture,6\r".encode()
    )
    with pytest.raises(InputError, match="byte-order mark, but it should be mac_roman"):
        read_upr_info(path)


HEADER_2018 = "SuR;Rgrp;Org;Recommendation;RS;Rgrp;Org;Response;Action;Issue;Session"


def test_upr_info_2018_format_reads_into_the_same_columns(tmp_path):
    text = (
        f"{HEADER_2018}\r\nChile;GRULAC;;Ratify the Convention \u2019A\u2019;DPR Korea;Asia;;Supported;5;Torture;5\r\n"
        "Chile;GRULAC;;Adopt a law;Peru;GRULAC;;Noted;5;Justice;\r\n"
    )
    path = tmp_path / "export2018.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    frame = read_upr_info(path)
    assert frame.attrs["format"] == "2018"
    assert frame[["To", "From", "Response", "Action", "Session"]].values.tolist() == [
        ["Chile", "DPR Korea", "Supported", 5, 5]
    ]
    assert frame.attrs["set_aside"] == [{"row": 3, "reason": "no session"}]  # listed, not lost


def test_upr_info_repeated_row_is_refused(tmp_path):
    row = "DPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Noted,4,Torture,19\n"
    path = _write(tmp_path / "export.csv", f"{HEADER}\n{row}{row.replace('Noted', 'Accepted')}")
    with pytest.raises(InputError, match=r"export.csv, row 3: repeats an earlier row .*upr_info_duplicates.csv"):
        read_upr_info(path)


def test_upr_info_response_outside_the_set_names_the_row(tmp_path):
    path = _write(tmp_path / "export.csv", f"{HEADER}\nDPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Pending,4,Torture,6\n")
    with pytest.raises(InputError, match=r"export.csv, row 2: response 'Pending' is not one of"):
        read_upr_info(path)


def test_upr_info_missing_column(tmp_path):
    path = _write(
        tmp_path / "export.csv", "To,Text,From,Response,Issue,Session\nDPR Korea,Ratify CAT,Chile,Noted,Torture,6\n"
    )
    with pytest.raises(InputError, match=r"export.csv: the first line .* is not the header of a UPR Info export"):
        read_upr_info(path)


def test_upr_info_bad_action_names_the_row(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        f"{HEADER}\nDPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Noted,4,Torture,6\n"
        f"DPR Korea,Asia,,Ratify CED,Peru,GRULAC,,Noted,five,Torture,6\n",
    )
    with pytest.raises(InputError, match=r"export.csv, row 3: action category 'five' is not 1-5"):
        read_upr_info(path)


def test_report_wrong_encoding_and_empty(tmp_path):
    # UTF-8 (later cycles) and mac_roman (the project's first two cycles) are both read as they are
    assert "State\u2019s" in read_report_text(
        _write(tmp_path / "u.txt", "90. The State\u2019s answer", encoding="utf-8")
    )
    assert "State\u2019s" in read_report_text(_write(tmp_path / "m.txt", "90. The State\u2019s answer"))
    with pytest.raises(InputError, match="UTF-8"):
        read_report_text(
            _write(tmp_path / "r.txt", "90. The State\u2019s answer", encoding="utf-8"), encoding="mac_roman"
        )
    with pytest.raises(InputError, match="look like cp1252, not mac_roman"):
        text = "90. The State\u2019s answer to the people\u2019s \u201crights\u201d"
        read_report_text(_write(tmp_path / "c.txt", text, encoding="cp1252"), encoding="mac_roman")
    with pytest.raises(InputError, match="empty"):
        read_report_text(_write(tmp_path / "empty.txt", "  \n"))


@pytest.mark.parametrize(
    "name, iso3",
    [
        ("DPR Korea", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Macedonia FYR", "MKD"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("United States", "USA"),
        ("United States of America", "USA"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Lao People\u2019s Democratic Republic", "LAO"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("Palestine", "PSE"),
        ("Chile", "CHL"),
        ("  viet   nam ", "VNM"),
    ],
)
def test_state_names(name, iso3):
    assert to_iso3(name) == iso3


def test_unknown_state_is_an_error_naming_the_fix():
    with pytest.raises(UnknownStateError, match=r"unknown state name 'Ruritania'.*data/states/aliases.csv"):
        to_iso3("Ruritania")
    with pytest.raises(UnknownStateError, match=r"report.txt: unknown state name\(s\) \['Freedonia', 'Ruritania'\]"):
        resolve_all(["Chile", "Ruritania", "Freedonia"], "report.txt")


def _un(rows):
    return pd.DataFrame(rows, columns=["paragraph", "text", "iso3s"])


def _upr(rows):
    return pd.DataFrame(rows, columns=["row", "Text", "from_iso3"])


def test_link_one_to_one_and_split():
    un = _un([("1.1", "Ratify CAT and CRPD", ["TUN"]), ("1.2", "Ratify CAT", ["CHL"]), ("1.3", "Ratify CAT", ["PER"])])
    upr = _upr(
        [(10, "Ratify CAT", "PER"), (11, "Ratify CAT", "CHL"), (12, "Ratify CAT", "TUN"), (13, "Ratify CRPD", "TUN")]
    )
    links = link(un, upr).set_index("row")
    assert links.loc[10, "paragraph"] == "1.3" and links.loc[11, "paragraph"] == "1.2"
    assert links.loc[12, "paragraph"] == links.loc[13, "paragraph"] == "1.1"
    assert set(links.loc[[12, 13], "link"]) == {"split part"}
    assert set(links.loc[[10, 11], "link"]) == {"one-to-one"}


def test_link_refuses_a_poor_match():
    un = _un([("1.1", "Ratify CAT", ["CHL"])])
    upr = _upr([(10, "Close the political prison camps at once", "CHL")])
    with pytest.raises(MatchError, match=r"1.1: UN .Ratify CAT."):
        link(un, upr)


def test_link_refuses_a_row_that_fits_nowhere():
    un = _un([("1.1", "Ratify CAT", ["CHL"])])
    upr = _upr([(10, "Ratify CAT", "CHL"), (11, "Abolish the death penalty", "CHL")])
    with pytest.raises(MatchError, match=r"row 11 \(CHL\): 'Abolish the death penalty'"):
        link(un, upr)


def test_link_refuses_fewer_rows_than_paragraphs():
    with pytest.raises(MatchError, match="only 0 UPR Info rows"):
        link(_un([("1.1", "Ratify CAT", ["CHL"])]), _upr([]))


def test_combine_responses():
    assert combine_responses(pd.Series(["Accepted", "Accepted"])) == "accepted"
    assert combine_responses(pd.Series(["Noted", "Accepted"])) == "partially accepted"
    with pytest.raises(MatchError, match="unexpected UPR Info response"):
        combine_responses(pd.Series(["Pending"]))
