"""The Coding chapter's display tables: the codebook, the worked examples, the action-category
rule's agreement and its most frequent disagreements, the issue-tag disagreements, the
hand-coded sample, the blind second coding and the comparison of the three codings.

Each function takes what :mod:`dprk_upr.report.coding_checks` computes (or a processed table)
and returns a table in words, not 0/1 or True/False codes; :func:`dprk_upr.report.tables.table_html`
gives them their headers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .coding_checks import codebook_table, shorten
from .corpus import ACTION_NAMES


def codebook_view(book: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sensitivity codebook for the chapter: category, what it covers, why it threatens the
    regime (the output of :func:`~dprk_upr.report.coding_checks.codebook_table` without the pattern counts and column names)."""
    book = codebook_table() if book is None else book
    view = book[["category", "definition", "rationale"]].copy()
    for col in ("definition", "rationale"):
        view[col] = view[col].str.replace("`", "", regex=False)
    return view.rename(columns={"definition": "what it covers", "rationale": "why it threatens the regime"})


def examples_view(examples: pd.DataFrame) -> pd.DataFrame:
    """:func:`~dprk_upr.report.coding_checks.explain_examples` for display in three columns: the recommendation, its action
    category with the rule's reasoning, and whether it is sensitive with the phrases that fired.

    >>> ex = pd.DataFrame({"recommendation": ["x"], "action category": [2], "how": ["first verb: 'continue' -> 2"],
    ...                    "sensitive": ["no"], "categories (matched phrases)": ["none"]})
    >>> examples_view(ex).iloc[0].tolist()
    ['x', "2 (continue): first verb: 'continue' → 2", 'no']
    """
    action = [
        f"{r} ({ACTION_NAMES.get(int(r), '')}): {how.replace(' -> ', ' → ')}"
        for r, how in zip(examples["action category"], examples["how"])
    ]
    sensitive = [
        s if cats == "none" else f"{s}: " + re.sub(r"(\w+): ([^;]+)", r"\1 (\2)", cats)
        for s, cats in zip(examples["sensitive"], examples["categories (matched phrases)"])
    ]
    return pd.DataFrame(
        {"recommendation": examples["recommendation"], "action category": action, "sensitive": sensitive}
    )


def agreement_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """The action-category rule against UPR Info's human codes, compact: all sessions of the 2018
    export, North Korea's reviews, the four held-out checks and the floor, one row each.

    Columns: ``rows coded``, ``lists from`` (the rows the two data-derived word lists were drawn
    from), ``rows``, ``agreement`` (percent), ``full lists`` (percent on the same rows with the
    lists drawn from all sessions; held-out rows only) and ``lowest session`` ("27: 85.8%").
    """
    short = {
        "even sessions of the 2018 export": "even sessions",
        "odd sessions of the 2018 export": "odd sessions",
        "sessions of the 2018 export not in the older exports": "sessions not in the older exports",
        "the older exports": "the older exports",
    }
    overall = agreement[agreement["check"] == "overall"].iloc[0]
    sessions = agreement[agreement["check"] == "by session"]
    low = sessions.loc[sessions["exact"].idxmin()]
    span = f"{int(sessions['session'].min())}-{int(sessions['session'].max())}"
    rows = [
        {
            "rows coded": f"all sessions ({span})",
            "lists from": "all sessions",
            "rows": int(overall["n"]),
            "agreement": 100 * overall["exact"],
            "full lists": np.nan,
            "lowest session": f"{int(low['session'])}: {100 * low['exact']:.1f}%",
        }
    ]
    for _, r in agreement[agreement["check"] == "subset"].iterrows():
        rows.append(
            {
                "rows coded": r["part"].replace(", 2018 export", ""),
                "lists from": "all sessions",
                "rows": int(r["n"]),
                "agreement": 100 * r["exact"],
                "full lists": np.nan,
                "lowest session": "",
            }
        )
    for _, r in agreement[agreement["check"] == "held out"].iterrows():
        rows.append(
            {
                "rows coded": short.get(r["part"], r["part"]),
                "lists from": short.get(r["train"], r["train"]),
                "rows": int(r["n"]),
                "agreement": 100 * r["exact"],
                "full lists": 100 * r["exact_full_lists"],
                "lowest session": f"{int(r['lowest_session'])}: {100 * r['lowest_session_exact']:.1f}%",
            }
        )
    floor = agreement[agreement["check"] == "floor"].iloc[0]
    rows.append(
        {
            "rows coded": f"all sessions ({span})",
            "lists from": "none (the note's verbs and the hand-written rules)",
            "rows": int(floor["n"]),
            "agreement": 100 * floor["exact"],
            "full lists": np.nan,
            "lowest session": "",
        }
    )
    return pd.DataFrame(rows)


def confusion_labels(table: pd.DataFrame) -> pd.DataFrame:
    """A 5x5 confusion table (:func:`dprk_upr.coding.validation.confusion`) with its ranks named
    ("4 general action") and no axis names."""
    out = table.copy()
    out.index = [f"{r} {ACTION_NAMES[int(r)]}" for r in out.index]
    out.columns = [f"{r} {ACTION_NAMES[int(r)]}" for r in out.columns]
    return out


def disagreement_table(patterns: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The most frequent action-category disagreements for display: UPR Info's code, the rule's
    code, the first word, the number of rows, their percentage of all disagreements and one
    example cut to 80 characters. A tie at the cut is kept: every pattern as frequent as the
    ``top``-th is shown (patterns are ordered by count, then human code, rule code and word).

    >>> p = pd.DataFrame({"human": [5, 4, 5], "rule": [4, 5, 3], "first_word": ["take", "end", "adopt"],
    ...                   "n": [3, 2, 2], "share": [0.5, 0.25, 0.25], "examples": ["Take x", "End y", "Adopt z"]})
    >>> disagreement_table(p, top=2)["first word"].tolist()
    ['take', 'end', 'adopt']
    """
    cut = patterns["n"].iloc[min(top, len(patterns)) - 1] if len(patterns) else 0
    kept = patterns[patterns["n"] >= cut]
    return pd.DataFrame(
        {
            "UPR Info": kept["human"].astype(int).to_numpy(),
            "rule": kept["rule"].astype(int).to_numpy(),
            "first word": kept["first_word"].to_numpy(),
            "rows": kept["n"].astype(int).to_numpy(),
            "% of disagreements": (100 * kept["share"]).to_numpy(),
            "example": [shorten(str(e).split(" | ")[0], 80) for e in kept["examples"]],
        }
    )


def tag_disagreement_view(dis: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """The disagreements between the text rule and the issue-tag coding
    (:func:`dprk_upr.coding.issue_tags.disagreements`, index aligned with ``recs``) for display.

    Columns: ``recommendation`` (the UN paragraph), ``text``, ``coded sensitive by`` ("the text
    rule" or "the issue tags") and ``why``: the phrases that fired and their categories, or the
    tags mapped to sensitive and the phrases the codebook sets aside (a treaty to ratify, a
    thematic mandate). The main coding follows the text rule.

    >>> dis = pd.DataFrame({"text": ["Ratify CAT"], "rule": [False], "matched": [""], "categories": [""],
    ...                     "excluded": ["detention: 'CAT'"], "sensitive_tags": ["Torture"]}, index=[3])
    >>> recs = pd.DataFrame({"paragraph": ["90.8"], "document": ["A/HRC/13/13"]}, index=[3])
    >>> tag_disagreement_view(dis, recs)["why"].iat[0]
    "tagged Torture; the codebook sets aside 'CAT'"
    """
    rows = []
    for idx, r in dis.iterrows():
        rule = bool(r["rule"])
        if rule:
            fired = _phrases_by_category(str(r["matched"])) or str(r["categories"])
            why = f"the text names {fired}"
        else:
            # a phrase every category sets aside (a thematic mandate) is named once
            phrases = dict.fromkeys(re.findall(r"'([^']+)'", str(r["excluded"])))
            excluded = ", ".join(f"'{p}'" for p in phrases)
            why = f"tagged {r['sensitive_tags']}" + (f"; the codebook sets aside {excluded}" if excluded else "")
        rows.append(
            {
                "recommendation": f"{recs.at[idx, 'paragraph']} ({recs.at[idx, 'document']})",
                "text": r["text"],
                "coded sensitive by": "the text rule" if rule else "the issue tags",
                "why": why,
            }
        )
    return pd.DataFrame(rows)


def _phrases_by_category(matched: str) -> str:
    """ "accountability: 'A', 'B'; detention: 'C'" as "'A', 'B' (accountability); 'C' (detention)".

    >>> _phrases_by_category("accountability: 'A', 'B'; detention: 'C'")
    "'A', 'B' (accountability); 'C' (detention)"
    """
    parts = []
    for chunk in re.findall(r"(\w[\w ]*?): ((?:'[^']*'(?:, )?)+)", matched):
        parts.append(f"{chunk[1].rstrip(', ')} ({chunk[0]})")
    return "; ".join(parts)


def hand_table(check: dict) -> pd.DataFrame:
    """The hand-coded sample against the rule as a plain 2x2 table: one row per hand code
    (sensitive, not sensitive), one column per rule code, and the row totals.

    ``check`` is :func:`dprk_upr.coding.validation.hand_check`.

    >>> t = pd.crosstab(pd.Series([0, 1, 1], name="hand"), pd.Series([0, 1, 0], name="rule"))
    >>> hand_table({"table": t}).to_dict("list")
    {'hand coding': ['sensitive', 'not sensitive'], 'rule: yes': [1, 0], 'rule: no': [1, 1], 'total': [2, 1]}
    """
    table = check["table"].reindex(index=[1, 0], columns=[1, 0], fill_value=0)
    out = pd.DataFrame(
        {
            "hand coding": ["sensitive", "not sensitive"],
            "rule: yes": table[1].to_numpy(),
            "rule: no": table[0].to_numpy(),
        }
    )
    out["total"] = out["rule: yes"] + out["rule: no"]
    return out


def blind_view(disagreements: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """The blind coding's disagreements with the rule for display (``disagreements`` of
    :func:`dprk_upr.coding.validation.blind_check`): paragraph, text, both codes in words, the
    coder's note."""
    where = recs.set_index("rec_id")
    word = {1: "sensitive", 0: "not sensitive"}
    return pd.DataFrame(
        {
            "recommendation": [
                f"{where.at[r, 'paragraph']} ({where.at[r, 'document']})" for r in disagreements["rec_id"]
            ],
            "text": disagreements["text"].to_numpy(),
            "rule": [word[int(v)] for v in disagreements["sensitive"]],
            "blind coder": [word[int(v)] for v in disagreements["sensitive_blind"]],
            "coder's note": disagreements["note"].fillna("").to_numpy(),
        }
    )


def coding_comparison_view(table: pd.DataFrame, year: int | str = "") -> pd.DataFrame:
    """:func:`~dprk_upr.report.coding_checks.coding_comparison` for display: one row per coding with the recommendations it
    covers, how many it codes sensitive, the share accepted of each group, the gap in points, and
    the recommendations refused at the Working Group that it codes sensitive ("83 of 83").

    >>> t = pd.DataFrame({"coding": ["rule"], "recommendations": ["all"], "n": [4], "sensitive": [2],
    ...                   "accepted_sensitive": [0.0], "accepted_other": [50.0], "gap": [50.0],
    ...                   "refused_wg": [1], "refused_wg_sensitive": [1]})
    >>> view = coding_comparison_view(t, 2014)
    >>> view.columns[1] == "recom\\u00admendations\\nof 2014"
    True
    >>> [str(v) for v in view.iloc[0]]
    ['rule', 'all 4', '2', '0.0', '50.0', '50.0', '1 of 1']
    """
    where = {"all": "all {n}", "blind sample": "{n}, blind sample"}
    recs = "recom\u00admendations" + (f"\nof {year}" if year != "" else "")
    return pd.DataFrame(
        {
            "coding": table["coding"].to_numpy(),
            recs: [where[w].format(n=n) for w, n in zip(table["recommendations"], table["n"])],
            "coded\nsensitive": table["sensitive"].astype(int).to_numpy(),
            "accepted if\nsensitive, %": table["accepted_sensitive"].to_numpy(),
            "accepted\nif not, %": table["accepted_other"].to_numpy(),
            "gap,\npoints": table["gap"].to_numpy(),
            "refused at the\nWG: coded\nsensitive": [
                f"{s} of {r}" for s, r in zip(table["refused_wg_sensitive"], table["refused_wg"])
            ],
        }
    )
