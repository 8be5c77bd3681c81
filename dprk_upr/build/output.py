"""Write the processed tables all or nothing, with a checksum manifest of their own.

``data/processed`` is a symbolic link to one complete build under ``data/.processed-builds/``.
A build writes every table and ``SHA256SUMS`` into a new folder there, verifies it, and then
replaces the link with one rename (atomic on POSIX file systems): a reader sees the old set or
the new set, never a mix, and a killed build leaves only a stray folder, which the next build
removes (git ignores the folder meanwhile). The first build on a machine where ``data/processed``
is still a plain folder moves that folder into ``.processed-builds/`` first.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..data.processed import CHECKSUMS, verify_processed, write_checksums


def builds_folder(out_dir: Path) -> Path:
    """Where the complete builds behind the link ``out_dir`` live: ``.<name>-builds`` beside it."""
    out_dir = Path(out_dir)
    return out_dir.parent / f".{out_dir.name}-builds"


def clean_stale_builds(out_dir: Path) -> list[Path]:
    """Remove every build folder that ``out_dir`` does not point to (killed or superseded builds)."""
    root = builds_folder(out_dir)
    if not root.is_dir():
        return []
    current = Path(out_dir).resolve() if Path(out_dir).is_symlink() else None
    # "previous-*" holds a plain data/processed folder of an older version (it may hold a
    # user's own files): it is kept; the lock file is the lock of a running build.
    stale = [p for p in root.iterdir() if p.resolve() != current and not p.name.startswith(("previous-", ".lock"))]
    for path in stale:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path)
    return stale


def write_processed(tables: dict[str, pd.DataFrame], out_dir: Path) -> Path:
    """Write each table as ``<name>.csv`` plus ``SHA256SUMS`` into a new build folder, verify it,
    and point ``out_dir`` at it with one rename. Returns the build folder.

    Stray folders of earlier, interrupted builds are removed first. If anything fails before the
    rename, the new folder is removed and ``out_dir`` is untouched.
    """
    out_dir = Path(out_dir)
    root = builds_folder(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(
                f"another build is writing {out_dir} right now (lock {root / '.lock'}); wait for it to finish."
            ) from None
        return _write_locked(tables, out_dir, root)


def _write_locked(tables: dict[str, pd.DataFrame], out_dir: Path, root: Path) -> Path:
    clean_stale_builds(out_dir)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    stage = Path(tempfile.mkdtemp(prefix=f"build-{stamp}-", dir=root))
    try:
        for name, table in tables.items():
            table.to_csv(stage / f"{name}.csv", index=False)
        write_checksums(stage)
        verify_processed(stage)
        if out_dir.exists() and not out_dir.is_symlink():  # a plain folder from an older version
            kept = root / f"previous-{stamp}"
            os.replace(out_dir, kept)
            print(f"note: the old folder {out_dir} was moved to {kept} (kept; delete it when you no longer need it)")
        link = root / f".link-{os.getpid()}"
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(stage, out_dir.parent), link)
        os.replace(link, out_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    clean_stale_builds(out_dir)
    return stage


__all__ = ["write_processed", "clean_stale_builds", "builds_folder", "CHECKSUMS"]
