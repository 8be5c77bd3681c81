"""The recommendations explorer (``book/explorer.md``): two interactive tables, the recommendations
North Korea received (``recommendations.csv``) and those it made to other states
(``dprk_recommendations_made.csv``).

Everything the page shows is computed here and handed to the browser as one JSON block per table;
``book/_static/explorer.js`` only draws it with DataTables (the bundle that itables ships, kept in
``book/_static/explorer-datatables.js``, so the page needs no network):

- :func:`explorer_table` / :func:`made_table`: the rows as a reader reads them (one column per
  :class:`~dprk_upr.site.explorer_columns.Column`, plain-English values, theme, sensitivity category, ideal-point distance; the
  recommending state under one name per state, :func:`canonical_states`, with the report's
  spelling in a hidden column that a search of the state's column also reads);
- :func:`explorer_options` / :func:`made_options`: the table's settings (columns shown on a wide
  screen and on a phone, search panes, column filters, the search folding rule);
- :func:`payload`: the rows in a compact form (categories as short codes, distances rounded);
- :func:`explorer_html`: the HTML block a page cell displays (an empty table, its caption, the JSON,
  and the links to the script and the styles);
- the columns and the search folding rule are declared in :mod:`dprk_upr.site.explorer_columns`.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from ..coding.regime_sensitivity import load_codebook
from ..coding.themes import with_themes
from ..report.corpus import ACTION_NAMES, POSITION_LABELS, state_names
from .explorer_columns import (  # noqa: F401  (fold and the column maps: re-exported for the page and its tests)
    CYCLE_SPANS,
    CYCLE_YEARS,
    EXPLORER_COLUMNS,
    FOLD_CHARACTERS,
    FOLD_SPACES,
    KINDS,
    MADE,
    MADE_COLUMNS,
    MADE_REQUIRED,
    MADE_TABLE_ID,
    PHONE_WIDTH,
    RECEIVED,
    TABLE_ID,
    Column,
    fold,
)


def _yes_no(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, str):
        low = value.strip().lower()
        if low in {"1", "true", "yes"}:
            return "yes"
        if low in {"0", "false", "no"}:
            return "no"
        return value
    return "yes" if bool(value) else "no"


def _tags(value) -> str:
    """UPR Info's comma-separated issue tags as a "; "-joined list."""
    if pd.isna(value):
        return ""
    return "; ".join(p.strip() for p in str(value).split(",") if p.strip())


def _action(value) -> str:
    if pd.isna(value):
        return ""
    n = int(value)
    return f"{n} ({ACTION_NAMES[n]})" if n in ACTION_NAMES else str(n)


def _ordered(values: pd.Series, order: list) -> pd.Series:
    """``values`` as an ordered categorical: ``order`` first, any other value after, sorted; empty
    strings and missing values become missing."""
    seen = set(values.dropna()) - {""}
    present = [v for v in order if v in seen]
    rest = sorted(seen - set(present))
    return pd.Categorical(values, categories=present + rest, ordered=True)


def sensitivity_names(codebook: dict | None = None) -> dict[str, str]:
    """Short names of the sensitivity categories, by the ``sens_<id>`` column that holds each.

    The name is the category's id in ``data/coding/sensitivity.yaml`` in words (the codebook's
    labels are sentences); the order is the codebook's.

    >>> sensitivity_names({"categories": [{"id": "death_penalty"}, {"id": "songbun"}]})
    {'sens_death_penalty': 'death penalty', 'sens_songbun': 'songbun'}
    """
    book = codebook if codebook is not None else load_codebook()
    return {f"sens_{c['id']}": c["id"].replace("_", " ") for c in book["categories"]}


def sensitivity_categories(recs: pd.DataFrame, codebook: dict | None = None) -> pd.Series:
    """The sensitivity categories of each recommendation, ``"; "``-joined in the codebook's order
    (``""`` for none), from the 0/1 ``sens_<id>`` columns of ``recommendations.csv``.

    A category whose column is missing from ``recs`` is left out.

    >>> recs = pd.DataFrame({"sens_detention": [1, 0, 1], "sens_freedoms": [1, 0, 0]})
    >>> book = {"categories": [{"id": "detention"}, {"id": "freedoms"}]}
    >>> sensitivity_categories(recs, book).tolist()
    ['detention; freedoms', '', 'detention']
    """
    names = {col: name for col, name in sensitivity_names(codebook).items() if col in recs.columns}
    flags = recs[list(names)].fillna(0).astype(bool)
    return flags.apply(lambda row: "; ".join(names[c] for c in names if row[c]), axis=1).astype(str)


def _readable(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """The columns of ``frame`` named by ``columns``, in order, with their headings; text kinds as
    ``str`` ("" for missing), categories kept as categoricals, numbers as floats."""
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        values = frame[col.source]
        if col.kind == "category":
            if not isinstance(values.dtype, pd.CategoricalDtype):
                values = _ordered(values.astype("string").fillna(""), [])
            out[col.title] = values
        elif col.kind == "number":
            out[col.title] = pd.to_numeric(values, errors="coerce").astype(float)
        else:
            out[col.title] = values.fillna("").astype(str)
    return out.reset_index(drop=True)


def canonical_states(recs: pd.DataFrame, pairs: pd.DataFrame | None = None) -> pd.Series:
    """The recommending states of each recommendation under one name per state: UPR Info's name,
    found through the state's ISO 3166 alpha-3 code, ``"; "``-joined when several states made it.

    Parameters
    ----------
    recs : pd.DataFrame
        ``recommendations.csv``: ``states`` (the report's spelling) and ``states_iso3`` (the codes,
        ``"; "``-joined).
    pairs : pd.DataFrame, optional
        ``recommendation_states.csv`` (``iso3``, ``upr_info_name``). Without it, or for a code it
        does not name, the report's spelling is kept.

    Returns
    -------
    pd.Series of str, indexed as ``recs``.

    >>> recs = pd.DataFrame({"states": ["Laos", "Lao People’s Democratic Republic"], "states_iso3": ["LAO", "LAO"]})
    >>> pairs = pd.DataFrame({"iso3": ["LAO"], "upr_info_name": ["Laos"]})
    >>> canonical_states(recs, pairs).tolist()
    ['Laos', 'Laos']
    """
    written = recs["states"].fillna("").astype(str)
    if pairs is None or "states_iso3" not in recs.columns:
        return written
    names = state_names(pairs).dropna().to_dict()

    def one(codes, spelling: str) -> str:
        if pd.isna(codes) or not str(codes).strip():
            return spelling
        found = [names.get(c.strip()) for c in str(codes).split(";")]
        return spelling if None in found else "; ".join(found)

    return pd.Series([one(c, w) for c, w in zip(recs["states_iso3"], written)], index=recs.index)


def explorer_table(
    recs: pd.DataFrame, model_data: pd.DataFrame | None = None, codebook=None, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The recommendations North Korea received as the explorer shows them: one column per
    :data:`~dprk_upr.site.explorer_columns.RECEIVED` entry, headed by its title, one row per recommendation in the order of
    ``recs``.

    Parameters
    ----------
    recs : pd.DataFrame
        ``recommendations.csv`` (``rec_id``, ``cycle``, ``states``, ``text``, ``wg_position``,
        ``response``, ``action_category``, ``specific``, ``sensitive``, ``issues`` and the
        ``sens_<id>`` columns).
    model_data : pd.DataFrame, optional
        ``model_data.csv``, for ``ideal_point_distance`` by ``rec_id``; without it the distance
        column is empty.
    codebook : dict, optional
        The sensitivity codebook (:func:`~dprk_upr.coding.regime_sensitivity.load_codebook`).
    pairs : pd.DataFrame, optional
        ``recommendation_states.csv``, for the recommending state's one name
        (:func:`canonical_states`); without it the column repeats the report's spelling.

    Returns
    -------
    pd.DataFrame
        Values as a reader reads them: cycle with its year ("2 (2014)"), positions in words ("left
        for later"), action category with its name ("5 (specific action)"), yes/no flags, theme
        labels, sensitivity categories and issues ``"; "``-joined, distances as floats (NaN when
        unknown). Categories are ordered categoricals (answers from accepted to noted).

    Raises
    ------
    KeyError
        When ``recs`` lacks a column (naming it and the fix).

    Examples
    --------
    >>> recs = pd.DataFrame({"rec_id": ["C2-124.7"], "cycle": [2], "states": ["Japan"], "text": ["Ratify CRPD"],
    ...     "wg_position": ["examine"], "response": ["accepted"], "action_category": [5], "specific": [1],
    ...     "sensitive": [0], "issues": ["Disabilities,International instruments"], "sens_detention": [0]})
    >>> row = explorer_table(recs, codebook={"categories": [{"id": "detention"}]}).iloc[0]
    >>> row["Cycle"], row["At the Working Group"], row["Action category"], row["Theme"], row["Issues (UPR Info)"]
    ('2 (2014)', 'left for later', '5 (specific action)', 'Disability', 'Disabilities; International instruments')
    """
    computed = ("state", "theme", "sensitivity", "ideal_point_distance")
    needed = [c.source for c in RECEIVED if c.source not in computed]
    missing = [c for c in needed if c not in recs.columns]
    if missing:
        raise KeyError(f"recommendations: missing column(s) {missing}; run 'make processed'.")
    out = with_themes(recs)
    out["theme"] = _ordered(out["theme_label"], [])
    out["sensitivity"] = sensitivity_categories(recs, codebook)
    out["cycle"] = _ordered(out["cycle"].map(lambda c: f"{c} ({CYCLE_YEARS[c]})" if c in CYCLE_YEARS else str(c)), [])
    out["state"] = canonical_states(recs, pairs)
    out["states"] = _ordered(out["states"].fillna(""), [])
    out["wg_position"] = _ordered(out["wg_position"].map(lambda v: POSITION_LABELS.get(v, v)), ["left for later"])
    out["response"] = _ordered(out["response"], ["accepted", "partially accepted", "noted"])
    out["action_category"] = _ordered(out["action_category"].map(_action), [])
    for flag in ("specific", "sensitive"):
        out[flag] = _ordered(out[flag].map(_yes_no), ["yes", "no"])
    out["issues"] = out["issues"].map(_tags)
    distance = pd.Series(float("nan"), index=out.index)
    if model_data is not None:
        by_rec = model_data.drop_duplicates("rec_id").set_index("rec_id")["ideal_point_distance"]
        distance = out["rec_id"].map(by_rec)
    out["ideal_point_distance"] = distance
    return _readable(out, RECEIVED)


def made_table(made: pd.DataFrame) -> pd.DataFrame:
    """North Korea's own recommendations as the explorer shows them: one column per :data:`~dprk_upr.site.explorer_columns.MADE`
    entry, headed by its title (the headings are :data:`~dprk_upr.site.explorer_columns.MADE_COLUMNS`' values).

    ``made`` is ``dprk_recommendations_made.csv``; a column of :data:`~dprk_upr.site.explorer_columns.MADE_REQUIRED` it lacks
    raises KeyError naming the column and the fix. ``ideal_point_distance`` may be missing (the
    column is then empty); the theme is computed from the text.

    >>> made = pd.DataFrame({"uid": ["16-100"], "session": [16], "cycle": [2], "state_under_review": ["Cuba"],
    ...                      "text": ["Continue its efforts"], "response": ["supported"], "action_category": [2],
    ...                      "issues": ["General,Other"]})
    >>> row = made_table(made).iloc[0]
    >>> row["Cycle"], row["Action category"], row["Issues (UPR Info)"]
    ('2 (2012-2016)', '2 (continue)', 'General; Other')
    """
    missing = [c for c in MADE_REQUIRED if c not in made.columns]
    if missing:
        raise KeyError(f"dprk_recommendations_made: missing column(s) {missing}; run 'make processed'.")
    out = with_themes(made)
    out["theme"] = _ordered(out["theme_label"], [])
    out["cycle"] = _ordered(out["cycle"].map(lambda c: f"{c} ({CYCLE_SPANS[c]})" if c in CYCLE_SPANS else str(c)), [])
    sessions = sorted(out["session"].dropna().astype(int).unique())
    out["session"] = _ordered(
        out["session"].map(lambda s: "" if pd.isna(s) else str(int(s))), [str(s) for s in sessions]
    )
    out["state_under_review"] = _ordered(out["state_under_review"].fillna(""), [])
    out["response"] = _ordered(out["response"], ["supported", "noted"])
    out["action_category"] = _ordered(out["action_category"].map(_action), [])
    out["issues"] = out["issues"].map(_tags)
    if "ideal_point_distance" not in out:
        out["ideal_point_distance"] = float("nan")
    return _readable(out, MADE)


# ------------------------------------------------------------------------------ page settings


def _column_settings(table: pd.DataFrame, columns: tuple[Column, ...]) -> list[dict]:
    if list(table.columns) != [c.title for c in columns]:
        raise ValueError(f"explorer: the table's columns {list(table.columns)} are not {[c.title for c in columns]}")
    bad = [c.title for c in columns if c.kind not in KINDS]
    if bad:
        raise ValueError(f"explorer: column(s) {bad} have a kind outside {KINDS}")
    settings = []
    for col in columns:
        entry = asdict(col)
        entry.pop("source")
        settings.append(entry)
    return settings


def explorer_options(
    table: pd.DataFrame, columns: tuple[Column, ...] = RECEIVED, table_id: str = TABLE_ID, name: str = "received"
) -> dict:
    """The settings ``book/_static/explorer.js`` draws a table with (JSON-ready).

    Keys: ``table_id``; ``columns`` (each :class:`~dprk_upr.site.explorer_columns.Column` but its source: ``spellings`` names the
    column whose values the browser adds to this column's search data); ``searchPanes``
    (``{"columns": [index, ...]}``, the columns offered as panes, DataTables' own option);
    ``pageLength`` and ``lengthMenu`` (rows per page, -1 for all); ``phoneWidth``
    (:data:`~dprk_upr.site.explorer_columns.PHONE_WIDTH`); ``fold`` (the folding rule: ``characters``, ``spaces``; see
    :func:`~dprk_upr.site.explorer_columns.fold`); ``filename`` (the CSV export's name, without extension).

    Raises ValueError when ``table``'s columns are not ``columns``' titles in order.

    >>> opts = explorer_options(pd.DataFrame(columns=[c.title for c in RECEIVED]))
    >>> [RECEIVED[i].title for i in opts["searchPanes"]["columns"]][:3], opts["table_id"]
    (['Cycle', 'Recommending state', 'At the Working Group'], 'upr-recommendations-table')
    """
    settings = _column_settings(table, columns)
    return {
        "table_id": table_id,
        "columns": settings,
        "searchPanes": {"columns": [i for i, c in enumerate(columns) if c.pane]},
        "pageLength": 10,
        "lengthMenu": [10, 25, 50, 100, -1],
        "phoneWidth": PHONE_WIDTH,
        "fold": {"characters": FOLD_CHARACTERS, "spaces": FOLD_SPACES},
        "filename": f"dprk-upr-explorer-{name}",
    }


def made_options(table: pd.DataFrame) -> dict:
    """:func:`explorer_options` for :func:`made_table`: its own table id, panes on cycle, answer
    and action category, its own export name.

    >>> opts = made_options(pd.DataFrame(columns=list(MADE_COLUMNS.values())))
    >>> [MADE[i].title for i in opts["searchPanes"]["columns"]], opts["filename"]
    (['Cycle', 'Answer', 'Action category'], 'dprk-upr-explorer-made')
    """
    return explorer_options(table, MADE, MADE_TABLE_ID, "made")


# ---------------------------------------------------------------------------- data and HTML


def payload(table: pd.DataFrame, columns: tuple[Column, ...] = RECEIVED) -> dict:
    """The rows of an explorer table in the compact form the page carries.

    Returns ``{"codes": [...], "rows": [[...], ...]}``. ``codes`` has one entry per column:
    for a category, its values in sort order (a cell is then the index of its value, ``None``
    when empty); for a list, its distinct items sorted case-insensitively (a cell is a list of
    indexes); ``None`` for other kinds. Text cells are strings; numbers are rounded to 2
    decimals (``None`` when missing). Rows keep the order of ``table``.

    >>> cols = (Column("a", "A", "key"), Column("b", "B", "category"), Column("c", "C", "list"),
    ...         Column("d", "D", "number"))
    >>> t = pd.DataFrame({"A": ["x1", "x2"], "B": pd.Categorical(["no", "yes"], ["yes", "no"]),
    ...                   "C": ["b; a", ""], "D": [1.2345, float("nan")]})
    >>> payload(t, cols)
    {'codes': [None, ['yes', 'no'], ['a', 'b'], None], 'rows': [['x1', 1, [1, 0], 1.23], ['x2', 0, [], None]]}
    """
    codes: list = []
    cells: list[list] = []
    for col in columns:
        values = table[col.title]
        if col.kind == "category":
            cat = pd.Categorical(values)
            codes.append([str(v) for v in cat.categories])
            cells.append([None if c < 0 else int(c) for c in cat.codes])
        elif col.kind == "list":
            items = [[p for p in str(v).split("; ") if p] for v in values]
            vocabulary = sorted({p for row in items for p in row}, key=lambda s: (s.casefold(), s))
            index = {p: i for i, p in enumerate(vocabulary)}
            codes.append(vocabulary)
            cells.append([[index[p] for p in row] for row in items])
        elif col.kind == "number":
            codes.append(None)
            cells.append([None if pd.isna(v) else round(float(v), 2) for v in values])
        else:
            codes.append(None)
            cells.append([str(v) for v in values])
    return {"codes": codes, "rows": [list(row) for row in zip(*cells)] if cells else []}


def _script_json(data) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explorer_html(table: pd.DataFrame, options: dict, columns: tuple[Column, ...], caption: str, static="../_static/"):
    """The HTML block that shows one explorer table: the links to the styles and the script (once
    per page is enough; the browser loads each once), an empty ``<table>`` with its caption, a
    line shown until the script has drawn the table, and the settings and rows as JSON
    (``<script type="application/json" id="<table id>-data">``: ``{"options": ..., "data": ...}``).

    The script is an ``async`` module and DataTables is preloaded, so the table is drawn as soon
    as they have arrived, without waiting for the theme's deferred scripts.

    ``static`` is the path from the page to the site's ``_static/`` folder. The rows are in the
    page once (no static copy of them).

    >>> t = made_table(pd.DataFrame({"uid": ["16-1"], "session": [16], "cycle": [2], "state_under_review": ["Cuba"],
    ...     "text": ["Do <this>"], "response": ["noted"], "action_category": [2], "issues": [""]}))
    >>> block = explorer_html(t, made_options(t), MADE, "Caption")
    >>> '<table id="upr-made-table"' in block, "<this>" in block, "\\\\u003cthis\\\\u003e" in block
    (True, False, True)
    """
    table_id = options["table_id"]
    data = {"options": options, "data": payload(table, columns)}
    return (
        f'<link rel="stylesheet" href="{static}explorer-datatables.css">\n'
        f'<link rel="stylesheet" href="{static}explorer.css">\n'
        f'<link rel="modulepreload" href="{static}explorer-datatables.js">\n'
        f'<script type="module" async src="{static}explorer.js"></script>\n'
        f'<div class="explorer" data-explorer="{html.escape(table_id)}">\n'
        f'<p class="explorer-loading" id="{html.escape(table_id)}-loading">Loading the table… (it needs '
        "JavaScript; the same rows are in the downloads)</p>\n"
        f'<table id="{html.escape(table_id)}" class="display compact explorer-table">'
        f"<caption>{html.escape(caption)}</caption></table>\n"
        f'<script type="application/json" id="{html.escape(table_id)}-data">{_script_json(data)}</script>\n'
        "</div>"
    )


def column_notes(columns: tuple[Column, ...]) -> str:
    """A Markdown list of the columns and what each holds, marking those shown when the page
    opens (the others are in the column chooser).

    >>> print(column_notes((Column("a", "A", "key", note="the id"), Column("b", "B", "text", shown=False))))
    - **A**: the id.
    - **B** (hidden at first).
    """
    lines = []
    for col in columns:
        hidden = "" if col.shown else " (hidden at first)"
        note = f": {col.note}" if col.note else ""
        lines.append(f"- **{col.title}**{hidden}{note}.")
    return "\n".join(lines)


#: The DataTables files the page loads, as itables ships them (``itables/html/dt_bundle.*``),
#: copied into ``book/_static/`` under these names.
DATATABLES_FILES = {"dt_bundle.js": "explorer-datatables.js", "dt_bundle.css": "explorer-datatables.css"}


def datatables_source() -> Path:
    """The folder of the installed itables package that holds its DataTables bundle."""
    import itables

    return Path(itables.__file__).parent / "html"


def copy_datatables(static_dir: Path) -> list[Path]:
    """Copy itables' DataTables bundle (JavaScript and CSS) into ``static_dir`` under the names of
    :data:`DATATABLES_FILES`; run it after upgrading itables (``tests/test_explorer.py`` checks the
    copies are current). Returns the paths written."""
    written = []
    for source, target in DATATABLES_FILES.items():
        path = Path(static_dir) / target
        path.write_bytes((datatables_source() / source).read_bytes())
        written.append(path)
    return written
