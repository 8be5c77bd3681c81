"""Resolve the names of states, as the UN and UPR Info print them, to ISO 3166 alpha-3 codes.

Names go through the project's explicit alias table ``data/states/aliases.csv`` first; a name
that is not there is looked up, exactly, among pycountry's names (official, common and short).
Nothing is guessed: a name that neither knows raises :class:`UnknownStateError`, which says
which row of which file to add. An unknown name never becomes a silent missing value.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from ..paths import DATA

ALIASES = DATA / "states" / "aliases.csv"


class UnknownStateError(LookupError):
    """A state name that neither the alias table nor ISO 3166 knows."""


def normalise(name: str) -> str:
    """Fold the spelling differences that carry no meaning: case, quotes, spacing, a leading "the".

    >>> normalise("  the Former Yugoslav  Republic of Macedonia")
    'former yugoslav republic of macedonia'
    >>> normalise("Lao People\u2019s Democratic Republic")
    "lao people's democratic republic"
    """
    s = " ".join(str(name).replace("\u2019", "'").replace("\u2018", "'").split()).lower()
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=4)
def load_aliases(path: Path = ALIASES) -> dict[str, str]:
    """Read the alias table into {normalised name: ISO3}; raise ValueError on a clash or a bad code."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("name", "iso3"):
        if col not in table.columns:
            raise ValueError(f"{path}: missing column '{col}'.")
    mapping: dict[str, str] = {}
    for i, row in table.iterrows():
        key, code = normalise(row["name"]), row["iso3"].strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"{path}, line {i + 2}: '{row['iso3']}' is not an ISO3 code.")
        if key in mapping and mapping[key] != code:
            raise ValueError(f"{path}, line {i + 2}: '{row['name']}' is mapped to both {mapping[key]} and {code}.")
        mapping[key] = code
    return mapping


def to_iso3(name: str, aliases: dict[str, str] | None = None) -> str:
    """The ISO3 code of a state name.

    >>> to_iso3("DPR Korea"), to_iso3("Republic of Korea"), to_iso3("Macedonia FYR")
    ('PRK', 'KOR', 'MKD')
    >>> to_iso3("Iran (Islamic Republic of)")
    'IRN'
    """
    aliases = load_aliases() if aliases is None else aliases
    key = normalise(name)
    if key in aliases:
        return aliases[key]
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        raise UnknownStateError(
            f"unknown state name {name!r}. Add a row '{name},<ISO3>,<where the spelling comes from>,' "
            f"to {ALIASES.relative_to(DATA.parent)}."
        ) from None


def resolve_all(names, where: str = "") -> dict[str, str]:
    """Map every distinct name to ISO3; raise one error that lists all unknown names and ``where`` they occur."""
    result, unknown = {}, []
    for name in sorted(set(names)):
        try:
            result[name] = to_iso3(name)
        except UnknownStateError:
            unknown.append(name)
    if unknown:
        raise UnknownStateError(
            f"{where}: unknown state name(s) {unknown}. Add each to {ALIASES.relative_to(DATA.parent)} "
            "with its ISO3 code and the source of the spelling."
        )
    return result
