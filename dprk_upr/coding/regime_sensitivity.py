"""Regime sensitivity: does a recommendation touch what threatens the North Korean regime?

The rule is data, not code. The codebook ``data/coding/sensitivity.yaml`` defines categories
(accountability mechanisms aimed at the DPRK; camps, torture, executions and detention; the
freedoms; abductions; songbun; and the death penalty, recorded but not counted), each with
case-insensitive regular expressions, exclusions and worked examples. This module loads and
validates the codebook, applies it to recommendation texts, and compares it with a second,
independent coding built from UPR Info's issue tags (mapped in the same file).

Public interface:

- :func:`is_sensitive` -- the stable one-text answer used by the rest of the package;
- :func:`sensitivity_flags` and :func:`explain` -- one flag (or the matched phrases) per category;
- :func:`code_frame` -- a column per category (``sens_<id>``) plus ``sensitive``, for a Series;
- the second coding from the issue tags, and where the two disagree, are in
  :mod:`dprk_upr.coding.issue_tags` (their agreement: :func:`dprk_upr.coding.validation.agreement`);
- :func:`load_codebook` and :func:`check_examples` -- the codebook and its self-test.
- :func:`coded_sensitive` and :func:`without_thematic_mandates` -- the codes of many texts, and
  the codebook without its thematic-mandate rule (to show what that rule recodes).

How a category fires: the names of thematic UN mandates (the codebook's ``thematic_mandates``,
"the Special Rapporteur on torture") are blanked for every category, then the category's own
exclusions are matched and the text they cover is blanked for that category only, then its
patterns are searched in what is left. ``sensitive`` is true when a
category with ``counts_toward_sensitive: true`` fires.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from .. import paths
from ..data.files import check_model, read_yaml

DEFAULT_CODEBOOK = paths.CODING / "sensitivity.yaml"

REQUIRED_KEYS = ("id", "label", "definition", "rationale", "patterns", "must_match", "must_not_match")
"""Keys every category of the codebook must have."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# Typographic characters normalised before matching, so that patterns can be written in ASCII.
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


# --------------------------------------------------------------------------------------------
# Loading and validating the codebook
# --------------------------------------------------------------------------------------------


def _fail(path: Path, where: str, message: str) -> None:
    raise ValueError(f"invalid sensitivity codebook {path}: {where}: {message}")


def _string_list(path: Path, where: str, value: Any, *, allow_empty: bool) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(path, where, "must be a list of non-empty strings")
    if not value and not allow_empty:
        _fail(path, where, "must not be empty")
    return value


def _compile(path: Path, where: str, patterns: list[str]) -> list[re.Pattern]:
    compiled = []
    for i, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            _fail(path, f"{where}[{i}]", f"pattern {pattern!r} does not compile ({err})")
    return compiled


class _Category(BaseModel):
    """The keys a category may have (types are checked below, with messages of their own)."""

    model_config = ConfigDict(extra="forbid")
    id: Any
    label: Any = None
    counts_toward_sensitive: Any = True
    definition: Any = None
    rationale: Any = None
    patterns: Any = None
    exclusions: Any = None
    must_match: Any = None
    must_not_match: Any = None


class _IssueTags(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sensitive: list[str] = []
    not_sensitive: list[str] = []


class _CodebookFile(BaseModel):
    """The top level of ``data/coding/sensitivity.yaml`` (categories are checked one by one)."""

    model_config = ConfigDict(extra="forbid")
    version: int
    changelog: Any
    thematic_mandates: Any = None
    issue_tags: _IssueTags | None = None


def load_codebook(path: str | Path | None = None) -> dict:
    """Read and validate the sensitivity codebook.

    ``path`` defaults to ``data/coding/sensitivity.yaml`` in the repository. The returned dict is
    the YAML content, with, for each category, the compiled ``patterns_re`` and ``exclusions_re``
    (the ``thematic_mandates`` of the file, which every category blanks, then the category's own
    ``exclusions``) and a boolean ``counts_toward_sensitive`` (default true); and ``tag_map``, a
    dict from UPR Info issue tag to True (sensitive) or False.

    Raises ``ValueError`` naming the category and the key when the codebook is malformed: an
    unknown or misspelt key (``exclusion`` for ``exclusions``), a missing required key, an empty
    pattern list, a pattern that does not compile, a duplicate id, an issue tag listed both as
    sensitive and not (:class:`~dprk_upr.data.files.ConfigError`, a ValueError, for the keys and
    for YAML syntax, with the line).
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        _fail(path, "top level", "must be a mapping")
    check_model(_CodebookFile, {k: v for k, v in raw.items() if k != "categories"}, path, "the top level")
    for n, cat in enumerate(raw.get("categories") or []):
        if isinstance(cat, dict):
            check_model(_Category, cat, path, f"category '{cat.get('id', f'#{n + 1}')}'")
    for key in ("version", "changelog", "categories"):
        if key not in raw:
            _fail(path, "top level", f"missing key '{key}'")
    if not isinstance(raw["changelog"], list) or not raw["changelog"]:
        _fail(path, "key 'changelog'", "must be a non-empty list")
    if not isinstance(raw["categories"], list) or not raw["categories"]:
        _fail(path, "key 'categories'", "must be a non-empty list")
    mandates = _string_list(path, "key 'thematic_mandates'", raw.get("thematic_mandates"), allow_empty=True)
    raw["thematic_mandates"] = mandates
    mandates_re = _compile(path, "key 'thematic_mandates'", mandates)

    seen: set[str] = set()
    for n, cat in enumerate(raw["categories"]):
        if not isinstance(cat, dict):
            _fail(path, f"category #{n + 1}", "must be a mapping")
        cid = cat.get("id", f"#{n + 1}")
        for key in REQUIRED_KEYS:
            if key not in cat or cat[key] is None or cat[key] == "":
                _fail(path, f"category '{cid}'", f"missing key '{key}'")
        if not isinstance(cid, str) or not _ID.match(cid):
            _fail(path, f"category '{cid}', key 'id'", "must be lower-case letters, digits and _")
        if cid in seen:
            _fail(path, f"category '{cid}', key 'id'", "duplicate id")
        seen.add(cid)
        for key in ("label", "definition", "rationale"):
            if not isinstance(cat[key], str):
                _fail(path, f"category '{cid}', key '{key}'", "must be a string")
        patterns = _string_list(path, f"category '{cid}', key 'patterns'", cat["patterns"], allow_empty=False)
        exclusions = _string_list(path, f"category '{cid}', key 'exclusions'", cat.get("exclusions"), allow_empty=True)
        for key in ("must_match", "must_not_match"):
            _string_list(path, f"category '{cid}', key '{key}'", cat[key], allow_empty=False)
        counts = cat.get("counts_toward_sensitive", True)
        if not isinstance(counts, bool):
            _fail(path, f"category '{cid}', key 'counts_toward_sensitive'", "must be true or false")
        cat["counts_toward_sensitive"] = counts
        cat["exclusions"] = exclusions
        cat["patterns_re"] = _compile(path, f"category '{cid}', key 'patterns'", patterns)
        cat["exclusions_re"] = mandates_re + _compile(path, f"category '{cid}', key 'exclusions'", exclusions)
    if not any(c["counts_toward_sensitive"] for c in raw["categories"]):
        _fail(path, "key 'categories'", "no category counts toward 'sensitive'")

    tags = raw.get("issue_tags") or {}
    if not isinstance(tags, dict):
        _fail(path, "key 'issue_tags'", "must be a mapping with 'sensitive' and 'not_sensitive'")
    yes = _string_list(path, "issue_tags, key 'sensitive'", tags.get("sensitive"), allow_empty=True)
    no = _string_list(path, "issue_tags, key 'not_sensitive'", tags.get("not_sensitive"), allow_empty=True)
    both = sorted({t.strip().casefold() for t in yes} & {t.strip().casefold() for t in no})
    if both:
        _fail(path, "issue_tags", f"tag(s) listed both as sensitive and not: {both}")
    raw["tag_map"] = {**{t.strip(): False for t in no}, **{t.strip(): True for t in yes}}
    raw["path"] = str(path)
    return raw


@lru_cache(maxsize=1)
def _default_codebook() -> dict:
    return load_codebook()


def resolve_codebook(codebook: dict | str | Path | None) -> dict:
    if codebook is None:
        return _default_codebook()
    if isinstance(codebook, (str, Path)):
        return load_codebook(codebook)
    return codebook


# --------------------------------------------------------------------------------------------
# Applying the rule to texts
# --------------------------------------------------------------------------------------------


def normalise_text(text: Any) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return ""
    return " ".join(str(text).translate(_TRANSLATE).split())


def _category_hits(text: str, cat: dict) -> tuple[list[str], list[str]]:
    """(phrases matched by the patterns, phrases blanked by the exclusions) for one category."""
    excluded: list[str] = []
    masked = text
    for rx in cat["exclusions_re"]:
        excluded += [m.group(0) for m in rx.finditer(masked) if m.group(0).strip()]
        masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
    matched = []
    for rx in cat["patterns_re"]:
        m = rx.search(masked)
        if m:
            start, end = m.span()  # widen to whole words, so that stems read as words
            while start > 0 and masked[start - 1].isalnum():
                start -= 1
            while end < len(masked) and masked[end].isalnum():
                end += 1
            matched.append(masked[start:end].strip())
    return matched, excluded


def explain(text: str, codebook: dict | None = None) -> dict[str, dict[str, list[str]]]:
    """For each category, the phrases its patterns matched and those its exclusions blanked.

    >>> explain("Ratify CAT and stop the torture of detainees")["detention"]["matched"]
    ['detainees', 'torture']
    >>> explain("Accede to the Convention against Torture")["detention"]
    {'matched': [], 'excluded': ['Convention against Torture']}
    """
    book = resolve_codebook(codebook)
    clean = normalise_text(text)
    out = {}
    for cat in book["categories"]:
        matched, excluded = _category_hits(clean, cat)
        out[cat["id"]] = {"matched": matched, "excluded": excluded}
    return out


def sensitivity_flags(text: str, codebook: dict | None = None) -> dict[str, bool]:
    """One flag per codebook category: did the category fire on ``text``?

    >>> flags = sensitivity_flags("Abolish the death penalty and end public executions")
    >>> flags["death_penalty"], flags["detention"], flags["freedoms"]
    (True, True, False)
    """
    book = resolve_codebook(codebook)
    clean = normalise_text(text)
    return {cat["id"]: bool(_category_hits(clean, cat)[0]) for cat in book["categories"]}


def counted_ids(book: dict) -> list[str]:
    """The categories that make a recommendation sensitive (``counts_toward_sensitive``)."""
    return [c["id"] for c in book["categories"] if c["counts_toward_sensitive"]]


def _counted(book: dict, flags: dict[str, bool]) -> bool:
    return any(flags[cid] for cid in counted_ids(book))


def without_thematic_mandates(codebook: dict | None = None) -> dict:
    """The codebook as it would code without its ``thematic_mandates``: a copy in which every
    category keeps only its own exclusions (version 1 of the codebook blanked no mandate names).

    Used to show which recommendations the thematic-mandate rule recodes. The patterns are those
    of the codebook given, so a pattern added with the rule (article 18 of the ICCPR) still fires.

    >>> book = without_thematic_mandates()
    >>> is_sensitive("Invite the Special Rapporteur on torture"), _counted(book, sensitivity_flags(
    ...     "Invite the Special Rapporteur on torture", book))
    (False, True)
    """
    book = resolve_codebook(codebook)
    n = len(book["thematic_mandates"])
    categories = [{**cat, "exclusions_re": cat["exclusions_re"][n:]} for cat in book["categories"]]
    return {**book, "thematic_mandates": [], "categories": categories}


def coded_sensitive(texts, codebook: dict | None = None) -> pd.Series:
    """``sensitive`` (0/1) of each text under ``codebook`` (default: the project's codebook).

    >>> coded_sensitive(["Close the political prison camps", "Share experience"]).tolist()
    [1, 0]
    """
    book = resolve_codebook(codebook)
    texts = pd.Series(texts)
    return texts.map(lambda t: int(_counted(book, sensitivity_flags(t, book)))).astype(int)


def quoted(phrases_by_category) -> str:
    """``{"detention": ["camps"]}`` -> ``detention: 'camps'`` (several joined by "; ")."""
    return "; ".join(f"{cid}: " + ", ".join(f"'{p}'" for p in phrases) for cid, phrases in phrases_by_category)


def is_sensitive(text: str) -> bool:
    """Whether a recommendation touches what threatens the North Korean regime.

    True when any counted category of the codebook (``data/coding/sensitivity.yaml``) fires:
    accountability mechanisms aimed at the DPRK, political prison camps / torture / executions /
    detention, the freedoms of expression, information, religion, movement and assembly,
    abductions and enforced disappearances, songbun. The death penalty as such is recorded by
    :func:`~dprk_upr.coding.regime_sensitivity.sensitivity_flags` but does not count; public and extrajudicial executions do.
    Ratifying the Convention against Torture alone does not count; ending torture does.

    >>> is_sensitive("Grant the Special Rapporteur on the situation of human rights access")
    True
    >>> is_sensitive("Close all political prison camps")
    True
    >>> is_sensitive("Take steps to reduce maternal mortality")
    False
    >>> is_sensitive("Introduce a moratorium on the death penalty")
    False
    >>> is_sensitive("Put an end to public executions")
    True
    >>> is_sensitive("Ratify CAT")
    False
    >>> is_sensitive("Invite the Special Rapporteur on the right to food")
    False
    >>> is_sensitive("Invite the Special Rapporteur on torture")  # a thematic mandate's name
    False
    """
    book = _default_codebook()
    return _counted(book, sensitivity_flags(text, book))


def code_frame(texts: pd.Series, codebook: dict | None = None) -> pd.DataFrame:
    """Code a Series of texts: a boolean column ``sens_<id>`` per category, plus ``sensitive``.

    The index is that of ``texts``; missing texts are coded False throughout.

    >>> code_frame(pd.Series(["Release all political prisoners", "Improve schools"])).sensitive.tolist()
    [True, False]
    """
    book = resolve_codebook(codebook)
    rows = [sensitivity_flags(t, book) for t in texts]
    ids = [c["id"] for c in book["categories"]]
    frame = pd.DataFrame(rows, index=texts.index, columns=ids).astype(bool)
    frame["sensitive"] = frame[counted_ids(book)].any(axis=1)
    return frame.rename(columns={i: f"sens_{i}" for i in ids})


# --------------------------------------------------------------------------------------------
# Self-test of the codebook
# --------------------------------------------------------------------------------------------


def check_examples(codebook: dict | None = None) -> list[str]:
    """The codebook's own examples that its category does not code as it says (empty if none)."""
    book = resolve_codebook(codebook)
    failures = []
    for cat in book["categories"]:
        for text in cat["must_match"]:
            if not _category_hits(normalise_text(text), cat)[0]:
                failures.append(f"{cat['id']}: should match: {text!r}")
        for text in cat["must_not_match"]:
            hits = _category_hits(normalise_text(text), cat)[0]
            if hits:
                failures.append(f"{cat['id']}: should not match: {text!r} (matched {hits})")
    return failures
