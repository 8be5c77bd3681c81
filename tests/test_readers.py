"""Decoding the raw text files and stripping page furniture."""

from __future__ import annotations

import glob

import pytest

from dprk_upr.data.encodings import EncodingError, decode_bytes
from dprk_upr.data.readers import InputError, read_report_text, strip_page_furniture

TEXT = "90. The State\u2019s answer \u2013 Côte d\u2019Ivoire"


@pytest.mark.parametrize("encoding, newline", [("mac_roman", "\r"), ("utf-8", "\n"), ("utf-8", "\r\n")])
def test_auto_decoding_picks_the_encoding_per_file(tmp_path, encoding, newline):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.replace(" ", newline, 1).encode(encoding))
    assert read_report_text(path, encoding="auto") == TEXT.replace(" ", "\n", 1)


def test_utf8_with_byte_order_mark(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_report_text(path) == TEXT  # later cycles are UTF-8: read as they are
    with pytest.raises(
        InputError, match="report.txt: the file starts with a UTF-8 byte-order mark, but it should be mac_roman"
    ):
        read_report_text(path, encoding="mac_roman")


def test_mac_roman_when_asked_is_strict(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    with pytest.raises(InputError, match="report.txt: the file is UTF-8, but it should be mac_roman"):
        read_report_text(path, encoding="mac_roman")
    path.write_bytes(TEXT.encode("mac_roman"))
    assert read_report_text(path) == TEXT
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_report_text(path, encoding="utf-8")
    with pytest.raises(EncodingError, match="unknown encoding"):
        decode_bytes(b"x\x80", "latin-1")


def test_empty_report(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \r")
    with pytest.raises(InputError, match="empty.txt: the file is empty"):
        read_report_text(path, encoding="auto")


FURNITURE = "\n".join(
    [
        "124.1 Ratify CAT",
        "A/HRC/27/10",
        "GE.14-07222 (E)    210714",
        "*1407222*",
        "Page 7",
        "7",
        "**",
        "",
        "",
        "GE.25-02819                       11",
        "24                    GE.25-02819",
        "A/HRC/WG.6/6/PRK/1",
        "(Chile); 12 States agree",
        "2010",
        "124.2 Text",
    ]
)


def test_page_furniture_lines_go_and_text_stays():
    out = strip_page_furniture(FURNITURE)
    assert out == "124.1 Ratify CAT\n\n(Chile); 12 States agree\n2010\n124.2 Text"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_page_furniture_any_line_endings_and_idempotent(newline):
    once = strip_page_furniture(FURNITURE.replace("\n", newline))
    assert once == strip_page_furniture(FURNITURE)
    assert strip_page_furniture(once) == once


def test_page_furniture_idempotent_on_real_reports(shared_data):
    files = sorted(glob.glob(str(shared_data / "raw" / "parser-dev" / "*.txt")))
    files += sorted(glob.glob(str(shared_data / "raw" / "un-reports" / "*.txt")))
    assert files
    for f in files:
        text = read_report_text(f, encoding="auto")
        assert strip_page_furniture(text) == text, f
