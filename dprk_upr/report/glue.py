"""Glue values into the book's prose (myst-nb ``glue``), with numpy scalars made plain Python.

myst-nb formats ``{glue:text}`key:.1f``` from the value's text form, which for a numpy scalar is
``np.float64(42.1)`` in numpy 2 and cannot be formatted: the strict build then fails with a
warning. Converting here, once, spares every chapter a ``float(...)`` around each number.
"""

from __future__ import annotations

import numpy as np
from myst_nb import glue as _glue


def plain(value):
    """A numpy scalar as the matching Python number; anything else unchanged.

    >>> plain(np.float64(0.5)), plain(np.int64(3)), plain("x")
    (0.5, 3, 'x')
    """
    return value.item() if isinstance(value, np.generic) else value


def glue(name: str, value, display: bool = False) -> None:
    """Glue ``value`` under ``name`` for ``{glue:text}`` or ``{glue:figure}``; not displayed by default."""
    _glue(name, plain(value), display=display)


def styled(frame, align: str | None = None, precision: int | None = None):
    """A table as the book shows it: without the row index, optionally aligned and with floats
    rounded to ``precision`` decimals (integers are left alone).

    >>> import pandas as pd
    >>> styled(pd.DataFrame({"n": [73], "b": [0.12345]}), precision=3).to_html().count("0.123")
    1
    """
    style = frame.style.hide(axis="index")
    if align:
        style = style.set_properties(**{"text-align": align})
    if precision is not None:
        style = style.format(precision=precision)
    return style


def glue_table(name: str, frame, align: str | None = None, precision: int | None = None, **kwargs) -> None:
    """Glue ``frame`` as a table in the book's style (:func:`dprk_upr.report.tables.table_html`)
    for a ``{glue:figure}`` block: named ``tbl-...``, it is numbered as a table. ``precision`` is
    the number of decimals; ``align`` is accepted for older calls and ignored (numbers are aligned
    right, text left)."""
    from .tables import glue_table as _glue_styled

    _glue_styled(name, frame, digits=2 if precision is None else precision, **kwargs)
