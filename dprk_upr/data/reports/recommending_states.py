"""The recommending states at the end of a recommendation: which parentheses hold state names
(:func:`split_states`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..states import is_state as _resolver_is_state
from ..states import normalise as _normalise_name

# --------------------------------------------------------------------------------------------
# States in parentheses
# --------------------------------------------------------------------------------------------

IsState = Callable[[str], bool]

# What may follow the parenthesis that ends a recommendation: a footnote number ("(Brazil)1;")
# and the item's terminator, or nothing.
_TAIL = re.compile(r"\s*(?:\d{1,2}|\*{1,3})?\s*(?:[;.]|,?\s*$)")


def _matching_open(s: str, close: int) -> int:
    """Index of the '(' that matches the ')' at ``s[close]``, or -1 when unbalanced."""
    depth = 0
    for i in range(close, -1, -1):
        if s[i] == ")":
            depth += 1
        elif s[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _groups(s: str) -> list[tuple[int, int]]:
    """Top-level balanced parentheses of ``s`` as (open, close), right to left."""
    out, i = [], len(s) - 1
    while i >= 0:
        close = s.rfind(")", 0, i + 1)
        if close == -1:
            break
        open_ = _matching_open(s, close)
        if open_ == -1:
            i = close - 1
            continue
        out.append((open_, close))
        i = open_ - 1
    return out


def _split_top(s: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses: keeps "Iran (Islamic Republic of)" whole."""
    parts, depth, current = [], 0, []
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _segment(piece: str, is_state: IsState) -> list[str] | None:
    """Split "Chile and Mexico" or "Chile Mexico" (a missing comma) into names, fewest first.

    Dynamic programming over the words: a name is a run of words that ``is_state`` accepts,
    and "and" may separate two names. A whole name always wins over a split of it, so
    "Bosnia and Herzegovina" and "Trinidad and Tobago" stay whole.
    """
    tokens = piece.split(" ")
    n = len(tokens)
    if n > 40:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        starts = [i]
        if i > 0 and tokens[i].lower() in ("and", "&"):
            starts.append(i + 1)
        for j in starts:
            for k in range(j + 1, n + 1):
                name = " ".join(tokens[j:k])
                if is_state(name):
                    candidate = best[i] + [name]
                    if best[k] is None or len(candidate) < len(best[k]):
                        best[k] = candidate
    return best[n] or None


def _name_variants(piece: str) -> list[str]:
    """The piece, and the piece with a hyphenation at a line break undone ("Herze- govina")."""
    out = [piece]
    if "- " in piece:
        out += [piece.replace("- ", "-"), piece.replace("- ", "")]
    return out


def _one_piece(piece: str, is_state: IsState) -> list[str] | None:
    """Names in one comma-separated piece: a name, names joined by "and", or a missing comma."""
    p = re.sub(r"^(?:and|&)\s+", "", piece.strip()).strip(" .")
    if not p:
        return []
    for variant in _name_variants(p):
        if is_state(variant):
            return [variant]
    for variant in _name_variants(p):
        seg = _segment(variant, is_state)
        if seg is not None:
            return seg
    return None


def _state_pieces(content: str, is_state: IsState) -> list[str] | None:
    """The state names in a parenthesis, or None unless every piece of it is a state.

    Pieces are separated by commas or semicolons outside nested parentheses; two neighbouring
    pieces may also form one name written in the ISO order "Korea, Republic of".
    """
    c = " ".join(content.split())
    if not c:
        return None
    raw = [p for part in _split_top(c, ",") for p in _split_top(part, ";")]
    n = len(raw)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        names = _one_piece(raw[i], is_state)
        if names is not None and (best[i + 1] is None or len(best[i] + names) < len(best[i + 1])):
            best[i + 1] = best[i] + names
        if i + 1 < n:
            joined = f"{raw[i].strip()}, {raw[i + 1].strip()}"
            if is_state(joined) and (best[i + 2] is None or len(best[i]) + 1 < len(best[i + 2])):
                best[i + 2] = best[i] + [joined]
    return best[n] or None


def _looks_like_names(content: str) -> list[str] | None:
    """Pieces of a parenthesis that look like names (capitalised words, no digits, not an acronym)."""
    parts = [p.strip(" ;.") for p in re.split(r"[,;]|\band\b", " ".join(content.split()))]
    parts = [p for p in parts if p]
    if not parts:
        return None
    for p in parts:
        if not (
            p[0].isupper()
            and any(ch.islower() for ch in p)
            and len(p.split()) <= 6
            and re.fullmatch(r"[^\W\d_][^\d/%]*", p)
        ):
            return None
    return parts


@dataclass
class _Split:
    text: str
    states: list[str]
    trailing: str
    unknown: list[str] = field(default_factory=list)  # end-group names is_state does not know


def _analyse(block: str, is_state: IsState, lenient: bool = True) -> _Split:
    """Separate one recommendation into text, states and trailing text (see :func:`split_states`).

    ``lenient=False`` accepts only names ``is_state`` knows (used to recognise headings and
    unnumbered items); ``True`` also takes a final parenthesis of unknown but name-like words.
    """
    s = " ".join(block.split())
    groups = _groups(s)
    end = None
    end_pieces: list[str] = []
    unknown: list[str] = []
    first_valid = True
    for idx, (o, c) in enumerate(groups):
        if not _TAIL.match(s, c + 1):
            continue
        pieces = _state_pieces(s[o + 1 : c], is_state)
        if pieces:
            end, end_pieces = idx, pieces
            break
        if first_valid and lenient:
            names = _looks_like_names(s[o + 1 : c])
            if names:
                end, end_pieces = idx, names
                unknown = [n for n in names if not is_state(n)]
                break
        first_valid = False
    if end is None:
        return _Split(s, [], "")
    o_end, c_end = groups[end]
    tail = _TAIL.match(s, c_end + 1)
    trailing = s[tail.end() :].strip()
    inner = []
    for o, c in groups[end + 1 :]:
        pieces = _state_pieces(s[o + 1 : c], is_state)
        if pieces:
            inner.append((o, c, pieces))
    inner.reverse()
    head = s[:o_end]
    parts, last, states = [], 0, []
    for o, c, pieces in inner:
        parts.append(head[last:o].rstrip())
        last = c + 1
        states.extend(pieces)
    parts.append(head[last:])
    states.extend(end_pieces)
    text = "".join(parts).rstrip(" ;,.")
    return _Split(text, states, trailing, unknown)


def split_states(block: str, is_state: IsState | None = None) -> tuple[str, list[str], str]:
    """Separate one recommendation into (text, states, trailing text).

    Parameters
    ----------
    block
        The text of one list item (line breaks and runs of spaces allowed).
    is_state
        ``str -> bool``, whether a name is a state; default :func:`dprk_upr.data.states.is_state`.

    Returns
    -------
    (str, list of str, str)
        The recommendation without its states (white space collapsed, final ``;``/``.``
        removed), the state names as printed in order of appearance (a state named twice in
        one item is kept once), and any text after the recommendation's end (a footnote or
        note that PDF extraction pulled in), or ``(text, [], "")`` when no states are found.

    Notes
    -----
    The recommendation ends at the last parenthesis that is followed only by an optional
    footnote number and ``;`` or ``.`` (or by nothing) and that holds states. A parenthesis
    holds states when every comma-separated piece is a state name, where a piece may join two
    names with "and" ("Chile and Mexico") or lack a comma ("Chile Mexico"). Every other
    parenthesis of states before the end (a bundled item, or groups side by side:
    "(Chile) (Mexico)") counts as well and is removed from the text. If the final parenthesis
    holds names that ``is_state`` does not know but that look like names (capitalised words,
    no digits, not an acronym), they are returned as states all the same, and
    :func:`~dprk_upr.data.reports.parse_recommendations` reports them.

    Examples
    --------
    >>> split_states("Ratify the Rome Statute of the ICC (ICC) (Tunisia);")
    ('Ratify the Rome Statute of the ICC (ICC)', ['Tunisia'], '')
    >>> split_states("Ratify CAT (Chile); (Mexico).")
    ('Ratify CAT', ['Chile', 'Mexico'], '')
    >>> split_states("Ratify CAT (Iran (Islamic Republic of), Chile and Peru);")
    ('Ratify CAT', ['Iran (Islamic Republic of)', 'Chile', 'Peru'], '')
    >>> split_states("Ratify A (Norway); adopt B (Chile); and strengthen C (Italy);")
    ('Ratify A; adopt B; and strengthen C', ['Norway', 'Chile', 'Italy'], '')
    """
    r = _analyse(block, is_state or _resolver_is_state)
    return r.text, _dedupe(r.states), r.trailing


def _dedupe(states: list[str]) -> list[str]:
    seen, out = set(), []
    for name in states:
        key = _normalise_name(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
