"""No silent damage from any input (issue 11): each kind of fault stops with a message that names
the file, the row or key, and the fix, and changes nothing in data/raw, data/processed or the site.

Other kinds are tested where their code is: encodings and export rows in test_inputs.py, the
manifest and fetching in test_sources.py, state names in test_states.py, the parser in
test_parser_*.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from dprk_upr.analysis.specifications import load_specs
from dprk_upr.build import build
from dprk_upr.build.output import builds_folder, write_processed
from dprk_upr.build.recommendations import BuildError
from dprk_upr.coding.action_rules import load_rules
from dprk_upr.coding.regime_sensitivity import load_codebook
from dprk_upr.coding.themes import load_themes
from dprk_upr.data.dictionary import load_columns
from dprk_upr.data.files import ConfigError, read_yaml
from dprk_upr.data.matching import MatchError, combine_responses, link
from dprk_upr.data.processed import ProcessedDataError, load, verify_processed
from dprk_upr.data.reference import read_reviews
from dprk_upr.data.sources import SourceError, read_manifest

ROOT = Path(__file__).resolve().parents[1]


def _copy_with(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    """A copy of a project file with one edit (the edit must apply)."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path = tmp_path / Path(relative).name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# ---- 1. raw files are verified by the build itself ---------------------------------------------


def test_build_refuses_a_raw_file_changed_in_place(tmp_path, raw_dir):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw, ignore=shutil.ignore_patterns(".set-aside", ".verified"))
    export = raw / "upr-info" / "upr-info-export-sessions-17-20.csv"
    data = bytearray(export.read_bytes())
    at = data.index(b",Noted,5,")
    data[at + 7 : at + 8] = b"4"  # one action code 5 -> 4: same size, different checksum
    export.write_bytes(bytes(data))
    out = tmp_path / "processed"
    with pytest.raises(
        SourceError, match=r"upr-info-export-sessions-17-20.csv: does not match data/sources.csv .*make data"
    ):
        build(raw_dir=raw, out_dir=out)
    assert not out.exists() and not builds_folder(out).exists()


# ---- 2. misspelt keys and impossible values in configuration are refused -----------------------


@pytest.mark.parametrize(
    "relative, old, new, loader, message",
    [
        (
            "data/models/specifications.yaml",
            '    sample: "cycle == 2"',
            '    smaple: "cycle == 2"',
            load_specs,
            r"specifications.yaml: model '\w+': unknown key 'smaple' \(did you mean 'sample'\?\)",
        ),
        (
            "data/coding/sensitivity.yaml",
            "    exclusions:",
            "    exclusion:",
            load_codebook,
            r"sensitivity.yaml: category 'accountability': unknown key 'exclusion' \(did you mean 'exclusions'\?\)",
        ),
        (
            "data/coding/action_category.yaml",
            "\nadverbs:",
            "\nadverb:",
            load_rules,
            r"action_category.yaml: the rules file: .*unknown key 'adverb' \(did you mean 'adverbs'\?\)",
        ),
        (
            "data/coding/themes.yaml",
            "    pattern:",
            "    patern:",
            load_themes,
            r"themes.yaml: the themes file: .*unknown key 'patern'",
        ),
        (
            "data/coding/columns.yaml",
            "    description:",
            "    descripton:",
            load_columns,
            r"columns.yaml: the codebook: .*unknown key 'descripton'",
        ),
    ],
)
def test_misspelt_key_is_refused_naming_file_entry_and_key(tmp_path, relative, old, new, loader, message):
    path = _copy_with(tmp_path, relative, old, new)
    if loader is load_rules:
        load_rules.cache_clear() if hasattr(load_rules, "cache_clear") else None
    with pytest.raises(ConfigError, match=message):
        loader(path)


def test_measure_year_that_is_not_the_year_before_the_review_is_refused(tmp_path):
    path = _copy_with(tmp_path, "data/reference/reviews.csv", ",6,2008", ",6,1998")
    with pytest.raises(ConfigError, match=r"reviews.csv: .*measure_year is the year before review_date"):
        read_reviews(path)


def test_a_word_that_is_not_a_number_in_a_reference_table_names_the_line(tmp_path):
    path = _copy_with(tmp_path, "data/reference/reviews.csv", "\n2,19,", "\n2,nineteen,")
    with pytest.raises(
        ConfigError, match=r"reviews.csv: line 3, column session: must be a whole number, found 'nineteen'"
    ):
        read_reviews(path)


def test_yaml_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("models:\n  - id: acc_1\n   label: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml, line \d+, column \d+: not valid YAML"):
        read_yaml(path)


# ---- 3. a repeated row is never a split part ---------------------------------------------------


def test_a_row_repeating_its_paragraphs_partner_is_not_a_split_part():
    un = pd.DataFrame({"paragraph": ["124.1"], "text": ["Ratify the CRPD"], "iso3s": [["CHL"]]})
    upr = pd.DataFrame({"row": [10, 11], "Text": ["Ratify the CRPD", "Ratify the CRPD"], "from_iso3": ["CHL", "CHL"]})
    with pytest.raises(MatchError, match=r"row 11 \(CHL\): repeats row 10, the whole of paragraph 124.1"):
        link(un, upr)


def test_unexpected_response_names_the_rows():
    with pytest.raises(MatchError, match=r"export.csv, rows \[5, 6\]: unexpected UPR Info response"):
        combine_responses(pd.Series(["Accepted", "Pending"]), "export.csv, rows [5, 6]")


# ---- 4. the manifest ---------------------------------------------------------------------------


def test_same_path_written_two_ways_is_a_duplicate(tmp_path):
    manifest = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    twice = pd.concat([manifest, manifest.iloc[:1].assign(file="./" + manifest["file"].iloc[0])])
    twice.to_csv(tmp_path / "sources.csv", index=False)
    with pytest.raises(SourceError, match=r"listed twice \(after normalising the paths\)"):
        read_manifest(tmp_path / "sources.csv")


# ---- 5 and 6. processed data: verified before reading, written whole ----------------------------


@pytest.fixture
def processed(tmp_path):
    tables = {
        "recommendations": pd.DataFrame({"rec_id": ["C2-124.1", "C2-124.2"], "accepted": [1, 0]}),
        "reviewers": pd.DataFrame({"iso3": ["CHL"], "cycle": [2]}),
    }
    out = tmp_path / "processed"
    write_processed(tables, out)
    return out


def test_processed_folder_is_a_link_to_one_complete_build(processed):
    assert processed.is_symlink()
    assert sorted(p.name for p in processed.iterdir()) == ["SHA256SUMS", "recommendations.csv", "reviewers.csv"]
    verify_processed(processed)
    assert load("recommendations", processed)["accepted"].sum() == 1


def test_hand_edited_processed_table_stops_every_reader(processed):
    path = processed / "recommendations.csv"
    path.write_text(path.read_text().replace("C2-124.2,0", "C2-124.2,1"))
    with pytest.raises(ProcessedDataError, match=r"recommendations.csv does not match its checksum .*make processed"):
        load("recommendations", processed)
    (processed / "extra.csv").write_text("a\n1\n")
    with pytest.raises(ProcessedDataError):
        verify_processed(processed)


def test_a_failing_build_leaves_the_previous_tables_and_no_stray_folder(processed, monkeypatch):
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    tables = {"recommendations": pd.DataFrame({"rec_id": ["X"]}), "reviewers": pd.DataFrame({"iso3": ["Y"]})}
    calls = {"n": 0}
    original = pd.DataFrame.to_csv

    def failing(self, *args, **kwargs):  # killed while writing the second table
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    with pytest.raises(KeyboardInterrupt):
        write_processed(tables, processed)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before
    assert len(list(builds_folder(processed).iterdir())) == 1  # only the current build


def test_stray_folder_of_a_killed_build_is_removed_by_the_next_build(processed):
    stray = builds_folder(processed) / "build-killed"
    stray.mkdir()
    (stray / "recommendations.csv").write_text("half\n")
    write_processed({"recommendations": pd.DataFrame({"rec_id": ["Z"]})}, processed)
    assert not stray.exists()
    assert load("recommendations", processed)["rec_id"].tolist() == ["Z"]


def test_gitignore_covers_processed_builds_and_leftovers():
    ignored = subprocess.run(
        [
            "git",
            "check-ignore",
            "data/processed",
            "data/.processed-builds/build-x/a.csv",
            "data/raw/.set-aside/x",
            "_build/html.good/index.html",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(ignored) == 4, ignored


# ---- 6. a failed book build keeps the last good site ------------------------------------------


def _build_book_module():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_failed_book_build_keeps_the_last_good_site_and_names_the_failure(tmp_path, monkeypatch, capsys):
    bb = _build_book_module()
    build_dir = tmp_path / "_build"
    (build_dir / "html").mkdir(parents=True)
    (build_dir / "html" / "index.html").write_text("good site")
    monkeypatch.setattr(bb, "BUILD", build_dir)
    monkeypatch.setattr(bb, "HTML", build_dir / "html")
    monkeypatch.setattr(bb, "GOOD", build_dir / "html.good")
    monkeypatch.setattr(bb, "FAILED", build_dir / "html.failed")

    def fake_run(cmd, **kwargs):
        if "check" in cmd:
            return subprocess.CompletedProcess(cmd, 0, "", "")
        html = build_dir / "html"
        (html / "index.html").write_text("pages with blank numbers")
        (html / "reports" / "notebooks").mkdir(parents=True)
        (html / "reports" / "notebooks" / "models.err.log").write_text(
            "Traceback (most recent call last):\nCell In[4], line 2\n----> 2 results = fit(specs)\n"
            "ValueError: model 'acc_2': column 'x' not in the data\n"
        )
        return subprocess.CompletedProcess(cmd, 1, "", "WARNING: Executing notebook failed")

    monkeypatch.setattr(bb.subprocess, "run", fake_run)
    assert bb.main([]) == 1
    err = capsys.readouterr().err
    assert "chapter notebooks/models: ValueError: model 'acc_2': column 'x' not in the data" in err
    assert "----> 2 results = fit(specs)" in err
    assert (build_dir / "html" / "index.html").read_text() == "good site"
    assert (build_dir / "html.failed" / "index.html").read_text() == "pages with blank numbers"


# ---- 9. a truncated report is named as such -----------------------------------------------------


def test_truncated_report_names_the_report_and_the_last_paragraph(tmp_path, raw_dir):
    raw = tmp_path / "raw"
    for sub in ("un-reports", "upr-info"):
        shutil.copytree(raw_dir / sub, raw / sub)
    report = raw / "un-reports" / "A-HRC-27-10_DPRK_2014.txt"
    text = report.read_bytes().decode("mac_roman")
    cut = text.index("124.150 ")
    tail_start = text.index("125. The following", cut)  # keep section 125; drop 124.150-124.185 whole
    report.write_bytes((text[:cut] + text[tail_start:]).encode("mac_roman"))
    with pytest.raises(BuildError, match=r"A-HRC-27-10_DPRK_2014.txt \(\d+ paragraphs, the last 125.\d+\).*truncated"):
        build(raw_dir=raw, out_dir=tmp_path / "processed", manifest=None)


def test_download_failure_advises_the_make_variable(tmp_path):
    manifest = tmp_path / "sources.csv"
    digest = hashlib.sha256(b"x").hexdigest()
    manifest.write_text(f"file,url,sha256,bytes,description,licence\na.txt,http://127.0.0.1:9/a.txt,{digest},1,x,CC0\n")
    from dprk_upr.data.sources import fetch_all

    with pytest.raises(SourceError, match=r"make data MIRROR=/path/to/that/folder"):
        fetch_all(manifest, tmp_path / "raw", mirror=None, timeout=1)
