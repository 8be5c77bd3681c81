"""No silent damage from any input (issue 11): each kind of fault stops with a message that names
the file, the row or key, and the fix, and changes nothing in data/raw, data/processed or the site.

Other kinds are tested where their code is: encodings and export rows in test_inputs.py, the
manifest and fetching in test_sources.py, state names in test_states.py, the parser in
test_parser_*.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
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
    builds = [p for p in builds_folder(processed).iterdir() if not p.name.startswith(".")]
    assert len(builds) == 1  # only the current build


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
        if "check" in cmd or any(str(c).endswith("execute_pages.py") for c in cmd):
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


def test_book_build_stops_before_anything_when_the_processed_data_fail_their_check(tmp_path, monkeypatch):
    bb = _build_book_module()
    build_dir = tmp_path / "_build"
    (build_dir / "html").mkdir(parents=True)
    (build_dir / "html" / "index.html").write_text("good site")
    for name, path in (("BUILD", build_dir), ("HTML", build_dir / "html"), ("GOOD", build_dir / "html.good")):
        monkeypatch.setattr(bb, name, path)
    monkeypatch.setattr(bb, "FAILED", build_dir / "html.failed")
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append([str(c) for c in cmd])
        return subprocess.CompletedProcess(cmd, 3 if "check" in cmd else 0, "", "")

    monkeypatch.setattr(bb.subprocess, "run", fake_run)
    assert bb.main([]) == 3
    assert len(calls) == 1 and calls[0][-1] == "check"  # nothing executed, nothing built
    assert (build_dir / "html" / "index.html").read_text() == "good site"
    assert not (build_dir / "html.good").exists() and not (build_dir / "html.failed").exists()


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


def test_every_hand_made_table_has_a_declared_schema_and_passes_it():
    """Every CSV the project authors under data/ is listed in dprk_upr.data.schemas.TABLES, and
    reads cleanly against its schema."""
    from dprk_upr.data.files import read_table
    from dprk_upr.data.schemas import TABLES

    hand_made = {
        p.relative_to(ROOT).as_posix()
        for folder in ("coding", "reference", "states", "reviewers")
        for p in (ROOT / "data" / folder).glob("*.csv")
    }
    assert hand_made == set(TABLES), f"without a schema: {sorted(hand_made - set(TABLES))}"
    for relative, schema in TABLES.items():
        assert len(read_table(ROOT / relative, schema)) > 0


# ---- faults found by trying to break the pipeline (each failed before its fix) ------------------


def test_report_cut_exactly_between_two_items_is_truncated(raw_dir):
    from dprk_upr.data.readers import read_report_text
    from dprk_upr.reports import ReportParseError, parse_recommendations

    text = read_report_text(raw_dir / "un-reports" / "A-HRC-27-10_DPRK_2014.txt")
    cut = text[: text.index("\n125.40 ")]
    with pytest.raises(ReportParseError, match=r"looks truncated after paragraph 125.39"):
        parse_recommendations(cut)
    assert [p["kind"] for p in parse_recommendations(cut, strict=False).attrs["problems"]] == ["truncated"]


def test_theme_ids_must_be_unique(tmp_path):
    path = _copy_with(tmp_path, "data/coding/themes.yaml", "  - id: children", "  - id: disability")
    with pytest.raises(ConfigError, match=r"theme id\(s\) used twice: \['disability'\]"):
        load_themes.cache_clear() if hasattr(load_themes, "cache_clear") else None
        load_themes(path)


def test_sensitivity_codebook_version_is_a_number(tmp_path):
    current = re.search(r"\nversion: \d+", (ROOT / "data/coding/sensitivity.yaml").read_text(encoding="utf-8"))
    assert current, "data/coding/sensitivity.yaml has no top-level 'version: <n>' line"
    path = _copy_with(tmp_path, "data/coding/sensitivity.yaml", current.group(0), "\nversion: one")
    with pytest.raises(ConfigError, match=r"'version': Input should be a valid integer"):
        load_codebook(path)


def test_review_session_must_be_the_upr_info_session(tmp_path):
    path = _copy_with(tmp_path, "data/reference/reviews.csv", "\n2,19,", "\n2,20,")
    with pytest.raises(ConfigError, match=r"line 3: breaks the rule 'upr_info_session is the review's session'"):
        read_reviews(path)


@pytest.mark.parametrize("date", ["2016-13-45", "2061-12-06"])
def test_evidence_dates_are_real_and_not_in_the_future(tmp_path, date):
    from dprk_upr.coding.evidence import load_evidence

    path = _copy_with(tmp_path, "data/coding/evidence.csv", ",2016-12-06,", f",{date},")
    with pytest.raises(ConfigError, match=r"line 2, column date: breaks the rule 'a real date, not in the future'"):
        load_evidence(path)


def test_same_size_edit_with_its_time_set_back_is_still_caught(processed):
    import os

    path = processed / "recommendations.csv"
    load("recommendations", processed)  # verified once, remembered
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"124.2,0", b"124.2,1"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(ProcessedDataError, match="does not match its checksum"):
        load("recommendations", processed)


def test_an_old_plain_processed_folder_is_kept_not_deleted(tmp_path, capsys):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "my_notes.txt").write_text("mine")
    write_processed({"recommendations": pd.DataFrame({"rec_id": ["A"]})}, out)
    write_processed({"recommendations": pd.DataFrame({"rec_id": ["B"]})}, out)  # a later build
    kept = [p for p in builds_folder(out).iterdir() if p.name.startswith("previous-")]
    assert len(kept) == 1 and (kept[0] / "my_notes.txt").read_text() == "mine"
    assert "was moved to" in capsys.readouterr().out


def test_two_builds_at_once_the_second_is_refused_at_once(processed):
    import fcntl

    with open(builds_folder(processed) / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(RuntimeError, match="another build is writing"):
            write_processed({"recommendations": pd.DataFrame({"rec_id": ["C"]})}, processed)


def test_utf16_and_mixed_encodings_are_named(tmp_path):
    from dprk_upr.data.readers import InputError, read_report_text

    utf16 = tmp_path / "r16.txt"
    utf16.write_bytes("90. The State\u2019s answer".encode("utf-16"))
    with pytest.raises(InputError, match=r"r16.txt: the file is UTF-16"):
        read_report_text(utf16)
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"\xef\xbb\xbf" + "90. The State\u2019s answer".encode("mac_roman"))
    with pytest.raises(InputError, match=r"mixed.txt: the bytes are not valid utf-8-sig .*byte-order mark added"):
        read_report_text(mixed)


def test_a_published_repeat_is_recognised_wherever_it_moves(tmp_path, raw_dir):
    from dprk_upr.data.readers import read_upr_info

    src = raw_dir / "upr-info" / "upr-info-export-sessions-06-09.csv"
    text = src.read_bytes().decode("mac_roman").split("\r")
    moved = tmp_path / src.name
    moved.write_bytes("\r".join([text[0], text[1], *text[1:]]).encode("mac_roman"))  # one row repeated on top
    with pytest.raises(Exception, match=r"row 3: repeats an earlier row .*; 1 such row"):
        read_upr_info(moved)


def test_a_blank_session_is_refused_in_the_older_format(tmp_path):
    from dprk_upr.data.readers import InputError, read_upr_info

    header = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"
    path = tmp_path / "export.csv"
    path.write_bytes(f"{header}\rDPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Noted,4,Torture,\r".encode("mac_roman"))
    with pytest.raises(InputError, match=r"row 2: column Session = '' is not a whole number .*as published"):
        read_upr_info(path)


def test_a_parse_error_in_the_build_names_the_report(tmp_path, raw_dir):
    from dprk_upr.reports import ReportParseError

    raw = tmp_path / "raw"
    for sub in ("un-reports", "upr-info"):
        shutil.copytree(raw_dir / sub, raw / sub)
    report = raw / "un-reports" / "A-HRC-27-10_DPRK_2014.txt"
    report.write_bytes(report.read_bytes().replace(b"124.3 Accede", b"124.4 Accede", 1))
    with pytest.raises(ReportParseError, match=r"A-HRC-27-10_DPRK_2014.txt: .*124"):
        build(raw_dir=raw, out_dir=tmp_path / "processed", manifest=None)


def test_misspelt_default_and_nested_keys_name_their_place(tmp_path):
    path = _copy_with(tmp_path, "data/models/specifications.yaml", "  cluster: iso3", "  clustre: iso3")
    with pytest.raises(ConfigError, match=r"defaults: unknown key 'clustre' \(did you mean 'cluster'\?\)"):
        load_specs(path)
    text = (ROOT / "data/coding/action_category.yaml").read_text(encoding="utf-8")
    start = text.index("\nranks:")
    rules = tmp_path / "rules.yaml"
    rules.write_text(text[:start] + text[start:].replace("    verbs:", "    verb:", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'verb' in 'ranks.\d' \(did you mean 'verbs'\?\)"):
        load_rules(rules)


def test_a_review_file_that_is_not_in_the_manifest_names_the_line(tmp_path, raw_dir):
    path = _copy_with(tmp_path, "data/reference/reviews.csv", "A-HRC-27-10_DPRK_2014.txt", "A-HRC-27-10_DPRK_2O14.txt")
    with pytest.raises(BuildError, match=r"reviews.csv, line 3: report_file .*2O14.txt' is not an input of"):
        build(raw_dir=raw_dir, out_dir=tmp_path / "processed", reviews_path=path)


def test_an_alias_with_a_code_iso_does_not_know_is_refused(tmp_path):
    from dprk_upr.data.states import load_aliases

    path = _copy_with(tmp_path, "data/states/aliases.csv", "DPR Korea,PRK,", "DPR Korea,PRX,")
    with pytest.raises(ValueError, match=r"line 2: 'PRX' .*is not an ISO 3166 alpha-3 code"):
        load_aliases(path)


def test_check_command_fails_on_a_hand_edited_table(processed):
    import os
    import sys

    path = processed / "reviewers.csv"
    path.write_text(path.read_text() + "XXX,9\n")
    env = {**os.environ, "DPRK_UPR_PROCESSED": str(processed)}
    result = subprocess.run(
        [sys.executable, "-m", "dprk_upr", "check", "--processed-only"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1 and "does not match its checksum" in result.stderr


# Every hand-made YAML file of the project has a typed loader that refuses a key it does not know.
_YAML_LOADERS = {
    "data/coding/action_category.yaml": "dprk_upr.coding.action_rules:load_rules",
    "data/coding/columns.yaml": "dprk_upr.data.dictionary:load_columns",
    "data/coding/comparative_issue_tags.yaml": "dprk_upr.coding.comparative:load_comparative_tags",
    "data/coding/sensitivity.yaml": "dprk_upr.coding.regime_sensitivity:load_codebook",
    "data/coding/themes.yaml": "dprk_upr.coding.themes:load_themes",
    "data/models/specifications.yaml": "dprk_upr.analysis.specifications:load_specs",
    "data/reviewers/dprk_bilateral_treaties.yaml": "dprk_upr.data.measures.alliances:load_bilateral_treaties",
}


def test_every_yaml_file_has_a_typed_loader():
    found = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yaml")}
    found |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml")}
    found = {f for f in found if not f.startswith(("data/raw/", "data/processed", "data/."))}
    assert found == set(_YAML_LOADERS), (
        f"YAML files without a loader in this test: {sorted(found - set(_YAML_LOADERS))}"
    )


@pytest.mark.parametrize("relative", sorted(_YAML_LOADERS))
def test_an_unknown_top_level_key_is_refused_in_every_yaml_file(tmp_path, relative):
    import importlib

    module, name = _YAML_LOADERS[relative].split(":")
    loader = getattr(importlib.import_module(module), name)
    text = (ROOT / relative).read_text(encoding="utf-8")
    path = tmp_path / Path(relative).name
    path.write_text(text.rstrip("\n") + "\nunexpected_key: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unexpected_key"):
        loader(path)
    loader(ROOT / relative)  # the file itself loads


@pytest.mark.parametrize("fmt", ["2015", "2018"])
@pytest.mark.parametrize("action", ["0", "6", "4.5"])
def test_an_action_category_outside_one_to_five_is_refused_in_either_export_format(tmp_path, fmt, action):
    from dprk_upr.data.readers import InputError, read_upr_info

    path = tmp_path / "export.csv"
    if fmt == "2015":
        header = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"
        rows = [
            "DPR Korea,Asia,,Ratify CAT,Chile,GRULAC,,Noted,4,Torture,6",
            f"DPR Korea,Asia,,Ratify CED,Peru,GRULAC,,Noted,{action},Torture,6",
        ]
        path.write_bytes("\r".join([header, *rows]).encode("mac_roman"))
    else:
        header = "SuR;Rgrp;Org;Recommendation;RS;Rgrp;Org;Response;Action;Issue;Session"
        rows = [
            "Chile;GRULAC;;Ratify CAT;DPR Korea;Asia;;Supported;5;Torture;5",
            f"Chile;GRULAC;;Adopt a law;Peru;GRULAC;;Noted;{action};Justice;5",
        ]
        path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8-sig"))
    with pytest.raises(InputError, match=rf"export.csv, row 3: action category '{re.escape(action)}' is not 1-5"):
        read_upr_info(path)
