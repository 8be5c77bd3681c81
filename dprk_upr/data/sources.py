"""Fetch the raw inputs listed in the manifest and verify every checksum.

The manifest ``data/sources.csv`` has one row per input: its path under ``data/raw/``, the
commit-pinned URL it is published at, its sha256 and its size. :func:`fetch_all` fills the raw
folder, preferring a local mirror (a folder laid out like ``data/raw/``) and downloading only
what the mirror lacks. A file lands in place only after its checksum has been verified, so an
interrupted or corrupted transfer never leaves a half-written input behind.

No file is ever deleted. A local file that fails its check is replaced only by a copy that
passes it, and is moved aside to ``data/raw/.set-aside/`` (the message says where). When no copy
passes, the message tells two cases apart: the local copy and the fresh one agree with each other
but not with the manifest (the manifest is wrong), or they differ (a file is damaged).

Run it as ``python -m dprk_upr fetch`` (what ``make data`` does); :func:`check_raw` verifies
the raw folder without fetching (what ``python -m dprk_upr build`` does first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import os
import posixpath
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .files import ConfigError, read_table

MANIFEST_COLUMNS = ["file", "url", "sha256", "bytes", "description", "licence"]
#: Where a raw file that failed its check is moved (inside the raw folder).
SET_ASIDE = ".set-aside"
_PART = ".part-"


class SourceError(RuntimeError):
    """A raw input is missing, unreachable or not the file the manifest describes."""


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch_one` did with one input: ``kept``, ``copied``, ``downloaded`` or
    ``replaced`` (a damaged local copy moved aside to ``set_aside`` and a verified one put in place)."""

    file: str
    action: str
    set_aside: str = ""


def read_manifest(path: Path) -> pd.DataFrame:
    """Read and check the sources manifest.

    File paths are normalised (``./unga/x.rda`` is ``unga/x.rda``) before the duplicate check.
    Raises :class:`SourceError` naming the manifest, the line and the problem when the file is not
    well-formed CSV, a column is missing, a row lacks a value, a path is listed twice or leaves
    the raw folder, a checksum is not 64 hexadecimal digits or a size is not a whole number.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: manifest not found. Restore data/sources.csv from git.")
    try:
        manifest = read_table(path, comment=None)  # every row as many fields as the header
    except ConfigError as err:
        raise SourceError(f"{err} Or restore the file from git.") from None
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise SourceError(f"{path}: missing column(s) {missing}; the header must include {MANIFEST_COLUMNS}.")
    normalised = []
    for i, row in manifest.iterrows():
        line = i + 2  # header is line 1
        for col in ("file", "url", "sha256", "bytes"):
            if not row[col].strip():
                raise SourceError(f"{path}, line {line}: empty '{col}'. Fill it in from the publisher's page.")
        digest = row["sha256"].strip().lower()
        if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
            raise SourceError(f"{path}, line {line}: '{row['sha256']}' is not a sha256 hex digest.")
        name = posixpath.normpath(row["file"].strip().replace("\\", "/"))
        if name.startswith("/") or name == ".." or name.startswith("../") or name == ".":
            raise SourceError(f"{path}, line {line}: file '{row['file']}' must be a relative path inside data/raw.")
        if not row["bytes"].strip().isdigit():
            raise SourceError(f"{path}, line {line}: bytes '{row['bytes']}' is not a whole number.")
        normalised.append(name)
    manifest["file"] = normalised
    dupes = sorted(set(manifest["file"][manifest["file"].duplicated()]))
    if dupes:
        raise SourceError(
            f"{path}: file(s) listed twice (after normalising the paths): {dupes}. Keep one row per file."
        )
    manifest["sha256"] = manifest["sha256"].str.strip().str.lower()
    manifest["bytes"] = manifest["bytes"].str.strip().astype(int)
    return manifest


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _problem(candidate: Path, row: pd.Series) -> str | None:
    """Why ``candidate`` is not the manifest's file (size or checksum), or None if it is."""
    size = candidate.stat().st_size
    if size != row["bytes"]:
        return f"{size} bytes, the manifest expects {row['bytes']}"
    digest = sha256_of(candidate)
    if digest != row["sha256"]:
        return f"sha256 {digest}, the manifest expects {row['sha256']}"
    return None


def _download(url: str, target: Path, timeout: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise SourceError(
            f"could not download {url}: {exc}. Check the network, or fetch from a local folder laid out like "
            "data/raw: 'make data MIRROR=/path/to/that/folder'."
        ) from exc


def _fresh_copy(row: pd.Series, folder: Path, mirror: Path | None, timeout: float) -> tuple[Path, str, str]:
    """A new copy of the input in a temporary file of ``folder``: (path, origin, action)."""
    fd, name = tempfile.mkstemp(prefix=_PART, dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        source = Path(mirror) / row["file"] if mirror else None
        if source is not None and source.is_file():
            shutil.copyfile(source, tmp)
            return tmp, f"the mirror copy {source}", "copied"
        try:
            _download(row["url"], tmp, timeout)
        except SourceError as err:
            where = f"the mirror {mirror} has no {row['file']}" if mirror else "no mirror was given"
            raise SourceError(f"{row['file']}: {where}, and {err}") from None
        return tmp, f"the download from {row['url']}", "downloaded"
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _set_aside(target: Path, raw_dir: Path) -> Path:
    """Move a file that failed its check to ``raw_dir/.set-aside/`` (never delete it)."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    dest = Path(raw_dir) / SET_ASIDE / f"{target.relative_to(raw_dir)}.{stamp}"
    n = 1
    while dest.exists():  # two in the same second: never overwrite a file set aside before
        n += 1
        dest = dest.with_name(f"{target.name}.{stamp}-{n}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, dest)
    return dest


def fetch_one(row: pd.Series, raw_dir: Path, mirror: Path | None = None, timeout: float = 60) -> FetchResult:
    """Make sure ``raw_dir / row.file`` exists and matches the manifest.

    An existing verified file is kept. Otherwise a copy is taken from ``mirror`` (if the mirror
    has the file) or downloaded from ``row.url`` into a temporary file in the same folder, and
    renamed into place only once its size and sha256 match. A local file that fails its check
    is moved aside (see the module docstring), never deleted. Raises :class:`SourceError` saying
    whether the manifest or the file is at fault, and what to do.
    """
    raw_dir = Path(raw_dir)
    target = raw_dir / row["file"]
    local_problem = _problem(target, row) if target.is_file() else None
    if target.is_file() and local_problem is None:
        return FetchResult(row["file"], "kept")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp, origin, action = _fresh_copy(row, target.parent, mirror, timeout)
    try:
        fresh_problem = _problem(tmp, row)
        if fresh_problem is None:
            moved = _set_aside(target, raw_dir) if target.is_file() else None
            os.replace(tmp, target)
            if moved is not None:
                return FetchResult(row["file"], "replaced", str(moved))
            return FetchResult(row["file"], action)
        if target.is_file():
            same = sha256_of(tmp) == sha256_of(target)
            moved = _set_aside(target, raw_dir)
            if same:
                raise SourceError(
                    f"{row['file']}: the manifest is wrong, or the publisher changed the file: the local copy and "
                    f"{origin} agree with each other ({fresh_problem}). The local copy is moved aside to {moved}. "
                    "Check the URL and the checksum in data/sources.csv against the publisher; never edit the "
                    "checksum to fit a file you have not checked."
                )
            raise SourceError(
                f"{row['file']}: the file is damaged: the local copy ({local_problem}) and {origin} "
                f"({fresh_problem}) differ from each other and from the manifest. The local copy is moved aside to "
                f"{moved}. Restore a good copy to the mirror, or fetch it from the URL in data/sources.csv."
            )
        raise SourceError(
            f"{row['file']}: {origin} does not match the manifest ({fresh_problem}): the file is damaged or "
            "partial, or the manifest is wrong. Nothing was written. Fetch it again ('make data'); if it "
            "persists, compare the URL and checksum in data/sources.csv with the publisher's file."
        )
    finally:
        tmp.unlink(missing_ok=True)


def clean_leftovers(raw_dir: Path) -> list[Path]:
    """Remove the temporary part-files that an interrupted fetch left in ``raw_dir``; returns them."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return []
    parts = [p for p in raw_dir.rglob(f"{_PART}*") if p.is_file() and SET_ASIDE not in p.parts]
    for part in parts:
        part.unlink()
    return parts


def fetch_all(manifest_path: Path, raw_dir: Path, mirror: Path | None = None, timeout: float = 60) -> list[FetchResult]:
    """Fetch and verify every input of the manifest; see :func:`fetch_one`.

    Part-files left by an interrupted run are removed first. Stops at the first input that
    cannot be had, with a message naming it and the fix. Running it twice does nothing the second
    time (every file is ``kept``).
    """
    manifest = read_manifest(manifest_path)
    clean_leftovers(raw_dir)
    if mirror is not None and not Path(mirror).is_dir():
        mirror = None
    return [fetch_one(row, raw_dir, mirror, timeout) for _, row in manifest.iterrows()]


def check_raw(manifest_path: Path, raw_dir: Path) -> None:
    """Raise :class:`SourceError` unless every manifest input is present in ``raw_dir`` and verified.

    Nothing is changed. The message names the file and says to run ``make data``.
    """
    manifest = read_manifest(manifest_path)
    for _, row in manifest.iterrows():
        target = Path(raw_dir) / row["file"]
        if not target.is_file():
            raise SourceError(f"{target}: missing. Run 'make data' to fetch the raw inputs.")
        problem = _problem(target, row)
        if problem is not None:
            raise SourceError(
                f"{target}: does not match data/sources.csv ({problem}): it was changed after it "
                "was fetched. Run 'make data', which sets it aside and fetches a verified copy."
            )
