"""Parse the recommendations out of a UPR Working Group report.

A Working Group report closes with a chapter of "Conclusions and/or recommendations": a few
numbered paragraphs whose heading says what the state under review did with the list that
follows ("will be examined ...", "enjoy the support of ...", "did not enjoy the support ...
and would thus be noted"). Each list item is one recommendation ending with the recommending
state(s) in parentheses.

Two numbering styles occur in the first two cycles. Later reports number items under their
section, ``124.7``; early ones restart at ``1.`` under the section paragraph ``90.``. PDF
extraction sometimes puts the number and the text on separate lines and breaks an item across
lines and pages. :func:`parse_recommendations` handles all of these and returns one row per
recommendation with the number in the ``section.item`` form either way.

The parser checks what it can: every section is numbered 1, 2, 3 ... without gap or repeat,
every item ends with its recommending states, and at least one section is found. Anything
else raises :class:`ReportParseError` naming the paragraph and the fix.
"""

from __future__ import annotations

import re

import pandas as pd

POSITIONS = ("examine", "supported", "noted", "rejected")


class ReportParseError(ValueError):
    """The text does not parse as the recommendations of a Working Group report."""


# A numbered paragraph that opens a list of recommendations: "90. The following ...:".
_SECTION = re.compile(r"(?m)^[ \t]*(\d{1,3})\.[ \t]+(?=\S)(?!\d)")
# A list item: "124.7 Text", "124.7\nText", "1. Text" or "1.\nText" at the start of a line.
_ITEM = re.compile(r"(?m)^[ \t]*(\d{1,3})\.(\d{1,3})?(?=\s)")


def wg_position(heading: str) -> str | None:
    """What a section heading says the state under review did with its recommendations.

    Returns ``"examine"``, ``"supported"``, ``"noted"`` or ``"rejected"``, or None when the
    paragraph is not a heading of recommendations.

    >>> wg_position("The following recommendations did not enjoy the support of DPRK:")
    'rejected'
    >>> wg_position("The following recommendations did not enjoy the support of X and would thus be noted:")
    'noted'
    >>> wg_position("The following recommendations will be examined by X, which will provide responses in due time:")
    'examine'
    """
    h = " ".join(heading.split()).lower()
    if "recommendation" not in h:
        return None
    if re.search(r"(did|does|do) not (enjoy|have|receive) the support|not supported|were rejected|rejects?", h):
        return "noted" if re.search(r"\bnoted?\b", h) else "rejected"
    if re.search(r"\bnoted\b|take note|takes note", h):
        return "noted"
    if re.search(r"enjoy(s|ed)? the support|are supported|have the support|accepted|accepts", h):
        return "supported"
    if re.search(r"will be examined|will examine|responses? in due time|will provide responses|considered", h):
        return "examine"
    return None


def _find_sections(text: str) -> list[tuple[int, str, int, int]]:
    """(number, position, start of heading, end of heading) for each recommendations heading."""
    found = []
    for m in _SECTION.finditer(text):
        colon = text.find(":", m.end(), m.end() + 800)
        if colon == -1:
            continue
        heading = text[m.end() : colon]
        # A heading is one sentence: no earlier paragraph or item break inside it.
        if re.search(r"\n\s*\d{1,3}\.(\d{1,3})?\s", heading):
            continue
        position = wg_position(heading)
        if position is not None:
            found.append((int(m.group(1)), position, m.start(), colon + 1))
    return found


def _close_paren(s: str, end: int) -> int:
    """Index of the '(' that matches the ')' at ``s[end]``, or -1 when unbalanced."""
    depth = 0
    for i in range(end, -1, -1):
        if s[i] == ")":
            depth += 1
        elif s[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_states(group: str) -> list[str]:
    """Split "Chile, Mexico" on commas outside parentheses; keeps "Iran (Islamic Republic of)"."""
    parts, depth, current = [], 0, []
    for ch in group:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_states(block: str) -> tuple[str, list[str], str]:
    """Separate one recommendation into (text, states, trailing text).

    The states are the last parenthesised group, and any earlier groups joined to it by a
    semicolon: "(Chile); (Mexico)". Anything after the final group and its terminator (a
    footnote that PDF extraction pulled in, for instance) is returned as trailing text.

    >>> split_states("Ratify the Rome Statute of the ICC (ICC) (Tunisia);")
    ('Ratify the Rome Statute of the ICC (ICC)', ['Tunisia'], '')
    >>> split_states("Ratify CAT (Chile); (Mexico).")
    ('Ratify CAT', ['Chile', 'Mexico'], '')
    >>> split_states("Ratify CAT (Iran (Islamic Republic of), Chile);")
    ('Ratify CAT', ['Iran (Islamic Republic of)', 'Chile'], '')
    """
    s = " ".join(block.split())
    # The states group is the last balanced (...) followed only by ; or . and trailing text.
    trailing = ""
    close = s.rfind(")")
    while close != -1:
        tail = s[close + 1 :].strip()
        if not tail or tail[0] in ";.":
            trailing = tail[1:].strip() if tail else ""
            break
        close = s.rfind(")", 0, close)
    if close == -1:
        return s, [], ""
    states: list[str] = []
    head = s[: close + 1]
    while head.endswith(")"):
        open_ = _close_paren(head, len(head) - 1)
        if open_ == -1:
            break
        states = _split_states(head[open_ + 1 : -1]) + states
        head = head[:open_].rstrip()
        # Another group only if joined by a semicolon: "(Chile); (Mexico)".
        if head.endswith(";") and head[:-1].rstrip().endswith(")"):
            candidate = head[:-1].rstrip()
            inner_open = _close_paren(candidate, len(candidate) - 1)
            if inner_open != -1 and not candidate[:inner_open].rstrip().endswith(")"):
                head = candidate
                continue
        break
    text = head.rstrip(" ;,.")
    return text, states, trailing


def _items(body: str, section: int, prefix_style: bool | None):
    """Yield (item number, raw block) for the list items in a section's body."""
    marks = []
    for m in _ITEM.finditer(body):
        major, minor = int(m.group(1)), m.group(2)
        if minor is not None:
            if major != section:
                continue  # a number inside the text, or another section's item
            marks.append((int(minor), m.start(), m.end()))
        elif prefix_style is not True:
            marks.append((major, m.start(), m.end()))
    return marks


def parse_recommendations(text: str) -> pd.DataFrame:
    """Parse the recommendations of a UPR Working Group report.

    Parameters
    ----------
    text
        The report as plain text (page furniture may remain; see
        :func:`dprk_upr.data.readers.strip_page_furniture`).

    Returns
    -------
    pandas.DataFrame
        One row per recommendation, in report order, with columns ``paragraph`` ("124.7"),
        ``text`` (the recommendation without its states), ``states`` (list of names as
        printed), ``section`` ("124") and ``wg_position`` ("examine", "supported", "noted"
        or "rejected", from the section's heading). ``attrs["trimmed"]`` lists any text that
        followed an item's states and was left out (footnotes pulled in by PDF extraction).

    Raises
    ------
    ReportParseError
        When no recommendations section is found, a section's numbering has a gap or a
        repeat, an item has no recommending state (a truncated report), or a paragraph
        number occurs twice.

    Examples
    --------
    >>> report = '''
    ... 90. The following recommendations will be examined by X:
    ... 1.
    ... Ratify CAT (Chile, Mexico);
    ... 2. Abolish the death penalty (Iran (Islamic Republic of)).
    ... 91. The following recommendations did not enjoy the support of X:
    ... 91.1 Invite the Special Rapporteur (Norway); (Spain).
    ... 92. All conclusions reflect the position of the submitting States.
    ... '''
    >>> parse_recommendations(report)[["paragraph", "states", "wg_position"]]
      paragraph                        states wg_position
    0      90.1               [Chile, Mexico]     examine
    1      90.2  [Iran (Islamic Republic of)]     examine
    2      91.1               [Norway, Spain]    rejected
    """
    sections = _find_sections(text)
    if not sections:
        raise ReportParseError(
            "no section of recommendations found: expected a numbered paragraph such as "
            "'124. The following recommendations will be examined by ...:'. Check that the "
            "text is a UPR Working Group report and that the conclusions chapter is complete."
        )
    seen_sections = [s[0] for s in sections]
    dupes = sorted({n for n in seen_sections if seen_sections.count(n) > 1})
    if dupes:
        raise ReportParseError(
            f"paragraph(s) {dupes} open more than one list of recommendations; "
            "the report text has a duplicated paragraph."
        )
    rows, trimmed = [], []
    for k, (number, position, _, body_start) in enumerate(sections):
        limit = sections[k + 1][2] if k + 1 < len(sections) else len(text)
        body = text[body_start:limit]
        prefix_style = bool(re.search(rf"(?m)^[ \t]*{number}\.\d{{1,3}}\s", body))
        marks = _items(body, number, prefix_style)
        # Keep the run 1, 2, 3, ...; a repeat or a skip is an error, and the first number that
        # cannot continue the run (the next paragraph, "92. All conclusions ...") ends the list.
        kept, expected = [], 1
        for item, start, end in marks:
            if item == expected:
                kept.append((item, start, end))
                expected += 1
            elif prefix_style and item < expected:
                raise ReportParseError(
                    f"paragraph {number}.{item} appears twice in section {number}; "
                    "remove the duplicate from the report text."
                )
            elif prefix_style and item > expected:
                raise ReportParseError(
                    f"section {number}: numbering jumps from {number}.{expected - 1} "
                    f"to {number}.{item}; a recommendation is missing from the report text."
                )
            elif not prefix_style and item == number + 1 and kept:
                break  # the paragraph after the section
        if not kept:
            raise ReportParseError(
                f"section {number} ({position}) lists no recommendations; the report text is incomplete."
            )
        # An item runs to the next numbered line of any kind: the next item, or the next
        # paragraph of the report after the last item.
        starts = [m.start() for m in _ITEM.finditer(body)] + [len(body)]
        for item, start, end in kept:
            block = body[end : next(s for s in starts if s > start)]
            rec_text, states, tail = split_states(block)
            paragraph = f"{number}.{item}"
            if not states:
                raise ReportParseError(
                    f"paragraph {paragraph} has no recommending state in parentheses (text begins "
                    f"{rec_text[:60]!r}); the report looks truncated or the item is split wrongly."
                )
            if not rec_text:
                raise ReportParseError(f"paragraph {paragraph} has states {states} but no text.")
            if tail:
                trimmed.append((paragraph, tail))
            rows.append(
                {
                    "paragraph": paragraph,
                    "text": rec_text,
                    "states": states,
                    "section": str(number),
                    "wg_position": position,
                }
            )
    frame = pd.DataFrame(rows, columns=["paragraph", "text", "states", "section", "wg_position"])
    dup = frame["paragraph"][frame["paragraph"].duplicated()].tolist()
    if dup:
        raise ReportParseError(f"paragraph(s) {dup} parsed twice; the report text repeats a section.")
    frame.attrs["trimmed"] = trimmed
    return frame
