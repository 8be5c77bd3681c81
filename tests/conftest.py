"""Shared fixtures: where the raw inputs and processed tables are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _raw_dir() -> Path | None:
    for candidate in (os.environ.get("DPRK_UPR_RAW"), ROOT / "data" / "raw", ROOT.parent / "shared" / "data" / "raw"):
        if candidate and (Path(candidate) / "un-reports").is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw inputs (data/raw after 'make data', else the local mirror)."""
    found = _raw_dir()
    if found is None:
        pytest.skip("raw inputs not found: run 'make data'")
    return found


@pytest.fixture(scope="session")
def built(tmp_path_factory, raw_dir):
    """The processed tables, built afresh into a temporary folder from the raw inputs."""
    from dprk_upr.build import build

    out = tmp_path_factory.mktemp("processed")
    return build(raw_dir=raw_dir, out_dir=out)
