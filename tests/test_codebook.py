"""The codebook describes every column of every processed table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dprk_upr.data import dictionary as codebook
from dprk_upr.report import codebook_page


def test_every_processed_column_is_documented(built):
    spec = codebook.load_columns()
    for name, frame in built.items():
        assert name in spec, f"processed table {name} has no entry in data/coding/columns.yaml"
        assert codebook.undocumented(name, frame, spec) == []
        table = codebook.codebook_frame(name, frame, spec)
        assert len(table) == frame.shape[1]


def test_undocumented_column_is_an_error(built):
    frame = built["links"].assign(mystery=1)
    with pytest.raises(ValueError, match=r"columns of links.csv not described: \['mystery'\]"):
        codebook.codebook_frame("links", frame)


def test_values_summary_counts_missing():
    assert codebook.values_summary(pd.Series([None, None])) == "all missing"
    assert codebook.values_summary(pd.Series(list("abcdefgh"))) == "8 distinct values"


def test_codebook_entries_are_well_formed(tmp_path):
    bad = tmp_path / "columns.yaml"
    bad.write_text("tables:\n  t:\n    description: x\n    columns:\n      c: {meaning: one, two, source: here}\n")
    with pytest.raises(ValueError, match=r"t.c must have exactly 'meaning' and 'source'.*quote texts"):
        codebook.load_columns(bad)


def _small_spec():
    return {
        "t": {"description": "A small table.", "columns": {"a": {"meaning": "the a", "source": "here"}}},
        "u": {"description": "Not built.", "columns": {"b": {"meaning": "the b", "source": "there"}}},
    }


def test_processed_tables_lists_only_built_tables(tmp_path):
    (tmp_path / "t.csv").write_text("a\n1\n2\n", encoding="utf-8")
    assert codebook.processed_tables(_small_spec(), tmp_path) == ["t"]


def test_table_section_heading_and_table(tmp_path):
    (tmp_path / "t.csv").write_text("a\n1\n2\n", encoding="utf-8")
    heading, html = codebook_page.table_section("t", _small_spec(), tmp_path)
    assert heading == "**`t.csv`**: A small table. (2 rows, 1 column)"
    assert html.startswith('<div class="dprk-scroll" tabindex="0"><table class="dprk-table">')
    assert "<td><code>a</code></td>" in html
    assert "<td>the a<br><em>Values:</em> 1, 2<br><em>Source:</em> here</td>" in html
    assert "<th>Column</th>" in html and "<th>Meaning, values and source</th>" in html
    with pytest.raises(FileNotFoundError, match="make processed"):
        codebook_page.table_section("u", _small_spec(), tmp_path)


def test_dictionary_escapes_the_texts_and_leaves_no_placeholder(tmp_path):
    spec = {"t": {"description": "d", "columns": {"a_b": {"meaning": "C<cycle> & more", "source": "x/y.csv"}}}}
    (tmp_path / "t.csv").write_text("a_b\n1\n", encoding="utf-8")
    _, html = codebook_page.table_section("t", spec, tmp_path)
    assert "C&lt;cycle&gt; &amp; more<br>" in html
    assert "<code>a_<wbr>b</code>" in html and "x/<wbr>y.<wbr>csv" in html
    assert not set(html) & {"\u2028", "\ue000", "\ue001"}


def test_every_built_table_has_a_narrow_dictionary(built):
    for name, frame in built.items():
        table = codebook_page.dictionary_frame(name, frame)
        assert list(table.columns) == ["Column", "Meaning, values and source"]
        names = [re.sub("[\ue000-\ue004\u2028]", "", c) for c in table["Column"]]
        assert names == list(frame.columns)


def test_sensitivity_categories_table():
    from dprk_upr.coding.regime_sensitivity import load_codebook

    book = load_codebook()
    frame = codebook_page.sensitivity_frame(book)
    assert len(frame) == len(book["categories"])
    assert list(frame.columns) == ["Category", "Definition and rationale"]
    html = codebook_page.sensitivity_html(book)
    for c in book["categories"]:
        counted = "yes" if c["counts_toward_sensitive"] else "no (recorded only)"
        assert f"<em>Counted as sensitive:</em> {counted}" in html
    assert html.count("<em>Why:</em>") == len(book["categories"])
    assert html.count("<em>Column:</em> <code>sens_<wbr>") == len(book["categories"])


def test_show_tables_displays_each_built_table(tmp_path, monkeypatch):
    import IPython.display

    (tmp_path / "t.csv").write_text("a\n1\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    codebook_page.show_tables(_small_spec(), tmp_path)
    assert [type(obj).__name__ for obj in shown] == ["Markdown", "HTML"]
    assert "(1 row, 1 column)" in shown[0].data
