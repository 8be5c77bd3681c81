"""The files offered on the Downloads page and the table of the Sources page
(dprk_upr.site.downloads): every file a chapter names, compressed where large, verified, with full
checksums and a data dictionary; every raw input with its licence, pinned address and full sha256."""

from __future__ import annotations

import hashlib
import io
import lzma
import re
import shutil

import pandas as pd
import pytest

from dprk_upr import paths
from dprk_upr.data.processed import ProcessedDataError
from dprk_upr.site import downloads

# Files the chapters name or the exercises read (issue 14), each of which must be offered.
REQUIRED = {
    "evidence.csv",
    "sensitivity_hand_coded.csv",
    "sensitivity_blind_coding.csv",
    "official_counts.csv",
    "themes.yaml",
    "specifications.yaml",
    "action_validation.csv",
    "action_agreement.csv",
    "dprk_recommendations_made.csv",
    "peer_states.csv",
    "upr_all_states.csv",
    "export_agreement.csv",
    "export_differences.csv",
    "recommendations.csv",
    "reconciliation.csv",
    "codebook.csv",
}


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """A copy of the processed folder (its checksums intact), so tests may break it."""
    source = paths.processed_dir()
    if not (source / "recommendations.csv").is_file():
        pytest.skip("processed data not built: run 'make processed'")
    target = tmp_path_factory.mktemp("processed") / "processed"
    shutil.copytree(source, target, symlinks=False)
    return target


@pytest.fixture(scope="module")
def published(processed, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return downloads.publish_downloads(processed, out)


def test_every_named_file_is_offered(processed):
    offered = downloads.offered_files(processed)
    sources = {item.source.name for item in offered}
    assert REQUIRED <= sources, sorted(REQUIRED - sources)
    assert set(downloads.DOWNLOADS) <= sources
    names = [item.name for item in offered]
    assert len(names) == len(set(names)), "two files would be published under one name"
    # every processed table the build writes is offered
    built = {p.name for p in processed.glob("*.csv")}
    assert built <= sources, sorted(built - sources)


def test_large_files_are_compressed_and_small_ones_are_not(processed):
    for item in downloads.offered_files(processed):
        large = item.source.stat().st_size > downloads.COMPRESS_ABOVE
        assert item.compressed == large, item.name
        assert item.name == item.source.name + (".xz" if large else "")
    assert "upr_all_states.csv.xz" in {item.name for item in downloads.offered_files(processed)}


def test_published_files_match_their_sources_and_the_checksum_list(processed, published):
    folder = published[0].parent
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {p.name for p in published} == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    by_name = {item.name: item for item in downloads.offered_files(processed)}
    for path in published:
        body = path.read_bytes()
        assert hashlib.sha256(body).hexdigest() == sums[path.name], path.name
        source = by_name[path.name].source.read_bytes()
        assert (lzma.decompress(body) if path.name.endswith(".xz") else body) == source, path.name


def test_compression_is_reproducible(processed):
    item = next(i for i in downloads.offered_files(processed) if i.compressed)
    assert downloads.published_bytes(item) == downloads.published_bytes(item)
    frame = pd.read_csv(io.BytesIO(downloads.published_bytes(item)), compression="xz", nrows=5)
    assert len(frame) == 5


def test_table_shows_what_is_published(processed, published):
    table = downloads.downloads_table(processed)
    files = {p.name: p for p in published}
    assert list(table["file"]) == [item.name for item in downloads.offered_files(processed)]
    for row in table.itertuples(index=False):
        assert re.fullmatch(r"[0-9a-f]{64}", row.sha256), row.file
        assert hashlib.sha256(files[row.file].read_bytes()).hexdigest() == row.sha256
        assert row.content and row.size
    rows = dict(zip(table["file"], table["rows"]))
    expected = len(pd.read_csv(processed / "recommendations.csv", dtype=str, keep_default_na=False))
    assert rows["recommendations.csv"] == f"{expected:,}"
    # a project file with comment lines: only its data rows are counted
    hand = pd.read_csv(paths.CODING / "sensitivity_hand_coded.csv", comment="#", dtype=str)
    assert rows["sensitivity_hand_coded.csv"] == f"{len(hand):,}"
    assert rows["themes.yaml"] == ""


def test_html_links_files_checksums_and_the_codebook(processed):
    page = downloads.downloads_html(processed)
    table = downloads.downloads_table(processed)
    for row in table.itertuples(index=False):
        assert f'href="../downloads/{row.file}" download' in page, row.file
        assert f'<code class="dprk-sha">{row.sha256}</code>' in page
    assert page.count('href="../book/codebook.html#the-processed-tables"') >= len(downloads.DOWNLOADS)
    assert "<style>" in page and "data-label=" in page
    assert "<style>" not in downloads.downloads_html(processed, group="project", style=False)


def test_an_edited_table_is_neither_shown_nor_published(processed, tmp_path):
    broken = tmp_path / "processed"
    shutil.copytree(processed, broken)
    (broken / "links.csv").write_text("edited\n", encoding="utf-8")
    with pytest.raises(ProcessedDataError, match="links.csv"):
        downloads.downloads_table(broken)
    with pytest.raises(ProcessedDataError, match="links.csv"):
        downloads.publish_downloads(broken, tmp_path / "site")


def test_a_missing_table_is_named(processed, tmp_path):
    partial = tmp_path / "processed"
    shutil.copytree(processed, partial)
    (partial / "peer_states.csv").unlink()
    with pytest.raises(FileNotFoundError, match="peer_states.csv"):
        downloads.offered_files(partial)


def test_sources_table_has_every_input_with_full_checksum():
    manifest = pd.read_csv(paths.MANIFEST, dtype=str)
    table = downloads.sources_table(paths.MANIFEST)
    assert len(table) == len(manifest)
    assert list(table["SHA-256"]) == list(manifest["sha256"])
    assert all(len(d) == 64 for d in table["SHA-256"])
    assert all(c[0].isupper() for c in table.columns), "headers are for readers"
    page = downloads.sources_html(paths.MANIFEST)
    for row in manifest.itertuples(index=False):
        assert f'href="{row.url}"' in page and row.sha256 in page and row.licence in page
        commit = re.search(r"/([0-9a-f]{40})/", row.url)
        assert commit and f"at commit {commit[1][:7]}" in page, row.url


def test_human_sizes():
    assert downloads.human_size(1023) == "1023 bytes"
    assert downloads.human_size(10 * 1024) == "10.0 KB"
    assert downloads.human_size(3 * 1024 * 1024) == "3.0 MB"


def test_the_table_names_the_compression_the_file_has(processed):
    table = downloads.downloads_table(processed)
    packed = table[table["file"].str.endswith(".xz")]
    assert len(packed) > 0
    assert packed["content"].str.contains("Compressed with xz").all()
    assert not table["content"].str.contains("(?i)gzip").any()


def test_a_compression_is_kept_by_content_and_reused(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("a,b\n" + "1,2\n" * 1000, encoding="utf-8")
    state = source.stat()
    cache = tmp_path / "cache"
    first = downloads._compressed(str(source), state.st_size, state.st_mtime_ns, cache)
    stored = list(cache.iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == first and not list(cache.glob("*.part"))
    assert lzma.decompress(first) == source.read_bytes()
    other = lzma.compress(source.read_bytes(), preset=0)  # the same content, other bytes
    assert other != first
    stored[0].write_bytes(other)  # a second process reads the kept file instead of compressing again
    downloads._compressed.cache_clear()
    assert downloads._compressed(str(source), state.st_size, state.st_mtime_ns, cache) == other
    stored[0].write_bytes(other[:40])  # a damaged file is not published: compressed again and replaced
    downloads._compressed.cache_clear()
    again = downloads._compressed(str(source), state.st_size, state.st_mtime_ns, cache)
    assert again == first and stored[0].read_bytes() == first
