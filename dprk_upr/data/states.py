"""Resolve the names of states, as the UN and UPR Info print them, to ISO 3166 alpha-3 codes.

Names go through the project's explicit alias table ``data/states/aliases.csv`` first;
a name that is not there is looked up, exactly, among pycountry's names of countries (``name``,
``official_name`` and ``common_name``; never the two- and three-letter codes, so that an acronym
such as "(CAF)" or "(MDG)" in a recommendation is not taken for a state). Nothing is guessed:
a name that neither knows raises :class:`UnknownStateError`, which says which row to add to
which file, written by the :mod:`csv` module so that it can be pasted as it is.

Lookup happens in two steps.

1. *Plain*: case, runs of ASCII white space, curly apostrophes and a leading "the" are ignored,
   as the project always did ("Lao People’s Democratic Republic" = "Lao People's Democratic Republic").
2. *Folded* (:func:`normalise`): Unicode compatibility forms (NFKC), every dash and hyphen
   (including the non-breaking hyphen U+2011 and the en dash U+2013) as "-", soft hyphens and
   zero-width characters removed, every kind of space as a space, curly double quotes as
   straight ones, and combining accents composed with their letter. A name that matches only
   at this step looks identical to a known name on screen while being a different string, so
   :func:`to_iso3` resolves it but warns (:class:`StateNameWarning`) and shows the code points
   that differ (e.g. ``U+2011 NON-BREAKING HYPHEN``).

Accents are never stripped: "Turkiye" is in the alias table as a spelling of its own.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

import pycountry

from ..paths import DATA
from .files import read_table
from .schemas import ALIASES as ALIAS_SCHEMA

ALIASES = DATA / "states" / "aliases.csv"
ALIAS_COLUMNS = ["name", "iso3", "source", "note"]


class UnknownStateError(LookupError):
    """A state name that neither the alias table nor ISO 3166 knows."""


class StateNameWarning(UserWarning):
    """A state name resolved only after Unicode folding: it differs invisibly from the known name."""


# Characters folded at step 2. Dashes: hyphen, non-breaking hyphen, figure dash, en dash, em
# dash, horizontal bar, minus sign, small and full-width hyphen-minus (Unicode category Pd and
# the minus sign). Quotes: the curly and low-9 forms and primes.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_FOLD = {ord(c): "-" for c in _DASHES}
_FOLD.update({ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"})
_FOLD.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033"})
# Invisible characters that PDF extraction and word processors leave inside words: soft
# hyphen, zero-width space / (non-)joiner, word joiner, byte-order mark.
_FOLD.update({ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"})


def _strip_the(s: str) -> str:
    return s[4:] if s.startswith("the ") else s


def _plain(name: str) -> str:
    """Step 1 key: case, white space, curly apostrophes and a leading "the" ignored."""
    s = str(name).replace("\u2019", "'").replace("\u2018", "'")
    return _strip_the(" ".join(re.split(r"[ \t\n\r]+", s.strip(" \t\n\r"))).lower())


def normalise(name: str) -> str:
    """Fold the spelling differences that carry no meaning (step 2 of the lookup).

    Parameters
    ----------
    name
        A state name as printed.

    Returns
    -------
    str
        The name in NFKC form with all dashes as "-", soft hyphens and zero-width characters
        removed, every space character as one space, curly quotes straight, combining accents
        composed, one space before and none inside parentheses, lower case, and a leading "the"
        removed.

    Examples
    --------
    >>> normalise("  the Former Yugoslav  Republic of Macedonia")
    'former yugoslav republic of macedonia'
    >>> normalise("Lao People\u2019s Democratic Republic")
    "lao people's democratic republic"
    >>> normalise("Timor\u2011Leste"), normalise("Co\u0302te d\u2019Ivoire") == normalise("C\u00f4te d'Ivoire")
    ('timor-leste', True)
    """
    s = unicodedata.normalize("NFKC", str(name)).translate(_FOLD)
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s*\(\s*", " (", re.sub(r"\s*\)", ")", s))  # "Bolivia(Plurinational State of )"
    return _strip_the(" ".join(s.split()).casefold())


def codepoints(name: str) -> str:
    """List the characters of ``name`` outside printable ASCII, for error messages.

    Parameters
    ----------
    name
        Any string.

    Returns
    -------
    str
        ``"U+XXXX NAME"`` for each distinct such character, in order, joined by ", "; empty when
        the name is plain ASCII. Names come from :func:`unicodedata.name`.

    >>> codepoints("Timor\u2011Leste")
    'U+2011 NON-BREAKING HYPHEN'
    >>> codepoints("Chile")
    ''
    """
    seen, out = set(), []
    for ch in str(name):
        if (" " <= ch <= "~") or ch in seen:
            continue
        seen.add(ch)
        out.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}")
    return ", ".join(out)


def suggested_alias_row(
    name: str, iso3: str = "<ISO3>", source: str = "<where the spelling comes from>", note: str = ""
) -> str:
    """The line to add to the alias table for ``name``, written by the :mod:`csv` module.

    Parameters
    ----------
    name, iso3, source, note
        The four columns of ``aliases.csv``; placeholders by default.

    Returns
    -------
    str
        One CSV line without its line ending. A name containing a comma or a quote is quoted,
        so the line is valid CSV as it is.

    >>> suggested_alias_row("Ruritania")
    'Ruritania,<ISO3>,<where the spelling comes from>,'
    >>> suggested_alias_row("Korea, Republic of", "KOR", "ISO 3166")
    '"Korea, Republic of",KOR,ISO 3166,'
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([name, iso3, source, note])
    return buffer.getvalue()


@lru_cache(maxsize=4)
def _read_alias_table(path: Path) -> tuple[tuple[str, str, int], ...]:
    """(name, ISO3, line) for each row of the alias table, checked."""
    table = read_table(path, ALIAS_SCHEMA)  # columns, ISO3 codes and sources (dprk_upr.data.schemas)
    rows, mapping = [], {}
    for i, row in enumerate(table.itertuples(index=False), start=2):
        name, code, source = row.name, row.iso3.strip().upper(), row.source.strip()
        if not name.strip():
            raise ValueError(f"{path}, line {i}: empty name.")
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"{path}, line {i}: '{row.iso3}' is not an ISO3 code.")
        if pycountry.countries.get(alpha_3=code) is None and pycountry.historic_countries.get(alpha_3=code) is None:
            raise ValueError(
                f"{path}, line {i}: '{code}' (for '{name}') is not an ISO 3166 alpha-3 code, current or "
                "historic; look the state up at https://www.iso.org/obp or in pycountry."
            )
        if not source:
            raise ValueError(f"{path}, line {i}: '{name}' has no source; say where the spelling comes from.")
        key = normalise(name)
        if key in mapping and mapping[key][0] != code:
            raise ValueError(
                f"{path}, line {i}: '{name}' is mapped to {code}, but line {mapping[key][1]} "
                f"maps the same name to {mapping[key][0]}."
            )
        mapping[key] = (code, i)
        rows.append((name, code, i))
    return tuple(rows)


def load_aliases(path: Path = ALIASES) -> dict[str, str]:
    """Read the alias table into ``{normalised name: ISO3}``.

    Parameters
    ----------
    path
        A CSV file with columns ``name``, ``iso3``, ``source`` (where the spelling comes from:
        the UN Member States list, UNTERM, UPR Info, a UN document ...) and ``note``.

    Returns
    -------
    dict
        One entry per distinct :func:`normalise`-d name (the file's rows, deduplicated).

    Raises
    ------
    ValueError
        Naming the file and line, on a missing column, an empty name, a code that is not three
        letters, a row without a source, or one name mapped to two codes.
    """
    return {normalise(name): code for name, code, _ in _read_alias_table(Path(path))}


@lru_cache(maxsize=4)
def _index(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(plain key -> ISO3, folded key -> ISO3, folded key -> a known spelling)."""
    plain: dict[str, str] = {}
    folded: dict[str, str] = {}
    spelling: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.append((value, country.alpha_3))
    # The alias table is explicit, so it is read last and wins over pycountry.
    names.extend((name, code) for name, code, _ in _read_alias_table(path))
    for name, code in names:
        plain[_plain(name)] = code
        folded[normalise(name)] = code
        spelling.setdefault(normalise(name), name)
    return plain, folded, spelling


def lookup(name: str, path: Path = ALIASES) -> tuple[str | None, bool]:
    """Resolve a name without raising or warning.

    Returns
    -------
    (str or None, bool)
        The ISO3 code (None when unknown) and whether the name matched only after Unicode
        folding (step 2; see the module docstring).
    """
    plain, folded, _ = _index(Path(path))
    code = plain.get(_plain(name))
    if code is not None:
        return code, False
    code = folded.get(normalise(name))
    return code, code is not None


def is_state(name: str) -> bool:
    """Whether ``name`` is a known state name (alias table or ISO 3166 names; never a code).

    The default test :func:`dprk_upr.data.reports.parse_recommendations` uses to decide whether a
    parenthesis holds recommending states.

    >>> is_state("Iran (Islamic Republic of)"), is_state("ICC"), is_state("CAF"), is_state("T\u00fcrkiye")
    (True, False, False, True)
    """
    return lookup(name)[0] is not None


def _closest(name: str, limit: int = 3) -> list[tuple[str, str]]:
    """Known spellings that look like ``name`` (for hints only; never used to resolve)."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency, but hints are optional
        return []
    _, folded, spelling = _index(ALIASES)
    hits = process.extract(normalise(name), list(folded), scorer=fuzz.WRatio, limit=limit, score_cutoff=86)
    return [(spelling[key], folded[key]) for key, _, _ in hits]


def unknown_name_message(name: str, where: str = "") -> str:
    """The error message for a name nobody knows: where, the name, its odd characters, the fix.

    The hint about similar known names (rapidfuzz, score >= 86) only helps to spot a misprint;
    it never resolves the name.
    """
    prefix = f"{where}: " if where else ""
    odd = codepoints(name)
    odd = f" (contains {odd})" if odd else ""
    hints = _closest(name)
    hint = (
        (
            "; it resembles "
            + ", ".join(f"'{s}' ({c})" for s, c in hints)
            + ", so check the spelling in the source first"
        )
        if hints
        else ""
    )
    return (
        f"{prefix}unknown state name {name!r}{odd}: neither the alias table nor ISO 3166 knows it{hint}. "
        f"If it is a state, add this row to {ALIASES} (ISO3 code and the source of the spelling "
        f"filled in):\n    {suggested_alias_row(name)}"
    )


def to_iso3(name: str, aliases: dict[str, str] | None = None, where: str = "") -> str:
    """The ISO3 code of a state name.

    Parameters
    ----------
    name
        The name as printed.
    aliases
        ``{normalised name: ISO3}`` to use instead of the alias table (see :func:`load_aliases`);
        ISO 3166 names are still consulted after it.
    where
        Where the name comes from (file, paragraph), for messages.

    Returns
    -------
    str
        Three upper-case letters.

    Raises
    ------
    UnknownStateError
        The name is unknown; the message names ``where``, the name (with any character outside
        ASCII as its code point) and the CSV row to add to the alias table.

    Warns
    -----
    StateNameWarning
        The name matched a known name only after Unicode folding; the message shows the code
        points that differ.

    Examples
    --------
    >>> to_iso3("DPR Korea"), to_iso3("Republic of Korea"), to_iso3("Macedonia FYR")
    ('PRK', 'KOR', 'MKD')
    >>> to_iso3("Iran (Islamic Republic of)"), to_iso3("Netherlands (Kingdom of the)"), to_iso3("Turkiye")
    ('IRN', 'NLD', 'TUR')
    """
    if aliases is not None:
        key = normalise(name)
        if key in aliases:
            return aliases[key]
    code, folded_only = lookup(name)
    if code is None:
        raise UnknownStateError(unknown_name_message(name, where))
    if folded_only:
        _, _, spelling = _index(ALIASES)
        known = spelling.get(normalise(name), "")
        prefix = f"{where}: " if where else ""
        warnings.warn(
            f"{prefix}state name {name!r} resolved to {code} only after Unicode folding: it contains "
            f"{codepoints(name) or 'no character outside ASCII but differs in spacing or case'}, which the "
            f"known spelling {known!r} does not. Replace the character(s) in the source text, or, if this "
            f"spelling is intended, add it to {ALIASES}: {suggested_alias_row(name, code)}",
            StateNameWarning,
            stacklevel=2,
        )
    return code


def resolve_all(names, where: str = "") -> dict[str, str]:
    """Map every distinct name to ISO3; raise one error that lists all unknown names and ``where`` they occur.

    Parameters
    ----------
    names
        Iterable of state names as printed.
    where
        Where they come from (file, column), for messages.

    Returns
    -------
    dict
        ``{name: ISO3}`` for each distinct name.

    Warns
    -----
    StateNameWarning
        For each name that matched only after Unicode folding (see :func:`to_iso3`).

    Raises
    ------
    UnknownStateError
        ``"{where}: unknown state name(s) [...]"`` followed by the CSV rows to add.
    """
    result, unknown = {}, []
    for name in sorted(set(names)):
        try:
            result[name] = to_iso3(name, where=where)
        except UnknownStateError:
            unknown.append(name)
    if unknown:
        rows = "\n".join(f"    {suggested_alias_row(n)}" for n in unknown)
        odd = [f"{n!r}: {codepoints(n)}" for n in unknown if codepoints(n)]
        odd_text = f" Characters outside ASCII: {'; '.join(odd)}." if odd else ""
        raise UnknownStateError(
            f"{where}: unknown state name(s) {unknown}. Add each to {ALIASES} "
            f"with its ISO3 code and the source of the spelling:{odd_text}\n{rows}"
        )
    return result
