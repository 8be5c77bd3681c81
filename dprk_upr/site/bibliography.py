"""The style of the book's reference list (a pybtex plugin registered by the Sphinx extension).

The default styles of sphinxcontrib-bibtex lower-case titles ("north korea", "united nations")
and label entries with abbreviations ("[CommitteeotEoDaWomen17]"); cited entries and the rest
also came out as two separately sorted blocks. This style keeps titles as written in
``book/references.bib``, labels every entry by author and year ("Bailey, Strezhnev and Voeten
2017", "Park and Kim 2024", "UN Human Rights Council 2014a") and sorts the whole list by author,
year and title.
"""

from __future__ import annotations

from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, sentence

#: The name the style is registered under (``bibtex_default_style`` in ``_config.yml``).
STYLE_NAME = "dprk_upr_author_year"


def _names(entry) -> list[str]:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = []
    for person in persons:
        last = " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)
        names.append(last.replace("{", "").replace("}", ""))
    if not names:
        org = entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get("publisher")
        names = [str(org or entry.fields.get("title", entry.key)).replace("{", "").replace("}", "")]
    return names


def author_year(entry) -> str:
    """ "Bailey 2017", "Park and Kim 2024", "Bailey, Strezhnev and Voeten 2017" (four or more authors:
    "Leeds et al. 2002"), or the organisation for an entry without authors."""
    names = _names(entry)
    if len(names) > 1 and names[-1].lower() == "others":  # "Coppedge, Michael and others"
        return f"{names[0]} et al. {entry.fields.get('year', 'n.d.')}"
    if len(names) == 1:
        who = names[0]
    elif len(names) <= 3:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        who = f"{names[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    """Author-year labels; entries that would share one get a, b, c by title order."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year(e) for e in entries]
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        seen: dict[str, int] = {}
        for label in labels:
            if counts[label] > 1:
                seen[label] = seen.get(label, 0) + 1
                yield f"{label}{'abcdefghijklmnopqrstuvwxyz'[seen[label] - 1]}"
            else:
                yield label


class AuthorYearSorting(BaseSortingStyle):
    """One list: by the author-year label (persons and organisations alike), then title."""

    def sorting_key(self, entry):
        return (author_year(entry).casefold(), str(entry.fields.get("title", "")).casefold())


class AuthorYearStyle(UnsrtStyle):
    """unsrt's formatting with titles kept as written, author-year labels, one sorted list."""

    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting

    def format_title(self, e, which_field, as_sentence=True):
        formatted = field(which_field)
        return sentence[formatted] if as_sentence else formatted


def register() -> None:
    """Make the style known to pybtex under :data:`STYLE_NAME` (idempotent)."""
    from pybtex.plugin import register_plugin

    try:
        register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle)
    except Exception as exc:  # already registered in this process
        if "already registered" not in str(exc):
            raise
