"""Numbers and words for the prose of the chapter "North Korea as a reviewer and among the states".

Percentages, points, p-values and intervals as the chapter prints them; small numbers in words;
state names as a sentence writes them ("the United States"); listings; and the chapter's
sentences that are computed from its results (the image-management verdicts, how the late
answers of 2014 change them, the reading of an interval against the equivalence margin).
Each function takes numbers or data frames and returns a string (or a dict of strings).
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "SHORT_NAMES",
    "WITH_ARTICLE",
    "CATEGORY_WORDS",
    "CATCH_ALL_TAGS",
    "pct",
    "num",
    "pp",
    "fmt_p",
    "interval",
    "number_words",
    "count_words",
    "short_name",
    "listing",
    "counted_phrase",
    "phrase",
    "tag_counts",
    "ordinal",
    "verdicts",
    "review_sessions",
    "likelier",
    "export_difference_sentence",
    "paragraph_words",
    "image_sentence",
    "fits_two_ways",
    "late_verdict",
    "image_overview",
    "premium_reading",
]


def pct(share: float, digits: int = 0) -> str:
    """A share 0-1 as a percentage text.

    >>> pct(0.4237), pct(0.4237, 1), pct(float("nan"))
    ('42%', '42.4%', '–')
    """
    return "–" if share is None or pd.isna(share) else f"{100 * share:.{digits}f}%"


def num(value: float, digits: int = 1, sign: bool = False) -> str:
    """A number for the book: a true minus sign, no "-0", a plus sign on request.

    >>> num(-0.004, 2), num(-1.25, 1), num(0.3, 0, sign=True), num(-0.2, 0, sign=True)
    ('0.00', '−1.2', '0', '0')
    >>> num(2.5, 1, sign=True)
    '+2.5'
    """
    if value is None or pd.isna(value):
        return "–"
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    if text.startswith("-"):
        return "−" + text[1:]
    return ("+" + text) if sign else text


def pp(diff: float, digits: int = 0) -> str:
    """A difference of shares (0-1 scale) in percentage points, signed ("point" when it is one).

    >>> pp(0.183), pp(-0.0521, 1), pp(-0.003), pp(0.01)
    ('+18 points', '−5.2 points', '0 points', '+1 point')
    """
    if diff is None or pd.isna(diff):
        return "–"
    text = num(100 * diff, digits, sign=True)
    return f"{text} {'point' if text in ('+1', '−1') else 'points'}"


def fmt_p(p: float) -> str:
    """A p-value for a table: "< 0.001" or three decimals.

    >>> fmt_p(0.0004), fmt_p(0.0234)
    ('< 0.001', '0.023')
    """
    return "–" if p is None or pd.isna(p) else "< 0.001" if p < 0.001 else f"{p:.3f}"


def interval(low: float, high: float, scale: float = 1.0, digits: int = 2) -> str:
    """A 95% interval "[a, b]" (values multiplied by ``scale``).

    >>> interval(-0.1234, 0.5, scale=100, digits=0), interval(-0.004, 0.25, scale=100, digits=0)
    ('[−12, 50]', '[0, 25]')
    """

    return f"[{num(low * scale, digits)}, {num(high * scale, digits)}]"


_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number_words(n: int, zero: str = "no") -> str:
    """A count as the prose writes it: words up to ten, digits (with separators) above.

    >>> number_words(0), number_words(7), number_words(12), number_words(61002), number_words(0, zero="none")
    ('no', 'seven', '12', '61,002', 'none')
    """
    n = int(n)
    if n == 0:
        return zero
    return _WORDS[n] if 0 < n <= 10 else f"{n:,}"


def count_words(n: int, singular: str, plural: str | None = None, capital: bool = False) -> str:
    """A count with its noun, singular or plural: "one recommendation", "12 states".

    >>> count_words(1, "row"), count_words(3, "state"), count_words(0, "row", capital=True)
    ('one row', 'three states', 'No rows')
    >>> count_words(2, "country", "countries")
    'two countries'
    """
    noun = singular if int(n) == 1 else (plural or singular + "s")
    text = f"{number_words(n)} {noun}"
    return text[:1].upper() + text[1:] if capital else text


#: Short names for the prose, tables and figures (UPR Info's and the UN's formal names otherwise).
SHORT_NAMES = {
    "DPR Korea": "North Korea",
    "Democratic People's Republic of Korea": "North Korea",
    "Republic of Korea": "South Korea",
    "Russian Federation": "Russia",
    "Iran (Islamic Republic of)": "Iran",
    "Islamic Republic of Iran": "Iran",
    "Syrian Arab Republic": "Syria",
    "Bolivia (Plurinational State of)": "Bolivia",
    "Venezuela (Bolivarian Republic of)": "Venezuela",
    "Bolivarian Republic of Venezuela": "Venezuela",
    "Lao People's Democratic Republic": "Laos",
    "Lao People\u2019s Democratic Republic": "Laos",
    "United States of America": "United States",
    "United Kingdom of Great Britain and Northern Ireland": "United Kingdom",
    "Democratic Republic of Congo": "Democratic Republic of the Congo",
    "Libyan Arab Jamahiriya": "Libya",
    "the former Yugoslav Republic of Macedonia": "North Macedonia",
    "Macedonia FYR": "North Macedonia",
}


#: Names that take "the" in running text.
WITH_ARTICLE = {
    "United States",
    "United Kingdom",
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Holy See",
    "Comoros",
    "Maldives",
    "Seychelles",
    "Marshall Islands",
    "Solomon Islands",
    "United Arab Emirates",
    "Central African Republic",
    "Dominican Republic",
    "Czech Republic",
    "Democratic Republic of the Congo",
    "Republic of Congo",
}


def short_name(name: str, article: bool = False) -> str:
    """A state's name as the book writes it; with ``article``, "the" where English needs it.

    >>> short_name("DPR Korea"), short_name("United States", article=True), short_name("Cuba", article=True)
    ('North Korea', 'the United States', 'Cuba')
    """
    short = SHORT_NAMES.get(name, name)
    return f"the {short}" if article and short in WITH_ARTICLE else short


def listing(items, last: str = "and", empty: str = "none") -> str:
    """Items joined for the prose: "A", "A and B", "A, B and C".

    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"], last="or"), listing([])
    ('a', 'a and b', 'a, b or c', 'none')
    """
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def counted_phrase(counts: pd.Series, top: int = 5, article: bool = True) -> str:
    """The largest counts as "the United States (16), Cuba (9) and Japan (7)": the ``top``
    largest and every name tied with the last of them (tied names in alphabetical order, their
    count given once: "Japan and Sudan (6 each)"); state names shortened (:func:`short_name`).

    >>> counted_phrase(pd.Series({"United States": 16, "Cuba": 9, "Japan": 6}), top=2)
    'the United States (16) and Cuba (9)'
    >>> counted_phrase(pd.Series({"A": 5, "C": 2, "B": 2, "D": 1}), top=2)
    'A (5) and B and C (2 each)'
    """
    frame = counts.rename("n").rename_axis("name").reset_index()
    frame["name"] = [short_name(name, article) for name in frame["name"]]
    frame = frame.sort_values(["n", "name"], ascending=[False, True], kind="stable")
    if len(frame) > top:
        frame = frame[frame["n"] >= frame["n"].iloc[top - 1]]
    parts = []
    for n, group in frame.groupby("n", sort=False):
        names = group["name"].tolist()
        parts.append(f"{names[0]} ({int(n)})" if len(names) == 1 else f"{listing(names)} ({int(n)} each)")
    return listing(parts)


def phrase(text: str):
    """A phrase for the prose as Markdown, to glue and paste with ``{glue:md}``: words chosen
    by the computation read as ordinary text (``{glue:text}`` sets its value in bold, which
    suits a number, not a clause)."""
    from IPython.display import Markdown

    return Markdown(text)


def ordinal(n: int) -> str:
    """An ordinal number in English.

    >>> [ordinal(n) for n in (1, 2, 3, 11, 15, 22, 191)]
    ['1st', '2nd', '3rd', '11th', '15th', '22nd', '191st']
    """
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: UPR Info's catch-all issue tags, left out of :func:`tag_counts` unless asked for.
CATCH_ALL_TAGS = ("General", "Other")


def tag_counts(issues: pd.Series, catch_all: bool = False) -> pd.Series:
    """How often each UPR Info issue tag occurs in a column of comma-separated tags, most
    frequent first (ties by name); the catch-all tags (:data:`CATCH_ALL_TAGS`) only with
    ``catch_all``.

    >>> tag_counts(pd.Series(["Women's rights,Other", "Other,Health", None])).to_dict()
    {'Health': 1, "Women's rights": 1}
    """
    tags = issues.fillna("").str.split(",").explode().str.strip()
    keep = (tags != "") if catch_all else (tags != "") & ~tags.isin(CATCH_ALL_TAGS)
    counts = tags[keep].value_counts()
    return (
        counts.rename_axis("tag")
        .reset_index()
        .sort_values(["count", "tag"], ascending=[False, True])
        .set_index("tag")["count"]
    )


def review_sessions(recommendations: pd.DataFrame) -> dict[int, int]:
    """The session of North Korea's own review in each cycle, ``{cycle: session}``, from the
    book's dataset of the recommendations it received (``recommendations.csv``)."""
    return {int(c): int(s) for c, s in recommendations.groupby("cycle")["session"].first().items()}


def fits_two_ways(recorded: int, late: int, total: int) -> str:
    """How many implications fit beyond both medians, with the first review as recorded at
    adoption and counting the late answers, as a phrase.

    >>> fits_two_ways(4, 3, 6)
    'four of six as recorded at adoption; three of six counting the late answers'
    >>> fits_two_ways(4, 4, 6)
    'four of six, as recorded at adoption and counting the late answers alike'
    """
    if recorded == late:
        return f"{number_words(recorded, zero='none')} of {number_words(total)}, as recorded at adoption and counting the late answers alike"
    return (
        f"{number_words(recorded, zero='none')} of {number_words(total)} as recorded at adoption; "
        f"{number_words(late, zero='none')} of {number_words(total)} counting the late answers"
    )


def verdicts(table: pd.DataFrame) -> dict[str, str]:
    """The implications of :func:`dprk_upr.analysis.image_management.implications` grouped by
    where North Korea stands: ``both`` (beyond the median of all states and of the peers in the
    predicted direction), ``all_only``, ``peers_only`` and ``neither``, each as a listing of the
    claims in quotation marks ("none" when empty); and the same counts as ``n_<group>``."""
    fits_all = table["fits_vs_all"].astype(bool)
    fits_peers = table["fits_vs_peers"].fillna(False).astype(bool)
    groups = {
        "both": table.loc[fits_all & fits_peers, "claim"],
        "all_only": table.loc[fits_all & ~fits_peers, "claim"],
        "peers_only": table.loc[~fits_all & fits_peers, "claim"],
        "neither": table.loc[~fits_all & ~fits_peers, "claim"],
    }
    out = {k: listing([f"“{c}”" for c in v]) for k, v in groups.items()}
    out.update({f"n_{k}": len(v) for k, v in groups.items()})
    return out


def image_overview(recorded: int, late: int, total: int, change: float, change_late: float) -> str:
    """The image-management verdict for the chapter's overview, both ways of counting North
    Korea's first review: ``recorded`` and ``late`` implications (of ``total``) on which it lies
    beyond both medians, with its first review as recorded at adoption and counting the late
    answers; ``change`` and ``change_late`` its change in acceptance between the reviews (0-1).

    >>> image_overview(4, 3, 6, 0.42, -0.06)
    'As its first review is recorded at adoption, North Korea lies beyond both the median state and the median of its peers, in the direction the claim predicts, on four of six observable implications. Counting the late answers, on three: its rise in acceptance between the reviews (+42 points) becomes a fall (−6 points).'
    >>> image_overview(4, 4, 6, 0.42, 0.10)[-98:]
    'Counting the late answers, on four as well: its rise in acceptance shrinks from +42 to +10 points.'
    """
    head = (
        "As its first review is recorded at adoption, North Korea lies beyond both the median state and the median "
        f"of its peers, in the direction the claim predicts, on {number_words(recorded, zero='none')} of "
        f"{number_words(total)} observable implications. Counting the late answers, on "
        f"{number_words(late, zero='none')}{' as well' if late == recorded else ''}: "
    )
    if change > 0 >= change_late:
        return head + f"its rise in acceptance between the reviews ({pp(change)}) becomes a fall ({pp(change_late)})."
    return head + f"its rise in acceptance shrinks from {pp(change).replace(' points', '')} to {pp(change_late)}."


def late_verdict(row: pd.Series) -> str:
    """What becomes of the implication "shows more cooperation in the second review" when the
    first review counts the late answers, as a sentence; ``row`` is that implication's row of
    :func:`dprk_upr.analysis.image_management.implications` (``fits_vs_all``, ``fits_vs_peers``).

    >>> late_verdict(pd.Series({"fits_vs_all": False, "fits_vs_peers": False}))
    'the implication fails: the change is not above the median of all states or of the peers.'
    >>> late_verdict(pd.Series({"fits_vs_all": True, "fits_vs_peers": True}))
    'the implication still holds against both medians.'
    """
    fits_all, fits_peers = (
        bool(row["fits_vs_all"]),
        bool(row["fits_vs_peers"]) if pd.notna(row["fits_vs_peers"]) else False,
    )
    if fits_all and fits_peers:
        return "the implication still holds against both medians."
    if not fits_all and not fits_peers:
        return "the implication fails: the change is not above the median of all states or of the peers."
    return "the implication holds against " + (
        "all states but not the peers." if fits_all else "the peers but not all states."
    )


def premium_reading(low: float, high: float, margin: float) -> str:
    """What the difference in acceptance between North Korea's recommendations and the other
    reviewers' in the same reviews, with the action category held constant, can say, as
    sentences. ``low`` and ``high`` bound its 95% interval (probability, 0-1 scale); ``margin``
    is the smallest difference that matters (percentage points).

    >>> premium_reading(-0.062, 0.095, 5)[:62]
    'The interval reaches beyond the 5-point margin that the book t'
    >>> premium_reading(-0.03, 0.04, 5)
    'The interval lies within the 5-point margin that the book treats as the smallest difference that matters: any premium or penalty for coming from North Korea is smaller than that.'
    >>> premium_reading(0.02, 0.09, 5)
    'A difference remains that the action category does not account for.'
    """
    if low > 0 or high < 0:
        return "A difference remains that the action category does not account for."
    head = (
        f"The interval {{}} the {margin:.0f}-point margin that the book treats as the smallest difference that matters"
    )
    if -margin <= 100 * low and 100 * high <= margin:
        return head.format("lies within") + ": any premium or penalty for coming from North Korea is smaller than that."
    sides = "on both sides" if 100 * low < -margin and 100 * high > margin else "on one side"
    kind, bound = ("a premium", high) if 100 * high > margin else ("a penalty", -low)
    return (
        head.format("reaches beyond") + f", {sides}, so this estimate is uninformative: the data neither show that "
        f"what North Korea's recommendations ask for accounts for the difference above nor rule out {kind} "
        f"for coming from North Korea of up to {pp(bound, 1).replace('+', '')}."
    )


def likelier(diff: float, digits: int = 0, words: tuple[str, str] = ("more", "less")) -> str:
    """A difference of shares or probabilities (0-1 scale) in words: "37 points more" (to follow
    with "likely"), "5.8 points less"; with ``words=("higher", "lower")``, "29 points higher".

    >>> likelier(0.372), likelier(-0.0581, 1), likelier(0.001), likelier(-0.01)
    ('37 points more', '5.8 points less', 'no more or less', '1 point less')
    >>> likelier(0.29, words=("higher", "lower"))
    '29 points higher'
    """
    text = num(abs(100 * diff), digits)
    if float(text) == 0:
        return f"no {words[0]} or {words[1]}"
    unit = "point" if text == "1" else "points"
    return f"{text} {unit} {words[0] if diff > 0 else words[1]}"


#: Action categories in words (McMahon's scale, as UPR Info codes it).
CATEGORY_WORDS = {1: "addressed to others", 2: "continue", 3: "consider", 4: "general action", 5: "specific action"}


def paragraph_words(rec_id: str, years: dict[int, int]) -> str:
    """A recommendation's place in the UN report, for readers: the book's id ``C<cycle>-<paragraph>``
    as "paragraph 124.1 of the 2014 report", ``years`` mapping each cycle to the year of North
    Korea's review. Raises ValueError for an id of another form, KeyError for a cycle without a year.

    >>> paragraph_words("C2-124.1", {1: 2009, 2: 2014})
    'paragraph 124.1 of the 2014 report'
    """
    m = re.fullmatch(r"C(\d+)-(\S+)", rec_id)
    if m is None:
        raise ValueError(f"paragraph_words: {rec_id!r} is not of the form C<cycle>-<paragraph>.")
    return f"paragraph {m[2]} of the {years[int(m[1])]} report"


def export_difference_sentence(action_diff: pd.DataFrame, years: dict[int, int]) -> str:
    """What the differences in action category between the exports on North Korea's own rows
    would change, as a sentence.

    ``action_diff`` is the ``kind == "action category"`` part of :func:`~dprk_upr.report.reviewer.dprk_differences`;
    ``years`` maps each cycle to the year of North Korea's review (:func:`paragraph_words`).

    >>> d = pd.DataFrame({"rec_id": ["C2-124.1"], "recommending_state": ["Kazakhstan"],
    ...                   "value_older": ["5"], "value_2018": ["4"]})
    >>> export_difference_sentence(d, {2: 2014})[:104]
    'The one action category that differs is that of the recommendation in paragraph 124.1 of the 2014 report'
    """
    if action_diff.empty:
        return "No action category differs."
    parts = [
        f"the recommendation in {paragraph_words(r, years)}, from {short_name(s, article=True)}, coded {o} "
        f"({CATEGORY_WORDS.get(int(o), o)}) in the older export and {n} ({CATEGORY_WORDS.get(int(n), n)}) in the newer"
        for r, s, o, n in zip(
            action_diff["rec_id"],
            action_diff["recommending_state"],
            action_diff["value_older"],
            action_diff["value_2018"],
        )
    ]
    specific = any(
        (int(o) == 5) != (int(n) == 5) for o, n in zip(action_diff["value_older"], action_diff["value_2018"])
    )
    one = len(parts) == 1
    head = (
        "The one action category that differs is that of " if one else "The action categories that differ are those of "
    )
    tail = (
        f": switching exports would change whether {'that recommendation counts' if one else 'they count'} as "
        "specific, and nothing else."
        if specific
        else ": switching exports would not change which recommendations count as specific."
    )
    return head + listing(parts, last="; and") + tail


def image_sentence(verdict: dict, total: int) -> str:
    """Where North Korea stands on the implications, as sentences, from :func:`verdicts`.

    >>> image_sentence({"both": "“a”", "all_only": "none", "peers_only": "none", "neither": "“b”",
    ...                 "n_both": 1, "n_all_only": 0, "n_peers_only": 0, "n_neither": 1}, 2)
    'On one of the two implications North Korea lies beyond both the median of all states and the median of the peers in the direction the claim predicts: “a”. On one it lies beyond neither: “b”.'
    """
    out = [
        f"On {number_words(verdict['n_both'], zero='none')} of the {number_words(total)} implications North Korea "
        "lies beyond both the median of all states and the median of the peers in the direction the claim "
        "predicts" + (f": {verdict['both']}." if verdict["n_both"] else ".")
    ]
    for key, words in (
        ("all_only", "beyond the median of all states but not of the peers"),
        ("peers_only", "beyond the median of the peers but not of all states"),
        ("neither", "beyond neither"),
    ):
        if verdict[f"n_{key}"]:
            out.append(f"On {number_words(verdict[f'n_{key}'])} it lies {words}: {verdict[key]}.")
    return " ".join(out)
