"""What the Coding chapter computes about its two rules: the sensitivity codebook as a table,
worked examples of both rules, the action-category rule's agreement with UPR Info's human codes,
sensitivity by category, the checks of the sensitivity rule (issue tags, the hand-coded sample,
the blind second coding), the codes the thematic-mandate rule changes, the row counts of the 2018
export and the share accepted by code. The chapter's display tables of these results are in
:mod:`dprk_upr.report.coding_views`."""

from __future__ import annotations

import pandas as pd

from ..coding import is_sensitive
from ..coding.action_coder import explain as explain_action
from ..coding.regime_sensitivity import coded_sensitive, load_codebook, without_thematic_mandates
from ..coding.regime_sensitivity import explain as explain_sensitivity
from .corpus import and_list


def codebook_table(codebook: dict | None = None) -> pd.DataFrame:
    """The sensitivity codebook as a table: category, whether it counts, definition, rationale."""

    book = codebook or load_codebook()
    return pd.DataFrame(
        [
            {
                "category": c["label"],
                "column": f"sens_{c['id']}",
                "counts toward sensitive": "yes" if c["counts_toward_sensitive"] else "no (recorded only)",
                "definition": " ".join(c["definition"].split()),
                "rationale": " ".join(c["rationale"].split()),
                "patterns": len(c["patterns"]),
                "exclusions": len(c.get("exclusions") or []),
            }
            for c in book["categories"]
        ]
    )


def explain_examples(texts: list[str]) -> pd.DataFrame:
    """How both rules code each text: the action category with its trace, the sensitivity categories that fire."""

    rows = []
    for text in texts:
        action = explain_action(text)
        fired = {cat: hit["matched"] for cat, hit in explain_sensitivity(text).items() if hit["matched"]}
        rows.append(
            {
                "recommendation": text,
                "action category": action["rank"],
                "how": "; ".join(action["trace"]),
                "sensitive": "yes" if is_sensitive(text) else "no",
                "categories (matched phrases)": "; ".join(f"{k}: {', '.join(v)}" for k, v in fired.items()) or "none",
            }
        )
    return pd.DataFrame(rows)


def shorten(text: str, width: int = 110) -> str:
    """Cut a text at a word boundary to at most ``width`` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + " …"


def disagreement_share(patterns: pd.DataFrame, ranks=(4, 5)) -> float:
    """The share of all rule-human disagreements in which both codes are among ``ranks``.

    ``patterns`` is the output of :func:`dprk_upr.coding.validation.disagreement_patterns` (columns
    ``human``, ``rule`` and ``n``). Raises ValueError when there are no disagreements.

    >>> patterns = pd.DataFrame({"human": [4, 5, 2], "rule": [5, 4, 4], "n": [5, 2, 3]})
    >>> disagreement_share(patterns)
    0.7
    >>> disagreement_share(patterns, ranks=(2, 4))
    0.3
    """
    total = patterns["n"].sum()
    if total == 0:
        raise ValueError("no disagreements: the share is undefined.")
    inside = patterns[["human", "rule"]].isin(list(ranks)).all(axis=1)
    return float(patterns.loc[inside, "n"].sum() / total)


def sensitivity_by_category(recs: pd.DataFrame, book: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many recommendations fire each sensitivity category, by cycle.

    One row per ``sens_*`` column of ``recs``, labelled with the category name from ``book``
    (:func:`codebook_table`), one column per cycle (``cycle 1``, ...). A recommendation can count
    in several rows. Raises ValueError if ``recs`` has a category the codebook does not describe.

    >>> recs = pd.DataFrame({"cycle": [1, 2, 2], "sens_a": [1, 0, 1], "sens_b": [0, 1, 1]})
    >>> book = pd.DataFrame({"category": ["Alpha", "Beta"], "column": ["sens_a", "sens_b"]})
    >>> sensitivity_by_category(recs, book)
              cycle 1  cycle 2
    category
    Alpha           1        1
    Beta            0        2
    """
    book = codebook_table() if book is None else book
    labels = book.set_index("column")["category"]
    cats = [c for c in recs.columns if c.startswith("sens_")]
    unknown = [c for c in cats if c not in labels.index]
    if unknown:
        raise ValueError(f"sensitivity column(s) not in the codebook: {unknown}")
    table = recs.groupby("cycle")[cats].sum().T
    table.index = pd.Index(labels.loc[cats].to_list(), name="category")
    table.columns = [f"cycle {c}" for c in table.columns]
    return table


def code_groups(recs: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """One cycle's recommendations with a ``group`` label joining its two codes,
    e.g. "sensitive, not specific".

    >>> recs = pd.DataFrame({"cycle": [2, 2, 1], "sensitive": [1, 0, 0], "specific": [0, 1, 1]})
    >>> code_groups(recs)["group"].tolist()
    ['sensitive, not specific', 'not sensitive, specific']
    """
    frame = recs[recs["cycle"] == cycle]
    sensitive = frame["sensitive"].map({0: "not sensitive", 1: "sensitive"})
    specific = frame["specific"].map({0: "not specific", 1: "specific"})
    return frame.assign(group=sensitive + ", " + specific)


def percent_accepted(recs: pd.DataFrame, by: str = "sensitive") -> pd.Series:
    """The percentage of recommendations accepted for each value (0, 1) of a 0/1 code.

    A value no recommendation takes gives NaN, not 0.

    >>> recs = pd.DataFrame({"sensitive": [1, 1, 0, 0], "accepted": [0, 1, 1, 1]})
    >>> percent_accepted(recs).to_dict()
    {0: 100.0, 1: 50.0}
    >>> percent_accepted(recs[recs["sensitive"] == 0]).isna().to_dict()
    {0: False, 1: True}
    """
    return (100 * recs.groupby(by)["accepted"].mean()).reindex([0, 1])


def acceptance_gap(frame: pd.DataFrame, code: str) -> dict:
    """The acceptance gap of one 0/1 sensitivity coding: how much less often the recommendations
    it codes sensitive were accepted.

    ``frame`` has one row per recommendation with ``accepted`` (0/1, the final answer),
    ``rejected_at_wg`` (0/1, refused at the Working Group) and the coding ``code`` (0/1).
    Returns ``n``, ``sensitive`` (how many coded sensitive), ``accepted_sensitive`` and
    ``accepted_other`` (percent accepted among those coded sensitive and the others; NaN for an
    empty group), ``gap`` (the second minus the first, in percentage points), ``refused_wg`` (how
    many were refused at the Working Group) and ``refused_wg_sensitive`` (how many of those the
    coding calls sensitive). Raises ValueError when ``frame`` is empty or a code is not 0/1.

    >>> f = pd.DataFrame({"accepted": [0, 0, 1, 1, 0], "rejected_at_wg": [1, 0, 0, 0, 0], "s": [1, 1, 0, 0, 0]})
    >>> g = acceptance_gap(f, "s")
    >>> g["sensitive"], g["accepted_sensitive"], round(g["accepted_other"], 1), round(g["gap"], 1)
    (2, 0.0, 66.7, 66.7)
    >>> g["refused_wg"], g["refused_wg_sensitive"]
    (1, 1)
    """
    if frame.empty:
        raise ValueError("acceptance_gap: no recommendations")
    codes = frame[code]
    if codes.isna().any() or not set(codes.astype(int)) <= {0, 1}:
        raise ValueError(f"acceptance_gap: '{code}' must be 0/1 for every recommendation")
    rates = percent_accepted(frame.assign(**{code: codes.astype(int)}), by=code)
    refused = frame["rejected_at_wg"].astype(int) == 1
    return {
        "n": int(len(frame)),
        "sensitive": int(codes.astype(int).sum()),
        "accepted_sensitive": float(rates[1]),
        "accepted_other": float(rates[0]),
        "gap": float(rates[0] - rates[1]),
        "refused_wg": int(refused.sum()),
        "refused_wg_sensitive": int(codes[refused].astype(int).sum()),
    }


def mandate_recoded(recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations whose ``sensitive`` code the codebook's thematic-mandate rule changes:
    coded with the codebook as it is and again without ``thematic_mandates`` (as version 1 of the
    codebook coded, :func:`dprk_upr.coding.regime_sensitivity.without_thematic_mandates`).

    ``recs`` has ``rec_id``, ``paragraph``, ``document`` and ``text``. Returns those columns with
    ``before`` and ``after`` (0/1: without and with the rule), in the order of ``recs``.

    >>> recs = pd.DataFrame({"rec_id": ["a", "b"], "paragraph": ["90.40", "90.5"], "document": "A/HRC/13/13",
    ...                      "text": ["Invite the Special Rapporteur on torture", "Close the camps"]})
    >>> mandate_recoded(recs)[["paragraph", "before", "after"]].to_dict("records")
    [{'paragraph': '90.40', 'before': 1, 'after': 0}]
    """
    after = coded_sensitive(recs["text"]).to_numpy()
    before = coded_sensitive(recs["text"], without_thematic_mandates()).to_numpy()
    out = recs[["rec_id", "paragraph", "document", "text"]].assign(before=before, after=after)
    return out[out["before"] != out["after"]].reset_index(drop=True)


def export_rows(set_aside: pd.DataFrame, n_all_states: int) -> dict:
    """How many rows of UPR Info's 2018 export each count of the book covers.

    ``set_aside`` is the build's ``export_set_aside`` table (``reason`` of every row left out);
    ``n_all_states`` the number of rows of ``upr_all_states``. Returns ``file_rows`` (every row
    of the export's files), ``coded`` (the rows the reader keeps, all with a human action code:
    the rows on which the action-category rule is measured), ``all_states`` (``n_all_states``:
    ``coded`` less the rows whose recommending state UPR Info records as unknown), and the rows
    set aside for each reason: ``no_session``, ``repeats`` and ``unknown_state``. Raises
    ValueError for a reason it does not know.

    >>> aside = pd.DataFrame({"reason": ["no session", "repeats an earlier row (x)",
    ...                                  "recommending state unknown to UPR Info ('(Unknown)')"]})
    >>> export_rows(aside, 10)
    {'file_rows': 13, 'coded': 11, 'all_states': 10, 'no_session': 1, 'repeats': 1, 'unknown_state': 1}
    """
    kinds = {
        "no_session": "no session",
        "repeats": "repeats an earlier row",
        "unknown_state": "recommending state unknown",
    }
    counts = {k: int(set_aside["reason"].str.startswith(v).sum()) for k, v in kinds.items()}
    if sum(counts.values()) != len(set_aside):
        known = set_aside["reason"].str.startswith(tuple(kinds.values()))
        raise ValueError(f"export_rows: unknown reasons {sorted(set(set_aside.loc[~known, 'reason']))}")
    n = int(n_all_states)
    return {
        "file_rows": n + len(set_aside),
        "coded": n + counts["unknown_state"],
        "all_states": n,
        **counts,
    }


def paragraph_list(frame: pd.DataFrame) -> str:
    """UN paragraphs for the prose, grouped by report: "paragraphs 90.43 and 90.46 of
    A/HRC/13/13". ``frame`` has ``paragraph`` (text) and ``document``; "no paragraph" when empty.

    >>> paragraph_list(pd.DataFrame({"paragraph": ["90.40", "90.5", "124.1"],
    ...                              "document": ["A/HRC/13/13", "A/HRC/13/13", "A/HRC/27/10"]}))
    'paragraphs 90.40 and 90.5 of A/HRC/13/13 and paragraph 124.1 of A/HRC/27/10'
    """
    parts = []
    for document, group in frame.groupby("document", sort=False):
        numbers = [str(p) for p in group["paragraph"]]
        word = "paragraph" if len(numbers) == 1 else "paragraphs"
        parts.append(f"{word} {and_list(numbers)} of {document}")
    return and_list(parts) if parts else "no paragraph"


#: The codings :func:`coding_comparison` sets side by side: key, coding column, whose coding it is
#: and on which recommendations (``sample``: the blind coder's sample only).
CODINGS = (
    ("rule", "sensitive", "the book's rule (written codebook)", False),
    ("tags", "sensitive_tags", "UPR Info's issue tags, mapped to sensitive by the codebook", False),
    ("blind", "sensitive_blind", "the outcome-blind coder (a language model)", True),
    ("rule_sample", "sensitive", "the book's rule, on the blind coder's sample", True),
)


def coding_comparison(recs: pd.DataFrame, blind: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """The acceptance gap of one review under three codings of sensitivity, side by side.

    ``recs`` is the recommendations table (``rec_id``, ``cycle``, ``accepted``,
    ``rejected_at_wg``, ``sensitive``, ``sensitive_tags``); ``blind`` the outcome-blind coding
    (:func:`dprk_upr.coding.validation.load_blind_coded`: ``rec_id``, ``sensitive_blind``), a
    sample of both reviews. One row per coding of :data:`CODINGS`, indexed by its key ("rule",
    "tags", "blind", "rule_sample"), with ``coding`` (in words), ``recommendations`` (which ones:
    "all" or "blind sample") and the columns of :func:`acceptance_gap`. The blind coder's row and
    the rule's row on the same sample cover the sample's recommendations of ``cycle`` only.
    Raises ValueError when a blind-coded recommendation is not in ``recs`` or the review has none.

    >>> recs = pd.DataFrame({"rec_id": list("abcd"), "cycle": 2, "accepted": [0, 1, 1, 0],
    ...                      "rejected_at_wg": [1, 0, 0, 0], "sensitive": [1, 0, 0, 1],
    ...                      "sensitive_tags": [1, 0, 1, 0]})
    >>> blind = pd.DataFrame({"rec_id": ["a", "b", "c"], "sensitive_blind": [1, 0, 1]})
    >>> coding_comparison(recs, blind)[["n", "sensitive", "gap"]].to_dict("index")["blind"]
    {'n': 3, 'sensitive': 2, 'gap': 50.0}
    """
    frame = recs[recs["cycle"] == cycle]
    if frame.empty:
        raise ValueError(f"coding_comparison: no recommendations in review {cycle}")
    unknown = sorted(set(blind["rec_id"]) - set(recs["rec_id"]))
    if unknown:
        raise ValueError(f"coding_comparison: blind-coded recommendation(s) not in the data: {unknown[:5]}")
    sample = frame.merge(blind[["rec_id", "sensitive_blind"]], on="rec_id", how="inner", validate="one_to_one")
    rows, keys = [], []
    for key, column, coding, on_sample in CODINGS:
        data = sample if on_sample else frame
        rows.append(
            {
                "coding": coding,
                "recommendations": "blind sample" if on_sample else "all",
                **acceptance_gap(data, column),
            }
        )
        keys.append(key)
    return pd.DataFrame(rows, index=pd.Index(keys))


def agreement_numbers(agreement: pd.DataFrame) -> dict:
    """The figures the chapter states from ``action_agreement.csv``
    (:func:`dprk_upr.build.action_agreement.action_agreement`).

    Returns ``n`` and ``exact`` (the 2018 export, all sessions; exact in percent), ``first`` and
    ``last`` session, ``low`` / ``low_session`` and ``high`` / ``high_session`` (the lowest and
    highest session, percent), ``held_min`` / ``held_max`` (the range of the held-out checks,
    percent), ``held_loss`` (the largest drop, in points, from the full lists to re-derived ones
    on the same rows), ``floor`` (percent without any derived list), ``dprk`` / ``dprk_n``
    (North Korea's own reviews). Raises ValueError when a check is missing.
    """
    checks = set(agreement["check"])
    needed = {"overall", "by session", "held out", "floor", "subset"}
    if not needed <= checks:
        raise ValueError(f"agreement_numbers: checks missing from the table: {sorted(needed - checks)}")
    overall = agreement[agreement["check"] == "overall"].iloc[0]
    sessions = agreement[agreement["check"] == "by session"]
    held = agreement[agreement["check"] == "held out"]
    low = sessions.loc[sessions["exact"].idxmin()]
    high = sessions.loc[sessions["exact"].idxmax()]
    dprk = agreement[agreement["check"] == "subset"].iloc[0]
    return {
        "n": int(overall["n"]),
        "exact": 100 * float(overall["exact"]),
        "first": int(sessions["session"].min()),
        "last": int(sessions["session"].max()),
        "low": 100 * float(low["exact"]),
        "low_session": int(low["session"]),
        "high": 100 * float(high["exact"]),
        "high_session": int(high["session"]),
        "held_min": 100 * float(held["exact"].min()),
        "held_max": 100 * float(held["exact"].max()),
        "held_loss": 100 * float((held["exact_full_lists"] - held["exact"]).max()),
        "floor": 100 * float(agreement.loc[agreement["check"] == "floor", "exact"].iloc[0]),
        "dprk": 100 * float(dprk["exact"]),
        "dprk_n": int(dprk["n"]),
    }


def blind_close_calls(blind: pd.DataFrame, recs: pd.DataFrame, rule: str = "sensitive") -> pd.DataFrame:
    """The blind-coded recommendations worth reading: those the coder marked as close calls
    (``confidence`` "low") and those it coded differently from the rule column ``rule``.

    ``blind`` is :func:`dprk_upr.coding.validation.load_blind_coded`; ``recs`` the
    recommendations (``rec_id``, ``text``, ``cycle``, ``section``, ``number`` and ``rule``).
    Returns the columns :func:`~dprk_upr.report.coding_views.blind_view` reads (``rec_id``, ``text``, ``sensitive``,
    ``sensitive_blind``, ``note``), in the order of the UN reports. Raises ValueError when a coded
    recommendation is not in ``recs``.

    >>> blind = pd.DataFrame({"rec_id": ["a", "b", "c"], "sensitive_blind": [1, 0, 0],
    ...                       "confidence": ["high", "low", "high"], "note": ["", "close", ""]})
    >>> recs = pd.DataFrame({"rec_id": ["a", "b", "c"], "text": ["x", "y", "z"], "cycle": 1,
    ...                      "section": 90, "number": [3, 2, 1], "sensitive": [1, 0, 1]})
    >>> blind_close_calls(blind, recs)["rec_id"].tolist()
    ['c', 'b']
    """
    where = ["rec_id", "text", "cycle", "section", "number", rule]
    merged = blind.merge(recs[where], on="rec_id", how="left", validate="one_to_one")
    if merged[rule].isna().any():
        raise ValueError(
            f"blind-coded recommendation(s) not in the data: {merged.loc[merged[rule].isna(), 'rec_id'].tolist()}"
        )
    keep = (merged["confidence"] == "low") | (merged[rule].astype(int) != merged["sensitive_blind"].astype(int))
    kept = merged[keep].sort_values(["cycle", "section", "number"])
    return kept.rename(columns={rule: "sensitive"})[
        ["rec_id", "text", "sensitive", "sensitive_blind", "note"]
    ].reset_index(drop=True)


def check_same_sample(coded_ids, drawn_ids) -> int:
    """Stop unless the recommendations a coder received are the sample the code draws again.

    Returns the sample size. Raises ValueError naming the differences otherwise.

    >>> check_same_sample(["a", "b"], ["b", "a"])
    2
    """
    coded, drawn = set(coded_ids), set(drawn_ids)
    if coded != drawn:
        raise ValueError(
            f"the coded sample is not the one drawn again: {sorted(coded - drawn)[:5]} coded but not drawn, "
            f"{sorted(drawn - coded)[:5]} drawn but not coded."
        )
    return len(coded)


def acceptance_by_codes(recs: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """Share accepted in one cycle for each combination of the two codes.

    One row per combination present, columns ``sensitive`` and ``specific`` (words: "sensitive",
    "not sensitive", ...), ``n`` and ``accepted`` (share, 0-1).

    >>> recs = pd.DataFrame({"cycle": [2, 2, 2], "sensitive": [1, 0, 0], "specific": [0, 0, 0], "accepted": [0, 1, 0]})
    >>> acceptance_by_codes(recs).to_dict("list")
    {'sensitive': ['not sensitive', 'sensitive'], 'specific': ['not specific', 'not specific'], 'n': [2, 1], 'accepted': [0.5, 0.0]}
    """
    frame = recs[recs["cycle"] == cycle]
    out = frame.groupby(["sensitive", "specific"])["accepted"].agg(n="size", accepted="mean").reset_index()
    out["sensitive"] = out["sensitive"].map({0: "not sensitive", 1: "sensitive"})
    out["specific"] = out["specific"].map({0: "not specific", 1: "specific"})
    out["n"] = out["n"].astype(int)
    return out[["sensitive", "specific", "n", "accepted"]]
