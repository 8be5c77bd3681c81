"""The downloads and sources pages: the processed files offered with the site (copied at build
time, with checksums), the sources manifest as a table, and the citation from ``CITATION.cff``."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pandas as pd

from .. import paths
from ..data.processed import verify_processed
from ..data.sources import read_manifest, sha256_of

#: The files offered for download, in this order, with what each holds. Files
#: listed but absent are skipped; other files of data/processed (intermediate or validation
#: tables) are not offered.
DOWNLOADS = {
    "recommendations.csv": "One row per recommendation: text, recommending state, answers, UPR Info codes.",
    "recommendation_states.csv": "One row per recommendation and recommending state.",
    "reviewers.csv": "One row per reviewing state and cycle, with its covariates.",
    "model_data.csv": "The models' data: one row per recommendation and recommending state.",
    "reconciliation.csv": "Every count of the recommendation-level data beside the official figures.",
    "links.csv": "Every UPR Info row with the UN paragraph it is linked to and the match score.",
    "dprk_recommendations_made.csv": "Every recommendation North Korea made to another state (UPR Info, 2018 export), with the answer.",
    "peer_states.csv": "Every state under review in cycles 1-2 with the facts of the peer-set rule and the result.",
    "export_agreement.csv": "UPR Info's 2018 export beside the older exports: rows paired and codes that agree.",
    "action_agreement.csv": "The action-category rule against UPR Info's human codes, by session, by export and held out.",
    "codebook.csv": "The codebook: every column of the tables above, with its meaning, values and source.",
}
DOWNLOAD_FOLDER = "downloads"


def download_files(directory: Path | None = None) -> list[Path]:
    """The processed files offered for download (those of :data:`DOWNLOADS` that exist), in the
    order of :data:`DOWNLOADS`."""
    directory = Path(directory) if directory else paths.processed_dir()
    if not (directory / "recommendations.csv").is_file():
        raise FileNotFoundError(
            f"{directory / 'recommendations.csv'} not found: run 'make processed' "
            "(or 'python -m dprk_upr build') first."
        )
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
        rows.append(
            {
                "file": path.name,
                "content": DOWNLOADS[path.name],
                "rows": "" if nrows is None else f"{nrows:,}",
                "size": f"{path.stat().st_size / 1024:,.1f} KB",
                "sha256": sha256_of(path),
            }
        )
    return pd.DataFrame(rows, columns=["file", "content", "rows", "size", "sha256"])


def downloads_html(directory: Path | None = None, prefix: str | None = None) -> str:
    """The downloads table as HTML, each file name a link into the built site's download folder
    (``prefix``, relative to the page that shows the table; default ``../downloads/``)."""
    prefix = f"../{DOWNLOAD_FOLDER}/" if prefix is None else prefix
    table = downloads_table(directory)
    table["file"] = [
        f'<a href="{html.escape(prefix + name)}" download>{html.escape(name)}</a>' for name in table["file"]
    ]
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
    mirrors the current ``data/processed``. The processed folder is verified against its own
    checksums first, so a table edited after the build is never published.
    """
    verify_processed(source)
    files = download_files(source)
    target = Path(outdir) / DOWNLOAD_FOLDER
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    copied = [Path(shutil.copy2(path, target / path.name)) for path in files]
    sums = "".join(f"{sha256_of(path)}  {path.name}\n" for path in copied)
    (target / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return copied


def sources_table(manifest_path: Path) -> pd.DataFrame:
    """The manifest as a table for readers: folder, file, what it is, licence, link and short checksum."""
    manifest = read_manifest(manifest_path)
    table = pd.DataFrame(
        {
            "folder": manifest["file"].map(lambda f: str(Path(f).parent)),
            "file": [f'<a href="{u}">{Path(f).name}</a>' for f, u in zip(manifest["file"], manifest["url"])],
            "what it is": manifest["description"],
            "licence": manifest["licence"],
            "sha256": manifest["sha256"].str[:12] + "…",
            "KB": (manifest["bytes"] / 1024).round(0).astype(int),
        }
    )
    return table
