"""Checks of the built website (run by 'make test' after a strict build from an empty cache)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

# Every page of the table of contents, as built.
TOC = Path(__file__).resolve().parents[1] / "_toc.yml"
PAGES = [f"{name}.html" for name in re.findall(r"(?:root|file):\s*(\S+)", TOC.read_text())]


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_without_errors(site, page):
    html = (site / page).read_text(encoding="utf-8")
    assert "<h1>" in html or "<h1 " in html
    for bad in (
        "Traceback (most recent call last)",
        "CellExecutionError",
        "ModuleNotFoundError",
        'class="output stderr"',
        "No key '",
    ):
        assert bad not in html, f"{page} contains {bad!r}"


def test_every_toc_file_is_built(site):
    assert len(PAGES) >= 13, PAGES
    for page in PAGES:
        assert (site / page).exists(), page


def test_data_chapter_figures_are_present(site):
    html = (site / "notebooks/data.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert len(images) >= 5
    for src in images:
        assert (site / "notebooks" / src).resolve().exists(), src
    # every figure has alt text
    assert all('alt=""' not in tag for tag in re.findall(r"<img[^>]+>", html))
    # numbers in the prose are glued from the computation
    assert "435" in html and "Figure" in html


def test_sources_appendix_lists_every_input(site):
    import pandas as pd

    html = (site / "book/sources.html").read_text(encoding="utf-8")
    manifest = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "sources.csv")
    for name in manifest["file"]:
        assert Path(name).name in html, name


def test_no_impossible_percentages(site):
    """A share printed as a percentage lies between 0 and 100 (catches a share multiplied twice)."""
    for page in PAGES:
        text = re.sub(r"<[^>]+>", "", (site / page).read_text(encoding="utf-8"))
        for value in re.findall(r"(-?\d+(?:\.\d+)?)\s?%", text):
            assert 0 <= float(value) <= 100, f"{page}: {value}%"
