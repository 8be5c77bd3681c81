"""The qualitative chapter's tables: acceptance by theme and by state, the Commission of Inquiry,
how far the evidence table covers the accepted recommendations, and the trend over four reviews
from the official counts, each with a display version for the chapter (human headers, the
source of every count named)."""

from __future__ import annotations

import re

import pandas as pd

from ..coding.evidence import STATUSES, rec_links
from ..coding.themes import theme_labels, with_themes
from .reviewer_words import listing, number_words, short_name


def acceptance_by_theme(recs: pd.DataFrame) -> pd.DataFrame:
    """Per theme id: recommendations (``n``), full acceptances (``accepted``) and their share in
    percent (``pct_accepted``); every theme of the codebook appears, with zeros if absent.

    >>> table = acceptance_by_theme(pd.DataFrame({"text": ["Ratify the CRPD", "Close the political prison camps"],
    ...                                           "accepted": [1, 0]}))
    >>> int(table["n"].sum()), int(table["accepted"].sum())
    (2, 1)
    """
    frame = with_themes(recs)
    table = frame.groupby("theme")["accepted"].agg(n="size", accepted="sum")
    table = table.reindex(list(theme_labels()), fill_value=0)
    table["pct_accepted"] = (100 * table["accepted"] / table["n"].where(table["n"] > 0)).fillna(0.0)
    return table


COI_PATTERN = r"\bCOIs?\b|commission of inquiry"


def mentions_coi(recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations that mention the Commission of Inquiry on North Korea ("COI")."""
    return recs[recs["text"].str.contains(COI_PATTERN, case=False, regex=True)]


def answer_label(recs: pd.DataFrame) -> pd.Series:
    """ "accepted", "partially accepted" or "refused" for each recommendation (UPR Info's "noted"
    covers both the noted and the rejected ones)."""
    return recs["response"].map(
        {"accepted": "accepted", "partially accepted": "partially accepted", "noted": "refused"}
    )


def theme_table(recs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations of one review by theme and answer, with the share accepted: index the
    theme's label, columns ``accepted``, ``partially accepted``, ``refused`` (noted or rejected),
    ``total`` and ``% accepted``; ordered by ``accepted``, then ``total`` (both descending), then
    by label."""
    frame = with_themes(recs).assign(answer=answer_label(recs))
    table = pd.crosstab(frame["theme_label"], frame["answer"])
    for col in ("accepted", "partially accepted", "refused"):
        if col not in table.columns:
            table[col] = 0
    table = table[["accepted", "partially accepted", "refused"]]
    table["total"] = table.sum(axis=1)
    table["% accepted"] = (100 * table["accepted"] / table["total"]).round(0).astype(int)
    table.index.name = "theme"
    order = table.reset_index().sort_values(["accepted", "total", "theme"], ascending=[False, False, True])["theme"]
    return table.loc[order]


def accepted_by_state(recs: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Which states' recommendations were accepted, fully or partly: per recommending state (by
    ISO3 code, so that a state the reports name in two ways counts once), the recommendations
    accepted, its recommendations in all and the share accepted.

    Returns the ``top`` states with the most accepted and every state tied with the last of
    them, ordered by recommendations accepted, then by share accepted (both descending), then
    by name. Columns ``state`` (the book's short name), ``accepted``, ``total``, ``% accepted``.
    (:func:`theme_table` counts full acceptances only, beside a column of partial ones.)
    """
    names = recs["states"].str.split("; ").explode()
    codes = recs["states_iso3"].str.split("; ").explode()
    frame = (
        recs[["rec_id", "accepted_incl_partial"]].loc[codes.index].assign(iso3=codes.to_numpy(), name=names.to_numpy())
    )
    table = frame.groupby("iso3").agg(
        state=("name", "first"), accepted=("accepted_incl_partial", "sum"), total=("rec_id", "size")
    )
    table["state"] = table["state"].map(short_name)
    table["% accepted"] = (100 * table["accepted"] / table["total"]).round(0).astype(int)
    table = table.sort_values(["accepted", "% accepted", "state"], ascending=[False, False, True])
    if len(table) > top:
        table = table[table["accepted"] >= table["accepted"].iloc[top - 1]]
    return table.reset_index(drop=True)[["state", "accepted", "total", "% accepted"]]


def evidence_coverage(evidence: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """For each accepted recommendation of cycle 2: its theme and the best evidence status found.

    Recommendations no row links to get ``"not covered by the sources consulted"``.
    """
    acc = with_themes(recs[(recs["cycle"] == 2) & (recs["accepted_incl_partial"] == 1)])
    rank = {s: i for i, s in enumerate(STATUSES)}
    best: dict[str, str] = {}
    for _, row in evidence[evidence["answer"] == "accepted"].iterrows():
        for rec_id in rec_links(row["rec_ids"]):
            current = best.get(rec_id)
            if current is None or rank[row["status"]] < rank[current]:
                best[rec_id] = row["status"]
    acc["evidence"] = acc["rec_id"].map(best).fillna("not covered by the sources consulted")
    return acc[["rec_id", "theme", "theme_label", "text", "states", "evidence"]]


def trend(official: pd.DataFrame) -> pd.DataFrame:
    """Final answers in each of the four reviews, from the official counts (one row per cycle)."""
    final = official[official["stage_key"] == "adoption"].copy()
    counts = ["total", "accepted", "partially_accepted", "noted", "rejected"]
    # A blank count (rejections in the fourth review) is 0 here: the other answers add up to the total.
    final[counts] = final[counts].fillna(0).astype(int)
    table = final[["cycle", "review_date", "document", "total", "accepted", "partially_accepted", "noted", "rejected"]]
    table = table.assign(**{"% accepted": (100 * table["accepted"] / table["total"]).round(0).astype(int)})
    return table.reset_index(drop=True)


def theme_view(themes: pd.DataFrame) -> pd.DataFrame:
    """:func:`theme_table` for display: the theme as the first column, no axis names, in the
    table's order."""
    view = themes.rename_axis(None, axis=1).reset_index()
    return view.rename(columns={"theme": "Theme", "partially accepted": "Partly"})


#: Who published a count, by the address or the name of its source (``official_counts.csv``).
PUBLISHERS = {
    "upr-info.org": ("UPR Info", "UPR Info"),
    "kbs.co.kr": ("KBS", "press"),
    "ytn.co.kr": ("YTN", "press"),
    "rfa.org": ("Radio Free Asia", "press"),
    "biz.chosun.com": ("Chosun Biz", "press"),
    "JoongAng": ("JoongAng Daily", "press"),
    "hrw.org": ("Human Rights Watch", "an NGO"),
    "usembassy.gov": ("the US Embassy", "a government"),
}


def count_source(sources: str, status: str = "") -> str:
    """Where an official count comes from, in words, from the ``sources`` and ``status`` of a
    row of ``official_counts.csv``: the kind of publisher and its names, and whether part of
    the count is inferred.

    A count verified by counting a UN report's text (a source that names a UN document and no
    publisher of :data:`PUBLISHERS`) is "the UN report, counted".

    >>> count_source("http://world.kbs.co.kr/x ; ytn.co.kr/y", "verified in press; the 4/58 split is inferred")
    'press (KBS, YTN); part of the split inferred'
    >>> count_source("A/HRC/13/13 (un-reports/A-HRC-13-13.txt)", "verified by counting the report text")
    'the UN report, counted'
    """
    found = [(name, kind) for key, (name, kind) in PUBLISHERS.items() if key.lower() in str(sources).lower()]
    if not found:
        return "the UN report, counted" if re.search(r"A/HRC/", str(sources)) else "the project's records"
    kinds = list(dict.fromkeys(kind for _, kind in found))
    text = "; ".join(
        f"{kind} ({', '.join(n for n, k in found if k == kind)})" if kind != "UPR Info" else "UPR Info (news item)"
        for kind in kinds
    )
    if "inferred" in str(status):
        text += "; part of the split inferred"
    return text


def trend_table(trend: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """:func:`trend` for display, with the source of each count.

    ``official`` is ``official_counts.csv`` (the ``adoption`` rows give the sources). Returns
    one row per review: the review and its year, the final answers (a blank where no count was
    published), and "Counted from" (:func:`count_source`).
    """
    final = official[official["stage_key"] == "adoption"].set_index("cycle")
    ordinals = {1: "1st", 2: "2nd", 3: "3rd"}
    return pd.DataFrame(
        {
            "Review": [
                f"{ordinals.get(c, f'{c}th')}\u00a0({str(d)[:4]})" for c, d in zip(trend["cycle"], trend["review_date"])
            ],
            "Total": trend["total"],
            "Accepted": trend["accepted"],
            "Partly": trend["partially_accepted"],
            "Noted": trend["noted"],
            "Rejected": [final.loc[c, "rejected"] for c in trend["cycle"]],  # blank where not published
            "Counted from": [count_source(final.loc[c, "sources"], final.loc[c, "status"]) for c in trend["cycle"]],
        }
    )


def _paragraphs(rec_ids: str) -> str:
    """ "C2-124.15;C2-124.7" as "124.7 and 124.15" (paragraph numbers, in order)."""
    ids = [r.split("-", 1)[1] for r in rec_links(rec_ids)]
    ids.sort(key=lambda p: [int(x) for x in p.split(".")])
    return listing(ids)


def month_year(date: str) -> str:
    """An ISO date (YYYY-MM-DD) as "May 2014". Raises ValueError for anything else.

    >>> month_year("2014-05-01")
    'May 2014'
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
        raise ValueError(f"month_year: {date!r} is not an ISO date (YYYY-MM-DD).")
    return pd.Timestamp(date).strftime("%B %Y")


def answers_phrase(rec_ids: str) -> str:
    """Which recommendations an evidence row answers, singular or plural.

    >>> answers_phrase("C2-124.15")
    'Answers recommendation 124.15'
    >>> answers_phrase("C2-124.15;C2-124.7")
    'Answers recommendations 124.7 and 124.15'
    """
    n = len(rec_links(rec_ids))
    return f"Answers recommendation{'' if n == 1 else 's'} {_paragraphs(rec_ids)}"


def evidence_view(evidence: pd.DataFrame, answer: str) -> pd.DataFrame:
    """The rows of the evidence table about recommendations North Korea ``answer``-ed
    ("accepted" or "refused"), for display: the row, the theme and date, what happened with its
    source (and, for accepted recommendations, the paragraphs of A/HRC/27/10 they answer), and
    the status, marked when it rests on a secondary source only."""
    rows = evidence[evidence["answer"] == answer]
    labels = theme_labels()
    text = []
    for _, r in rows.iterrows():
        what = r["what_happened"].rstrip(".")
        answered = f" {answers_phrase(r['rec_ids'])}." if str(r["rec_ids"]).strip() else ""
        text.append(f"{what}. Source: {str(r['source']).rstrip('.')}.{answered}")
    status = [
        s + (" (secondary source only)" if v == "check" else "") for s, v in zip(rows["status"], rows["verified"])
    ]
    return pd.DataFrame(
        {
            "Row": rows["evidence_id"],
            "Theme and date": [f"{labels.get(t, t)}, {d}" for t, d in zip(rows["theme"], rows["date"])],
            "What happened, and the source": text,
            "Status": status,
        }
    ).reset_index(drop=True)


def coi_phrase(coi: pd.DataFrame) -> str:
    """What North Korea answered to the recommendations that mention the Commission of Inquiry
    (:func:`mentions_coi`), as a phrase: "all 18 ... were noted" or "15 of the 18 ... were noted".

    >>> coi_phrase(pd.DataFrame({"response": ["noted", "noted"]}))
    'both recommendations of 2014 that mention the Commission were noted'
    """
    n, noted = len(coi), int((coi["response"] == "noted").sum())
    if n == 0:
        return "no recommendation of 2014 mentions the Commission"
    if n == 1:
        return f"the one recommendation of 2014 that mentions the Commission was {'noted' if noted else 'accepted'}"
    if noted == n:
        return f"{'both' if n == 2 else f'all {n}'} recommendations of 2014 that mention the Commission were noted"
    return (
        f"{number_words(noted, zero='none')} of the {n} recommendations of 2014 that mention the Commission were noted"
    )


def theme_and_category(recs: pd.DataFrame, theme: str = "accountability", category: str = "accountability") -> dict:
    """How a theme of the qualitative chapter and a sensitivity category of the codebook (the
    Models chapter's) differ on the same recommendations.

    Parameters
    ----------
    recs : pandas.DataFrame
        Recommendations of one review, with ``rec_id``, ``text``, ``accepted`` (0/1) and the
        codebook's flag ``sens_<category>`` (0/1), as in ``recommendations.csv``.
    theme : str
        A theme id of ``data/coding/themes.yaml``.
    category : str
        A category id of ``data/coding/sensitivity.yaml``.

    Returns
    -------
    dict
        Counts: ``theme_n`` and ``theme_accepted`` (the theme's recommendations and those
        accepted in full), ``category_n`` and ``category_accepted`` (the same for the category),
        ``both`` (in both), ``theme_only`` and ``category_only``; and ``theme_only_accepted``,
        the paragraphs (e.g. "124.117") of the recommendations accepted in full that are in the
        theme but not in the category, as a phrase ("124.117", "124.1 and 124.2", "none").

    Raises
    ------
    KeyError
        ``recs`` has no column ``sens_<category>``.

    Examples
    --------
    >>> recs = pd.DataFrame({"rec_id": ["C2-1.1", "C2-1.2", "C2-1.3"],
    ...                      "text": ["End impunity for all violations", "Cooperate with the Commission of Inquiry",
    ...                               "Join the Rome Statute"],
    ...                      "accepted": [1, 0, 0], "sens_accountability": [0, 1, 1]})
    >>> out = theme_and_category(recs)
    >>> out["theme_n"], out["theme_accepted"], out["category_n"], out["category_accepted"], out["theme_only_accepted"]
    (3, 1, 2, 0, '1.1')
    """
    flag = f"sens_{category}"
    if flag not in recs.columns:
        raise KeyError(f"theme_and_category: no column {flag!r}; is {category!r} a category of the codebook?")
    frame = with_themes(recs)
    in_theme, in_category = frame["theme"] == theme, frame[flag] == 1
    only = frame[in_theme & ~in_category & (frame["accepted"] == 1)]
    return {
        "theme_n": int(in_theme.sum()),
        "theme_accepted": int(frame.loc[in_theme, "accepted"].sum()),
        "category_n": int(in_category.sum()),
        "category_accepted": int(frame.loc[in_category, "accepted"].sum()),
        "both": int((in_theme & in_category).sum()),
        "theme_only": int((in_theme & ~in_category).sum()),
        "category_only": int((~in_theme & in_category).sum()),
        "theme_only_accepted": _paragraphs(";".join(only["rec_id"])) if len(only) else "none",
    }
