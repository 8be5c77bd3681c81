"""The Makefile: every target documented, and the execution-cache key covering every input that an
executed page reads (so that `make book` never shows a page computed from older inputs)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEARED = "clearing the execution cache"

# One file of each kind an executed page reads, besides the chapters themselves.
INPUT_KINDS = [
    "dprk_upr/analysis/margins.py",  # a module of a subpackage (the key is recursive)
    "data/coding/themes.yaml",
    "data/reference/official_counts.csv",
    "data/models/specifications.yaml",
    "data/states/aliases.csv",
    "data/reviewers/cow_iso3.csv",
    "requirements.txt",  # the Reproducing page and the Colab editions
    "CITATION.cff",  # the Downloads page's citation
    "data/sources.csv",  # the Sources page's licences and checksums
    "data/processed/recommendations.csv",
]


def _targets() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.findall(r"^([a-z][a-z-]*):", text, re.M)


def test_help_lists_every_public_target():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"make (\S+)", out))
    internal = {"cache-check", "chromium", "axe"}  # steps of other targets, not run by hand
    missing = [t for t in _targets() if t not in listed | internal]
    assert not missing, f"targets without a '## description' in the Makefile: {missing}"
    assert {"book", "test", "data", "processed", "lint", "bench"} <= listed


@pytest.fixture()
def repo_copy(tmp_path):
    """The files of the repository (tracked or new, not ignored), with data/processed copied (never the real one edited)."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in files.splitlines():
        src = ROOT / name
        if src.is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, tmp_path / name)
    processed = ROOT / "data" / "processed"
    if not (processed / "recommendations.csv").exists():
        pytest.skip("data/processed not built")
    shutil.copytree(processed, tmp_path / "data" / "processed")
    return tmp_path


def _cache_check(repo: Path) -> str:
    # -o processed: take the processed data as they are (do not rebuild them in the copy)
    result = subprocess.run(["make", "-o", "processed", "cache-check"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cache_key_covers_every_kind_of_page_input(repo_copy):
    _cache_check(repo_copy)  # first run: records the key
    assert CLEARED not in _cache_check(repo_copy), "an unchanged tree must keep the cache"
    for name in INPUT_KINDS:
        path = repo_copy / name
        assert path.is_file(), name
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n")
        assert CLEARED in _cache_check(repo_copy), f"editing {name} does not clear the execution cache"
