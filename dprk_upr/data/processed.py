"""Read the processed tables that ``python -m dprk_upr build`` writes to ``data/processed/``.

Chapters and the analysis read data only through :func:`load` (any table) and
:func:`load_model_data` (the models' frame, with its required columns checked), so that a missing
or stale table always gives the same message and the same fix.
"""

from __future__ import annotations

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


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read one processed table (``recommendations``, ``recommendation_states``, ``links``,
    ``reconciliation``, ``reviewers``, ...) from ``data/processed`` (or ``directory``).

    Empty cells become missing values; nothing else is converted. Raises FileNotFoundError that
    says to run ``make processed`` when the table is missing.
    """
    directory = Path(directory) if directory else paths.processed_dir()
    path = directory / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'make processed' (or 'python -m dprk_upr build') first.")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def load_model_data(path: Path | str | None = None) -> pd.DataFrame:
    """Read the model frame, one row per recommendation and recommending state
    (``data/processed/model_data.csv``).

    ``path`` defaults to ``model_data.csv`` in :func:`dprk_upr.paths.processed_dir`. Raises
    FileNotFoundError when the file is missing and ValueError naming the file and the missing
    columns when any of :data:`MODEL_DATA_COLUMNS` is absent.
    """
    path = Path(path) if path else paths.processed_dir() / "model_data.csv"
    data = load(path.stem, path.parent)
    missing = [c for c in MODEL_DATA_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(
            f"{path}: required column(s) missing: {', '.join(missing)}. "
            "Rebuild the processed data with 'python -m dprk_upr build'."
        )
    return data
