"""The Codebook appendix: one section per processed table, its data dictionary as an HTML table."""

from __future__ import annotations

from pathlib import Path

from ..data.dictionary import codebook_frame, load_columns, processed_tables
from ..data.processed import load


def table_section(name: str, spec: dict | None = None, directory: Path | None = None) -> tuple[str, str]:
    """The codebook's section for one processed table: a Markdown heading (file name, description,
    number of rows) and the HTML table of its columns (:func:`~dprk_upr.data.dictionary.codebook_frame`).

    Raises FileNotFoundError if the table has not been built, ValueError if a column is undocumented.
    """

    spec = spec or load_columns()
    frame = load(name, directory)
    heading = f"**`{name}.csv`**: {spec[name]['description']} ({len(frame):,} {'row' if len(frame) == 1 else 'rows'})"
    return heading, codebook_frame(name, frame, spec).to_html(index=False, classes="table")


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
