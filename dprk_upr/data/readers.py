"""Read the raw inputs: UPR Info database exports and UN Working Group report texts.

Both kinds of file were saved on a Mac: the text is ``mac_roman`` with carriage-return line
endings. Decoding them as UTF-8 garbles every curly quote; decoding a UTF-8 file as
``mac_roman`` silently does the same the other way round. The readers therefore check that
the bytes are what they claim to be and stop with a message naming the file otherwise.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

ENCODING = "mac_roman"
UPR_INFO_COLUMNS = ["To", "Text", "From", "Response", "Action", "Issue", "Session"]


class InputError(ValueError):
    """A raw input file cannot be read as the kind of file it should be."""


def _decode(path: Path) -> str:
    raw = Path(path).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InputError(
            f"{path}: starts with a UTF-8 byte-order mark, but the file should be mac_roman. "
            "Use the file exactly as published (see data/sources.csv); do not re-save it."
        )
    if any(b >= 0x80 for b in raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            # Valid multi-byte UTF-8 is almost never accidental in mac_roman text.
            raise InputError(
                f"{path}: the bytes are UTF-8, but the file should be mac_roman. "
                "Use the file exactly as published (see data/sources.csv); do not re-save it."
            )
    return raw.decode(ENCODING).replace("\r\n", "\n").replace("\r", "\n")


def read_upr_info(path: Path) -> pd.DataFrame:
    """Read a UPR Info database export (CSV, mac_roman, CR line endings).

    Returns the rows as published, with ``Action`` and ``Session`` as integers and a
    ``row`` column holding the file's own line number for error messages.

    Raises :class:`InputError` naming the file when the encoding is wrong, a required column
    is missing, or ``Action``/``Session`` hold something other than whole numbers.
    """
    text = _decode(path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in UPR_INFO_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {missing}. A UPR Info export has {UPR_INFO_COLUMNS}; "
            "check that this is the right file."
        )
    frame.insert(0, "row", range(2, len(frame) + 2))
    for col in ("Action", "Session"):
        bad = frame[~frame[col].str.fullmatch(r"\d+")]
        if len(bad):
            first = bad.iloc[0]
            raise InputError(f"{path}, row {first['row']}: column {col} = {first[col]!r} is not a whole number.")
        frame[col] = frame[col].astype(int)
    return frame


# Lines a PDF-to-text conversion leaves between pages: document symbols, job numbers,
# bar-code echoes and bare page numbers. Matched on whole lines only, so text is never cut.
_FURNITURE = re.compile(
    r"""^\s*(
        A/HRC/[\w./-]+ (\s+Page\s+\d+)?        # document symbol, maybe with a page number
      | GE\.\d{2}-\d{4,6}\s*(\([A-Z]\))?(\s+\d{6})?  # UN Geneva job number: GE.14-07222 (E)
      | \*\d{6,8}\*                            # bar-code text: *1407222*
      | Page\s+\d+                             # "Page 12"
      | \d{1,3}                                # a bare page number
      | \*{1,3}                                # a footnote mark standing alone
    )\s*$""",
    re.VERBOSE | re.MULTILINE,
)


def strip_page_furniture(text: str) -> str:
    """Remove page headers and footers left by PDF extraction from a UN report's text.

    >>> strip_page_furniture("124.1 Ratify CAT\\nGE.14-07222 (E)\\n3\\n(Chile);")
    '124.1 Ratify CAT\\n\\n(Chile);'
    """
    cleaned = _FURNITURE.sub("", text)
    return re.sub(r"\n(?:[ \t]*\n)+", "\n\n", cleaned)


def read_report_text(path: Path) -> str:
    """Read a UN Working Group report saved as text, with page furniture removed.

    Raises :class:`InputError` naming the file if it is empty or not mac_roman.
    """
    text = _decode(path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty. Run 'make data' to fetch it again.")
    return strip_page_furniture(text)
