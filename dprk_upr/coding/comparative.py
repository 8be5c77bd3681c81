"""Sensitivity for the comparison of states: UPR Info's issue tags, a measure that means the same
for every state under review.

The regime-sensitivity codebook (:mod:`.regime_sensitivity`) is written for North Korea. For the
comparison of all states under review in UPR Info's export of 25 July 2018 a recommendation is
``civil_political`` when one of its UPR Info issue tags is in the ``counted`` list of
``data/coding/comparative_issue_tags.yaml`` (the tags the North Korea codebook maps to
sensitive, less the one mapped for a reason particular to North Korea; the file's header gives
the rule). Every tag of the export must be listed, counted or not: an unknown tag stops the build.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from .. import paths
from ..data.files import ConfigError, check_model, read_yaml

COMPARATIVE_TAGS = paths.CODING / "comparative_issue_tags.yaml"

__all__ = ["COMPARATIVE_TAGS", "load_comparative_tags", "civil_political", "split_tags"]


class _TagFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    counted: list[str]
    not_counted: list[str]


def load_comparative_tags(path: Path = COMPARATIVE_TAGS) -> dict[str, bool]:
    """``{tag: counted}`` for every tag listed in the comparative tag file.

    Raises
    ------
    ConfigError
        The file is not valid YAML, has a key other than ``version``, ``counted`` and
        ``not_counted``, or lists a tag twice (in one list or in both).
    """
    entry = check_model(_TagFile, read_yaml(path), path, "the comparative tag file")
    seen: dict[str, bool] = {}
    for flag, tags in ((True, entry.counted), (False, entry.not_counted)):
        for tag in tags:
            key = tag.strip()
            if key in seen:
                raise ConfigError(f"{path}: tag {key!r} is listed twice; keep it under one list only.")
            seen[key] = flag
    return seen


def split_tags(issues: str) -> list[str]:
    """The tags of UPR Info's comma-separated ``Issue`` field (empty for a blank field).

    >>> split_tags("Detention,Justice"), split_tags("")
    (['Detention', 'Justice'], [])
    """
    return [t.strip() for t in str(issues).split(",") if t.strip()]


def civil_political(issues: pd.Series, where: pd.Series | None = None, path: Path = COMPARATIVE_TAGS) -> pd.Series:
    """1 where a row's issue tags include a counted tag, 0 otherwise (also for rows without tags).

    Parameters
    ----------
    issues : pandas.Series of str, shape (n,)
        UPR Info's ``Issue`` field, comma-separated tags.
    where : pandas.Series of str, shape (n,), optional
        Where each row comes from (file and line), for the error message.
    path : Path
        The tag file (default ``data/coding/comparative_issue_tags.yaml``).

    Returns
    -------
    pandas.Series of int (0/1), shape (n,), same index, named ``civil_political``.

    Raises
    ------
    ConfigError
        A tag that the file lists neither as counted nor as not counted, naming the tag, the
        first row that carries it and the file to add it to.

    Examples
    --------
    >>> civil_political(pd.Series(["Detention,Justice", "Women's rights", ""])).tolist()
    [1, 0, 0]
    """
    mapping = load_comparative_tags(path)
    values = []
    for i, text in zip(issues.index, issues):
        tags = split_tags(text)
        unknown = [t for t in tags if t not in mapping]
        if unknown:
            origin = f" ({where.loc[i]})" if where is not None else ""
            raise ConfigError(
                f"UPR Info issue tag {unknown[0]!r} of row {i}{origin} is not listed in {path}; "
                "add it under 'counted' or 'not_counted' with the reason in the file's header."
            )
        values.append(int(any(mapping[t] for t in tags)))
    return pd.Series(values, index=issues.index, name="civil_political", dtype=int)
