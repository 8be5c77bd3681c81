"""Read the project's own configuration files (YAML) with errors that name the file, the place and
the fix.

PyYAML reports a syntax error at ``"<unicode string>"`` when it is given a string; here it is given
the file, and the error becomes a :class:`ConfigError` that names the file, line and column.
:func:`check_model` validates one entry against a pydantic model that forbids unknown keys, and
turns pydantic's report into one message per problem, with the nearest allowed key for a
misspelt one (``smaple`` -> ``sample``).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A project file (YAML or hand-made CSV) breaks its declared schema."""


def read_yaml(path: Path | str) -> Any:
    """The parsed content of a YAML file; :class:`ConfigError` naming the file and line on a syntax error."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found. Restore it from git (git checkout -- {path}).")
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ConfigError(
            f"{path}, {where}: not valid YAML ({exc.problem}). "
            "Check the indentation and quote texts that contain ':' or '#'."
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.") from None


def _location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(the entry itself)"


def check_model(model: type[M], entry: Any, path: Path | str, where: str) -> M:
    """Validate ``entry`` (a mapping read from ``path``) as ``model``.

    ``where`` names the entry for the message (e.g. "model 'acc_2'"). Raises :class:`ConfigError`
    listing every problem: an unknown key with the closest allowed key, a missing key, a value
    of the wrong type.
    """
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: {where} must be a mapping of keys to values, found {type(entry).__name__}.")
    try:
        return model.model_validate(entry)
    except ValidationError as exc:
        allowed = sorted(model.model_fields)
        problems = []
        for err in exc.errors():
            loc = _location(err["loc"])
            if err["type"] == "extra_forbidden":
                key = str(err["loc"][-1])
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"unknown key '{key}'{hint}; allowed keys: {', '.join(allowed)}")
            elif err["type"] == "missing":
                problems.append(f"missing key '{loc}'")
            else:
                problems.append(f"'{loc}': {err['msg']} (found {err.get('input')!r})")
        raise ConfigError(f"{path}: {where}: " + "; ".join(problems) + ".") from None
