"""Read the raw inputs: UPR Info database exports and UN Working Group report texts.

Two formats of UPR Info export are read into one schema (:data:`UPR_INFO_COLUMNS`):

- the exports of sessions 6-9 and 17-20 (format ``"2015"``): comma-separated, ``mac_roman``, CR
  line endings, header ``To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session``;
- the export of 25 July 2018, sessions 1-27 (format ``"2018"``): semicolon-separated, UTF-8 with
  a byte-order mark, CRLF, header ``SuR;Rgrp;Org;Recommendation;RS;Rgrp;Org;Response;Action;Issue;Session``
  (the second ``Rgrp`` and ``Org`` belong to the recommending state).

The format is told from the file's first line (:func:`upr_info_format`), and each format's bytes
must be in its encoding (:mod:`dprk_upr.data.encodings`): a byte-order mark is legitimate in the
2018 format and refused in the older one. Every row is checked: an action category outside 1-5,
a response outside the format's set, a session that is not a whole number, or a row repeated
(same state under review, recommending state, text and session) stops the read with the file,
the row and the fix, unless the repetition is one of the published exports' own, listed with a
reason in ``data/reference/upr_info_duplicates.csv``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from .. import paths
from .encodings import EncodingError, decode_bytes, normalise_newlines
from .files import read_table
from .schemas import UPR_INFO_DUPLICATES

#: The columns every export is read into (the 2015 format's names), after the file's line number ``row``.
UPR_INFO_COLUMNS = [
    "To",
    "To-Rgrp",
    "To-Org",
    "Text",
    "From",
    "From-Rgrp",
    "From-Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]
#: The published header of each format, and its encoding and separator.
UPR_INFO_FORMATS = {
    "2015": {"header": UPR_INFO_COLUMNS, "sep": ",", "encoding": "mac_roman", "responses": {"Accepted", "Noted"}},
    "2018": {
        "header": [
            "SuR",
            "Rgrp",
            "Org",
            "Recommendation",
            "RS",
            "Rgrp",
            "Org",
            "Response",
            "Action",
            "Issue",
            "Session",
        ],
        "sep": ";",
        "encoding": "utf-8",
        "responses": {"Supported", "Noted"},
    },
}
#: Repetitions that the published exports contain themselves; the first row is kept, the repeat dropped.
KNOWN_DUPLICATES = paths.REFERENCE / "upr_info_duplicates.csv"
ENCODING = "mac_roman"


class InputError(ValueError):
    """A raw input file cannot be read as the kind of file it should be."""


def _decode(path: Path, encoding: str = ENCODING) -> str:
    try:
        return decode_bytes(Path(path).read_bytes(), encoding, where=str(path))
    except EncodingError as err:
        raise InputError(str(err)) from None


def upr_info_format(path: Path) -> str:
    """``"2015"`` or ``"2018"``, from the first line of a UPR Info export; InputError otherwise."""
    first = Path(path).read_bytes()[:400].split(b"\n")[0].split(b"\r")[0]
    text = first.decode("utf-8-sig", errors="replace")
    for name, spec in UPR_INFO_FORMATS.items():
        if text.split(spec["sep"]) == spec["header"]:
            return name
    raise InputError(
        f"{path}: the first line {text[:120]!r} is not the header of a UPR Info export "
        f"(expected {','.join(UPR_INFO_COLUMNS)!r} or {';'.join(UPR_INFO_FORMATS['2018']['header'])!r}); "
        "check that this is the right file."
    )


def _known_duplicates(path: Path = KNOWN_DUPLICATES) -> set[tuple[str, int]]:
    """(file name, state under review, recommending state, session) of each repeat the published
    exports contain (the first row kept, the repeat set aside and listed). Keyed by content, not by
    line, so that a row inserted above it does not move it."""
    if not Path(path).is_file():
        return set()
    table = read_table(path, UPR_INFO_DUPLICATES)
    return set(zip(table["file"], table["to"], table["from"], table["session"].astype(int)))


def _check_rows(frame: pd.DataFrame, path: Path, responses: set[str], fmt: str) -> pd.DataFrame:
    """Action, Response and Session checked row by row; rows without a session (the 2018 format
    has one, as published) set aside, refused in the older format."""
    bad = frame[~frame["Action"].isin(["1", "2", "3", "4", "5"])]
    if len(bad):
        first = bad.iloc[0]
        raise InputError(
            f"{path}, row {first['row']}: action category {first['Action']!r} is not 1-5 "
            f"({len(bad)} row(s) in all). Use the file exactly as published ('make data')."
        )
    bad = frame[~frame["Response"].isin(responses)]
    if len(bad):
        first = bad.iloc[0]
        raise InputError(
            f"{path}, row {first['row']}: response {first['Response']!r} is not one of "
            f"{sorted(responses)} ({len(bad)} row(s) in all). Use the file exactly as published."
        )
    empty = frame["Session"].str.strip() == ""
    bad = frame[(~empty & ~frame["Session"].str.fullmatch(r"\d+")) | (empty & (fmt != "2018"))]
    if len(bad):
        first = bad.iloc[0]
        raise InputError(
            f"{path}, row {first['row']}: column Session = {first['Session']!r} is not a whole number "
            f"({len(bad)} row(s) in all). Use the file exactly as published ('make data')."
        )
    return frame[empty]


def read_upr_info(path: Path, known_duplicates: Path = KNOWN_DUPLICATES) -> pd.DataFrame:
    """Read a UPR Info database export of either format (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        One row per row of the file, columns ``row`` (the file's own line number, for
        messages) and :data:`UPR_INFO_COLUMNS`, with ``Action`` and ``Session`` as integers;
        ``Response`` as published ("Accepted" in the 2015 format, "Supported" in the 2018 one, or
        "Noted"). ``attrs["format"]`` names the format; ``attrs["set_aside"]`` lists the rows left
        out, each with the reason: a row without a session (the 2018 export has one), or a
        repeat listed in ``data/reference/upr_info_duplicates.csv``.

    Raises
    ------
    InputError
        Naming the file and the row: not an export, wrong encoding, an action category outside
        1-5, an unknown response, a session that is not a whole number, or a repeated row that
        the duplicates table does not list.
    """
    path = Path(path)
    fmt = upr_info_format(path)
    spec = UPR_INFO_FORMATS[fmt]
    text = _decode(path, spec["encoding"])
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, sep=spec["sep"], header=0, names=UPR_INFO_COLUMNS
        )
    except pd.errors.ParserError as err:
        raise InputError(
            f"{path}: not a well-formed {spec['sep']!r}-separated file ({err}). "
            "Use the file exactly as published ('make data')."
        ) from None
    frame.insert(0, "row", range(2, len(frame) + 2))
    no_session = _check_rows(frame, path, spec["responses"], fmt)["row"]
    set_aside = [{"row": int(r), "reason": "no session"} for r in no_session]
    frame = frame[frame["Session"].str.strip() != ""].copy()
    key = ["To", "From", "Text", "Session"]
    repeats = frame[frame.duplicated(key, keep="first")]
    listed = _known_duplicates(known_duplicates)
    unlisted = [int(r.row) for r in repeats.itertuples() if (path.name, r.To, r.From, int(r.Session)) not in listed]
    if unlisted:
        first = frame[frame["row"] == unlisted[0]].iloc[0]
        raise InputError(
            f"{path}, row {unlisted[0]}: repeats an earlier row (To {first['To']!r}, From {first['From']!r}, session "
            f"{first['Session']}, same text); {len(unlisted)} such row(s). A repeated row would count as a part of a "
            "split recommendation. Use the file exactly as published; a repetition in the published file itself "
            f"goes in {known_duplicates} with the reason."
        )
    set_aside += [
        {"row": int(r), "reason": "repeats an earlier row (listed as a published repeat)"} for r in repeats["row"]
    ]
    frame = frame[~frame.duplicated(key, keep="first")].copy()
    for col in ("Action", "Session"):
        frame[col] = frame[col].astype(int)
    frame.attrs["format"] = fmt
    frame.attrs["set_aside"] = set_aside
    return frame.reset_index(drop=True)


def read_upr_info_files(paths_: list[Path]) -> pd.DataFrame:
    """Several exports (e.g. the seven files of the 2018 export) as one frame with a ``file`` column."""
    frames = []
    for path in paths_:
        frame = read_upr_info(path)
        frames.append(frame.assign(file=Path(path).name))
    out = pd.concat(frames, ignore_index=True)
    out.attrs["set_aside"] = [{"file": Path(p).name, **s} for p, f in zip(paths_, frames) for s in f.attrs["set_aside"]]
    return out


# What a PDF-to-text conversion leaves between pages, one token at a time. A line is page
# furniture when every token on it is one of these, e.g. "A/HRC/27/10", "GE.14-07222 (E)",
# "GE.25-02819      11", "24      GE.25-02819", "*1407222*", "Page 12", "12". The forms come
# from the UN's document layout (symbol and page number in the header, job number, date code
# and bar code in the footer of the first page) as seen in the Working Group reports of all
# four cycles.
_FURNITURE_TOKEN = re.compile(
    r"""(
        (?:A|E|S)/(?:HRC|CN\.4|RES|AC\.\d+)/[\w./-]+  # document symbol: A/HRC/27/10, A/HRC/WG.6/6/PRK/1
      | GE\.\d{2}-\d{4,6}(?:\([A-Z]\))?               # UN Geneva job number: GE.14-07222, GE.19-21936(E)
      | \([A-Z]\)                                     # its language code: (E)
      | \d{6}                                         # the date code after it: 210325
      | \*\d{6,8}\*                                   # bar-code text: *1407222*
      | Page                                          # "Page 12"
      | \d{1,3}                                       # a bare page number
      | \*{1,3}                                       # a footnote mark standing alone
    )""",
    re.VERBOSE,
)


def _is_furniture(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and all(_FURNITURE_TOKEN.fullmatch(t) for t in tokens)


def strip_page_furniture(text: str) -> str:
    """Remove page headers and footers left by PDF extraction from a UN report's text.

    Whole lines only are removed (a line made of nothing but furniture tokens: document
    symbols, Geneva job numbers with their language and date codes, bar-code text, "Page n",
    bare page numbers and lone footnote asterisks), so the text of a paragraph is never cut.
    Runs of blank lines then shrink to one blank line; any line endings are accepted and
    ``"\\n"`` returned. Idempotent.

    >>> strip_page_furniture("124.1 Ratify CAT\\nGE.14-07222 (E)\\n3\\n(Chile);")
    '124.1 Ratify CAT\\n\\n(Chile);'
    >>> strip_page_furniture("a\\r\\nGE.25-02819        11\\r\\nA/HRC/59/15\\r\\nb")
    'a\\n\\nb'
    """
    lines = normalise_newlines(text).split("\n")
    kept = ["" if _is_furniture(line) else line for line in lines]
    return re.sub(r"\n(?:[^\S\n]*\n)+", "\n\n", "\n".join(kept))


def read_report_text(path: Path, encoding: str = "auto") -> str:
    """Read a UN Working Group report saved as text, with page furniture removed.

    ``encoding``: ``"auto"`` (default; the project's first- and second-cycle texts are
    ``mac_roman``, later ones UTF-8, see :func:`dprk_upr.data.encodings.detect_encoding`),
    ``"mac_roman"`` or ``"utf-8"``. Raises :class:`InputError` naming the file if it is empty or
    its bytes are not in the encoding.
    """
    text = _decode(path, encoding)
    if not text.strip():
        raise InputError(f"{path}: the file is empty. Run 'make data' to fetch it again.")
    return strip_page_furniture(text)
