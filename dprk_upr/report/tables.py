"""Every table of the book in one style: human column headers, integers as integers, yes/no for
flags, numbers aligned right, long texts wrapping, and on a phone a table that scrolls inside its
own box with its first (key) column pinned (``book/_static/dprk-upr.css``, class ``dprk-table``).

:func:`table_html` turns a data frame into that HTML; :func:`show` displays it in a notebook and
:func:`glue_table` glues it for a ``{glue:figure}`` block named ``tbl-...`` (numbered as a table).
"""

from __future__ import annotations

import html
import numbers

import numpy as np
import pandas as pd

#: Column names turned into headers when no header is given (others: "_" to space, first letter up).
HEADERS = {
    "rec_id": "Recommendation",
    "iso3": "State (ISO3)",
    "n": "N",
    "p_value": "p",
    "std_err": "SE",
    "ci_low": "95% CI, low",
    "ci_high": "95% CI, high",
    "pct": "%",
    "wg_position": "At the Working Group",
}


def header(name) -> str:
    """A column name as a reader's header.

    >>> header("p_value"), header("accepted_share"), header("Already Fine")
    ('p', 'Accepted share', 'Already Fine')
    """
    name = str(name)
    if name in HEADERS:
        return HEADERS[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


def _is_flag(values: pd.Series) -> bool:
    kept = values.dropna()
    return len(kept) > 0 and (pd.api.types.is_bool_dtype(kept) or set(map(str, kept.unique())) <= {"True", "False"})


def _cell(value, digits: int, flag: bool) -> tuple[str, bool]:
    """(text, is_number) of one value."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "", False
    if flag:
        return ("yes" if str(value) == "True" or value is True else "no"), False
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", True
    if isinstance(value, numbers.Real):
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):,}", True
        return f"{float(value):,.{digits}f}", True
    return str(value), False


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame whose meaningful index becomes its first column(s); MultiIndex columns joined."""
    out = frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" ".join(str(p) for p in parts if str(p) != "") for parts in out.columns]
    named = any(n is not None for n in out.index.names)
    if named or not isinstance(out.index, pd.RangeIndex):
        corner = None
        if out.columns.name is not None and len(out.index.names) == 1:
            corner = f"{out.index.name or ''} \u2193 / {out.columns.name} \u2192".strip()
        out = out.reset_index()
        if corner and len(out.columns):
            out = out.rename(columns={out.columns[0]: corner})
    out.columns.name = None
    return out


def table_html(
    frame: pd.DataFrame,
    headers: dict | None = None,
    digits: int = 2,
    wrap: list | None = None,
    caption: str | None = None,
    nowrap: list | None = None,
) -> str:
    """The HTML of a table in the book's style.

    ``headers`` maps column names to headers (others through :func:`header`; a line break in a
    header, "Left for\\nlater", breaks the header there, to narrow a column); ``digits`` is the
    number of decimals of non-integer numbers; ``wrap`` names text columns that get a minimum
    width so that they wrap in readable lines (default: every text column whose values are longer
    than 40 characters); ``nowrap`` names columns whose cells never break across lines (identifiers
    such as "C2-124.138", which a browser would otherwise break after the hyphen). A named index
    (a cross-table's rows) becomes the first column; text cells are shown as they are, so a UN
    paragraph number read as text ("125.40") keeps its final zero.

    >>> print(table_html(pd.DataFrame({"n": [3], "share": [0.5], "ok": [True]}))[:97])
    <div class="dprk-scroll" tabindex="0"><table class="dprk-table"><thead><tr><th class="num">N</th>
    """
    frame = _flatten(frame)
    headers = headers or {}
    flags = {c: _is_flag(frame[c]) for c in frame.columns}
    cells = {c: [_cell(v, digits, flags[c]) for v in frame[c]] for c in frame.columns}
    numeric = {
        c: all(is_num or not text for text, is_num in cells[c]) and any(t for t, _ in cells[c]) for c in frame.columns
    }
    if wrap is None:
        wrap = [c for c in frame.columns if not numeric[c] and frame[c].astype(str).str.len().max() > 40]
    classes = {c: "num" if numeric[c] else ("wrap" if c in wrap else "") for c in frame.columns}
    keep_whole = set(nowrap or [])
    unknown = keep_whole - set(frame.columns)
    if unknown:
        raise ValueError(f"table_html: nowrap names columns not in the table: {sorted(unknown)}")
    style = {c: ' style="white-space: nowrap"' if c in keep_whole else "" for c in frame.columns}
    head = "\n".join(
        f'<th class="{classes[c]}">{html.escape(headers.get(c, header(c))).replace(chr(10), "<br>")}</th>'
        for c in frame.columns
    )
    body = "\n".join(
        "<tr>"
        + "\n".join(f'<td class="{classes[c]}"{style[c]}>{html.escape(cells[c][i][0])}</td>' for c in frame.columns)
        + "</tr>"
        for i in range(len(frame))
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    table = f'<table class="dprk-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    # The box scrolls sideways when the table is wider than the screen (phones); tabindex lets a
    # keyboard user scroll it too (axe: scrollable-region-focusable).
    return f'<div class="dprk-scroll" tabindex="0">{table}</div>'.replace(' class=""', "")


def show(frame: pd.DataFrame, **kwargs):
    """Display a table in a notebook in the book's style (see :func:`table_html`); returns the
    ``IPython.display.HTML`` object."""
    from IPython.display import HTML, display

    obj = HTML(table_html(frame, **kwargs))
    display(obj)
    return obj


def glue_table(name: str, frame: pd.DataFrame, **kwargs) -> None:
    """Glue a table in the book's style under ``name`` (a ``tbl-...`` name makes it numbered as a
    table in a ``{glue:figure}`` block); see :func:`table_html` for the options."""
    from IPython.display import HTML
    from myst_nb import glue

    glue(name, HTML(table_html(frame, **kwargs)), display=False)
