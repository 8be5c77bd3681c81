"""The Codebook appendix: the data dictionary of every processed table and the categories of the
sensitivity codebook, as tables in the book's style (:func:`dprk_upr.report.tables.table_html`).

The tables are narrow on purpose: each has one short key column (a column's name, a category)
and one column of text that holds the rest on separate lines (meaning, values and source; or
definition and rationale), so that nothing is clipped on a wide screen and nothing scrolls
sideways on a phone. Line breaks and labels inside a cell are written as placeholders in the
text and turned into ``<br>``, ``<em>`` and ``<code>`` after
:func:`~dprk_upr.report.tables.table_html` has escaped the text, so the style stays the one of
every other table. Names, file paths and module names get a line-break opportunity (``<wbr>``)
after each ``/``, ``_`` and ``.``, so that they wrap on a phone and copy unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..coding.regime_sensitivity import load_codebook
from ..data.dictionary import codebook_frame, load_columns, processed_tables
from ..data.processed import load
from .tables import table_html

# Placeholders that html.escape leaves alone, and the markup each stands for: a line break, a
# label in italics, a name in code type and a line-break opportunity.
_MARKUP = {
    "\u2028": "<br>",
    "\ue000": "<em>",
    "\ue001": "</em>",
    "\ue002": "<code>",
    "\ue003": "</code>",
    "\ue004": "<wbr>",
}
_BREAK, _LABEL, _END, _CODE, _END_CODE, _WBR = _MARKUP
_JOINTS = re.compile(r"(?<=[/_.])(?=\w)")


def _label(text: str) -> str:
    return f"{_LABEL}{text}{_END} "


def breakable(text: str) -> str:
    """``text`` with a line-break opportunity after every ``/``, ``_`` and ``.`` that is followed
    by a letter or digit (a placeholder that the page turns into ``<wbr>``).

    >>> breakable("data/coding/x.yaml").count("\ue004")
    3
    """
    return _JOINTS.sub(_WBR, str(text))


def _code(name: str) -> str:
    return f"{_CODE}{breakable(name)}{_END_CODE}"


def _markup(table: str) -> str:
    """The table's HTML with the placeholders turned into tags."""
    for placeholder, tag in _MARKUP.items():
        table = table.replace(placeholder, tag)
    return table


def dictionary_frame(name: str, frame: pd.DataFrame, spec: dict | None = None) -> pd.DataFrame:
    """The data dictionary of one processed table as the Codebook shows it: one row per column of
    ``frame``, with the column's name and one cell giving its meaning, the values it takes and its
    source on three lines (from :func:`~dprk_upr.data.dictionary.codebook_frame`). The texts carry
    the placeholders of the page's markup (line breaks, labels, code type, break opportunities),
    which :func:`table_section` turns into HTML.

    Raises ValueError (from ``codebook_frame``) naming any column the codebook does not describe.
    """
    book = codebook_frame(name, frame, spec)
    described = [
        f"{breakable(row.meaning)}{_BREAK}{_label('Values:')}{breakable(row.values)}"
        f"{_BREAK}{_label('Source:')}{breakable(row.source)}"
        for row in book.itertuples()
    ]
    return pd.DataFrame({"Column": [_code(c) for c in book["column"]], "Meaning, values and source": described})


def _rows(n: int) -> str:
    return f"{n:,} {'row' if n == 1 else 'rows'}"


def table_section(name: str, spec: dict | None = None, directory: Path | None = None) -> tuple[str, str]:
    """The codebook's section for one processed table: a Markdown heading (file name, description,
    numbers of rows and columns) and the HTML of its data dictionary (:func:`dictionary_frame`).

    Raises FileNotFoundError if the table has not been built, ValueError if a column is undocumented.
    """

    spec = spec or load_columns()
    frame = load(name, directory)
    columns = frame.shape[1]
    heading = (
        f"**`{name}.csv`**: {spec[name]['description']} "
        f"({_rows(len(frame))}, {columns:,} {'column' if columns == 1 else 'columns'})"
    )
    return heading, _markup(table_html(dictionary_frame(name, frame, spec), wrap=[]))


def show_table(name: str, spec: dict | None = None, directory: Path | None = None) -> None:
    """Display one table's codebook section (:func:`table_section`) in a notebook."""
    from IPython.display import HTML, Markdown, display

    heading, table = table_section(name, spec, directory)
    display(Markdown(heading))
    display(HTML(table))


def show_tables(spec: dict | None = None, directory: Path | None = None) -> None:
    """Display the codebook section of every processed table that has been built."""
    spec = spec or load_columns()
    for name in processed_tables(spec, directory):
        show_table(name, spec, directory)


def sensitivity_frame(codebook: dict | None = None) -> pd.DataFrame:
    """The categories of the sensitivity codebook (``data/coding/sensitivity.yaml``, or the
    dictionary ``codebook``), one row each, in two columns: the category (its label, whether it
    counts toward ``sensitive``, the column that records it and the numbers of patterns and
    exclusions, on separate lines) and its definition and rationale."""
    book = codebook or load_codebook()
    rows = []
    for c in book["categories"]:
        patterns, exclusions = len(c["patterns"]), len(c.get("exclusions") or [])
        counted = "yes" if c["counts_toward_sensitive"] else "no (recorded only)"
        rows.append(
            {
                "Category": _BREAK.join(
                    [
                        c["label"],
                        f"{_label('Counted as sensitive:')}{counted}",
                        f"{_label('Column:')}{_code('sens_' + c['id'])}",
                        f"{patterns} pattern{'s' * (patterns != 1)}, {exclusions} exclusion{'s' * (exclusions != 1)}",
                    ]
                ),
                "Definition and rationale": " ".join(c["definition"].split())
                + f"{_BREAK}{_label('Why:')}"
                + " ".join(c["rationale"].split()),
            }
        )
    return pd.DataFrame(rows)


def sensitivity_html(codebook: dict | None = None) -> str:
    """The HTML table of :func:`sensitivity_frame`, in the book's style."""
    return _markup(table_html(sensitivity_frame(codebook), wrap=[]))


def show_sensitivity(codebook: dict | None = None) -> None:
    """Display the categories of the sensitivity codebook (:func:`sensitivity_html`) in a notebook."""
    from IPython.display import HTML, display

    display(HTML(sensitivity_html(codebook)))
