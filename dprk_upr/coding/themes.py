"""Themes of recommendations: what each recommendation asks for, from ``data/coding/themes.yaml``.

Each theme has a label and a case-insensitive regular expression; a recommendation takes the first
theme whose pattern matches, or "other". The themes group the recommendations of the qualitative
review; the file is data of the project, versioned and tested.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import paths
from ..data.files import check_model, read_yaml

THEMES = paths.CODING / "themes.yaml"


class _Theme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    pattern: str = Field(min_length=1)


class ThemesFile(BaseModel):
    """The schema of ``data/coding/themes.yaml``: a version, a changelog and the themes in order."""

    model_config = ConfigDict(extra="forbid")
    version: int
    changelog: list[str]
    themes: list[_Theme] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _unique_ids(cls, themes):
        ids = [t.id for t in themes]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"theme id(s) used twice: {twice}; give every theme its own id")
        return themes


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES) -> tuple[tuple[str, str, re.Pattern], ...]:
    """The themes as (id, label, compiled pattern), in the order they are tried.

    The file's keys are checked (:class:`ThemesFile`): an unknown or misspelt key, a missing one,
    or a pattern that does not compile stops with the file, the theme and the key.
    """
    spec = read_yaml(path)
    checked = check_model(ThemesFile, spec, path, "the themes file")
    themes = []
    for theme in (t.model_dump() for t in checked.themes):
        try:
            themes.append((theme["id"], theme["label"], re.compile(theme["pattern"], re.IGNORECASE)))
        except re.error as exc:
            raise ValueError(f"{path}: theme '{theme['id']}' has an invalid pattern: {exc}.") from exc
    return tuple(themes)


def theme_of(text: str, themes=None) -> str:
    """The first theme whose pattern matches the text.

    >>> theme_of("Ratify CRPD, which was signed in July 2013")
    'disability'
    >>> theme_of("Continue its fight against poverty")
    'food_economy'
    """
    for theme_id, _, pattern in themes or load_themes():
        if pattern.search(text):
            return theme_id
    return "other"


def theme_labels(themes=None) -> dict[str, str]:
    """{theme id: label}."""
    return {theme_id: label for theme_id, label, _ in themes or load_themes()}


def with_themes(recs: pd.DataFrame) -> pd.DataFrame:
    """``recs`` with a ``theme`` column (id) and a ``theme_label`` column."""
    labels = theme_labels()
    out = recs.copy()
    out["theme"] = out["text"].map(theme_of)
    out["theme_label"] = out["theme"].map(labels)
    return out
