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
