"""The second, independent coding of sensitivity: UPR Info's issue tags mapped to sensitive or
not (the mapping is in ``data/coding/sensitivity.yaml``, under ``issue_tags``), and every
recommendation on which it disagrees with the text rule, with how the text rule settles it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .regime_sensitivity import counted_ids, explain, normalise_text, quoted, resolve_codebook


def _split_tags(issues: Any) -> list[str]:
    clean = normalise_text(issues)
    return [t.strip() for t in clean.split(",") if t.strip()]


def sensitive_tags(issues: str, codebook: dict | None = None) -> list[str]:
    """The tags in a comma-separated UPR Info ``Issue`` string that the codebook maps to sensitive.

    Raises ``ValueError`` for a tag the codebook does not list at all.

    >>> sensitive_tags("Detention,Justice,Torture and other CID treatment")
    ['Detention', 'Torture and other CID treatment']
    """
    book = resolve_codebook(codebook)
    lookup = {k.casefold(): v for k, v in book["tag_map"].items()}
    found = []
    for tag in _split_tags(issues):
        if tag.casefold() not in lookup:
            raise ValueError(
                f"UPR Info issue tag {tag!r} is not in the codebook's issue_tags "
                f"({book['path']}); add it under 'sensitive' or 'not_sensitive'"
            )
        if lookup[tag.casefold()]:
            found.append(tag)
    return found


def sensitive_from_issues(issues: str, codebook: dict | None = None) -> bool:
    """Second coding: is any of the UPR Info issue tags mapped to sensitive?

    ``issues`` is UPR Info's comma-separated ``Issue`` field; empty or missing gives False. An
    unknown tag raises ``ValueError`` (the mapping must cover the whole vocabulary).

    >>> sensitive_from_issues("Detention,Enforced disappearances,Torture and other CID treatment")
    True
    >>> sensitive_from_issues("Right to food,Special procedures")
    False
    """
    return bool(sensitive_tags(issues, codebook))


def code_issues(issues: pd.Series, codebook: dict | None = None) -> pd.Series:
    """:func:`sensitive_from_issues` over a Series (same index), named ``sensitive_tags``."""
    book = resolve_codebook(codebook)
    return pd.Series(
        [sensitive_from_issues(i, book) for i in issues], index=issues.index, name="sensitive_tags", dtype=bool
    )


def _resolution(
    rule: bool,
    counted: list[str],
    matched: list[str],
    excluded: dict[str, list[str]],
    dp: bool,
    tags: list[str],
    s_tags: list[str],
) -> str:
    """A sentence explaining how the text rule (the main coding) settles one disagreement."""
    if rule:
        shown = "; ".join(matched)
        if tags:
            why = (
                f"none of its tags ({', '.join(tags)}) is mapped to sensitive: the tags record "
                f"another aspect of the text or a tag that mixes sensitive and ordinary content"
            )
        else:
            why = "the row has no issue tags"
        return (
            f"Kept SENSITIVE: the text fires {', '.join(counted)} ({shown}); {why}. The main coding follows the text."
        )
    reasons = []
    if excluded:
        shown = quoted(excluded.items())
        reasons.append(
            f"the codebook deliberately excludes the text behind them ({shown}), "
            f"e.g. a treaty to ratify or a thematic mandate rather than the practice"
        )
    if dp:
        reasons.append("the death-penalty flag fired, and it does not count toward sensitive")
    if not reasons:
        reasons.append(
            "no category of the codebook covers the text: the tag is broader than "
            "the codebook's definitions (a candidate for review)"
        )
    return (
        f"Kept NOT SENSITIVE: the tag(s) {', '.join(s_tags)} are mapped to sensitive, but "
        f"{'; and '.join(reasons)}. The main coding follows the text."
    )


def disagreements(
    texts: pd.Series, issues: pd.Series, rule: Iterable[bool], tags: Iterable[bool], codebook: dict | None = None
) -> pd.DataFrame:
    """Every item on which the text rule and the issue-tag coding disagree.

    ``texts`` and ``issues`` are aligned Series (recommendation text and UPR Info ``Issue``);
    ``rule`` and ``tags`` the two boolean codings of the same rows, in the same order. Columns:
    ``text``, ``issues``, ``rule``, ``tags``, ``categories`` (every category that fired, counted
    or not), ``matched`` (the phrases that fired them), ``excluded`` (phrases blanked by
    exclusions), ``sensitive_tags`` (the tags mapped to sensitive) and ``resolution`` (how the
    main, text-rule coding settles it, derived from which side fired and why). Index: that of
    ``texts``.
    """
    book = resolve_codebook(codebook)
    rule = np.asarray(list(rule), dtype=bool)
    tags = np.asarray(list(tags), dtype=bool)
    if not (len(texts) == len(issues) == len(rule) == len(tags)):
        raise ValueError("texts, issues, rule and tags must have the same length")
    counting = set(counted_ids(book))
    rows, index = [], []
    for pos in np.flatnonzero(rule != tags):
        text, issue = texts.iloc[pos], issues.iloc[pos]
        detail = explain(text, book)
        fired = [cid for cid, d in detail.items() if d["matched"]]
        counted = [cid for cid in fired if cid in counting]
        matched = [quoted([(cid, d["matched"])]) for cid, d in detail.items() if d["matched"]]
        # exclusions matter only where they may have stopped a counted category from firing
        excluded = {
            cid: d["excluded"] for cid, d in detail.items() if d["excluded"] and cid in counting and not d["matched"]
        }
        all_tags = _split_tags(issue)
        s_tags = sensitive_tags(issue, book)
        rows.append(
            {
                "text": normalise_text(text),
                "issues": ", ".join(all_tags),
                "rule": bool(rule[pos]),
                "tags": bool(tags[pos]),
                "categories": ", ".join(fired),
                "matched": "; ".join(matched),
                "excluded": quoted(excluded.items()),
                "sensitive_tags": ", ".join(s_tags),
                "resolution": _resolution(
                    bool(rule[pos]),
                    counted,
                    matched,
                    excluded,
                    bool(detail.get("death_penalty", {}).get("matched")),
                    all_tags,
                    s_tags,
                ),
            }
        )
        index.append(texts.index[pos])
    columns = ["text", "issues", "rule", "tags", "categories", "matched", "excluded", "sensitive_tags", "resolution"]
    return pd.DataFrame(rows, index=pd.Index(index, name=texts.index.name), columns=columns)
