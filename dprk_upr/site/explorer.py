"""The recommendations explorer (``book/explorer.md``): the processed recommendations as an
interactive table (itables / DataTables) with search panes, column filters and readable values,
and a second table of the recommendations North Korea made to other states
(``dprk_recommendations_made.csv``)."""

from __future__ import annotations

import pandas as pd

from ..report.corpus import POSITION_LABELS

# Column of the processed recommendations table -> heading in the explorer. Columns missing from
# the table (``sensitive`` arrives with the qualitative coding) are left out without complaint.
# The paragraph number is part of the ID (C2-124.7 is paragraph 124.7 of the second review).
EXPLORER_COLUMNS = {
    "rec_id": "ID",
    "cycle": "Cycle",
    "states": "Recommending state",
    "text": "Recommendation",
    "wg_position": "At the Working Group",
    "response": "Final answer",
    "action_category": "Action category",
    "specific": "Specific",
    "sensitive": "Sensitive",
    "issues": "Issues (UPR Info)",
}
# Columns offered as search panes (lists of values with counts, click to filter).
PANE_COLUMNS = ["cycle", "wg_position", "response", "action_category", "specific", "sensitive"]
# The HTML id of the explorer's table. It must differ from the page's section ids: the page
# title "Recommendations explorer" already gives its section the id "recommendations-explorer".
TABLE_ID = "upr-recommendations-table"
CYCLE_YEARS = {1: "2009", 2: "2014", 3: "2019", 4: "2024"}


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


def explorer_table(recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations as the explorer shows them: chosen columns, readable values, headings.

    >>> recs = pd.DataFrame({"rec_id": ["C2-124.7"], "cycle": [2], "paragraph": [124.7], "text": ["Ratify CRPD"],
    ...                      "wg_position": ["examine"], "specific": [1], "issues": ["A,B"],
    ...                      "match_score": [100.0]})
    >>> explorer_table(recs).to_dict("records")
    [{'ID': 'C2-124.7', 'Cycle': '2 (2014)', 'Recommendation': 'Ratify CRPD', 'At the Working Group': 'left for later', 'Specific': 'yes', 'Issues (UPR Info)': 'A; B'}]
    """
    columns = [c for c in EXPLORER_COLUMNS if c in recs.columns]
    table = recs[columns].copy()
    if "cycle" in table:
        table["cycle"] = [f"{c} ({CYCLE_YEARS[c]})" if c in CYCLE_YEARS else str(c) for c in table["cycle"]]
    if "wg_position" in table:
        table["wg_position"] = table["wg_position"].map(lambda v: POSITION_LABELS.get(v, v))
    for flag in ("specific", "sensitive"):
        if flag in table:
            table[flag] = table[flag].map(_yes_no)
    if "action_category" in table:
        table["action_category"] = table["action_category"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    if "issues" in table:
        table["issues"] = (
            table["issues"].fillna("").map(lambda v: "; ".join(p.strip() for p in v.split(",") if p.strip()))
        )
    table = table.fillna("").astype(str)
    return table.rename(columns=EXPLORER_COLUMNS)


def explorer_options(table: pd.DataFrame) -> dict:
    """Keyword arguments for ``itables.show``: search panes on the categorical columns, a search
    box under every column, every row (no downsampling) and text sorting (so "90.10" stays
    apart from "90.1"). On narrow screens the table scrolls sideways inside its own box
    (``book/_static/dprk-upr.css``).

    >>> opts = explorer_options(pd.DataFrame(columns=["ID", "Cycle", "Final answer"]))
    >>> opts["searchPanes"]["columns"], opts["maxBytes"]
    ([1, 2], 0)
    """
    pane_labels = {EXPLORER_COLUMNS[c] for c in PANE_COLUMNS}
    panes = [i for i, name in enumerate(table.columns) if name in pane_labels]
    text = [i for i, name in enumerate(table.columns) if name == "Recommendation"]
    tags = [i for i, name in enumerate(table.columns) if name == "Issues (UPR Info)"]
    short = [i for i, name in enumerate(table.columns) if name in ("ID", "Cycle")]
    return {
        "table_id": TABLE_ID,
        "connected": False,
        "maxBytes": 0,
        "showIndex": False,
        "classes": "display compact",
        "column_filters": "footer",
        "text_in_header_can_be_selected": False,  # a click anywhere on a heading sorts
        "lengthMenu": [10, 25, 50, 100, 500],
        "pageLength": 10,
        "autoWidth": False,
        "layout": {"top1": "searchPanes"},
        "searchPanes": {
            "columns": panes,
            "layout": "columns-3",
            "cascadePanes": True,
            "initCollapsed": False,
            "orderable": False,
        },
        "columnDefs": [
            {"targets": text, "className": "dt-left dprk-text"},
            {"targets": tags, "className": "dt-left dprk-tags"},
            {"targets": short, "className": "dt-nowrap"},
            {"targets": "_all", "type": "string"},
        ],
        "style": "width:100%;margin:0;caption-side:bottom",
    }


# The second table: the recommendations North Korea made (UPR Info's export of 25 July 2018).
MADE_COLUMNS = {
    "uid": "ID",
    "session": "Session",
    "cycle": "Cycle",
    "state_under_review": "State under review",
    "text": "Recommendation",
    "response": "Answer",
    "action_category": "Action category",
    "issues": "Issues (UPR Info)",
}
MADE_PANE_COLUMNS = ["cycle", "response", "action_category"]
#: The HTML id of the second table (distinct from ``TABLE_ID`` and from the page's section ids).
MADE_TABLE_ID = "upr-made-table"


def made_table(made: pd.DataFrame) -> pd.DataFrame:
    """North Korea's own recommendations as the explorer shows them: chosen columns, readable
    values, headings. ``made`` is ``dprk_recommendations_made.csv``; a column it lacks raises
    KeyError naming the column and the fix.

    >>> made = pd.DataFrame({"uid": ["16-100"], "session": [16], "cycle": [2], "state_under_review": ["Cuba"],
    ...                      "text": ["Continue its efforts"], "response": ["supported"], "action_category": [2],
    ...                      "issues": ["General,Other"]})
    >>> made_table(made).to_dict("records")[0]["Cycle"], made_table(made).to_dict("records")[0]["Issues (UPR Info)"]
    ('2 (2012-2016)', 'General; Other')
    """
    missing = [c for c in MADE_COLUMNS if c not in made.columns]
    if missing:
        raise KeyError(f"dprk_recommendations_made: missing column(s) {missing}; run 'make processed'.")
    table = made[list(MADE_COLUMNS)].copy()
    table["cycle"] = table["cycle"].map(lambda c: f"{c} ({CYCLE_SPANS[c]})" if c in CYCLE_SPANS else str(c))
    table["action_category"] = table["action_category"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    table["issues"] = table["issues"].fillna("").map(lambda v: "; ".join(p.strip() for p in v.split(",") if p.strip()))
    table["session"] = table["session"].map(lambda s: f"{int(s):02d}")
    return table.fillna("").astype(str).rename(columns=MADE_COLUMNS)


#: Years of the sessions of each cycle in the 2018 export (data/reference/upr_sessions.csv).
CYCLE_SPANS = {1: "2008-2011", 2: "2012-2016", 3: "2017"}


def made_options(table: pd.DataFrame) -> dict:
    """Keyword arguments for ``itables.show`` of :func:`made_table`: the explorer's options with
    its own table id and search panes on cycle, answer and action category."""
    options = explorer_options(table)
    panes = {MADE_COLUMNS[c] for c in MADE_PANE_COLUMNS}
    options["table_id"] = MADE_TABLE_ID
    options["searchPanes"] = {
        **options["searchPanes"],
        "columns": [i for i, n in enumerate(table.columns) if n in panes],
    }
    options["columnDefs"] = [
        {
            "targets": [i for i, n in enumerate(table.columns) if n == "Recommendation"],
            "className": "dt-left dprk-text",
        },
        {
            "targets": [i for i, n in enumerate(table.columns) if n == "Issues (UPR Info)"],
            "className": "dt-left dprk-tags",
        },
        {
            "targets": [i for i, n in enumerate(table.columns) if n in ("ID", "Session", "Cycle")],
            "className": "dt-nowrap",
        },
        {"targets": "_all", "type": "string"},
    ]
    return options
