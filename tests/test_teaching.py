"""The teaching guide (book/teaching.md): every exercise has a labelled solution with a written
answer, every solution's code runs alone in a fresh Python process, the files the exercises name
are offered on the downloads page, the functions they name are public and documented, and the
class plans cite exercises by label.

A solution is the code cells between ``{solution-start} <exercise label>`` and ``{solution-end}``,
less those tagged ``remove-cell`` (the glue that carries the numbers into the written answer, which
only the book needs); an exercise's own code cells (between ``{exercise-start}`` and
``{exercise-end}``) are run the same way. Each runs as a script in an empty folder, with
``DPRK_UPR_PROCESSED`` pointing at the processed tables, so that nothing from another cell, the
page or the project's folder can help it. The solutions that say they run without the package run a
second time with the package made unimportable and only the downloaded files beside them.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import pytest

from dprk_upr import paths
from dprk_upr.site import downloads

PAGE = paths.ROOT / "book" / "teaching.md"

#: The exercises whose solutions read the downloaded files with pandas and statsmodels alone (the
#: guide says so in "Where students run the code").
WITHOUT_PACKAGE = {"ex-official-counts", "ex-logit-by-hand"}

_START = re.compile(r"^`{3,}\{(?P<kind>solution|exercise)-start\}\s*(?P<arg>.*)$", re.M)
_END = re.compile(r"^`{3,}\{(?P<kind>solution|exercise)-end\}", re.M)
_EXERCISE = re.compile(r"^`{3,}\{exercise(?:-start)?\}[^\n]*\n:label: (?P<label>\S+)", re.M)
_DOWNLOADED = re.compile(r'^path = Path\("(?P<name>[^"]+)"\)$', re.M)


@dataclass
class Block:
    """A solution (``kind`` "solution", ``target`` the exercise's label) or an exercise with code."""

    kind: str
    target: str
    options: str = ""
    markdown: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)

    @property
    def script(self) -> str:
        return "\n\n".join(self.code) + "\n"


def blocks(path: Path = PAGE) -> list[Block]:
    """The gated blocks of the page in order, with their code cells (``remove-cell`` ones left out)
    and their Markdown."""
    notebook = jupytext.read(path)
    found, current = [], None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            # a cell may close one block and open the next: take the marks in their order
            marks = sorted(
                [(m.start(), m) for m in _START.finditer(cell.source)]
                + [(m.start(), m) for m in _END.finditer(cell.source)],
                key=lambda pair: pair[0],
            )
            position = 0
            for _, mark in marks:
                if current is not None:
                    current.markdown.append(cell.source[position : mark.start()])
                if mark.re is _START:
                    current = Block(mark["kind"], mark["arg"].strip(), cell.source[mark.end() :])
                    found.append(current)
                else:
                    current = None
                position = mark.end()
            if current is not None:
                current.markdown.append(cell.source[position:])
        elif cell.cell_type == "code" and current is not None:
            if "remove-cell" not in cell.metadata.get("tags", []):
                current.code.append(cell.source)
    return found


def _text() -> str:
    return PAGE.read_text(encoding="utf-8")


def exercise_labels() -> list[str]:
    return _EXERCISE.findall(_text())


def solutions() -> dict[str, Block]:
    return {b.target: b for b in blocks() if b.kind == "solution"}


def _runnable() -> list[Block]:
    return [b for b in blocks() if b.code]


def _processed() -> Path:
    directory = paths.processed_dir()
    if not (directory / "model_data.csv").is_file():
        pytest.skip(f"processed data not built in {directory}: run 'make processed'")
    return directory


def _run(script: str, folder: Path, env: dict, prelude: str = "") -> subprocess.CompletedProcess:
    (folder / "solution.py").write_text(prelude + script, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "solution.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


def _failure(result: subprocess.CompletedProcess, script: str) -> str:
    return f"exit {result.returncode}\n--- code ---\n{script}\n--- stderr ---\n{result.stderr[-3000:]}"


# ---------------------------------------------------------------------------------------------
# The page's structure


def test_every_exercise_has_one_labelled_dropdown_solution_with_a_written_answer():
    labels = exercise_labels()
    assert labels and len(labels) == len(set(labels)), labels
    assert all(label.startswith("ex-") for label in labels), labels
    found = [b.target for b in blocks() if b.kind == "solution"]
    assert sorted(found) == sorted(labels), "each exercise needs exactly one solution"
    for label, block in solutions().items():
        assert ":class: dropdown" in block.options, f"{label}: the solution must be a dropdown"
        assert re.search(r":label: sol-", block.options), f"{label}: the solution needs a label"
        prose = "\n".join(block.markdown)
        assert "**What you should find.**" in prose, f"{label}: no written answer"
        assert "{glue:text}" in prose, f"{label}: the written answer gives no computed number"
        assert block.code, f"{label}: the solution has no code"


def test_every_exercise_names_its_files_and_they_are_offered_for_download():
    offered = set(downloads.DOWNLOADS) | {Path(p).name for p in downloads.PROJECT_FILES}
    text = _text()
    for label in exercise_labels():
        start = text.index(f":label: {label}\n")
        body = text[start : text.index("{solution-start}", start)]
        files = re.search(r"\*Files:\*(?P<files>.*?)\*Tools:\*", body, re.S)
        assert files, f"{label}: no '*Files:* ... *Tools:*' line"
        names = re.findall(r"`([^`]+\.(?:csv|yaml|md))`", files["files"])
        if "none" not in files["files"]:
            assert names, f"{label}: names no file"
        missing = [n for n in names if n not in offered]
        assert not missing, f"{label}: {missing} not offered on the downloads page (dprk_upr.site.downloads)"


def test_functions_the_exercises_name_are_public_and_documented():
    targets = re.findall(r"\{py:(?:func|class|meth)\}`~?([\w.]+)`", _text())
    assert targets
    for target in targets:
        parts = target.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for name in parts[cut:]:
                obj = getattr(obj, name)
            break
        assert not parts[-1].startswith("_"), target
        assert (obj.__doc__ or "").strip(), f"{target} has no docstring"


def test_plans_cite_exercises_by_label_never_by_number():
    text = _text()
    plans = text[text.index("## Plans") : text.index("## Where students run the code")]
    assert not re.search(r"\bexercises?\s+\d", plans, re.I), "plans cite an exercise by a typed number"
    cited = set(re.findall(r"\{ref\}`(ex-[\w-]+)`", plans))
    assert cited == set(exercise_labels()), f"exercises no plan uses: {set(exercise_labels()) - cited}"


def test_specifications_are_looked_up_by_their_current_ids():
    from dprk_upr.analysis import load_specs

    ids = set(re.findall(r'load_specs\(\)\["(\w+)"\]', _text()))
    assert ids and ids <= set(load_specs().ids()), ids - set(load_specs().ids())


# ---------------------------------------------------------------------------------------------
# Each solution alone


@pytest.mark.parametrize("block", _runnable(), ids=lambda b: f"{b.kind}:{b.target}")
def test_runs_alone_in_a_fresh_process(block, tmp_path):
    processed = _processed()
    env = {**os.environ, "DPRK_UPR_PROCESSED": str(processed), "MPLBACKEND": "Agg"}
    result = _run(block.script, tmp_path, env)
    assert result.returncode == 0, _failure(result, block.script)
    warnings = [line for line in result.stderr.splitlines() if "Warning" in line]
    assert not warnings, _failure(result, block.script)


def test_the_solutions_said_to_need_only_the_downloads_are_those_that_read_them():
    reading = {label for label, b in solutions().items() if _DOWNLOADED.search(b.script)}
    assert reading == WITHOUT_PACKAGE
    text = _text()
    section = text[text.index("## Where students run the code") : text.index("## Exercises")]
    assert set(re.findall(r"\{ref\}`(ex-[\w-]+)`", section)) == WITHOUT_PACKAGE


@pytest.mark.parametrize("label", sorted(WITHOUT_PACKAGE))
def test_runs_with_the_downloaded_files_alone(label, tmp_path):
    processed = _processed()
    block = solutions()[label]
    sources = {item.name: item.source for item in downloads.offered_files(processed)}
    for name in _DOWNLOADED.findall(block.script):
        assert name in sources, f"{label}: {name} is not offered for download as it is named"
        shutil.copy(sources[name], tmp_path / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DPRK_UPR")}
    env["DPRK_UPR_PROCESSED"] = str(tmp_path / "nowhere")
    prelude = "import sys\nsys.modules['dprk_upr'] = None  # the package is not installed\n"
    result = _run(block.script, tmp_path, env, prelude)
    assert result.returncode == 0, _failure(result, block.script)
