"""How a report's text is laid out: its preparation (line endings, page furniture, footnotes,
lost line breaks), the conclusions chapter, the numbered marks, the headings and the items of
each list, and numbers put back in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers import normalise_newlines, strip_page_furniture
from .headings import _LIST_INTRO, wg_position
from .recommending_states import IsState, _analyse, _looks_like_names, _matching_open, _state_pieces

COLUMNS = ["paragraph", "text", "states", "section", "wg_position"]


class ReportParseError(ValueError):
    """The text does not parse as the recommendations of a Working Group report."""


# --------------------------------------------------------------------------------------------
# Text preparation
# --------------------------------------------------------------------------------------------

# A numbered line: "124.7 Text", "124.7. Text", "124.7\nText", "1. Text", "1.\nText".
_MARK = re.compile(r"(?m)^[^\S\n]*(\d{1,3})\.(?:(\d{1,3})\.?)?(?=\s|$|[\"“‘A-Z])")
_STAR_NOTE = re.compile(r"^[^\S\n]*\*{1,3}[^\S\n]*\S")
_NUMBERED_NOTE = re.compile(r"^[^\S\n]*(\d{1,2})[^\S\n]+[\"“‘'A-Z]")


def _strip_footnotes(text: str) -> str:
    """Remove the footnotes PDF extraction leaves between items.

    A footnote starts with a line "*..." or with a line "N Text" (N one or two digits, no dot,
    capital or quote after it) whose number is referenced in the text as a superscript, i.e.
    written straight after a parenthesis or a word ("(Ghana)3;", "timeframe4"). It runs to the
    next blank line, numbered line or footnote.
    """
    refs = set(re.findall(r"(?:\);?|[^\W\d_])(\d{1,2})(?=[\s;.,:]|$)", text))
    lines = text.split("\n")
    out, in_note = [], False
    for line in lines:
        numbered = _NUMBERED_NOTE.match(line)
        starts = bool(_STAR_NOTE.match(line)) or bool(numbered and numbered.group(1) in refs)
        if starts:
            in_note = True
            out.append("")
            continue
        if in_note and (not line.strip() or _MARK.match(line)):
            in_note = False
        out.append("" if in_note else line)
    return "\n".join(out)


# Where a line that lost its line breaks (a whole chapter on one line, as some conversions of
# CR-only files give) is broken again: before a paragraph or item number that follows the end of
# a sentence, a colon, a closing parenthesis or a title in capitals, and before a chapter title.
_LONG_LINE = 4000
_REFLOW = re.compile(
    r"(?:(?<=[;.:)])|(?<=[;.:)]\d)|(?<=[;.:)]\d\d)|(?<=[A-Z]{3}))[^\S\n]+"
    r"(?=\d{1,3}\.(?:\d{1,3}\.?)?[^\S\n]+[\"“‘A-Z(])"
    r"|[^\S\n]+(?=[IVX]{1,4}\.[^\S\n]+(?:CONCLUSIONS|Conclusions)\s+and\s*/\s*or\s+recommendations)"
    r"|(?<=[Cc]onclusions and/or recommendations)[*.]{0,2}[^\S\n]+(?=\d{1,3}\.\s)"
    r"|(?<=CONCLUSIONS AND/OR RECOMMENDATIONS)[*.]{0,2}[^\S\n]+(?=\d{1,3}\.\s)"
    r"|(?<=[;.:])[^\S\n]+(?=(?:III\.[^\S\n]+[A-Z]|Annex\b))"
)


def _reflow(text: str) -> str:
    """Break again the lines that lost their line breaks (only lines over 4,000 characters).

    A paragraph of a UN report is rarely over 2,000 characters, so a longer line is several
    paragraphs run together; within it, numbers that follow the end of a sentence start lines.
    """
    lines = text.split("\n")
    if max(map(len, lines), default=0) <= _LONG_LINE:
        return text
    return "\n".join(_REFLOW.sub("\n", line) if len(line) > _LONG_LINE else line for line in lines)


def _prepare(text: str) -> str:
    return _strip_footnotes(_reflow(strip_page_furniture(normalise_newlines(str(text)))))


_CHAPTER = re.compile(
    r"(?im)^[^\S\n]*(?:[IVX]{1,4}\.?[^\S\n]*)?conclusions\s+and\s*/\s*or\s+recommendations\b(?P<rest>[^\n]*)$"
)
_CLOSING = re.compile(r"(?im)^[^\S\n]*(?:\d{1,3}\.\s*)?All\s+conclusions\s+and\s*/\s*or\s+recommendations\b")
_AFTER = re.compile(r"(?m)^[^\S\n]*(?:Annex(?:es)?(?:[^\S\n]+[IVX\d]+)?[^\S\n]*$|III\.[^\S\n]+[A-Z](?![^\n]*\.{4}))")


def _chapter(text: str) -> tuple[int, int, bool]:
    """Start and end of the conclusions chapter (the whole text when it has no such heading), and
    whether the chapter is complete: a report that has the chapter's heading must also have its
    end (the closing paragraph "All conclusions and/or recommendations ...", an annex or the next
    chapter); without it the text was cut, perhaps exactly between two items."""
    start = 0
    for m in _CHAPTER.finditer(text):
        rest = m.group("rest")
        if not re.search(r"\.{3,}|\d", rest):  # not the table of contents
            start = m.end()
    # Without the chapter heading, an "Annex" or "III." line may be the table of contents.
    found = [_CLOSING.search(text, start)] + ([_AFTER.search(text, start)] if start else [])
    ends = [m.start() for m in found if m]
    return start, min(ends) if ends else len(text), bool(ends) or start == 0


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


@dataclass
class _Mark:
    start: int
    end: int
    major: int
    minor: int | None
    soft: bool = False  # found in mid-line; counts only if it continues the numbering


@dataclass
class _Section:
    number: int
    position: str | None  # None: the heading only introduces the list (see _LIST_INTRO)
    mark_start: int
    body_start: int
    heading: str


class _Problems:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, paragraph: str | None, kind: str, message: str) -> None:
        self.items.append({"paragraph": paragraph, "kind": kind, "message": message})


def _split_heading(seg: str) -> tuple[str, int]:
    """(heading text, offset in ``seg`` where the rest begins) for a numbered paragraph."""
    colon = seg.find(":")
    if colon != -1:
        return seg[:colon], colon + 1
    return seg, len(seg)


def _units(text: str, is_state: IsState) -> list[str]:
    """Split text into recommendations that each end with states and a terminator at a line end."""
    cuts = []
    for m in re.finditer(r"\)\d{0,2}[^\S\n]*[;.][^\S\n]*(?:\n|$)", text):
        close = m.start()
        open_ = _matching_open(text, close)
        if open_ != -1 and (
            _state_pieces(text[open_ + 1 : close], is_state) or _looks_like_names(text[open_ + 1 : close])
        ):
            cuts.append(m.end())
    units, last = [], 0
    for cut in cuts:
        if text[last:cut].strip():
            units.append(text[last:cut])
        last = cut
    if text[last:].strip():
        if units:
            units[-1] += text[last:]
        else:
            units.append(text[last:])
    return units


def _has_states(block: str, is_state: IsState, lenient: bool = False) -> bool:
    return bool(_analyse(block, is_state, lenient).states)


_STATE_END = re.compile(r"\)(?:\d{1,2}|\*{1,3})?[^\S\n]*[;.][^\S\n]*\n|\n[^\S\n]*\n")


def _heading_before(text: str, region_start: int, region_end: int, is_state: IsState) -> tuple[int, str, str] | None:
    """A heading printed without its number just before a list: (start, heading, position).

    The heading is the text after the last line that ends a recommendation ("...(Chile);") or
    the last blank line in the region, provided it classifies and holds no states.
    """
    region = text[region_start:region_end]
    cut = 0
    for m in _STATE_END.finditer(region):
        cut = m.end()
    chunk = region[cut:]
    lead = len(chunk) - len(chunk.lstrip())
    heading, _ = _split_heading(chunk)
    position = wg_position(heading)
    if not chunk.strip() or position is None or _has_states(chunk, is_state):
        return None
    return region_start + cut + lead, " ".join(heading.split()), position


def _find_sections(
    text: str, marks: list[_Mark], chapter_end: int, is_state: IsState, problems: _Problems, notes: list[dict]
) -> list[_Section]:
    """The list headings of the chapter, in order (see the module docstring for the rules)."""
    sections: list[_Section] = []
    known: set[int] = set()

    def first_item_follows(i: int, number: int) -> bool:
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        return nxt is not None and (
            (nxt.minor is not None and nxt.major == number) or (nxt.minor is None and nxt.major == 1)
        )

    for i, mk in enumerate(marks):
        if mk.minor is not None:
            continue
        seg_end = marks[i + 1].start if i + 1 < len(marks) else chapter_end
        seg = text[mk.end : seg_end]
        if not seg.strip():
            # The number stands alone: its heading may have been printed before it.
            if first_item_follows(i, mk.major):
                prev_end = marks[i - 1].end if i > 0 else 0
                found = _heading_before(text, prev_end, mk.start, is_state)
                if found:
                    start, heading, position = found
                    sections.append(_Section(mk.major, position, start, mk.end, heading))
                    known.add(mk.major)
                    notes.append(
                        {
                            "paragraph": str(mk.major),
                            "kind": "reordered",
                            "message": "the heading came before its paragraph number",
                        }
                    )
            continue
        if sections and mk.major <= sections[-1].number:
            continue  # paragraph numbers only increase: this is an item of the list above
        heading, rest_at = _split_heading(seg)
        position = wg_position(heading)
        if position is None and (
            not _LIST_INTRO.search(" ".join(heading.split()).lower()) or _has_states(seg, is_state)
        ):
            continue
        if _has_states(heading, is_state):
            continue
        rest = seg[rest_at:]
        mid_line = re.match(rf"\s*(?:{mk.major}\.\d{{1,3}}|1\.)\s", rest)
        if first_item_follows(i, mk.major) or mid_line or (rest.strip() and _has_states(rest, is_state)):
            sections.append(_Section(mk.major, position, mk.start, mk.end + rest_at, " ".join(heading.split())))
            known.add(mk.major)
        elif position and rest_at < len(seg) and not rest.strip() and "recommendation" in heading.lower():
            problems.add(
                str(mk.major),
                "empty_section",
                f"paragraph {mk.major} is a heading of recommendations ({position}) but no list follows it; "
                "the report text is incomplete, or the list lost its numbers in extraction.",
            )
    # Headings over "N.1, N.2, ..." lists whose paragraph number was lost in extraction.
    for i, mk in enumerate(marks):
        if mk.minor != 1 or mk.major in known:
            continue
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        prev_end = marks[i - 1].end if i > 0 else 0
        found = _heading_before(text, prev_end, mk.start, is_state)
        if found:
            start, heading, position = found
            sections.append(_Section(mk.major, position, start, mk.start, heading))
            known.add(mk.major)
            notes.append(
                {
                    "paragraph": str(mk.major),
                    "kind": "unnumbered_heading",
                    "message": f"the heading of the list {mk.major}.1, {mk.major}.2, ... has no number",
                }
            )
        elif nxt is not None and nxt.minor == 2 and nxt.major == mk.major:
            problems.add(
                f"{mk.major}.1",
                "unheaded_list",
                f"items {mk.major}.1, {mk.major}.2, ... have no heading saying what the state did with "
                f"them; the heading of paragraph {mk.major} is missing from the report text or worded in "
                "a way wg_position() does not know. Restore it, or extend wg_position().",
            )
            known.add(mk.major)
    sections.sort(key=lambda s: s.mark_start)
    return sections


def _soft_marks(text: str, start: int, end: int, number: int, prefix: bool) -> list[_Mark]:
    """Item numbers in mid-line, after the end of the previous item or the heading's colon."""
    if prefix:
        pattern = rf"(?<=[;.:])[^\S\n]+({number})\.(\d{{1,3}})\.?(?=\s)"
    else:
        pattern = r"(?<=[;.:])[^\S\n]+(\d{1,3})\.(?=[^\S\n]+[\"“‘'A-Z])"
    out = []
    for m in re.compile(pattern).finditer(text, start, end):
        minor = int(m.group(2)) if prefix else None
        out.append(_Mark(m.start(1), m.end(), int(m.group(1)), minor, soft=True))
    return out


def _walk(
    text: str,
    section: _Section,
    body_end: int,
    marks: list[_Mark],
    section_numbers: set[int],
    is_state: IsState,
    problems: _Problems,
    notes: list[dict],
) -> list[tuple[int, str]]:
    """The (item number, raw block) pairs of one section, in order."""
    n = section.number
    line_marks = [m for m in marks if section.body_start <= m.start < body_end]
    prefix = any(m.minor is not None and m.major == n for m in line_marks) or bool(
        re.compile(rf"(?<=[;.:])[^\S\n]+{n}\.1\.?\s").search(text, section.body_start, body_end)
    )
    entries = sorted(line_marks + _soft_marks(text, section.body_start, body_end, n, prefix), key=lambda m: m.start)
    accepted: list[_Mark] = []
    cuts: list[int] = [body_end]
    expected, ended = 1, False
    for k, e in enumerate(entries):
        next_start = entries[k + 1].start if k + 1 < len(entries) else body_end
        if ended:
            if not e.soft:
                cuts.append(e.start)
            continue
        if prefix:
            if e.minor is not None and e.major == n:
                if e.minor == expected:
                    accepted.append(e)
                    expected += 1
                elif e.soft:
                    continue
                elif e.minor > expected:
                    missing = f"{n}.{expected}" + (f" to {n}.{e.minor - 1}" if e.minor - 1 > expected else "")
                    problems.add(
                        f"{n}.{e.minor}",
                        "gap",
                        f"section {n}: numbering jumps from {n}.{expected - 1} to {n}.{e.minor}; "
                        f"{missing} is missing from the report text. Check the text before paragraph "
                        f"{n}.{e.minor} (a page break may have lost it) or parse with strict=False.",
                    )
                    accepted.append(e)
                    expected = e.minor + 1
                else:
                    problems.add(
                        f"{n}.{e.minor}",
                        "repeat",
                        f"paragraph {n}.{e.minor} appears twice in section {n}; remove the duplicate "
                        "from the report text (the second one is left out).",
                    )
                    cuts.append(e.start)
            elif not e.soft and (e.minor is None or e.major in section_numbers):
                cuts.append(e.start)
                if e.minor is None and e.major < n and _has_states(text[e.end : next_start], is_state, lenient=True):
                    problems.add(
                        str(n),
                        "stray_item",
                        f"section {n} is numbered {n}.1, {n}.2, ... but a recommendation numbered "
                        f"'{e.major}.' follows item {n}.{expected - 1}; it is left out. A heading (and its "
                        "paragraph number) is probably missing before it in the report text.",
                    )
            continue
        # Restarting numbering "1.", "2.", ... under the section paragraph.
        if e.minor is not None:
            if e.major in section_numbers and not e.soft:
                cuts.append(e.start)
            continue
        if e.soft:
            if e.major == expected:
                accepted.append(e)
                expected += 1
            continue
        has_states = _has_states(text[e.end : next_start], is_state, lenient=True)
        if e.major == expected and not (e.major == n + 1 and not has_states):
            accepted.append(e)
            expected += 1
        elif not has_states or e.major == n + 1:
            ended = True  # the paragraph after the list
            cuts.append(e.start)
        elif e.major > expected:
            problems.add(
                f"{n}.{e.major}",
                "gap",
                f"section {n}: numbering jumps from {n}.{expected - 1} to {n}.{e.major} (items numbered "
                f"'1.', '2.', ... under paragraph {n}); item {expected} is missing from the report text. "
                f"Check the text before item {e.major} or parse with strict=False.",
            )
            accepted.append(e)
            expected = e.major + 1
        else:
            problems.add(
                f"{n}.{e.major}",
                "repeat",
                f"paragraph {n}.{e.major} (item '{e.major}.' under paragraph {n}) appears twice; remove "
                "the duplicate from the report text (the second one is left out).",
            )
            cuts.append(e.start)
    cuts.extend(m.start for m in accepted)
    cuts.sort()
    items = []
    for m in accepted:
        stop = next(c for c in cuts if c > m.start)
        items.append([m.minor if prefix else m.major, text[m.end : stop]])
        if m.soft:
            notes.append(
                {
                    "paragraph": f"{n}.{items[-1][0]}",
                    "kind": "mid_line_number",
                    "message": "the item starts in mid-line after the previous item's end",
                }
            )
    pre_end = accepted[0].start if accepted else min(cuts)
    pre = text[section.body_start : pre_end]
    if not items:
        units = _units(pre, is_state) if pre.strip() else []
        if units:
            notes.append(
                {
                    "paragraph": str(n),
                    "kind": "unnumbered_items",
                    "message": f"{len(units)} recommendation(s) without numbers; numbered 1 to {len(units)}",
                }
            )
        return [(i + 1, u) for i, u in enumerate(units)]
    _reorder(items, pre, n, is_state, problems, notes)
    return [(num, block) for num, block in items]


def _reorder(items: list[list], pre: str, n: int, is_state: IsState, problems: _Problems, notes: list[dict]) -> None:
    """Put text back with its number where PDF extraction separated them (in place)."""
    blocks = [b for _, b in items]
    # Each recommendation printed before its number: text before the first number, nothing
    # after the last one.
    if pre.strip() and _has_states(pre, is_state) and not blocks[-1].strip():
        shifted = [pre] + blocks[:-1]
        for item, block in zip(items, shifted):
            item[1] = block
        notes.append(
            {
                "paragraph": str(n),
                "kind": "reordered",
                "message": "each recommendation came before its number; moved after it",
            }
        )
        return
    if pre.strip() and _has_states(pre, is_state):
        problems.add(
            f"{n}.{items[0][0]}",
            "unnumbered_text",
            f"section {n}: a recommendation without a number precedes item {n}.{items[0][0]} "
            f"({' '.join(pre.split())[:60]!r}); number it in the report text.",
        )
    # A run of bare numbers followed by as many recommendations.
    i = 0
    while i < len(items):
        j = i
        while j < len(items) - 1 and not items[j][1].strip():
            j += 1
        if j > i:
            units = _units(items[j][1], is_state)
            if len(units) == j - i + 1:
                for k, unit in enumerate(units):
                    items[i + k][1] = unit
                notes.append(
                    {
                        "paragraph": f"{n}.{items[i][0]}",
                        "kind": "reordered",
                        "message": f"numbers {items[i][0]} to {items[j][0]} were separated from their text",
                    }
                )
        i = j + 1


def _position_after(
    text: str, sec: _Section, marks: list[_Mark], section_numbers: set[int], chapter_end: int, notes: list[dict]
) -> str:
    """The position of a list whose heading states none: from the paragraph after the list.

    That paragraph is numbered one more than the list's own ("61. The response of X to these
    recommendations will be included in the outcome report ...", "61. All recommendations ...
    enjoy the support of X"). Without one, the report gives no position yet: "examine".
    """
    following = [
        i for i, m in enumerate(marks) if m.minor is None and m.major == sec.number + 1 and m.start > sec.body_start
    ]
    if following and sec.number + 1 not in section_numbers:
        i = following[0]
        seg_end = marks[i + 1].start if i + 1 < len(marks) else chapter_end
        position = wg_position(_split_heading(text[marks[i].end : seg_end])[0])
        if position:
            notes.append(
                {
                    "paragraph": str(sec.number),
                    "kind": "position_from_next_paragraph",
                    "message": f"the heading gives no position; paragraph {sec.number + 1} says '{position}'",
                }
            )
            return position
    notes.append(
        {
            "paragraph": str(sec.number),
            "kind": "position_not_stated",
            "message": "neither the heading nor the next paragraph states a position; read as 'examine'",
        }
    )
    return "examine"
