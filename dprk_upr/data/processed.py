"""Read the processed tables that ``python -m dprk_upr build`` writes to ``data/processed/``.

Chapters and the analysis read data only through :func:`load` (any table) and
:func:`load_model_data` (the models' frame, with its required columns checked), so that a missing
or stale table always gives the same message and the same fix.

The build writes ``SHA256SUMS`` beside the tables (:func:`write_checksums`); :func:`load` first
checks the whole folder against it (:func:`verify_processed`), so a table edited by hand, or a
folder mixing two builds, stops every chapter with a message instead of giving numbers that
disagree between chapters.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths

#: Columns the models need in ``model_data.csv``.
MODEL_DATA_COLUMNS = [
    "rec_id",
    "cycle",
    "iso3",
    "accepted",
    "accepted_incl_partial",
    "rejected_at_wg",
    "specific",
    "action_category",
    "sensitive",
    "sensitive_tags",
    "ideal_point_distance",
    "vote_agreement",
    "dprk_resolution_vote",
    "defence_pact",
    "nonaggression_pact",
    "polyarchy",
    "un_regional_group",
]


#: Columns read as text whatever they look like. A UN paragraph number is an identifier, not a
#: number: read as a number, "125.40" would become 125.4, the number of another recommendation.
TEXT_COLUMNS = {"paragraph": "str"}


#: The checksum manifest of a processed folder (``sha256  name`` per line, as ``sha256sum`` writes).
CHECKSUMS = "SHA256SUMS"


class ProcessedDataError(RuntimeError):
    """The processed folder is missing, incomplete, or was changed after the build."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_checksums(directory: Path) -> Path:
    """Write ``SHA256SUMS`` for every ``*.csv`` of ``directory``; returns its path."""
    directory = Path(directory)
    lines = [f"{_sha256(p)}  {p.name}\n" for p in sorted(directory.glob("*.csv"))]
    path = directory / CHECKSUMS
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _state(directory: Path) -> tuple:
    """What identifies the folder's files now: name, inode, size, modification and change times (a
    same-size edit whose modification time was set back still changes the change time)."""

    def key(p: Path) -> tuple:
        st = p.stat()
        return (p.name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    return tuple(key(p) for p in sorted(directory.glob("*.csv"))) + (
        (CHECKSUMS, (directory / CHECKSUMS).stat().st_mtime_ns) if (directory / CHECKSUMS).is_file() else ("none",),
    )


def verify_processed(directory: Path | None = None) -> None:
    """Check every table of a processed folder against its ``SHA256SUMS``.

    Raises :class:`ProcessedDataError` naming the file and the fix when the manifest is missing,
    a listed table is missing or changed, or a table is not listed. The result is remembered
    while the files are unchanged, so repeated loads cost nothing.
    """
    directory = Path(directory) if directory else paths.processed_dir()
    if not directory.is_dir():
        raise ProcessedDataError(f"{directory} not found: run 'make processed' (or 'python -m dprk_upr build') first.")
    _verify_cached(directory.resolve(), _state(directory))


@lru_cache(maxsize=8)
def _verify_cached(directory: Path, state: tuple) -> None:
    fix = "Rebuild the processed data with 'make processed' (never edit them by hand)."
    manifest = directory / CHECKSUMS
    if not manifest.is_file():
        raise ProcessedDataError(f"{manifest} not found: the folder was not written by the build. {fix}")
    listed = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = {p.name for p in directory.glob("*.csv")}
    for name in sorted(present - set(listed)):
        raise ProcessedDataError(f"{directory / name} is not in {CHECKSUMS}: it was not written by this build. {fix}")
    for name, digest in sorted(listed.items()):
        path = directory / name
        if not path.is_file():
            raise ProcessedDataError(f"{path} is missing from the build listed in {CHECKSUMS}. {fix}")
        if _sha256(path) != digest:
            raise ProcessedDataError(
                f"{path} does not match its checksum in {CHECKSUMS}: it was changed after "
                f"the build, so chapters would disagree. {fix}"
            )


def explicit_without_manifest(directory: Path, explicit: bool) -> bool:
    """Whether a folder the caller named has no checksum manifest (then it is read unverified)."""
    return explicit and not (Path(directory) / CHECKSUMS).is_file()


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read one processed table (``recommendations``, ``recommendation_states``, ``links``,
    ``reconciliation``, ``reviewers``, ...) from ``data/processed`` (or ``directory``).

    Empty cells become missing values; the columns of :data:`TEXT_COLUMNS` (UN paragraph
    numbers) stay text; nothing else is converted. Raises FileNotFoundError that
    says to run ``make processed`` when the table is missing, and :class:`ProcessedDataError` when
    the folder does not match its checksums (:func:`verify_processed`). The project's processed
    folder must have ``SHA256SUMS``; a folder given explicitly without one (test data written by
    hand) is read as it is.
    """
    explicit = directory is not None
    directory = Path(directory) if directory else paths.processed_dir()
    path = directory / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'make processed' (or 'python -m dprk_upr build') first.")
    if explicit_without_manifest(directory, explicit):
        return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=TEXT_COLUMNS)
    verify_processed(directory)
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=TEXT_COLUMNS)


def load_model_data(path: Path | str | None = None) -> pd.DataFrame:
    """Read the model frame, one row per recommendation and recommending state
    (``data/processed/model_data.csv``).

    ``path`` defaults to ``model_data.csv`` in :func:`dprk_upr.paths.processed_dir`. Raises
    FileNotFoundError when the file is missing and ValueError naming the file and the missing
    columns when any of :data:`MODEL_DATA_COLUMNS` is absent.
    """
    data = load(Path(path).stem, Path(path).parent) if path else load("model_data")
    path = Path(path) if path else paths.processed_dir() / "model_data.csv"
    missing = [c for c in MODEL_DATA_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(
            f"{path}: required column(s) missing: {', '.join(missing)}. "
            "Rebuild the processed data with 'python -m dprk_upr build'."
        )
    return data
