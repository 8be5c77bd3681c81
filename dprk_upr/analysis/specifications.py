"""Model specifications: what each regression of the book estimates, read from
``data/models/specifications.yaml`` and validated.

A :class:`ModelSpec` is a small immutable object; an unknown or misspelt key, a missing key or a
value of the wrong type in the file stops with a message naming the file, the model id and the
key. :func:`load_specs` returns the models in file order as :class:`Specifications`, which can be
iterated like a list and looked up by id (``specs["acc_2"]``).
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import paths
from ..data.files import ConfigError, check_model, read_yaml

SPECS_PATH = paths.DATA / "models" / "specifications.yaml"

#: The estimators a specification may name (see :mod:`dprk_upr.analysis.estimators`).
ESTIMATORS = ("logit", "lpm", "lpm_fe", "firth")

#: The coefficients the book's argument is about, by role, with their patsy term names in the main models.
KEY_TERMS = {
    "specific": "specific",
    "sensitive": "sensitive",
    "distance": "ideal_point_distance",
    "distance × specific": "ideal_point_distance:specific",
    "distance × sensitive": "ideal_point_distance:sensitive",
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?!\w)(?!\s*\()")
_NOT_COLUMNS = set(keyword.kwlist) | {"and", "or", "not", "in", "True", "False", "None"}


def names_in(expression: str) -> list[str]:
    """Column names in a patsy term or pandas query (function names and literals left out).

    >>> names_in("ideal_point_distance:C(un_regional_group)"), names_in("cycle == 2 and x > 0.5")
    (['ideal_point_distance', 'un_regional_group'], ['cycle', 'x'])
    """
    expression = re.sub(r"(\"[^\"]*\"|'[^']*')", " ", expression)
    expression = re.sub(r"\b\d+(\.\d*)?([eE][-+]?\d+)?\b", " ", expression)
    return [n for n in _NAME.findall(expression) if n not in _NOT_COLUMNS]


class ModelSpec(BaseModel):
    """One model: a column of a regression table.

    Fields (all from the YAML file; defaults from its ``defaults`` block): ``id`` (unique name),
    ``table`` (the table the column belongs to; default: the outcome), ``label`` (column
    heading), ``outcome`` (a 0/1 column), ``estimator`` (one of ``ESTIMATORS``), ``sample`` (a
    pandas query, empty for all rows), ``terms`` (right-hand side in patsy notation),
    ``cycle_fe`` (a dummy per review cycle), ``fixed_effects`` (``lpm_fe`` only: columns whose
    combination is one absorbed effect), ``cluster`` (the column identifying the clusters) and
    ``note`` (what the model is for, in words; optional).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    label: str
    table: str = ""
    outcome: str = Field(min_length=1)
    estimator: Literal["logit", "lpm", "lpm_fe", "firth"]
    terms: tuple[str, ...] = Field(min_length=1)
    sample: str = ""
    cycle_fe: bool = False
    fixed_effects: tuple[str, ...] = ()
    cluster: str = "iso3"
    note: str = ""

    @field_validator("terms", "fixed_effects", mode="before")
    @classmethod
    def _as_strings(cls, value):
        if isinstance(value, (list, tuple)):
            return tuple(str(v) for v in value)
        return value

    @field_validator("sample", mode="before")
    @classmethod
    def _blank_sample(cls, value):
        return "" if value is None else value

    @model_validator(mode="before")
    @classmethod
    def _default_table(cls, values):
        if isinstance(values, dict) and not values.get("table") and values.get("outcome"):
            values = {**values, "table": values["outcome"]}
        return values

    @model_validator(mode="after")
    def _effects_for_lpm(self):
        if self.estimator == "lpm_fe" and not self.fixed_effects:
            raise ValueError("an lpm_fe model must list fixed_effects")
        return self

    def replace(self, **changes) -> ModelSpec:
        """A copy with some fields changed, validated again."""
        return ModelSpec.model_validate({**self.model_dump(), **changes})

    def substitute(self, mapping: dict[str, str], **changes) -> ModelSpec:
        """A copy with variables renamed in the terms (whole words only), e.g.
        ``{"specific": "action_category"}``, and other fields changed."""

        def sub(text: str) -> str:
            for old, new in mapping.items():
                text = re.sub(rf"\b{old}\b", new, text)
            return text

        return self.replace(terms=[sub(t) for t in self.terms], **changes)

    def formula(self) -> str:
        """The patsy formula: outcome on the terms, plus ``C(cycle)`` with cycle effects (not for
        ``lpm_fe``, whose effects are absorbed)."""
        terms = list(self.terms)
        if self.cycle_fe and self.estimator != "lpm_fe":
            terms.append("C(cycle)")
        return f"{self.outcome} ~ " + " + ".join(terms)

    def columns(self) -> list[str]:
        """Every column the specification uses: outcome, terms, sample filter, effects, cluster."""
        cols = [self.outcome]
        for term in self.terms:
            cols += names_in(term)
        cols += names_in(self.sample)
        cols += list(self.fixed_effects)
        if self.cycle_fe:
            cols.append("cycle")
        cols.append(self.cluster)
        return list(dict.fromkeys(cols))


class Specifications(Sequence):
    """The models of the specifications file, in file order; ``specs[i]`` by position,
    ``specs["acc_2"]`` by id, ``specs.in_table("accepted")`` one table's models."""

    def __init__(self, specs: list[ModelSpec]):
        self._specs = list(specs)
        self._by_id = {s.id: s for s in self._specs}
        if len(self._by_id) != len(self._specs):
            seen = [s.id for s in self._specs]
            raise ValueError(f"model id(s) used twice: {sorted({i for i in seen if seen.count(i) > 1})}")

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self._by_id:
                raise KeyError(f"no model with id '{key}'; the ids are {', '.join(self._by_id)}")
            return self._by_id[key]
        return self._specs[key]

    def __len__(self) -> int:
        return len(self._specs)

    def __iter__(self) -> Iterator[ModelSpec]:
        return iter(self._specs)

    def __contains__(self, key) -> bool:
        return key in self._by_id if isinstance(key, str) else key in self._specs

    def ids(self) -> list[str]:
        """The model ids in file order."""
        return list(self._by_id)

    def in_table(self, table: str) -> list[ModelSpec]:
        """The models of one table, in file order."""
        return [s for s in self._specs if s.table == table]


_FILE_KEYS = {"defaults", "models", "published"}


def load_specs(path: Path | str | None = None) -> Specifications:
    """Read and validate the model specifications (YAML).

    Raises :class:`~dprk_upr.data.files.ConfigError` naming the file, the model id and the key
    when a key is unknown or missing, a value has the wrong type, an id repeats, the estimator is
    unknown or an ``lpm_fe`` lists no fixed effects.
    """
    path = Path(path) if path else SPECS_PATH
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "models" not in raw:
        raise ConfigError(f"{path}: expected top-level keys {sorted(_FILE_KEYS)}.")
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}.")
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: 'defaults' must be a mapping of keys to values.")
    allowed = set(ModelSpec.model_fields)
    for key in defaults:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"{path}: defaults: unknown key '{key}'{hint}; allowed keys: {', '.join(sorted(allowed))}."
            )
    specs, seen = [], set()
    for i, entry in enumerate(raw["models"] or []):
        name = entry.get("id", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        spec = check_model(
            ModelSpec, {**defaults, **entry} if isinstance(entry, dict) else entry, path, f"model '{name}'"
        )
        if spec.id in seen:
            raise ConfigError(f"{path}: model id '{spec.id}' is used twice.")
        seen.add(spec.id)
        specs.append(spec)
    return Specifications(specs)


class Study(BaseModel):
    """A published study whose claims the chapter tests: its BibTeX ``key``, how to ``cite`` it
    in a table, what it says of its ``sample``, and its counts where the publication gives them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    cite: str
    sample: str
    recommendations: int | None = None
    accepted: int | None = None
    cycles: tuple[int, ...] = ()


class Claim(BaseModel):
    """One half of a published claim and the estimate of this book that tests it.

    ``expected``: "negative", "positive" or "none" (a claim of no effect); ``quantity``: "ame"
    (average marginal effect of ``variable``), "subgroup" (the marginal effect of ``variable``
    with the 0/1 ``at`` set to 1 for every recommendation) or "cross_partial" (how much that
    marginal effect differs between ``at`` = 1 and ``at`` = 0); ``model``: a model id.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    study: str
    half: str
    claim: str
    expected: Literal["negative", "positive", "none"]
    quantity: Literal["ame", "subgroup", "cross_partial"]
    model: str
    variable: str
    at: str = ""


class Published(BaseModel):
    """The ``published`` block of the specifications file: ``margin_pp`` (the equivalence margin,
    percentage points per standard deviation), the ``studies`` and their ``claims``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    margin_pp: float
    studies: tuple[Study, ...]
    claims: tuple[Claim, ...]

    def study(self, key: str) -> Study:
        """The study with BibTeX key ``key``."""
        return next(s for s in self.studies if s.key == key)


def load_published(path: Path | str | None = None) -> Published:
    """Read and validate the ``published`` block of the specifications file (see :class:`Published`).

    Raises :class:`~dprk_upr.data.files.ConfigError` naming the file when the block is missing,
    a key is unknown, a claim names a study or model that does not exist.
    """
    path = Path(path) if path else SPECS_PATH
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "published" not in raw:
        raise ConfigError(f"{path}: no 'published' block.")
    published = check_model(Published, raw["published"], path, "published")
    keys, models = {s.key for s in published.studies}, set(load_specs(path).ids())
    for claim in published.claims:
        if claim.study not in keys:
            raise ConfigError(f"{path}: claim '{claim.id}' names study '{claim.study}', not in 'studies'.")
        if claim.model not in models:
            raise ConfigError(f"{path}: claim '{claim.id}' names model '{claim.model}', not in 'models'.")
    return published
