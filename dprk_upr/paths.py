"""Where the project keeps its files.

All paths derive from the repository root, which is the parent of the package folder. Functions
take explicit paths as arguments; these constants only supply the defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MANIFEST = DATA / "sources.csv"
PROCESSED = DATA / "processed"
CODING = DATA / "coding"
REFERENCE = DATA / "reference"
OFFICIAL_COUNTS = REFERENCE / "official_counts.csv"


def raw_dir() -> Path:
    """The folder that holds the raw inputs: ``$DPRK_UPR_RAW`` if set, else ``data/raw``."""
    return Path(os.environ.get("DPRK_UPR_RAW", DATA / "raw"))


def processed_dir() -> Path:
    """The folder of processed tables: ``$DPRK_UPR_PROCESSED`` if set, else ``data/processed``."""
    return Path(os.environ.get("DPRK_UPR_PROCESSED", PROCESSED))


def find_raw_dir(probe: str = "un-reports") -> Path | None:
    """The first folder holding the raw inputs: ``$DPRK_UPR_RAW``, ``data/raw``, then the local
    mirror ``../shared/data/raw``; None when none has ``probe`` (a file or folder inside it)."""
    for candidate in (os.environ.get("DPRK_UPR_RAW"), DATA / "raw", ROOT.parent / "shared" / "data" / "raw"):
        if candidate and (Path(candidate) / probe).exists():
            return Path(candidate)
    return None
