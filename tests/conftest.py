"""Shared fixtures: where the raw inputs and processed tables are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dprk_upr.paths import find_raw_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw inputs (data/raw after 'make data', else the local mirror)."""
    found = find_raw_dir()
    if found is None:
        pytest.skip("raw inputs not found: run 'make data'")
    return found


@pytest.fixture(scope="session")
def built(tmp_path_factory, raw_dir):
    """The processed tables, built afresh into a temporary folder from the raw inputs."""
    from dprk_upr.build import build

    out = tmp_path_factory.mktemp("processed")
    return build(raw_dir=raw_dir, out_dir=out)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built website, _build/html. Missing, it skips the test, unless 'make test' says it
    has just built the book (DPRK_UPR_BOOK_BUILT), when it fails."""
    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        if os.environ.get("DPRK_UPR_BOOK_BUILT"):
            pytest.fail("the book was supposed to be built but _build/html/index.html is missing")
        pytest.skip("the book is not built: run 'make book'")
    return html


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (raw inputs and the parser's development set); skips when absent."""
    if not (SHARED_DATA / "raw").is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the shared raw inputs and development set are not available here")
    return SHARED_DATA
