"""What the recommendations explorer shows, declared as data: its columns and its search rule.

- :class:`Column` and the two tables' column lists, :data:`RECEIVED` (the recommendations North
  Korea received) and :data:`MADE` (those it made to other states): for each column its source
  in the processed table, its title, its kind, whether it is shown on a wide screen and on a
  phone, whether it has a search pane or a filter box, and the note the page prints about it;
- :func:`fold`: the search folding rule (case, quotes, dashes, accents, non-breaking spaces),
  written once as data (:data:`FOLD_CHARACTERS`, :data:`FOLD_SPACES`) so that the browser applies
  the same rule to the table's text and to what a reader types.

:mod:`dprk_upr.site.explorer` builds the tables and the page from these declarations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ------------------------------------------------------------------------------ search folding

#: Characters a reader cannot tell apart from an ASCII one on the keyboard, and their ASCII form:
#: typographic apostrophes and quotes, dashes and minus signs, and the few Latin letters that
#: Unicode does not decompose into a base letter and an accent.
FOLD_CHARACTERS: dict[str, str] = {
    # apostrophes and single quotes: people’s, d‘Ivoire, prime, modifier letter, acute and grave accents
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    # double quotes and guillemets
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    # hyphens, dashes and the minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    # letters without a decomposition (after lower-casing)
    "\u00f8": "o",
    "\u0111": "d",
    "\u0142": "l",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u0153": "oe",
    "\u0131": "i",
    "\u00f0": "d",
    "\u00fe": "th",
}
#: Runs of white space (any kind, the non-breaking and narrow ones included) become one space.
#: A regular expression understood alike by Python's ``re`` and JavaScript (flag ``u``).
FOLD_SPACES = r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"

_FOLD_TABLE = str.maketrans(FOLD_CHARACTERS)
_SPACES = re.compile(FOLD_SPACES)


def fold(text) -> str:
    """The explorer's search form of a text: what the browser compares, for the table's cells and
    for a reader's query alike, so that ``people's`` finds ``people’s``.

    The steps, in this order (``book/_static/explorer.js`` runs the same ones with the same
    :data:`FOLD_CHARACTERS` and :data:`FOLD_SPACES`, sent with the page): lower case; the
    characters of :data:`FOLD_CHARACTERS` replaced; Unicode compatibility decomposition (NFKD:
    ``é`` becomes ``e`` and a combining accent, a non-breaking space a space, ``ﬁ`` ``fi``);
    combining marks (Unicode category M) dropped; :data:`FOLD_CHARACTERS` replaced again (for those
    that decomposition produced); runs of white space made one space. Nothing else changes, so
    the folded text has the same words in the same order.

    Parameters
    ----------
    text : str or object
        Any value; a non-string is converted with ``str`` (``None`` gives ``""``).

    Returns
    -------
    str

    Examples
    --------
    >>> fold("Lao People’s Democratic Republic")
    "lao people's democratic republic"
    >>> fold("Côte d’Ivoire"), fold("cote d'ivoire")
    ("cote d'ivoire", "cote d'ivoire")
    >>> fold("“workers’ rights” – São\\u00a0Tomé")
    '"workers\\' rights" - sao tome'
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text).lower().translate(_FOLD_TABLE))
    folded = "".join(c for c in folded if not unicodedata.category(c).startswith("M"))
    return _SPACES.sub(" ", folded.translate(_FOLD_TABLE))


# ------------------------------------------------------------------------------------ columns


@dataclass(frozen=True)
class Column:
    """One column of an explorer table (the fields are described one by one below)."""

    #: The column of the processed table it comes from (or a computed one: ``theme``,
    #: ``sensitivity``).
    source: str
    #: Its heading.
    title: str
    #: ``"key"`` (the row's identifier: pinned at the left, never hidden, sorted in document
    #: order), ``"text"``, ``"category"`` (few distinct values, sent as codes, sorted in the
    #: order of :func:`~dprk_upr.site.explorer.payload`), ``"list"`` (several values joined by ``"; "``) or ``"number"``.
    kind: str
    #: Shown when the page opens on a wide screen (the column chooser shows the others).
    shown: bool = True
    #: Shown when the page opens on a phone (at most :data:`PHONE_WIDTH` pixels wide).
    phone: bool = False
    #: Offered as a search pane (its values listed with their counts, click to filter).
    pane: bool = False
    #: Given a search box of its own in the filters panel.
    filter: bool = False
    #: What the column holds, for the page's list of columns.
    note: str = ""
    #: Keep each value on one line (short values such as "2 (2014)").
    nowrap: bool = False
    #: The title of another column holding other spellings of this column's values (the
    #: recommending state as each report writes it): a search of this column finds them too.
    spellings: str = ""


KINDS = ("key", "text", "category", "list", "number")
#: The widest screen, in CSS pixels, that opens the explorer with the phone's columns.
PHONE_WIDTH = 640
#: Years of the reviews of North Korea, by cycle.
CYCLE_YEARS = {1: "2009", 2: "2014", 3: "2019", 4: "2024"}
#: Years of the sessions of each cycle in the 2018 export (data/reference/upr_sessions.csv).
CYCLE_SPANS = {1: "2008-2011", 2: "2012-2016", 3: "2017"}

#: The table of recommendations North Korea received, in the order of its columns.
RECEIVED: tuple[Column, ...] = (
    Column(
        "rec_id",
        "ID",
        "key",
        phone=True,
        filter=True,
        note="the cycle, then the paragraph and number in the Working Group report "
        "(C2-124.7 is recommendation 124.7 of the second review)",
    ),
    Column("cycle", "Cycle", "category", pane=True, note="the review, with its year", nowrap=True),
    Column(
        "state",
        "Recommending state",
        "list",
        phone=True,
        pane=True,
        filter=True,
        note="the state that made the recommendation, under one name per state (UPR Info's, found "
        "through the state's ISO 3166 code, whatever the report's spelling); a search of this column "
        "also finds the report's spellings",
        spellings="State as written",
    ),
    Column(
        "states",
        "State as written",
        "category",
        shown=False,
        note="the recommending state as the Working Group report writes it; the spelling of one state "
        "can change from one report to the next (Iran (Islamic Republic of) and Islamic Republic of "
        "Iran, Laos and Lao People's Democratic Republic)",
    ),
    Column("text", "Recommendation", "text", phone=True, filter=True, note="the text of the Working Group report"),
    Column(
        "wg_position",
        "At the Working Group",
        "category",
        shown=False,
        pane=True,
        note="North Korea's position in the interactive dialogue (left for later, or rejected at once)",
    ),
    Column(
        "response",
        "Final answer",
        "category",
        phone=True,
        pane=True,
        note="North Korea's answer at the adoption of the report, as recorded by UPR Info",
    ),
    Column(
        "action_category",
        "Action category",
        "category",
        shown=False,
        pane=True,
        note="UPR Info's scale of the action asked for, from 1 (minimal action) to 5 (specific action)",
    ),
    Column("specific", "Specific", "category", shown=False, pane=True, note="action category 5"),
    Column(
        "sensitive",
        "Sensitive",
        "category",
        shown=False,
        pane=True,
        note="touches what the project's codebook counts as sensitive for the regime",
    ),
    Column(
        "sensitivity",
        "Sensitivity category",
        "list",
        pane=True,
        note="the codebook's categories the text falls under; the death penalty is recorded "
        "but does not make a recommendation sensitive",
    ),
    Column(
        "theme",
        "Theme",
        "category",
        pane=True,
        note="what the recommendation asks for: the first of the project's themes whose pattern the text matches",
    ),
    Column(
        "ideal_point_distance",
        "Ideal-point distance",
        "number",
        note="the distance between the recommending state's and North Korea's ideal points, "
        "estimated from their votes in the UN General Assembly in the year before the review "
        "(the models' measure of how far apart they vote)",
    ),
    Column(
        "issues",
        "Issues (UPR Info)",
        "list",
        shown=False,
        filter=True,
        note="the issues UPR Info tagged the recommendation with",
    ),
)

#: The table of recommendations North Korea made to other states, in the order of its columns.
MADE: tuple[Column, ...] = (
    Column(
        "uid",
        "ID",
        "key",
        phone=True,
        filter=True,
        note="the session, then the line of the recommendation in UPR Info's export",
    ),
    Column("session", "Session", "category", shown=False, note="the session of the Working Group"),
    Column("cycle", "Cycle", "category", pane=True, note="the cycle, with the years of its sessions", nowrap=True),
    Column(
        "state_under_review",
        "State under review",
        "category",
        phone=True,
        filter=True,
        note="the state North Korea made the recommendation to",
    ),
    Column("text", "Recommendation", "text", phone=True, filter=True, note="the text as recorded by UPR Info"),
    Column(
        "response",
        "Answer",
        "category",
        phone=True,
        pane=True,
        note="the reviewed state's final answer (supported or noted)",
    ),
    Column("action_category", "Action category", "category", shown=False, pane=True, note="UPR Info's scale, as above"),
    Column(
        "theme",
        "Theme",
        "category",
        shown=False,
        filter=True,
        note="the project's theme, found as in the first table; the themes were written for the "
        "recommendations North Korea received and fit other states' reviews only roughly (a call to build "
        'socialism "under the principles of solidarity and justice" is filed under justice and detention)',
    ),
    Column(
        "ideal_point_distance",
        "Ideal-point distance",
        "number",
        note="the distance between the reviewed state's and North Korea's ideal points",
    ),
    Column("issues", "Issues (UPR Info)", "list", shown=False, filter=True, note="as above"),
)

#: Column of the processed recommendations table -> heading in the explorer.
EXPLORER_COLUMNS = {c.source: c.title for c in RECEIVED}
#: Column of ``dprk_recommendations_made.csv`` -> heading in the explorer's second table.
MADE_COLUMNS = {c.source: c.title for c in MADE}
#: The HTML id of the explorer's table. It must differ from the page's section ids: the page
#: title "Recommendations explorer" already gives its section the id "recommendations-explorer".
TABLE_ID = "upr-recommendations-table"
#: The HTML id of the second table (distinct from ``TABLE_ID`` and from the page's section ids).
MADE_TABLE_ID = "upr-made-table"
#: The columns of ``dprk_recommendations_made.csv`` :func:`~dprk_upr.site.explorer.made_table` needs.
MADE_REQUIRED = ["uid", "session", "cycle", "state_under_review", "text", "response", "action_category", "issues"]
