"""Words and marks for numbers in the prose: significance stars and phrases, and lists.

>>> stars(0.003), significance_phrase(0.2)
('**', 'not statistically significant at the 5% level')
"""

from __future__ import annotations

#: Significance stars, as (threshold, symbol) pairs for two-sided p-values.
STARS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))
#: The note under a table with stars.
STARS_NOTE = "* p < 0.05, ** p < 0.01, *** p < 0.001 (two-sided)"


def stars(p: float) -> str:
    """Significance stars for a two-sided p-value (see :data:`STARS_NOTE`).

    >>> stars(0.003), stars(0.2)
    ('**', '')
    """
    for threshold, symbol in STARS:
        if p < threshold:
            return symbol
    return ""


def significance_phrase(p: float, level: float = 0.05) -> str:
    """Words for a p-value at a level, for the prose.

    >>> significance_phrase(0.2)
    'not statistically significant at the 5% level'
    """
    verdict = "statistically significant" if p < level else "not statistically significant"
    return f"{verdict} at the {level * 100:g}% level"


def listing(items, empty: str = "none") -> str:
    """Items as a comma-separated text for the prose, or ``empty`` when there are none.

    >>> listing(["PSE", "TWN"]), listing([])
    ('PSE, TWN', 'none')
    """
    items = [str(i) for i in items]
    return ", ".join(items) if items else empty


def quoted(text: str) -> str:
    """``text`` between typographic double quotes (the opening and the closing one).

    >>> quoted("holds")
    '“holds”'
    """
    return f"\u201c{text}\u201d"


def verdicts_phrase(verdicts, joiner: str = "and", label: str = "verdicts") -> str:
    """The verdicts on several claims in words, each quoted, said once when they agree.

    ``joiner`` links the last two different verdicts ("and", or "then" for a sequence); with a
    single distinct verdict the phrase is "both verdicts: ..." (two) or "all N verdicts: ...".
    Raises ValueError for an empty list.

    >>> verdicts_phrase(["too thin to judge", "too thin to judge"])
    'both verdicts: “too thin to judge”'
    >>> verdicts_phrase(["holds", "too thin to judge"], joiner="then")
    'verdicts: “holds”, then “too thin to judge”'
    """
    verdicts = [str(v) for v in verdicts]
    if not verdicts:
        raise ValueError("no verdicts")
    if len(set(verdicts)) == 1:
        if len(verdicts) == 1:
            return f"verdict: {quoted(verdicts[0])}"
        many = "both" if len(verdicts) == 2 else f"all {len(verdicts)}"
        return f"{many} {label}: {quoted(verdicts[0])}"
    words = [quoted(v) for v in verdicts]
    sep = ", then " if joiner == "then" else f" {joiner} "
    head = ", ".join(words[:-1]) if joiner != "then" else ", then ".join(words[:-1])
    return f"{label}: {head}{sep}{words[-1]}"


def relative(value: float, unit: str = "points", digits: int = 1, up: str = "higher", down: str = "lower") -> str:
    """A signed difference in words, without a minus sign: "6.1 points lower", "2.0 points
    higher", or "no different" when it rounds to zero at ``digits``.

    >>> relative(-6.123), relative(2, up="more")
    ('6.1 points lower', '2.0 points more')
    """
    if round(abs(value), digits) == 0:
        return "no different"
    return f"{abs(value):.{digits}f} {unit} {up if value > 0 else down}"


def count_of(k: int, n: int, noun: str = "") -> str:
    """``k`` of ``n`` in words for the prose: "none of the 146", "all 5", "3 of the 146"
    (``noun`` appended when given).

    >>> count_of(0, 146), count_of(5, 5, "recommendations"), count_of(3, 146)
    ('none of the 146', 'all 5 recommendations', '3 of the 146')
    """
    if k == 0:
        text = f"none of the {n}"
    elif k == n:
        text = f"all {n}" if n != 2 else "both"
    else:
        text = f"{k} of the {n}"
    return f"{text} {noun}" if noun else text
