"""Tables, figures and phrases of the chapter "North Korea as a reviewer and among the states".

Each function takes the processed tables or the analysis results and returns data: a display
table (human column headers, numbers already formatted as the chapter prints them, shown with
:func:`dprk_upr.report.tables.show`), a phrase for the prose, or a matplotlib Figure drawn for
a phone screen (:data:`WIDTH` inches wide, type of at least 9 points, legends above the data,
a key for every colour and marker size).
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from statsmodels.stats.multitest import multipletests

from .figures import PALETTE, use_style

__all__ = [
    "WIDTH",
    "SIZES",
    "HEADERS",
    "SHORT_NAMES",
    "WITH_ARTICLE",
    "GROUPS",
    "WITHIN_OUTCOMES",
    "WITHIN_ROWS",
    "RECIPROCITY_OUTCOMES",
    "TERM_LABELS",
    "ANCHOR_STATES",
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
    "exports_table",
    "targets_table",
    "within_table",
    "reciprocity_table",
    "models_table",
    "peers_table",
    "implications_table",
    "distance_anchor",
    "distance_landmarks",
    "examples_by_distance",
    "sessions_figure",
    "leniency_figure",
    "distance_figure",
    "effects_figure",
    "profiles_figure",
    "action_agreement_figure",
    "counted_phrase",
    "phrase",
    "tag_counts",
    "dprk_differences",
    "ordinal",
    "holm_survivors",
    "verdicts",
    "review_sessions",
    "likelier",
    "export_difference_sentence",
    "paragraph_words",
    "image_sentence",
    "clipped_effects",
    "fits_two_ways",
    "late_verdict",
    "image_overview",
    "premium_reading",
]

#: Headers the book's default would capitalise ("p" stays "p"), for :func:`dprk_upr.report.tables.show`.
HEADERS = {"p": "p"}

DPRK_COLOUR, PEER_COLOUR, OTHER_COLOUR = PALETTE[3], PALETTE[0], "0.72"
#: Marker areas (points squared) of North Korea, the peer set and the other states in every figure.
SIZES = {"North Korea": 70, "peer set": 34, "others": 14}


# --------------------------------------------------------------------------------------------
# Numbers and words for the prose


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


# --------------------------------------------------------------------------------------------
# Tables


def exports_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """``export_agreement.csv`` for display: for each session both exports cover (and North
    Korea's rows, and all together), the rows of the older exports, how many found a partner in
    the 2018 export, and the share of the pairs with the same answer, action category and issue
    tags.

    Returns a frame with columns "Rows compared", "Older rows", "Paired", "Same answer", "Same
    action category", "Same issue tags" (shares as text, e.g. "99.95%").
    """
    t = agreement
    paired = t["paired_exact"] + t["paired_close"]
    scope = t["scope"].str.replace("North Korea under review", "North Korea's rows", regex=False)
    scope = scope.str.replace(r"^all shared sessions.*", "all shared sessions", regex=True)
    return pd.DataFrame(
        {
            "Rows compared": scope,
            "Older rows": t["rows_older"].astype(int),
            "Paired": paired.astype(int),
            "Same answer": [pct(a / n, 1) for a, n in zip(t["response_agree"], paired)],
            "Same action category": [pct(a / n, 2) for a, n in zip(t["action_agree"], paired)],
            "Same issue tags": [pct(a / n, 1) for a, n in zip(t["issues_agree"], paired)],
        }
    )


#: UPR Info's regional groups, as the book names them.
GROUPS = {
    "Africa": "Africa",
    "Asia": "Asia-Pacific",
    "EEG": "Eastern Europe",
    "GRULAC": "Latin America and Caribbean",
    "WEOG": "Western Europe and others",
}


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.as_reviewer.targets_compared` for display: one row per measure,
    one column per group of reviews (shares as %, medians with two decimals)."""
    t = targets.set_index("group").T
    labels = {
        "reviews": "Reviews",
        "median distance from North Korea": "Median distance from North Korea",
        "median polyarchy": "Median V-Dem electoral democracy (0-1)",
    }
    out = pd.DataFrame(index=t.index)
    for col in t.columns:
        out[col[:1].upper() + col[1:]] = [
            f"{int(v)}" if key == "reviews" else pct(v) if key.startswith("group: ") else f"{v:.2f}"
            for key, v in t[col].items()
        ]
    out.index = [
        labels.get(k, f"{GROUPS.get(k[7:], k[7:])} (share)" if k.startswith("group: ") else k) for k in out.index
    ]
    return out.rename_axis("Measure").reset_index()


#: Outcomes of the within-review comparison (:func:`dprk_upr.analysis.as_reviewer.within_review_model`).
WITHIN_OUTCOMES = ("action_category", "gentle", "specific", "civil_political", "accepted")
#: Rows of the within-review table, key -> (label, unit); ``accepted_by_category`` is the model
#: of ``accepted`` with the action categories held constant (``categories=True``).
WITHIN_ROWS = {
    "action_category": ("Mean action category (1-5)", "category"),
    "gentle": ("Praise or continue (categories 1-2)", "share"),
    "specific": ("Specific action (category 5)", "share"),
    "civil_political": ("Civil and political (issue tags)", "share"),
    "accepted": ("Supported by the reviewed state", "share"),
    "accepted_by_category": ("Supported, same action category", "share"),
}


def within_table(results: dict[str, dict]) -> pd.DataFrame:
    """North Korea's recommendations beside the other reviewers' in the same reviews.

    ``results`` maps keys of ``WITHIN_ROWS`` to
    :func:`dprk_upr.analysis.as_reviewer.within_review_model` results (missing keys are left
    out). Returns one row per outcome: the label, North Korea's mean, the other reviewers' mean,
    the difference within the review with its 95% interval, and the p-value.
    """
    rows = []
    for key, (label, unit) in WITHIN_ROWS.items():
        if key not in results:
            continue
        r = results[key]
        if key == "accepted_by_category":  # the same raw shares as the row above
            dprk, others = "", ""
            diff = _nb(f"{pp(r['coef'], 1)} {interval(r['ci_low'], r['ci_high'], 100, 1)}")
        elif unit == "share":
            dprk, others = pct(r["dprk_mean"]), pct(r["others_mean"])
            diff = _nb(f"{pp(r['coef'])} {interval(r['ci_low'], r['ci_high'], 100, 0)}")
        else:
            dprk, others = f"{r['dprk_mean']:.2f}", f"{r['others_mean']:.2f}"
            diff = _nb(f"{num(r['coef'], 2, sign=True)} {interval(r['ci_low'], r['ci_high'])}")
        rows.append(
            {
                "Recommendations": label,
                "North Korea": dprk,
                "Other reviewers": others,
                "Difference [95% CI]": diff,
                "p": fmt_p(r["p"]),
            }
        )
    return pd.DataFrame(rows)


#: Outcomes of the reciprocity models, as the table names them.
RECIPROCITY_OUTCOMES = {
    "action_category": "Action category (1-5)",
    "specific": "Specific action (share)",
    "sensitive": "Sensitive for the regime (share)",
    "accepted": "Accepted by North Korea (second cycle)",
    "rejected_at_wg": "Refused at the Working Group",
}


def _nb(text: str) -> str:
    """A table cell's value kept on one line: its spaces made non-breaking.

    >>> _nb("+12 [0, 25]")
    '+12\xa0[0,\xa025]'
    """
    return text.replace(" ", "\u00a0")


def _holm(table: pd.DataFrame) -> pd.DataFrame:
    groups = table[table["term"].isin(["praised", "pressed"])].copy()
    groups["holm"] = multipletests(groups["p"], method="holm")[1]
    return groups


def reciprocity_table(models: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The reciprocity models, one row per outcome, timing and group.

    ``models`` maps a timing label ("same cycle", "before its review") to
    :func:`dprk_upr.analysis.reciprocity.reciprocity_models`. For each outcome and each group
    (states North Korea praised, states it pressed, with the number of states), the difference
    from the states it did not review, with its 95% interval, the p-value and the Holm-adjusted
    p-value over the ten tests of that timing.
    """
    rows = []
    held_by_timing = {timing: _holm(table).set_index(["outcome", "term"]) for timing, table in models.items()}
    for outcome, label in RECIPROCITY_OUTCOMES.items():
        for timing, held in held_by_timing.items():
            for term in ("praised", "pressed"):
                if (outcome, term) not in held.index:
                    continue
                r = held.loc[(outcome, term)]
                scale, digits = (1.0, 2) if outcome == "action_category" else (100.0, 0)
                rows.append(
                    {
                        "Outcome": label,
                        "Timing": timing,
                        "Group (states)": f"{term} ({int(r['treated_states'])})",
                        "Difference [95% CI]": _nb(
                            f"{num(r['coef'] * scale, digits, sign=True)} "
                            f"{interval(r['ci_low'], r['ci_high'], scale, digits)}"
                        ),
                        "p": fmt_p(r["p"]),
                        "Holm p": fmt_p(r["holm"]),
                    }
                )
    return pd.DataFrame(rows)


#: Terms of the pooled models, as the table names them.
TERM_LABELS = {
    "category 1": "Category 1 (addressed to others)",
    "category 2": "Category 2 (continue)",
    "category 3": "Category 3 (consider)",
    "category 4": "Category 4 (general action)",
    "ideal-point distance": "Ideal-point distance (per unit)",
    "civil and political": "Civil and political",
    "second cycle": "Second cycle",
    "peer x categories 1-3": "Peer set × categories 1-3",
    "peer x distance": "Peer set × distance",
    "peer x civil and political": "Peer set × civil and political",
    "peer x second cycle": "Peer set × second cycle",
    "defence pact": "Defence pact (ATOP)",
    "recommending state's polyarchy": "Recommender's democracy (0-1)",
}


def models_table(models: dict[str, pd.DataFrame], percent: bool = True) -> pd.DataFrame:
    """Coefficient tables of :mod:`dprk_upr.analysis.among_states` side by side: a cell per term
    and model with the coefficient (percentage points if ``percent``) and the two-way clustered
    standard error in parentheses, then rows for the observations and the clusters. Terms are
    named by :data:`TERM_LABELS`."""
    scale = 100.0 if percent else 1.0
    terms = list(dict.fromkeys(t for m in models.values() for t in m["term"]))
    out = pd.DataFrame({"Variable": [TERM_LABELS.get(t, t) for t in terms]})
    for name, m in models.items():
        by = m.set_index("term")
        cells = []
        for term in terms:
            if term in by.index:
                r = by.loc[term]
                mark = "*" if r["p"] < 0.05 else ""
                cells.append(_nb(f"{num(r['coef'] * scale, 1)}{mark} ({r['se'] * scale:.1f})"))
            else:
                cells.append("")
        out[name] = cells
    extra = pd.DataFrame(
        {
            "Variable": [
                "recommendations",
                "clusters: recommending states",
                "clusters: states under review",
            ],
            **{name: [f"{m.attrs['n']:,}", f"{m.attrs['n_rs']}", f"{m.attrs['n_sur']}"] for name, m in models.items()},
        }
    )
    return pd.concat([out, extra], ignore_index=True)


def peers_table(peers: pd.DataFrame) -> pd.DataFrame:
    """The states named in a recorded General Assembly vote, with both facts of the peer rule and
    the result (North Korea first, then by name)."""
    t = peers[peers["named_by_ga"] == 1].copy()
    t["name"] = t["state"].map(short_name)
    t = t.assign(later=t["iso3"].ne("PRK")).sort_values(["later", "name"])
    result = np.where(
        t["iso3"] == "PRK",
        "North Korea itself",
        np.where(t["peer"] == 1, "yes", "no"),
    )
    return pd.DataFrame(
        {
            "State": t["name"],
            "Sessions": t["sessions"],
            "Electoral democracy (reviews 1, 2)": [
                f"{a:.2f}, {b:.2f}" for a, b in zip(t["polyarchy_cycle1"], t["polyarchy_cycle2"])
            ],
            "Resolutions put to a recorded vote": t["ga_resolutions"].str.replace("; ", ", ", regex=False),
            "Peer": result,
        }
    ).reset_index(drop=True)


#: The row of :func:`implications_table` that counts North Korea's late answers to its first review.
LATE_CLAIM = "shows more cooperation in the second review, counting the late answers of 2014 to the first"


def implications_table(table: pd.DataFrame, late: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.image_management.implications` for display: the implication and
    its measure in one column, North Korea's value, the medians of the peers and of all states,
    the share of the others North Korea is beyond in the predicted direction, and which medians
    it is beyond.

    ``late`` is the same table computed with the first review's share counting the late answers
    (``implications(..., first_review=...)``): its ``more_accepted`` row is shown under the
    recorded one, labelled ``LATE_CLAIM``."""
    if late is not None:
        extra = late[late["key"] == "more_accepted"].assign(key="more_accepted_late", claim=LATE_CLAIM)
        at = int(np.flatnonzero(table["key"].to_numpy() == "more_accepted")[0]) + 1
        table = pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)

    def value(key: str, v: float) -> str:
        return pct(v) if key == "cheap_share" else num(100 * v, 0, sign=True)

    def unit(key: str) -> str:
        return "%" if key == "cheap_share" else "points per unit of distance" if key == "praises_friends" else "points"

    side = [
        "both" if a and p else "all states only" if a else "peers only" if p else "neither"
        for a, p in zip(table["fits_vs_all"].astype(bool), table["fits_vs_peers"].fillna(False).astype(bool))
    ]
    return pd.DataFrame(
        {
            "If engagement manages the image, North Korea …": [
                f"{c[:1].upper()}{c[1:]} ({m.replace(' (second review)', '')}; {unit(k)})"
                for c, m, k in zip(table["claim"], table["measure"], table["key"])
            ],
            "North Korea": [value(k, v) for k, v in zip(table["key"], table["dprk"])],
            "Peers": [value(k, v) for k, v in zip(table["key"], table["peer_median"])],
            "All": [value(k, v) for k, v in zip(table["key"], table["all_median"])],
            "Beyond": [pct(s) for s in table["share_beyond"]],
            "Beyond the medians of": side,
        }
    )


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


# --------------------------------------------------------------------------------------------
# Scales a reader can picture


def _pair_distances(all_states: pd.DataFrame, states, cycle: int) -> pd.Series:
    """Mean dyadic ideal-point distance of each pair of ``states`` (ISO3) in ``cycle``, over the
    reviews in which one recommended to the other (both directions)."""
    f = all_states[
        (all_states["cycle"] == cycle) & all_states["sur_iso3"].isin(states) & all_states["rs_iso3"].isin(states)
    ].dropna(subset=["ideal_point_distance"])
    pair = [tuple(sorted(p)) for p in zip(f["sur_iso3"], f["rs_iso3"])]
    return f.groupby(pd.Series(pair, index=f.index, name="pair"))["ideal_point_distance"].mean()


#: Well-known states from which :func:`distance_anchor` picks its pair.
ANCHOR_STATES = ("BRA", "CHN", "DEU", "FRA", "GBR", "IND", "JPN", "RUS", "USA")


def distance_anchor(all_states: pd.DataFrame, states=ANCHOR_STATES, cycle: int = 2) -> dict:
    """A pair of well-known states whose ideal-point distance is closest to one unit, to give
    the dyadic distance of the pooled models a scale a reader can picture.

    Parameters
    ----------
    all_states : pandas.DataFrame
        ``upr_all_states.csv``: ``cycle``, ``sur_iso3``, ``rs_iso3``, ``state_under_review``,
        ``recommending_state``, ``ideal_point_distance`` (absolute difference of UN General
        Assembly ideal points the year before the session).
    states : sequence of str
        ISO3 codes to choose from.
    cycle : int
        The cycle whose reviews give the distances.

    Returns
    -------
    dict
        ``a``, ``b`` (the states' short names, in alphabetical order) and ``distance`` (mean of
        the pair's distances over the reviews of ``cycle`` in which one recommended to the
        other). Ties in closeness to 1 are broken by the pair's ISO3 codes.

    Raises
    ------
    ValueError
        No pair of ``states`` recommended to each other in ``cycle``.
    """
    d = _pair_distances(all_states, states, cycle)
    if d.empty:
        raise ValueError(f"distance_anchor: no pair of {sorted(states)} recommended to each other in cycle {cycle}.")
    best = sorted(d.index, key=lambda p: (abs(d[p] - 1), p))[0]
    names = pd.concat(
        [
            all_states.drop_duplicates("sur_iso3").set_index("sur_iso3")["state_under_review"],
            all_states.drop_duplicates("rs_iso3").set_index("rs_iso3")["recommending_state"],
        ]
    )
    names = names[~names.index.duplicated()]
    a, b = sorted(short_name(names[s]) for s in best)
    return {"a": a, "b": b, "distance": float(d[best])}


def distance_landmarks(
    all_states: pd.DataFrame, states=("CUB", "CHN", "JPN", "USA"), dprk: str = "PRK", cycle: int = 2
) -> pd.DataFrame:
    """North Korea's ideal-point distance from a few well-known states at its own review of
    ``cycle``: landmarks on the scale of "distance from North Korea", the same distances the other
    chapters give for that review.

    Parameters
    ----------
    all_states : pandas.DataFrame
        ``upr_all_states.csv``: ``cycle``, ``session``, ``year``, ``measure_year``, ``sur_iso3``,
        ``rs_iso3``, ``recommending_state``, ``ideal_point_distance``.
    states : sequence of str
        ISO3 codes of the landmark states.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``state`` (short name), ``distance``, ``year`` (of the review) and
        ``measure_year`` (of the ideal points, the year before), nearest first. A state that made
        no recommendation with a distance in that review is left out.
    """
    f = all_states[
        (all_states["sur_iso3"] == dprk) & (all_states["cycle"] == cycle) & all_states["rs_iso3"].isin(states)
    ]
    f = f.dropna(subset=["ideal_point_distance"])
    out = f.groupby("rs_iso3").agg(
        state=("recommending_state", "first"),
        distance=("ideal_point_distance", "mean"),
        year=("year", "first"),
        measure_year=("measure_year", "first"),
    )
    out["state"] = out["state"].map(short_name)
    return out.rename_axis("iso3").reset_index().sort_values("distance").reset_index(drop=True)


def examples_by_distance(made: pd.DataFrame, by_distance: pd.DataFrame, top: int = 2) -> list[str]:
    """For each distance group of :func:`dprk_upr.analysis.as_reviewer.tone_by_distance`, the
    ``top`` states North Korea recommended to most often in it (ties by name), as "Cuba, Iran".
    """
    f = made.dropna(subset=["ideal_point_distance"])
    out = []
    for iv in by_distance["distance"]:
        inside = f[(f["ideal_point_distance"] > iv.left) & (f["ideal_point_distance"] <= iv.right)]
        counts = inside["state_under_review"].map(short_name).value_counts().rename_axis("s").reset_index()
        counts = counts.sort_values(["count", "s"], ascending=[False, True]).head(top)
        out.append(", ".join(counts["s"]))
    return out


# --------------------------------------------------------------------------------------------
# Figures

#: Width of every figure, in inches. A figure is shown at its own size (about 400 px) on a wide
#: screen and at about 85% of it on a 390 px phone, where the 10.5-point type stays 12 px high.
WIDTH = 4.2


def _style() -> None:
    """The book's style (:func:`dprk_upr.report.figures.use_style`) with this chapter's type
    sizes, a little larger for figures that are narrow."""
    use_style()
    plt.rcParams.update(
        {"font.size": 10.5, "axes.labelsize": 10.5, "xtick.labelsize": 10, "ytick.labelsize": 10, "legend.fontsize": 10}
    )


def _legend_above(ax, ncols: int = 3, handles=None, labels=None) -> None:
    """The legend in one row above the plotting area, clear of the data."""
    kwargs = {} if handles is None else {"handles": handles, "labels": labels}
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncols=ncols,
        frameon=False,
        handletextpad=0.3,
        columnspacing=0.9,
        borderaxespad=0.2,
        **kwargs,
    )


def _key(ax, ncols: int = 3) -> None:
    """A legend of the three kinds of state, with each kind's colour and marker size."""
    handles = [
        ax.scatter([], [], s=SIZES["others"], color=OTHER_COLOUR),
        ax.scatter([], [], s=SIZES["peer set"], color=PEER_COLOUR),
        ax.scatter([], [], s=SIZES["North Korea"], color=DPRK_COLOUR, marker="D"),
    ]
    _legend_above(ax, ncols, handles, ["other states", "peer set", "North Korea"])


def _place_labels(
    ax, xs, ys, labels, colours, fontsize: float = 9.5, radius: float = 6.0, first=None, avoid=None
) -> None:
    """Label points with their codes, each tied to its point by a thin line in the label's colour.

    Each label is put where it overlaps neither an earlier label, nor a labelled point, nor (with
    ``avoid``) any other point: tried in eight directions, then further out. ``radius`` (points)
    is the half-width kept free around each labelled point; ``first`` (booleans, one per label)
    marks labels placed before the others, nearest their points (North Korea's); ``avoid`` is a
    pair ``(x, y)`` of arrays of every plotted point, kept free by a third of ``radius``. Call
    it last, once the legend and axis labels are in place: the codes sit at fixed offsets
    (points) from a layout that must not change afterwards.
    """
    fig = ax.figure
    fig.canvas.draw()
    to_px = ax.transData.transform
    points = np.array([to_px((x, y)) for x, y in zip(xs, ys)])
    char_w, height = 0.72 * fontsize * fig.dpi / 72, 1.15 * fontsize * fig.dpi / 72  # capitals: wide
    r = radius * fig.dpi / 72
    taken: list[tuple[float, float, float, float]] = [(px - r, py - r, px + r, py + r) for px, py in points]
    if avoid is not None:
        small = r / 3
        taken += [(px - small, py - small, px + small, py + small) for px, py in (to_px(p) for p in zip(*avoid))]
    directions = [(1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1)]
    box = ax.get_window_extent()
    early = np.zeros(len(labels), dtype=bool) if first is None else np.asarray(first, dtype=bool)
    order = np.lexsort((-np.asarray(ys, dtype=float), ~early))  # the ``first`` labels, then from the top
    for i in order:
        w = char_w * len(labels[i])
        px, py = points[i]
        chosen = None
        for reach in (r + 2, r + 10, r + 20, r + 32, r + 48, r + 66):
            for dx, dy in directions:
                cx = px + dx * reach + (0 if dx >= 0 else -w) - (w / 2 if dx == 0 else 0)
                cy = py + dy * reach + (0 if dy >= 0 else -height) - (height / 2 if dy == 0 else 0)
                rect = (cx, cy, cx + w, cy + height)
                inside = box.x0 <= rect[0] and rect[2] <= box.x1 and box.y0 <= rect[1] and rect[3] <= box.y1
                clear = all(rect[2] < t[0] or rect[0] > t[2] or rect[3] < t[1] or rect[1] > t[3] for t in taken)
                if inside and clear:
                    chosen = rect
                    break
            if chosen:
                break
        rect = chosen if chosen is not None else (px + r, py + r, px + r + w, py + r + height)
        taken.append(rect)
        offset = ((rect[0] - px) * 72 / fig.dpi, (rect[1] - py) * 72 / fig.dpi)
        ax.annotate(
            labels[i],
            (xs[i], ys[i]),
            textcoords="offset points",
            xytext=offset,
            ha="left",
            va="bottom",
            fontsize=fontsize,
            color=colours[i],
            zorder=4,
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
            arrowprops={"arrowstyle": "-", "color": colours[i], "lw": 0.7, "shrinkA": 0, "shrinkB": 2.5},
        )


def sessions_figure(counts: pd.DataFrame) -> plt.Figure:
    """Stacked bars of North Korea's recommendations per session by what they ask for, the
    cycles marked above the bars.

    ``counts`` is :func:`dprk_upr.analysis.as_reviewer.by_session` (index ``session``; columns
    ``cycle``, one column per tone, ``total``).
    """
    _style()
    tones = [c for c in counts.columns if c not in ("cycle", "total")]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.3), layout="constrained")
    bottom = np.zeros(len(counts))
    for tone, colour in zip(tones, [PALETTE[2], PALETTE[7], PALETTE[3]]):
        ax.bar(counts.index, counts[tone], bottom=bottom, color=colour, label=tone, edgecolor="white", width=0.8)
        bottom += counts[tone].to_numpy()
    top = counts["total"].max()
    last = counts["cycle"].max()
    for cycle, part in counts.dropna(subset=["cycle"]).groupby("cycle"):
        lo, hi = part.index.min() - 0.5, part.index.max() + 0.5
        if hi - lo > 3:
            ax.text((lo + hi) / 2, top * 1.1, f"cycle {int(cycle)}", ha="center")
        else:  # a short cycle: its label starts just right of the line before it
            ax.text(lo + 0.35, top * 1.1, f"c{int(cycle)}", ha="left")
        if cycle != last:
            ax.axvline(hi, color="0.55", lw=0.8, ls=":")
    narrow = counts.index.max() - counts[counts["cycle"] == last].index.min() < 3
    ax.set_xlim(counts.index.min() - 0.7, counts.index.max() + (2.2 if narrow else 0.7))
    ax.set_ylim(0, top * 1.22)
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
    ax.set_xlabel("UPR session")
    ax.set_ylabel("recommendations")
    ax.set_xticks([s for s in counts.index if s % 5 == 0 or s == counts.index.min()])
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def leniency_figure(leniency: pd.DataFrame) -> plt.Figure:
    """Each reviewer's mean action category minus the other reviewers' in the same reviews, as a
    strip (one dot per reviewer), North Korea and the peers marked and labelled.

    ``leniency`` is :func:`dprk_upr.analysis.as_reviewer.reviewer_leniency`. The vertical spread
    is random jitter (fixed seed), to keep the dots apart; it means nothing.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2), layout="constrained")
    rng = np.random.default_rng(0)
    jitter = pd.Series(rng.uniform(-0.32, 0.32, len(leniency)), index=leniency.index)
    jitter[leniency["rs_dprk"] == 1] = 0.0
    kinds = [
        (leniency[(leniency["rs_dprk"] == 0) & (leniency["rs_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (leniency[leniency["rs_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (leniency[leniency["rs_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    for part, colour, size, marker in kinds:
        ax.scatter(part["category_gap"], jitter[part.index], s=size, color=colour, marker=marker, zorder=3)
    marked = leniency[(leniency["rs_dprk"] == 1) | (leniency["rs_peer"] == 1)]
    ax.axvline(0, color="0.35", lw=0.9)
    ax.set_yticks([])
    ax.set_ylim(-0.62, 0.62)  # room above and below the dots for their labels
    ax.set_xlabel("action category minus the other reviewers'\n(left: asks for less; −1 = one category)")
    ax.grid(axis="y", visible=False)
    _key(ax)
    _place_labels(
        ax,
        marked["category_gap"].to_numpy(),
        jitter[marked.index].to_numpy(),
        marked["rs_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["rs_dprk"]],
        first=marked["rs_dprk"].to_numpy() == 1,
        avoid=(leniency["category_gap"].to_numpy(), jitter.to_numpy()),
    )
    return fig


def distance_figure(by_distance: pd.DataFrame, examples: list[str] | None = None) -> plt.Figure:
    """North Korea's share of 'praise or continue' recommendations and the reviewed states'
    acceptance, by the reviewed state's ideal-point distance from North Korea (thirds of its
    recommendations).

    ``by_distance`` is :func:`dprk_upr.analysis.as_reviewer.tone_by_distance`; ``examples``
    (:func:`examples_by_distance`) names the states most often reviewed in each group, printed
    under the group's range as a landmark.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.5), layout="constrained")
    names = examples or [""] * len(by_distance)
    labels = [
        f"{iv.left:.1f}–{iv.right:.1f}\n{ex}".strip() if ex else f"{iv.left:.1f}–{iv.right:.1f}"
        for iv, ex in zip(by_distance["distance"], names)
    ]
    labels = [label.replace(", ", ",\n") for label in labels]
    x = np.arange(len(labels))
    bars = [
        ax.bar(x - 0.2, 100 * by_distance["gentle"], width=0.4, color=PALETTE[2], label="praise or continue (1-2)"),
        ax.bar(x + 0.2, 100 * by_distance["accepted"], width=0.4, color=PALETTE[0], label="supported"),
    ]
    for group in bars:
        for bar in group:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1.5, f"{bar.get_height():.0f}", ha="center")
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("% of its recommendations")
    ax.set_xlabel("reviewed state's distance from North Korea")
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def effects_figure(effects: pd.DataFrame) -> plt.Figure:
    """Every state's fixed effect (acceptance with what it received held constant), sorted,
    North Korea and the peers marked and labelled. Effects beyond 0-100% (a linear probability
    model does not bound them; :func:`clipped_effects` counts them) are drawn at the bound.

    ``effects`` is :func:`dprk_upr.analysis.among_states.state_effects`.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.5), layout="constrained")
    order = effects.sort_values("effect").reset_index(drop=True)
    kinds = [
        (order[(order["sur_dprk"] == 0) & (order["sur_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (order[order["sur_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (order[order["sur_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    shown = (100 * order["effect"]).clip(0, 100)  # a linear probability model can pass 100%
    for part, colour, size, marker in kinds:
        ax.scatter(part.index + 1, shown[part.index], s=size, color=colour, marker=marker, zorder=3)
    marked = order[(order["sur_dprk"] == 1) | (order["sur_peer"] == 1)]
    ax.set_xlabel("states, least to most accepting")
    ax.set_ylabel("% it would accept of\nthe same recommendations")
    ax.set_xlim(-4, len(order) + 5)
    ax.set_ylim(min(0, shown.min()) - 4, 104)
    _key(ax)
    _place_labels(
        ax,
        marked.index.to_numpy() + 1,
        shown[marked.index].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
        first=marked["sur_dprk"].to_numpy() == 1,
        avoid=(order.index.to_numpy() + 1, shown.to_numpy()),
    )
    return fig


def profiles_figure(profiles: pd.DataFrame, cycle: int = 2) -> plt.Figure:
    """One dot per review of ``cycle``: share accepted (x) against the acceptance gap between
    categories 1-3 and category 5 (y); North Korea and the peers labelled.

    ``profiles`` is :func:`dprk_upr.analysis.among_states.review_profiles`; reviews without a
    gap (fewer than five recommendations of either kind) are left out.
    """
    _style()
    p = profiles[profiles["cycle"] == cycle].dropna(subset=["cheap_gap"])
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9), layout="constrained")
    kinds = [
        (p[(p["sur_dprk"] == 0) & (p["sur_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (p[p["sur_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (p[p["sur_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    for part, colour, size, marker in kinds:
        ax.scatter(100 * part["accepted"], 100 * part["cheap_gap"], s=size, color=colour, marker=marker, zorder=3)
    ax.axhline(0, color="0.45", lw=0.8)
    ax.set_xlim(0, 105)
    ax.set_ylim(min(-20, 100 * p["cheap_gap"].min() - 5), 100)
    ax.set_xlabel(f"% of its recommendations accepted (cycle {cycle})")
    ax.set_ylabel("% accepted of categories 1-3\nminus % of category 5 (points)")
    marked = p[(p["sur_dprk"] == 1) | (p["sur_peer"] == 1)]
    _key(ax)
    _place_labels(
        ax,
        100 * marked["accepted"].to_numpy(),
        100 * marked["cheap_gap"].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
        first=marked["sur_dprk"].to_numpy() == 1,
        avoid=(100 * p["accepted"].to_numpy(), 100 * p["cheap_gap"].to_numpy()),
    )
    return fig


def clipped_effects(effects: pd.DataFrame) -> int:
    """How many states' fixed effects (:func:`dprk_upr.analysis.among_states.state_effects`) lie
    outside 0-1, where :func:`effects_figure` draws them at the bound.

    >>> clipped_effects(pd.DataFrame({"effect": [-0.1, 0.5, 1.02, 1.0]}))
    2
    """
    return int(((effects["effect"] < 0) | (effects["effect"] > 1)).sum())


def action_agreement_figure(agreement: pd.DataFrame) -> plt.Figure:
    """Exact agreement of the action-category rule with the human codes in each session of the
    2018 export, with the 85% and 90% marks.

    ``agreement`` is ``action_agreement.csv`` (rows with ``check == "by session"``: ``session``,
    ``exact``, a share 0-1).
    """
    _style()
    s = agreement[agreement["check"] == "by session"]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    bars = ax.bar(s["session"].astype(int), 100 * s["exact"], color=PALETTE[0], width=0.75)
    lines = [ax.axhline(level, color="0.25", lw=1, ls=style) for level, style in ((90, "--"), (85, ":"))]
    ax.set_ylim(75, 100)
    ax.set_xticks([v for v in s["session"].astype(int) if v % 5 == 0 or v == 1])
    ax.set_xlabel("UPR session")
    ax.set_ylabel("% of the session's rows")
    ax.grid(axis="x", visible=False)
    _legend_above(ax, 3, [bars, *lines], ["same code as UPR Info", "90%", "85%"])
    return fig


# --------------------------------------------------------------------------------------------
# Other helpers of the chapter


def dprk_differences(differences: pd.DataFrame, recs: pd.DataFrame, dprk: str = "DPR Korea") -> pd.DataFrame:
    """The differences between the exports on North Korea's own rows, with the book's ``rec_id``.

    ``differences`` is ``export_differences.csv``; ``recs`` is ``recommendations.csv`` (its
    ``upr_info_rows`` lists the lines of the older export behind each recommendation). Returns
    ``kind``, ``rec_id``, ``recommending_state``, ``value_2018``, ``value_older``. Raises
    ValueError if a difference on North Korea's rows matches no recommendation.
    """
    d = differences[(differences["state_under_review"].str.strip() == dprk) & ~differences["kind"].eq("issue tags")]
    lines = recs.assign(line=recs["upr_info_rows"].astype(str).str.split(";")).explode("line")
    lines["line"] = lines["line"].astype(int)
    lines["session"] = lines["cycle"].map(review_sessions(recs))
    out = d.merge(
        lines[["session", "line", "rec_id"]],
        left_on=["session", "line_older"],
        right_on=["session", "line"],
        how="left",
    )
    if out["rec_id"].isna().any():
        raise ValueError("dprk_differences: a difference on North Korea's rows matches no recommendation.")
    return out[["kind", "rec_id", "recommending_state", "value_2018", "value_older"]].reset_index(drop=True)


def holm_survivors(models: dict[str, pd.DataFrame], level: float = 0.05) -> dict[str, tuple[int, int]]:
    """For each timing of :func:`reciprocity_table`'s ``models``: how many of the praised and
    pressed differences stay below ``level`` after Holm's correction, and how many were tested.

    Returns ``{timing: (survivors, tests)}``."""
    out = {}
    for timing, table in models.items():
        adjusted = _holm(table)["holm"]
        out[timing] = (int((adjusted < level).sum()), len(adjusted))
    return out


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

    ``action_diff`` is the ``kind == "action category"`` part of :func:`dprk_differences`;
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
