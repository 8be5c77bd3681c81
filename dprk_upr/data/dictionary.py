"""The data dictionary of the processed tables: every column's meaning and source, from
``data/coding/columns.yaml``, and the values it takes, from the data themselves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from .. import paths
from .files import ConfigError, check_model, read_yaml

COLUMNS = paths.CODING / "columns.yaml"


class _Column(BaseModel):
    model_config = ConfigDict(extra="forbid")
    meaning: str = Field(min_length=1)
    source: str = Field(min_length=1)


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = Field(min_length=1)
    columns: dict[str, _Column]


class ColumnsFile(BaseModel):
    """The schema of ``data/coding/columns.yaml``: a version and one entry per processed table."""

    model_config = ConfigDict(extra="forbid")
    version: int
    tables: dict[str, _Table]


def load_columns(path: Path = COLUMNS) -> dict:
    """{table: {"description": str, "columns": {column: {"meaning", "source"}}}}.

    Checked against :class:`ColumnsFile`: every column has exactly a ``meaning`` and a ``source``
    (an unquoted comma in a YAML flow mapping silently splits the text into a new key; the
    message then says to quote texts that contain commas).
    """
    spec = read_yaml(path)
    if isinstance(spec, dict):
        for table, entry in (spec.get("tables") or {}).items():
            for column, doc in ((entry or {}).get("columns") or {}).items():
                if isinstance(doc, dict) and set(doc) != {"meaning", "source"}:
                    raise ConfigError(
                        f"{path}: {table}.{column} must have exactly 'meaning' and 'source', "
                        f"has {sorted(doc)}; quote texts that contain commas."
                    )
    check_model(ColumnsFile, spec, path, "the codebook")
    return spec["tables"]


def undocumented(table: str, frame: pd.DataFrame, spec: dict | None = None) -> list[str]:
    """Columns of a processed table that the codebook does not describe."""
    spec = spec or load_columns()
    documented = set(spec.get(table, {}).get("columns", {}))
    return [c for c in frame.columns if c not in documented]


def _natural(value) -> tuple:
    """Sort key: values that read as numbers first, in numeric order, then the rest as text."""
    try:
        return (0, float(value), str(value))
    except (TypeError, ValueError):
        return (1, 0.0, str(value))


def values_summary(series: pd.Series, max_levels: int = 6) -> str:
    """A short description of the values a column takes: range for numbers, levels for text.

    >>> values_summary(pd.Series([0, 1, 1]))
    '0, 1'
    >>> values_summary(pd.Series([0.5, 1.5, 2.0, 2.25, 3.0, 4.0, 7.5, None]))
    '0.5 to 7.5 (1 missing)'
    >>> values_summary(pd.Series(["19", "6", "124", "90"]))
    '6, 19, 90, 124'
    >>> values_summary(pd.Series(["UPR Info files every split part as its own row.", "Noted."]))
    'text (2 distinct values)'
    """
    s = series.dropna()
    missing = int(series.isna().sum())
    tail = f" ({missing} missing)" if missing else ""
    if s.empty:
        return "all missing"
    if pd.api.types.is_numeric_dtype(s) and s.nunique() > max_levels:
        return f"{s.min():g} to {s.max():g}{tail}"
    levels = sorted(s.unique(), key=_natural)
    if any(len(str(v)) > 40 for v in levels):  # sentences: listing them would run them together
        return f"text ({len(levels)} distinct value{'s' if len(levels) != 1 else ''}){tail}"
    if len(levels) <= max_levels:
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in levels) + tail
    return f"{len(levels)} distinct values{tail}"


def codebook_frame(table: str, frame: pd.DataFrame, spec: dict | None = None) -> pd.DataFrame:
    """One row per column of a processed table: name, meaning, values, source.

    Raises ValueError naming the columns that the codebook does not describe.
    """
    spec = spec or load_columns()
    missing = undocumented(table, frame, spec)
    if missing:
        raise ValueError(f"{COLUMNS}: columns of {table}.csv not described: {missing}. Add them to the codebook.")
    docs = spec[table]["columns"]
    return pd.DataFrame(
        [
            {
                "column": c,
                "meaning": docs[c]["meaning"],
                "values": values_summary(frame[c]),
                "source": docs[c]["source"],
            }
            for c in frame.columns
        ]
    )


def processed_tables(spec: dict | None = None, directory: Path | None = None) -> list[str]:
    """The tables the codebook describes whose CSV is in ``directory`` (default ``data/processed``)."""
    spec = spec or load_columns()
    directory = Path(directory) if directory else paths.processed_dir()
    return [name for name in spec if (directory / f"{name}.csv").exists()]
