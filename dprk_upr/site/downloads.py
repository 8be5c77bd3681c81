"""The downloads and sources pages: the files offered with the site (the processed tables and the
project's own data files, copied at build time, large ones compressed, with checksums), the sources
manifest as a table, and the citation from ``CITATION.cff``."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import lzma
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..data.processed import verify_processed
from ..data.sources import read_manifest, sha256_of

#: The processed tables offered for download, in this order, with what each holds (every table
#: the build writes; the Codebook appendix describes their columns).
DOWNLOADS = {
    "recommendations.csv": "One row per recommendation North Korea received in its 2009 and 2014 reviews: "
    "the text, the recommending states, the answer at each stage, UPR Info's codes and the book's codes.",
    "recommendation_states.csv": "One row per recommendation and recommending state.",
    "model_data.csv": "The data of the models: one row per recommendation and recommending state, with the "
    "outcomes, the codes and the reviewer's measures.",
    "reviewers.csv": "One row per recommending state and review: the reviewer measures (UN voting distance, "
    "alliances, democracy, groups), taken in the year before the review.",
    "reconciliation.csv": "Every count of the recommendation-level data beside the official figure.",
    "links.csv": "Every UPR Info record of North Korea with the UN paragraph it is linked to and the match score.",
    "dprk_recommendations_made.csv": "Every recommendation North Korea made to another state (UPR Info's "
    "2018 export, sessions 1-27), with the text and the answer.",
    "upr_all_states.csv": "Every recommendation of UPR Info's 2018 export (sessions 1-27, every state "
    "under review), with the answer, UPR Info's codes and the measures of both states.",
    "peer_states.csv": "Every state reviewed in cycles 1 and 2 with the facts of the peer-set rule and the result.",
    "export_agreement.csv": "UPR Info's 2018 export beside the older exports on the sessions both cover: "
    "rows paired and codes that agree.",
    "export_differences.csv": "Every difference between the 2018 export and the older exports on the "
    "sessions both cover.",
    "export_set_aside.csv": "The rows of the 2018 export left out of the all-states table, with the reason.",
    "action_validation.csv": "Every coded row of the two older UPR Info exports, with UPR Info's action "
    "category and the one the book's rule gives.",
    "action_agreement.csv": "The action-category rule against UPR Info's human codes: overall, by session, "
    "by export and held out.",
    "codebook.csv": "The codebook: every column of the tables above, with its meaning, values and source.",
}

#: The project's own files offered for download (committed to its repository, not built), by
#: their path in the repository, with what each holds.
PROJECT_FILES = {
    "data/coding/evidence.csv": "The evidence table: what followed the accepted recommendations, "
    "each event with its date, kind, status and source.",
    "data/coding/sensitivity_hand_coded.csv": "The hand-coded random sample for sensitivity, with how it was "
    "drawn and coded in its header.",
    "data/coding/sensitivity_blind_coding.csv": "The outcome-blind second coding of sensitivity (a random "
    "sample coded from the texts and definitions alone), with the protocol in its header.",
    "data/coding/sensitivity_blind_protocol.md": "The protocol of the outcome-blind coding: what the coder saw and did.",
    "data/coding/sensitivity.yaml": "The sensitivity codebook: categories, definitions, patterns, "
    "exclusions and tested examples.",
    "data/coding/action_category.yaml": "The rules of the action category (ranks 1-5): verbs, phrases and principles.",
    "data/coding/themes.yaml": "The themes of the qualitative chapter, each with the pattern that assigns it.",
    "data/coding/comparative_issue_tags.yaml": "The UPR Info issue tags counted as civil and political "
    "in the comparison of states.",
    "data/coding/columns.yaml": "The data dictionary from which the Codebook appendix is built.",
    "data/models/specifications.yaml": "The model specifications of the Models chapter, each under its id.",
    "data/reference/official_counts.csv": "The official counts of each review (recommendations and answers "
    "at each stage), each with its source.",
    "data/reference/reviews.csv": "North Korea's reviews: dates, report symbols and the files that document each.",
    "data/reference/upr_sessions.csv": "The sessions of the UPR Working Group: cycle, dates and year, each with a source.",
    "data/reference/upr_info_duplicates.csv": "The rows the published UPR Info exports repeat, kept once.",
    "data/states/aliases.csv": "State names as the UN and UPR Info print them, with their ISO3 code.",
    "data/reviewers/cow_iso3.csv": "Correlates of War state codes that need a rule to map to ISO3, with the reason.",
    "data/reviewers/un_regional_groups_errata.csv": "Corrections to the membership lists of the UN "
    "regional groups, each with its source.",
    "data/reviewers/dprk_bilateral_treaties.yaml": "North Korea's bilateral alliance treaties kept from "
    "ATOP, each with its source.",
    "data/sources.csv": "The manifest of the raw inputs: commit-pinned address, sha256, size, description and licence.",
}

#: Files larger than this (bytes) are published xz-compressed, as ``name.xz`` (xz rather than gzip:
#: a third smaller on these tables, and pandas and R read both as they are).
COMPRESS_ABOVE = 500_000
DOWNLOAD_FOLDER = "downloads"

#: Where a file's columns or entries are described: the Codebook appendix (its section for the
#: processed tables, or the section of a coding file), relative to the book's root.
CODEBOOK = "book/codebook.html"
_DICTIONARY_SECTIONS = {
    "data/coding/sensitivity.yaml": "#the-sensitivity-codebook",
    "data/coding/sensitivity_hand_coded.csv": "#the-sensitivity-codebook",
    "data/coding/sensitivity_blind_coding.csv": "#the-sensitivity-codebook",
    "data/coding/action_category.yaml": "#the-action-category-rules",
    "data/coding/columns.yaml": "#the-processed-tables",
}


@dataclass(frozen=True)
class Download:
    """One file offered for download.

    ``source`` is the file as built or committed; ``name`` the name it is published under in the
    site's download folder (``source``'s name, with ``.xz`` added when it is compressed);
    ``group`` is ``"processed"`` or ``"project"``; ``dictionary`` the page and anchor of the
    Codebook appendix that describes it, relative to the book's root, or where else it is
    described ("its header", "the file itself", "data/README.md").
    """

    source: Path
    name: str
    content: str
    group: str
    dictionary: str

    @property
    def compressed(self) -> bool:
        return self.name.endswith(".xz")


def _described(path: Path) -> str:
    """Where a project file that the Codebook does not cover is described: its own header (comment
    lines at the top), the document itself, or the table of the data folder's README."""
    if path.suffix == ".md":
        return "the file itself"
    with open(path, encoding="utf-8") as fh:
        return "its header" if fh.readline().startswith("#") else "data/README.md"


def _published_name(path: Path) -> str:
    return path.name + ".xz" if path.stat().st_size > COMPRESS_ABOVE else path.name


def offered_files(directory: Path | None = None, root: Path | None = None) -> list[Download]:
    """Every file offered for download: the processed tables of :data:`DOWNLOADS` (from
    ``directory``, default the processed folder) and the project's files of :data:`PROJECT_FILES`
    (from the repository ``root``), in that order.

    Raises FileNotFoundError naming the file and the fix when one is missing.
    """
    directory = Path(directory) if directory else paths.processed_dir()
    root = Path(root) if root else paths.ROOT
    offered = []
    for name, content in DOWNLOADS.items():
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: run 'make processed' (or 'python -m dprk_upr build') first.")
        offered.append(Download(path, _published_name(path), content, "processed", f"{CODEBOOK}#the-processed-tables"))
    for relative, content in PROJECT_FILES.items():
        path = root / relative
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: restore it from git (git checkout -- {relative}).")
        section = _DICTIONARY_SECTIONS.get(relative)
        described = f"{CODEBOOK}{section}" if section else _described(path)
        offered.append(Download(path, _published_name(path), content, "project", described))
    return offered


def download_files(directory: Path | None = None) -> list[Path]:
    """The processed tables offered for download, in the order of :data:`DOWNLOADS` (their
    source files, before any compression)."""
    return [item.source for item in offered_files(directory) if item.group == "processed"]


def published_bytes(item: Download) -> bytes:
    """The bytes of a file as published: the file itself, or its xz compression (preset 9; the
    format stores no name or time, so the same file always gives the same bytes)."""
    if not item.compressed:
        return item.source.read_bytes()
    state = item.source.stat()
    return _compressed(str(item.source.resolve()), state.st_size, state.st_mtime_ns)


#: Where the xz compressions of published files are kept between processes, by the sha256 of the
#: file they compress (the Downloads page and the build's last step both need them; xz takes
#: seconds on the largest tables). Inside ``_build``, so git ignores it and a clean build empties it.
COMPRESSED_CACHE = paths.ROOT / "_build" / ".cache" / "downloads"


@lru_cache(maxsize=4)
def _compressed(path: str, size: int, mtime_ns: int, cache: Path | None = None) -> bytes:
    """xz of a file, remembered while its size and time are unchanged, and kept on disk under
    ``cache`` (default :data:`COMPRESSED_CACHE`) by the sha256 of the file's content, so that a
    second process reuses it. A kept compression is used only if it unpacks to the file's content
    (checked by sha256), and is written whole (to a temporary name, then renamed), so a damaged or
    partial one is never published."""
    data = Path(path).read_bytes()
    folder = COMPRESSED_CACHE if cache is None else cache
    digest = hashlib.sha256(data).hexdigest()
    stored = folder / f"{digest}.xz"
    if stored.is_file():
        kept = stored.read_bytes()
        try:
            if hashlib.sha256(lzma.decompress(kept)).hexdigest() == digest:
                return kept
        except lzma.LZMAError:
            pass  # damaged: compressed again below and replaced
    packed = lzma.compress(data, format=lzma.FORMAT_XZ, preset=9)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f"{stored.name}.{os.getpid()}.part")
        partial.write_bytes(packed)
        os.replace(partial, stored)
    except OSError:
        pass  # a read-only checkout: the compression is still returned, only not kept
    return packed


def _rows(path: Path) -> int | None:
    """Data rows of a CSV file (leading ``#`` comment lines and the header not counted); None for
    other files."""
    if path.suffix != ".csv":
        return None
    with open(path, encoding="utf-8") as fh:
        skip = 0
        for line in fh:
            if not line.startswith("#"):
                break
            skip += 1
    return len(pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=skip))


def human_size(size: int) -> str:
    """A size in bytes as readers write it.

    >>> human_size(950), human_size(24_633), human_size(1_330_468)
    ('950 bytes', '24.1 KB', '1.3 MB')
    """
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def downloads_table(directory: Path | None = None, group: str | None = None) -> pd.DataFrame:
    """One row per file offered (of ``group``, "processed" or "project", or all): the published
    name, what it holds, its rows (CSV files), the published size, the full sha256 of the
    published bytes, where it is described, its path in the repository (project files) and its group.

    The processed folder is verified against its checksums first
    (:func:`~dprk_upr.data.processed.verify_processed`), so the page never shows a table edited
    after the build.
    """
    verify_processed(directory)
    rows = []
    for item in offered_files(directory):
        if group and item.group != group:
            continue
        data = published_bytes(item)
        nrows = _rows(item.source)
        content = item.content
        if item.compressed:
            content += f" Compressed with xz ({human_size(item.source.stat().st_size)} unpacked)."
        rows.append(
            {
                "file": item.name,
                "content": content,
                "rows": "" if nrows is None else f"{nrows:,}",
                "size": human_size(len(data)),
                "sha256": hashlib.sha256(data).hexdigest(),
                "dictionary": item.dictionary,
                "source": str(item.source.relative_to(paths.ROOT)) if item.group == "project" else "",
                "group": item.group,
            }
        )
    return pd.DataFrame(rows, columns=["file", "content", "rows", "size", "sha256", "dictionary", "source", "group"])


#: A page-local style for the tables of the Downloads and Sources pages: checksums wrap; on a
#: phone every row becomes a card, each cell under its header's name.
STACKED_STYLE = """<style>
table.dprk-stack { width: 100%; }
table.dprk-stack td { overflow-wrap: break-word; }
table.dprk-stack tbody tr:nth-child(even) { background: none; }
table.dprk-stack td.file { max-width: 11em; }
table.dprk-stack td.text { min-width: 13em; }
table.dprk-stack td.sha { width: 11.5em; min-width: 11.5em; }
table.dprk-stack code.dprk-sha { word-break: break-all; white-space: normal; font-size: 0.75em; }
table.dprk-stack .from { display: block; font-size: 0.85em; color: var(--pst-color-text-muted, #57606a); }
@media (max-width: 700px) {
  table.dprk-stack, table.dprk-stack tbody, table.dprk-stack tr, table.dprk-stack td { display: block; width: auto; }
  table.dprk-stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.dprk-stack tr { border-bottom: 2px solid var(--pst-color-border, #d0d7de); padding: 0.4rem 0; }
  table.dprk-stack td, table.dprk-stack td.num { border: none; padding: 0.1rem 0; text-align: left; position: static; }
  table.dprk-stack td.file, table.dprk-stack td.text, table.dprk-stack td.sha { max-width: none; min-width: 0; width: auto; }
  table.dprk-stack td.num[data-label]::before, table.dprk-stack td.sha[data-label]::before,
  table.dprk-stack td.lab[data-label]::before {
    content: attr(data-label) ": "; font-weight: 600; font-family: var(--pst-font-family-base, sans-serif);
  }
}
</style>"""


def _cell(value: str, label: str, classes: str = "") -> str:
    cls = f' class="{classes}"' if classes else ""
    return f'<td{cls} data-label="{html.escape(label)}">{value}</td>'


def _breakable(name: str) -> str:
    """A file name or path that may break after its underscores and slashes (``<wbr>``)."""
    return re.sub(r"([_/])", r"\1<wbr>", html.escape(name))


def stacked_table(headers: list[tuple[str, str]], rows: list[list[str]], classes: str = "") -> str:
    """An HTML table in the book's style (``dprk-table``) that becomes cards on a phone.

    ``headers`` are (label, class) pairs; ``rows`` hold each row's cells as HTML, in the order of
    the headers. The style is :data:`STACKED_STYLE`, included once per page by the caller.
    """
    head = "".join(
        f'<th class="{cls}">{html.escape(label)}</th>' if cls else f"<th>{html.escape(label)}</th>"
        for label, cls in headers
    )
    body = "".join(
        "<tr>" + "".join(_cell(value, label, cls) for value, (label, cls) in zip(row, headers)) + "</tr>"
        for row in rows
    )
    cls = " ".join(["dprk-table", "dprk-stack", *classes.split()])
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def downloads_html(
    directory: Path | None = None,
    prefix: str | None = None,
    group: str | None = None,
    root: str = "../",
    style: bool = True,
) -> str:
    """The downloads table (of ``group``, or every file) as HTML: each file name a link into the
    built site's download folder (``prefix``, relative to the page that shows the table; default
    ``../downloads/``), the full sha256, and a link to the Codebook appendix where it describes
    the file (``root`` is the book's root relative to the page)."""
    prefix = f"../{DOWNLOAD_FOLDER}/" if prefix is None else prefix
    table = downloads_table(directory, group)
    rows = []
    for item in table.itertuples(index=False):
        link = f'<a href="{html.escape(prefix + item.file)}" download>{_breakable(item.file)}</a>'
        content = html.escape(item.content)
        if item.source:
            content += f'<span class="from">In the repository: {_breakable(item.source)}</span>'
        if item.dictionary.startswith(CODEBOOK):
            href = html.escape(root + item.dictionary)
            what = "Columns described" if item.group == "processed" else "See"
            content += f'<span class="from">{what} in the <a href="{href}">Codebook</a></span>'
        elif item.dictionary:
            content += f'<span class="from">Described in {html.escape(item.dictionary)}</span>'
        rows.append([link, content, item.rows, item.size, f'<code class="dprk-sha">{item.sha256}</code>'])
    headers = [("File", "file"), ("What it holds", "text"), ("Rows", "num"), ("Size", "num"), ("SHA-256", "sha")]
    return (STACKED_STYLE if style else "") + stacked_table(headers, rows, "dprk-downloads")


def citation_text(path: Path = paths.ROOT / "CITATION.cff") -> str:
    """A one-line reference, in Markdown, built from ``CITATION.cff``: authors (year). *Title*.
    Version. <URL>."""
    import yaml

    meta = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    names = []
    for author in meta.get("authors", []):
        if "name" in author:
            names.append(author["name"])
        else:
            names.append(" ".join(p for p in (author.get("given-names"), author.get("family-names")) if p))
    released = meta.get("date-released")
    year = released.year if isinstance(released, dt.date) else str(released or "")[:4]
    parts = [f"{', '.join(names)} ({year}).", f"*{meta['title']}*."]
    if meta.get("version"):
        parts.append(f"Version {meta['version']}.")
    if meta.get("repository-code"):
        parts.append(f"<{meta['repository-code']}>")
    return " ".join(parts)


def publish_downloads(source: Path | None, outdir: Path) -> list[Path]:
    """Write every file of :func:`offered_files` into ``outdir/downloads`` (compressed where its
    name says so) and a ``SHA256SUMS`` listing them all.

    The processed folder is verified against its own checksums first, so a table edited after
    the build is never published. Files of an earlier build are removed, so the folder always
    mirrors the current data. Returns the published files.
    """
    verify_processed(source)
    offered = offered_files(source)
    target = Path(outdir) / DOWNLOAD_FOLDER
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    published = []
    for item in offered:
        path = target / item.name
        if item.compressed:
            path.write_bytes(published_bytes(item))
        else:
            shutil.copy2(item.source, path)
        published.append(path)
    sums = "".join(f"{sha256_of(path)}  {path.name}\n" for path in published)
    (target / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return published


def _repository_and_commit(url: str) -> str:
    """ "owner/repository at commit abc1234" for a raw.githubusercontent.com address, else the host.

    >>> _repository_and_commit("https://raw.githubusercontent.com/o/r/0123456789abcdef/d/f.csv")
    'o/r at commit 0123456'
    """
    parts = url.split("/")
    if len(parts) > 6 and parts[2] == "raw.githubusercontent.com":
        return f"{parts[3]}/{parts[4]} at commit {parts[5][:7]}"
    return parts[2] if len(parts) > 2 else url


def sources_table(manifest_path: Path) -> pd.DataFrame:
    """The manifest as a table for readers, one row per raw input: folder, file, commit-pinned
    address, what it is, licence, size in bytes and the full sha256."""
    manifest = read_manifest(manifest_path)
    return pd.DataFrame(
        {
            "Folder": manifest["file"].map(lambda f: str(Path(f).parent)),
            "File": manifest["file"].map(lambda f: Path(f).name),
            "Address (commit-pinned)": manifest["url"],
            "What it is": manifest["description"],
            "Licence": manifest["licence"],
            "Bytes": manifest["bytes"].astype(int),
            "SHA-256": manifest["sha256"],
        }
    )


def sources_html(manifest_path: Path, style: bool = True) -> str:
    """The sources table (:func:`sources_table`) as HTML: each file a link to its commit-pinned
    address with the repository and commit under it, the full sha256 wrapping in its cell, and on a
    phone one card per file."""
    table = sources_table(manifest_path)
    rows = [
        [
            f'<a href="{html.escape(url)}">{_breakable(name)}</a>'
            f'<span class="from">{html.escape(folder)}/ · {html.escape(_repository_and_commit(url))}</span>',
            html.escape(what),
            html.escape(licence),
            human_size(size),
            f'<code class="dprk-sha">{digest}</code>',
        ]
        for folder, name, url, what, licence, size, digest in table.itertuples(index=False)
    ]
    headers = [("File", "file"), ("What it is", "text"), ("Licence", "lab"), ("Size", "num"), ("SHA-256", "sha")]
    return (STACKED_STYLE if style else "") + stacked_table(headers, rows, "dprk-sources")
