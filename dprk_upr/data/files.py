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


def _nested_model(model, loc: tuple):
    """The pydantic model that holds the key at ``loc`` (through fields, dict values, list items)."""
    import typing

    current = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return current
            current = field.annotation
            continue
        args = [a for a in typing.get_args(current) if a is not type(None)]
        origin = typing.get_origin(current)
        if origin is dict and len(args) == 2:
            current = args[1]
        elif origin in (list, tuple) and args:
            current = args[0]
        elif args:  # Optional[X] / X | None
            current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), current)
    while typing.get_args(current) and not (isinstance(current, type) and issubclass(current, BaseModel)):
        current = next(
            (a for a in typing.get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)),
            typing.get_args(current)[0],
        )
    return current if isinstance(current, type) and issubclass(current, BaseModel) else model


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
        problems = []
        for err in exc.errors():
            loc = _location(err["loc"])
            if err["type"] == "extra_forbidden":
                key = str(err["loc"][-1])
                allowed = sorted(_nested_model(model, err["loc"][:-1]).model_fields)
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                inside = f" in '{_location(err['loc'][:-1])}'" if len(err["loc"]) > 1 else ""
                problems.append(f"unknown key '{key}'{inside}{hint}; allowed keys there: {', '.join(allowed)}")
            elif err["type"] == "missing":
                problems.append(f"missing key '{loc}'")
            elif err.get("input") is False or err.get("input") is True:
                problems.append(
                    f"'{loc}': {err['msg']} (found {err.get('input')!r}; YAML reads a bare on, off, "
                    "yes or no as true/false: quote the word)"
                )
            else:
                problems.append(f"'{loc}': {err['msg']} (found {err.get('input')!r})")
        raise ConfigError(f"{path}: {where}: " + "; ".join(problems) + ".") from None


def _physical_lines(path: Path, comment: str | None) -> tuple[list[str], list[int]]:
    """The header of a CSV file and the physical line number of each data row; every row must have
    as many fields as the header (pandas would otherwise shift the columns silently)."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    kept, numbers = [], []
    for number, line in enumerate(lines, start=1):
        if comment and line.lstrip().startswith(comment):
            continue
        kept.append(line)
        numbers.append(number)
    reader = csv.reader(kept)
    header, rows, starts = None, [], []
    position = 0
    for record in reader:
        start = numbers[position] if position < len(numbers) else numbers[-1]
        position = reader.line_num
        if header is None:
            header = record
            continue
        if not record:
            continue
        if len(record) != len(header):
            raise ConfigError(
                f"{path}, line {start}: {len(record)} fields, the header has {len(header)}. "
                'Quote a value that contains a comma ("like, this").'
            )
        rows.append(record)
        starts.append(start)
    return header or [], starts


def _rule_in_words(check: str, value) -> str:
    """A pandera failure ("isin(['a', 'b'])" for 'c') in words."""
    import re

    found = f"found {value!r}"
    if check == "column_in_schema":
        return f"{value!r} is not a column of this table (misspelt?); remove or rename it"
    if check == "column_in_dataframe":
        return f"the column {value!r} is missing; add it"
    if check == "not_nullable" or check.startswith("str_length(1"):
        return "must not be empty"
    if check.startswith("field_uniqueness") or check.startswith("multiple_fields_uniqueness"):
        return f"{value!r} appears twice; each value must be unique"
    if check.startswith("isin("):
        return f"must be one of {check[5:-1]}, {found}"
    if check.startswith("str_matches("):
        return f"must match the pattern {check[12:-1]}, {found}"
    if check.startswith(("coerce_dtype", "dtype")):
        kind = re.sub(r"^\w+\('?|'?\)$", "", check)
        return f"must be {'a whole number' if 'int' in kind.lower() else kind}, {found}"
    if check.startswith(("greater_than", "less_than", "in_range")):
        return f"out of range ({check}), {found}"
    return f"breaks the rule {check!r}, {found}"


def read_table(path: Path | str, schema=None, comment: str | None = "#"):
    """Read a hand-made CSV table of the project and check it against its declared schema.

    Every row must have as many fields as the header; then the table is validated with
    ``schema`` (a pandera ``DataFrameSchema``: the columns, their types and allowed values,
    unknown columns refused). Lines starting with ``comment`` are skipped. Returns the table
    (types as the schema coerces them; text columns as ``str``), with ``attrs["lines"]`` giving
    each row's line in the file.

    Raises :class:`ConfigError` naming the file, the line, the column and the value, for every
    failure (all at once), and the fix.
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found. Restore it from git (git checkout -- {path}).")
    try:
        header, lines = _physical_lines(path, comment)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.") from None
    table = pd.read_csv(path, dtype=str, keep_default_na=False, comment=comment if comment else None)
    if len(table) != len(lines):  # a comment character inside a value, for instance
        raise ConfigError(
            f"{path}: {len(table)} rows read but {len(lines)} in the file; check for a '{comment}' "
            "inside a value (quote it) or a stray line break."
        )
    table.attrs["lines"] = lines
    if schema is None:
        return table
    import pandera.errors

    for name, column in schema.columns.items():  # a blank cell of a number column is a missing value
        if name in table.columns and str(column.dtype).lower().startswith(("int", "float")):
            table[name] = table[name].replace("", pd.NA)
    try:
        out = schema.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as err:
        problems = []
        seen_rows = set()
        cases = err.failure_cases
        typed = cases["check"].astype(str).str.match(r"^(coerce_dtype|dtype|not_nullable)")
        if typed.any():  # a value of the wrong type: the other rules then fail as a consequence
            cases = cases[typed | (cases["schema_context"] == "Column")]
            cases = cases[~cases["failure_case"].astype(str).str.contains("TypeError", regex=False)]
        cases = cases.drop_duplicates(subset=["index", "column", "check"])
        for case in cases.itertuples(index=False):
            has_row = case.index is not None and str(case.index) not in ("nan", "<NA>", "None")
            where = f"line {lines[int(case.index)]}" if has_row else "header"
            if case.schema_context == "DataFrameSchema" and has_row:  # a rule across columns: once per line
                if (where, case.check) not in seen_rows:
                    seen_rows.add((where, case.check))
                    row = ", ".join(f"{k}={v}" for k, v in table.iloc[int(case.index)].items())
                    problems.append(f"{where}: breaks the rule '{case.check}' ({row[:160]})")
                continue
            column = case.column if case.column is not None else "the table"
            problems.append(f"{where}, column {column}: {_rule_in_words(str(case.check), case.failure_case)}")
        shown = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
        raise ConfigError(
            f"{path}: {shown}. Fix the file (its schema: {schema.name or 'schema'} in dprk_upr/data/schemas.py)."
        ) from None
    out.attrs["lines"] = lines
    return out
