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
import yaml

from .. import paths

THEMES = paths.CODING / "themes.yaml"


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES) -> tuple[tuple[str, str, re.Pattern], ...]:
    """The themes as (id, label, compiled pattern), in the order they are tried."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    themes = []
    for i, theme in enumerate(spec["themes"]):
        missing = {"id", "label", "pattern"} - set(theme)
        if missing:
            raise ValueError(f"{path}: theme number {i + 1} lacks {sorted(missing)}.")
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
