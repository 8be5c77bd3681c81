"""The codebook describes every column of every processed table."""

from __future__ import annotations

import pandas as pd
import pytest

from dprk_upr import codebook


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
    bad.write_text("tables:\n  t:\n    description: x\n    columns:\n"
                   "      c: {meaning: one, two, source: here}\n")
    with pytest.raises(ValueError, match=r"t.c must have exactly 'meaning' and 'source'.*quote texts"):
        codebook.load_columns(bad)
