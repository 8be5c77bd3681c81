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
    """Every raw input with its licence, its commit-pinned address and its full sha256."""
    import html as html_module

    import pandas as pd

    page = html_module.unescape((site / "book/sources.html").read_text(encoding="utf-8")).replace("<wbr>", "")
    manifest = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "sources.csv", dtype=str)
    for row in manifest.itertuples(index=False):
        assert Path(row.file).name in page, row.file
        assert f'href="{row.url}"' in page, row.url
        assert f'<code class="dprk-sha">{row.sha256}</code>' in page, f"{row.file}: sha256 not shown in full"
        assert row.licence in page, row.licence
    assert "…</" not in page, "a checksum is truncated"


def test_downloads_page_offers_every_published_file(site):
    """Each published file is linked with its full sha256, and SHA256SUMS lists them all; the
    processed tables link to the Codebook as their data dictionary."""
    import hashlib

    page = (site / "book/downloads.html").read_text(encoding="utf-8")
    sums = (site / "downloads" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in sums)
    published = {p.name for p in (site / "downloads").iterdir()} - {"SHA256SUMS"}
    assert set(listed) == published
    for name in (
        "evidence.csv",
        "sensitivity_hand_coded.csv",
        "sensitivity_blind_coding.csv",
        "official_counts.csv",
        "themes.yaml",
        "specifications.yaml",
        "action_agreement.csv",
        "dprk_recommendations_made.csv",
        "peer_states.csv",
        "export_agreement.csv",
        "upr_all_states.csv.xz",
    ):
        assert name in listed, name
    for name, digest in listed.items():
        assert f'href="../downloads/{name}" download' in page, name
        assert f'<code class="dprk-sha">{digest}</code>' in page, name
        assert hashlib.sha256((site / "downloads" / name).read_bytes()).hexdigest() == digest, name
    assert 'href="../book/codebook.html#the-processed-tables">Codebook</a>' in page
    codebook = (site / "book/codebook.html").read_text(encoding="utf-8")
    for anchor in set(re.findall(r'href="\.\./book/codebook\.html#([\w-]+)"', page)):
        assert f'id="{anchor}"' in codebook, f"the Codebook has no section #{anchor}"


def test_no_impossible_percentages(site):
    """A share printed as a percentage lies between 0 and 100 (catches a share multiplied twice)."""
    for page in PAGES:
        text = re.sub(r"<[^>]+>", "", (site / page).read_text(encoding="utf-8"))
        for value in re.findall(r"(-?\d+(?:\.\d+)?)\s?%", text):
            assert 0 <= float(value) <= 100, f"{page}: {value}%"
