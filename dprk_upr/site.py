"""Helpers for the website: the recommendations explorer, the downloads page and a small
Sphinx extension that publishes the processed tables with the built site.

The explorer (``book/explorer.md``) and the downloads page (``book/downloads.md``) only call
the functions below. The extension is loaded by Jupyter Book through ``sphinx.extra_extensions``
in ``_config.yml``; at the end of every HTML build it copies the current files of
``data/processed/`` (or ``$DPRK_UPR_PROCESSED``) into ``_build/html/downloads/`` together with a
``SHA256SUMS`` file, so the files offered for download are always those of this build and never
a committed copy. It writes the notebooks the Colab button opens (:mod:`dprk_upr.launch`) and
works around two console errors of the theme stack (see
:func:`_set_colour_mode` and :func:`_drop_duplicate_scripts`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pandas as pd

from . import launch, paths
from .describe import POSITION_LABELS
from .sources import sha256_of

# Column of the processed recommendations table -> heading in the explorer. Columns missing from
# the table (``sensitive`` arrives with the qualitative coding) are left out without complaint.
# The paragraph number is part of the ID (C2-124.7 is paragraph 124.7 of the second review).
EXPLORER_COLUMNS = {
    "rec_id": "ID",
    "cycle": "Cycle",
    "states": "Recommending state",
    "text": "Recommendation",
    "wg_position": "At the Working Group",
    "response": "Final answer",
    "action_category": "Action category",
    "specific": "Specific",
    "sensitive": "Sensitive",
    "issues": "Issues (UPR Info)",
}
# Columns offered as search panes (lists of values with counts, click to filter).
PANE_COLUMNS = ["cycle", "wg_position", "response", "action_category", "specific", "sensitive"]
# The HTML id of the explorer's table. It must differ from the page's section ids: the page
# title "Recommendations explorer" already gives its section the id "recommendations-explorer".
TABLE_ID = "upr-recommendations-table"
CYCLE_YEARS = {1: "2009", 2: "2014", 3: "2019", 4: "2024"}

# File of data/processed -> what it holds: the files offered for download, in this order. Files
# listed but absent are skipped; other files of data/processed (intermediate or validation
# tables) are not offered.
DOWNLOADS = {
    "recommendations.csv": "One row per recommendation: text, recommending state, answers, UPR Info codes.",
    "recommendation_states.csv": "One row per recommendation and recommending state.",
    "reviewers.csv": "One row per reviewing state and cycle, with its covariates.",
    "model_data.csv": "The models' data: one row per recommendation and recommending state.",
    "reconciliation.csv": "Every count of the recommendation-level data beside the official figures.",
    "links.csv": "Every UPR Info row with the UN paragraph it is linked to and the match score.",
    "codebook.csv": "The codebook: every column of the tables above, with its meaning, values and source.",
}
DOWNLOAD_FOLDER = "downloads"


def _yes_no(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, str):
        low = value.strip().lower()
        if low in {"1", "true", "yes"}:
            return "yes"
        if low in {"0", "false", "no"}:
            return "no"
        return value
    return "yes" if bool(value) else "no"


def explorer_table(recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations as the explorer shows them: chosen columns, readable values, headings.

    >>> recs = pd.DataFrame({"rec_id": ["C2-124.7"], "cycle": [2], "paragraph": [124.7], "text": ["Ratify CRPD"],
    ...                      "wg_position": ["examine"], "specific": [1], "issues": ["A,B"],
    ...                      "match_score": [100.0]})
    >>> explorer_table(recs).to_dict("records")
    [{'ID': 'C2-124.7', 'Cycle': '2 (2014)', 'Recommendation': 'Ratify CRPD', 'At the Working Group': 'left for later', 'Specific': 'yes', 'Issues (UPR Info)': 'A; B'}]
    """
    columns = [c for c in EXPLORER_COLUMNS if c in recs.columns]
    table = recs[columns].copy()
    if "cycle" in table:
        table["cycle"] = [f"{c} ({CYCLE_YEARS[c]})" if c in CYCLE_YEARS else str(c) for c in table["cycle"]]
    if "wg_position" in table:
        table["wg_position"] = table["wg_position"].map(lambda v: POSITION_LABELS.get(v, v))
    for flag in ("specific", "sensitive"):
        if flag in table:
            table[flag] = table[flag].map(_yes_no)
    if "action_category" in table:
        table["action_category"] = table["action_category"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    if "issues" in table:
        table["issues"] = table["issues"].fillna("").map(lambda v: "; ".join(p.strip() for p in v.split(",") if p.strip()))
    table = table.fillna("").astype(str)
    return table.rename(columns=EXPLORER_COLUMNS)


def explorer_options(table: pd.DataFrame) -> dict:
    """Keyword arguments for ``itables.show``: search panes on the categorical columns, a search
    box under every column, every row (no downsampling) and text sorting (so "90.10" stays
    apart from "90.1"). On narrow screens the table scrolls sideways inside its own box
    (``book/_static/dprk-upr.css``).

    >>> opts = explorer_options(pd.DataFrame(columns=["ID", "Cycle", "Final answer"]))
    >>> opts["searchPanes"]["columns"], opts["maxBytes"]
    ([1, 2], 0)
    """
    pane_labels = {EXPLORER_COLUMNS[c] for c in PANE_COLUMNS}
    panes = [i for i, name in enumerate(table.columns) if name in pane_labels]
    text = [i for i, name in enumerate(table.columns) if name == "Recommendation"]
    tags = [i for i, name in enumerate(table.columns) if name == "Issues (UPR Info)"]
    short = [i for i, name in enumerate(table.columns) if name in ("ID", "Cycle")]
    return {
        "table_id": TABLE_ID,
        "connected": False,
        "maxBytes": 0,
        "showIndex": False,
        "classes": "display compact",
        "column_filters": "footer",
        "text_in_header_can_be_selected": False,  # a click anywhere on a heading sorts
        "lengthMenu": [10, 25, 50, 100, 500],
        "pageLength": 10,
        "autoWidth": False,
        "layout": {"top1": "searchPanes"},
        "searchPanes": {"columns": panes, "layout": "columns-3", "cascadePanes": True,
                        "initCollapsed": False, "orderable": False},
        "columnDefs": [{"targets": text, "className": "dt-left dprk-text"},
                       {"targets": tags, "className": "dt-left dprk-tags"},
                       {"targets": short, "className": "dt-nowrap"},
                       {"targets": "_all", "type": "string"}],
        "style": "width:100%;margin:0;caption-side:bottom",
    }


def download_files(directory: Path | None = None) -> list[Path]:
    """The processed files offered for download (those of :data:`DOWNLOADS` that exist), in the
    order of :data:`DOWNLOADS`."""
    directory = Path(directory) if directory else paths.processed_dir()
    if not (directory / "recommendations.csv").is_file():
        raise FileNotFoundError(f"{directory / 'recommendations.csv'} not found: run 'make processed' "
                                "(or 'python -m dprk_upr build') first.")
    return [directory / name for name in DOWNLOADS if (directory / name).is_file()]


def _rows(path: Path) -> int | None:
    if path.suffix != ".csv":
        return None
    return len(pd.read_csv(path, dtype=str, keep_default_na=False))


def downloads_table(directory: Path | None = None) -> pd.DataFrame:
    """One row per downloadable file: name, content, rows, size and sha256."""
    rows = []
    for path in download_files(directory):
        nrows = _rows(path)
        rows.append({"file": path.name, "content": DOWNLOADS[path.name],
                     "rows": "" if nrows is None else f"{nrows:,}",
                     "size": f"{path.stat().st_size / 1024:,.1f} KB", "sha256": sha256_of(path)})
    return pd.DataFrame(rows, columns=["file", "content", "rows", "size", "sha256"])


def downloads_html(directory: Path | None = None, prefix: str = f"../{DOWNLOAD_FOLDER}/") -> str:
    """The downloads table as HTML, each file name a link into the built site's download folder
    (``prefix`` is relative to the page that shows the table)."""
    table = downloads_table(directory)
    table["file"] = [f'<a href="{html.escape(prefix + name)}" download>{html.escape(name)}</a>' for name in table["file"]]
    table["sha256"] = [f'<code class="dprk-sha">{digest}</code>' for digest in table["sha256"]]
    return table.to_html(index=False, escape=False, classes="table dprk-downloads", border=0, justify="left")


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
    """Copy the processed files into ``outdir/downloads`` and write ``SHA256SUMS`` beside them.

    Files of an earlier build that are no longer processed are removed, so the folder always
    mirrors the current ``data/processed``.
    """
    files = download_files(source)
    target = Path(outdir) / DOWNLOAD_FOLDER
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    copied = [Path(shutil.copy2(path, target / path.name)) for path in files]
    sums = "".join(f"{sha256_of(path)}  {path.name}\n" for path in copied)
    (target / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return copied


def _shown_checksums(html_text: str) -> dict[str, str]:
    """File name -> sha256 as printed in a page holding the downloads table."""
    found = re.findall(r'download>([^<]+)</a>.*?<code class="dprk-sha">([0-9a-f]{64})</code>', html_text, re.S)
    return {html.unescape(name): digest for name, digest in found}


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    copied = publish_downloads(None, Path(app.outdir))
    logger.info(f"dprk_upr.site: published {len(copied)} processed file(s) in {DOWNLOAD_FOLDER}/")
    published = {path.name: sha256_of(path) for path in copied}
    # A chapter executed from the cache can show the checksums of older data: say so.
    for docname in sorted(app.env.found_docs):
        page = Path(app.outdir) / app.builder.get_target_uri(docname)
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        if "dprk-downloads" not in text:
            continue
        stale = sorted(name for name, digest in _shown_checksums(text).items() if published.get(name) != digest)
        if stale:
            logger.warning(f"{docname}: the checksums shown for {', '.join(stale)} are not those of the "
                           "published files (the page was built from older data): build again from "
                           "scratch (make book-clean)")


def _set_colour_mode(app, pagename, templatename, context, doctree) -> None:
    """pydata-sphinx-theme logs a console error ("Got invalid theme mode") on every page when its
    template variable ``default_mode`` is empty, which Jupyter Book leaves it: follow the system's
    light or dark setting unless ``html_context`` chooses a mode."""
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep one copy of each script. sphinx-thebe registers its inline configuration (a block of
    ``const`` declarations) twice under Jupyter Book, and the second copy throws "Identifier
    'THEBE_JS_URL' has already been declared" in the browser."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, kept = set(), []
    for script in scripts:
        filename = getattr(script, "filename", script) or ""
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    """Sphinx extension entry point (``sphinx: extra_extensions: [dprk_upr.site]``)."""
    app.connect("html-page-context", _set_colour_mode)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("build-finished", _on_build_finished)
    launch.connect(app)  # the Colab editions of the chapters and the Colab button
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
