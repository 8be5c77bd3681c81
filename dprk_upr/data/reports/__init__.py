"""Parse the recommendations out of a UPR Working Group report (any of the four cycles).

A Working Group report closes with a chapter "Conclusions and/or recommendations": a few
numbered paragraphs whose heading says what the state under review did with the list that
follows ("will be examined by ...", "enjoy the support of ...", "did not enjoy the support ...
and would thus be noted", "have been noted by ..."). Each list item is one recommendation, or
several bundled into one item, each part ending with its recommending state(s) in parentheses.

What the parser copes with, and where each rule comes from (the UN's layout of these reports,
2008-2025, and what PDF-to-text conversion does to it):

* **Text**: any line endings (LF, CRLF, bare CR, form feed), page furniture (document symbols,
  job numbers, bar codes, page numbers; stripped here with
  :func:`dprk_upr.data.readers.strip_page_furniture`, so the caller need not), footnotes that
  extraction drops between items (a line ``"3 The recommendation as made ..."`` whose number is
  referenced as ``"(Ghana)3;"``, or a line starting with ``*``), and text that lost its line
  breaks altogether (a line of over 4,000 characters is broken again before the paragraph and
  item numbers that follow the end of a sentence).
* **Where**: the list paragraphs are looked for in the chapter that starts at the heading
  "Conclusions and/or recommendations" (not the table of contents) and ends at the closing
  paragraph "All conclusions and/or recommendations ... reflect the position ...", an annex or
  the next chapter. Without that heading (a snippet) the whole text is used.
* **Headings**: a numbered paragraph whose text up to its first colon (or whole, when it has no
  colon) is classified by :func:`wg_position`, that does not itself end with states, whose number
  is higher than the previous heading's (paragraph numbers only increase, so an item "41." under
  paragraph 97 is never a heading), and that is followed by its first item ("1." or "N.1") or by
  an unnumbered recommendation. Headings may have no colon, several sentences, odd spacing, and
  the number on a line of its own. A heading of the first sessions (2008) that only introduces
  the list ("the following recommendations were made to X:") takes its position from the next
  paragraph ("The response of X to these recommendations will be included in the outcome report"
  gives "examine"; "All recommendations ... enjoy the support of X" gives "supported"), or
  "examine" when no paragraph states one; such a list whose items name no state is a list of
  comments and is left out.
* **Numbering**: early reports restart at ``1.`` under the paragraph ``90.``; later ones number
  ``124.7`` (also written ``124.7.``). Either way the result is ``"section.item"``. Number and
  text may sit on separate lines; an item may start in mid-line after the previous item's end
  (``"... (China); 127.55 Mitigate ..."``). In the restarting style a number that continues the
  run is an item even when it equals a later paragraph number; the paragraph after the list
  (``99.``) ends it. Numbers that PDF extraction separated from their text are put back when
  the order is unambiguous: a run of bare numbers followed by as many recommendations, or each
  recommendation printed before its number. A list with no numbers at all (one recommendation
  under a heading) is numbered 1, 2, ...
* **States**: see :func:`split_states`. A parenthesis holds states only if every piece of it
  is a state name (``is_state``); "(ICC)", "(CEDAW)", "(including on technical assistance)" are
  text. Every such parenthesis in the recommendation counts, so a bundled item
  "Ratify A (Norway); adopt B (Chile); and strengthen C (Italy);" gives Norway, Chile and Italy.

With ``strict=True`` every problem (a numbering gap or repeat, an item without a recommending
state, an unknown state name, no list at all, ...) raises :class:`ReportParseError` naming the
paragraph and the fix. With ``strict=False`` the same problems are listed in
``frame.attrs["problems"]`` and the rest is returned.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..states import codepoints as _codepoints
from ..states import is_state as _resolver_is_state
from ..states import lookup as _lookup
from .headings import POSITIONS, wg_position
from .layout import (
    _MARK,
    COLUMNS,
    ReportParseError,
    _chapter,
    _find_sections,
    _Mark,
    _position_after,
    _prepare,
    _Problems,
    _walk,
)
from .recommending_states import IsState, _analyse, _dedupe, split_states

__all__ = ["parse_recommendations", "ReportParseError", "split_states", "wg_position", "POSITIONS", "COLUMNS"]


def parse_recommendations(text: str, strict: bool = True, *, is_state: IsState | None = None) -> pd.DataFrame:
    """Parse the recommendations of a UPR Working Group report (first to fourth cycle).

    Parameters
    ----------
    text
        The report as plain text, as extracted from the UN PDF: any line endings, page
        furniture and footnotes may remain (they are removed here).
    strict
        True (default): raise :class:`ReportParseError` on the first problem. False: return
        what can be read and list every problem in ``attrs["problems"]``.
    is_state
        Keyword only. ``str -> bool``, whether a name in parentheses is a state; default
        :func:`dprk_upr.data.states.is_state` (alias table, then ISO 3166 names).

    Returns
    -------
    pandas.DataFrame
        One row per recommendation paragraph (shape ``(n_items, 5)``), in report order, with
        columns ``paragraph`` (str, "124.7"), ``text`` (the recommendation without its states),
        ``states`` (list of str, as printed, at least one unless a problem says otherwise),
        ``section`` (str, the list paragraph, "124") and ``wg_position`` (one of
        ``POSITIONS``, from the section's heading). ``attrs`` holds:

        * ``"problems"``: list of dicts ``{"paragraph", "kind", "message"}``; kinds are
          ``no_section``, ``empty_section``, ``unheaded_list``, ``duplicate_section``, ``gap``,
          ``repeat``, ``stray_item``, ``no_state``, ``unknown_state``, ``no_text``,
          ``unnumbered_text``, ``duplicate_paragraph``, ``truncated``. Always empty when ``strict=True``.
        * ``"trimmed"``: list of (paragraph, text) for text that followed an item's states and
          was left out (footnotes, notes pulled in by PDF extraction).
        * ``"notes"``: list of dicts ``{"paragraph", "kind", "message"}`` for format variants
          that were handled (items without numbers, numbers put back with their text, items
          starting in mid-line, a heading without its number, a position taken from the
          paragraph after the list, a numbered list of comments left out).

    Raises
    ------
    ReportParseError
        With ``strict=True``, naming the paragraph and the fix, when: no list of
        recommendations is found; a heading has no list, or a numbered list has no heading; a
        section number occurs twice; a section's numbering has a gap or a repeat, or a
        differently numbered recommendation interrupts it; an item has no recommending state (a
        truncated report, or an item split wrongly), no text, or ends with names that
        ``is_state`` does not know; a paragraph number occurs twice.

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
    default_resolver = is_state is None
    is_state = lru_cache(maxsize=None)(is_state or _resolver_is_state)
    problems, notes, trimmed = _Problems(), [], []
    prepared = _prepare(text)
    start, end, complete = _chapter(prepared)
    marks = [
        _Mark(m.start(), m.end(), int(m.group(1)), int(m.group(2)) if m.group(2) else None)
        for m in _MARK.finditer(prepared, start, end)
    ]
    sections = _find_sections(prepared, marks, end, is_state, problems, notes)
    if not sections:
        problems.add(
            None,
            "no_section",
            "no section of recommendations found: expected a numbered paragraph such as "
            "'124. The following recommendations will be examined by ...:' followed by its items. "
            "Check that the text is a UPR Working Group report and that the conclusions chapter is "
            "complete, or that wg_position() knows the heading's wording.",
        )
    seen: dict[int, int] = {}
    numbers = {s.number for s in sections}
    rows = []
    for k, sec in enumerate(sections):
        body_end = sections[k + 1].mark_start if k + 1 < len(sections) else end
        if sec.number in seen:
            problems.add(
                str(sec.number),
                "duplicate_section",
                f"paragraph {sec.number} opens a list of recommendations twice; the report text has a "
                "duplicated paragraph (the second list is left out).",
            )
            continue
        seen[sec.number] = k
        local = _Problems()
        items = [
            (item, block, _analyse(block, is_state))
            for item, block in _walk(prepared, sec, body_end, marks, numbers, is_state, local, notes)
        ]
        position = sec.position
        if position is None:
            if not any(r.states for _, _, r in items):
                notes.append(
                    {
                        "paragraph": str(sec.number),
                        "kind": "not_recommendations",
                        "message": "a numbered list without recommending states (comments), left out",
                    }
                )
                continue
            position = _position_after(prepared, sec, marks, numbers, end, notes)
        problems.items.extend(local.items)
        if not items:
            problems.add(
                str(sec.number),
                "empty_section",
                f"paragraph {sec.number} is a heading of recommendations ({position}) but none of its "
                f"items could be read: they are numbered neither '{sec.number}.1, {sec.number}.2, ...' nor "
                "'1., 2., ...'. Check the numbering in the report text.",
            )
        for item, _block, r in items:
            rows.append(_item_row(f"{sec.number}.{item}", r, sec.number, position, default_resolver, problems, notes))
            if r.trailing:
                trimmed.append((rows[-1]["paragraph"], r.trailing))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if not complete and rows:
        last = rows[-1]["paragraph"]
        problems.add(
            last,
            "truncated",
            f"the conclusions chapter has no end (no closing paragraph 'All conclusions and/or recommendations "
            f"... reflect the position ...', annex or next chapter): the report text looks truncated after "
            f"paragraph {last}. Fetch the report again ('make data').",
        )
    dup = sorted(set(frame["paragraph"][frame["paragraph"].duplicated()]))
    for p in dup:
        problems.add(p, "duplicate_paragraph", f"paragraph {p} parsed twice; the report text repeats a section.")
    if strict and problems.items:
        first = problems.items[0]
        more = len(problems.items) - 1
        extra = f" ({more} further problem(s); parse with strict=False to list them all.)" if more else ""
        raise ReportParseError(first["message"] + extra)
    frame.attrs["problems"] = problems.items
    frame.attrs["trimmed"] = trimmed
    frame.attrs["notes"] = notes
    return frame


def _item_row(paragraph: str, r, section: int, position: str, folded_notes: bool, problems, notes: list) -> dict:
    """One recommendation's row, with the problems of its states and text added to ``problems``
    (no state, a name ``is_state`` does not know, no text) and, when ``folded_notes``, a note for
    every state name known only after Unicode folding."""
    states = _dedupe(r.states)
    if not states:
        problems.add(
            paragraph,
            "no_state",
            f"paragraph {paragraph} has no recommending state in parentheses (text begins "
            f"{r.text[:60]!r}); the report looks truncated or the item is split wrongly. "
            "Check the report text at this paragraph.",
        )
    elif r.unknown:
        odd = "; ".join(f"{n!r} contains {_codepoints(n)}" for n in r.unknown if _codepoints(n))
        problems.add(
            paragraph,
            "unknown_state",
            f"paragraph {paragraph} ends with {r.unknown} in parentheses, which is_state does not "
            f"know as state name(s){' (' + odd + ')' if odd else ''}. If it is a state, add the "
            "spelling to the alias table (data/states/aliases.csv; dprk_upr.data.states.to_iso3 prints the row "
            "to add); otherwise correct the report text.",
        )
    if folded_notes:
        for name in states:
            if _lookup(name)[1]:
                notes.append(
                    {
                        "paragraph": paragraph,
                        "kind": "folded_state_name",
                        "message": f"{name!r} is a known state name only after Unicode folding: it "
                        f"contains {_codepoints(name) or 'unusual spacing'}",
                    }
                )
    if states and not r.text:
        problems.add(
            paragraph,
            "no_text",
            f"paragraph {paragraph} has states {states} but no text; the item is split wrongly. Check the report text.",
        )
    return {"paragraph": paragraph, "text": r.text, "states": states, "section": str(section), "wg_position": position}
