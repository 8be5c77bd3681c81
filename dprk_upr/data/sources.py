"""Fetch the raw inputs listed in the manifest and verify every checksum.

The manifest ``data/sources.csv`` has one row per input: its path under ``data/raw/``, the
commit-pinned URL it is published at, its sha256 and its size. :func:`fetch_all` fills the raw
folder, preferring a local mirror (a folder laid out like ``data/raw/``) and downloading only
what the mirror lacks. A file lands in place only after its checksum has been verified, so an
interrupted or corrupted transfer never leaves a half-written input behind.

Run it as ``python -m dprk_upr fetch`` (what ``make data`` does).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

MANIFEST_COLUMNS = ["file", "url", "sha256", "bytes", "description", "licence"]


class SourceError(RuntimeError):
    """A raw input is missing, unreachable or not the file the manifest describes."""


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch_one` did with one input: ``kept``, ``copied`` or ``downloaded``."""

    file: str
    action: str


def read_manifest(path: Path) -> pd.DataFrame:
    """Read and check the sources manifest.

    Raises :class:`SourceError` naming the manifest and the problem when a column is missing,
    a row lacks a value, a path is listed twice or leaves the raw folder, or a checksum is not
    64 hexadecimal digits.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: manifest not found. Restore data/sources.csv from git.")
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise SourceError(f"{path}: missing column(s) {missing}; the header must include {MANIFEST_COLUMNS}.")
    for i, row in manifest.iterrows():
        line = i + 2  # header is line 1
        for col in ("file", "url", "sha256", "bytes"):
            if not row[col].strip():
                raise SourceError(f"{path}, line {line}: empty '{col}'. Fill it in from the publisher's page.")
        digest = row["sha256"].strip().lower()
        if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
            raise SourceError(f"{path}, line {line}: '{row['sha256']}' is not a sha256 hex digest.")
        if Path(row["file"]).is_absolute() or ".." in Path(row["file"]).parts:
            raise SourceError(f"{path}, line {line}: file '{row['file']}' must be a relative path inside data/raw.")
        if not row["bytes"].isdigit():
            raise SourceError(f"{path}, line {line}: bytes '{row['bytes']}' is not a whole number.")
    dupes = manifest["file"][manifest["file"].duplicated()].tolist()
    if dupes:
        raise SourceError(f"{path}: file(s) listed twice: {dupes}. Keep one row per file.")
    manifest["sha256"] = manifest["sha256"].str.strip().str.lower()
    manifest["bytes"] = manifest["bytes"].astype(int)
    return manifest


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verify(candidate: Path, row: pd.Series, origin: str) -> None:
    size = candidate.stat().st_size
    if size != row["bytes"]:
        raise SourceError(
            f"{row['file']}: {origin} has {size} bytes, the manifest expects {row['bytes']} "
            "(partial or wrong file). Delete it and run 'make data' again; if it persists, the "
            "publisher's file changed: check the URL in data/sources.csv."
        )
    digest = sha256_of(candidate)
    if digest != row["sha256"]:
        raise SourceError(
            f"{row['file']}: checksum mismatch for {origin}: got {digest}, expected {row['sha256']}. "
            "Delete it and run 'make data' again; never edit the checksum to fit a file you have not checked."
        )


def _download(url: str, target: Path, timeout: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise SourceError(
            f"could not download {url}: {exc}. Check the network, or point DPRK_UPR_MIRROR at a "
            "folder that holds the raw files."
        ) from exc


def fetch_one(row: pd.Series, raw_dir: Path, mirror: Path | None = None, timeout: float = 60) -> FetchResult:
    """Make sure ``raw_dir / row.file`` exists and matches the manifest.

    An existing verified file is kept; otherwise the file is copied from ``mirror`` if the
    mirror has it, else downloaded from ``row.url``. The new copy is written to a temporary
    file in the same folder and renamed into place only once its size and sha256 match.
    """
    target = Path(raw_dir) / row["file"]
    if target.exists():
        try:
            _verify(target, row, f"the existing file {target}")
            return FetchResult(row["file"], "kept")
        except SourceError:
            target.unlink()  # stale or corrupt: fetch it again
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        source = Path(mirror) / row["file"] if mirror else None
        if source is not None and source.exists():
            shutil.copyfile(source, tmp)
            origin, action = f"the mirror copy {source}", "copied"
        else:
            _download(row["url"], tmp, timeout)
            origin, action = f"the download from {row['url']}", "downloaded"
        _verify(tmp, row, origin)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return FetchResult(row["file"], action)


def fetch_all(manifest_path: Path, raw_dir: Path, mirror: Path | None = None, timeout: float = 60) -> list[FetchResult]:
    """Fetch and verify every input of the manifest; see :func:`fetch_one`.

    Stops at the first input that cannot be had, with a message naming it and the fix.
    Running it twice does nothing the second time (every file is ``kept``).
    """
    manifest = read_manifest(manifest_path)
    if mirror is not None and not Path(mirror).is_dir():
        mirror = None
    return [fetch_one(row, raw_dir, mirror, timeout) for _, row in manifest.iterrows()]


def check_raw(manifest_path: Path, raw_dir: Path) -> None:
    """Raise :class:`SourceError` unless every manifest input is present in ``raw_dir`` and verified."""
    manifest = read_manifest(manifest_path)
    for _, row in manifest.iterrows():
        target = Path(raw_dir) / row["file"]
        if not target.exists():
            raise SourceError(f"{target}: missing. Run 'make data' to fetch the raw inputs.")
        _verify(target, row, f"the file {target}")
