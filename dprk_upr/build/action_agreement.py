"""How far the action-category rule agrees with UPR Info's human codes on every coded row available:
the export of 25 July 2018 (sessions 1-27, all states under review) and the two older exports
(sessions 6-9 and 18-20), by session and by export, and held out.

The held-out checks re-derive the two data-derived word lists of the rules
(:mod:`dprk_upr.coding.action_derivation`) from one part of the rows and measure the rules on the
other part: odd sessions -> even sessions and back, and the older exports -> the sessions of the
2018 export that they do not contain, and back. The rules with only the UPR Info note's example
verbs and the hand-written rules (no derived list) give the floor.

One table, ``action_agreement.csv``, for the Coding chapter and the chapter on North Korea as a
reviewer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..coding.action_coder import action_category
from ..coding.action_derivation import explain_all, raw_rules, rederived_rules, rules_from_raw, with_lists

__all__ = ["AGREEMENT_COLUMNS", "action_agreement"]

AGREEMENT_COLUMNS = [
    "check",
    "part",
    "session",
    "train",
    "n",
    "agree",
    "exact",
    "exact_full_lists",
    "lowest_session",
    "lowest_session_exact",
]


def _code(texts: pd.Series, rules: dict) -> np.ndarray:
    """The rule's category of each text under ``rules`` (each distinct text coded once)."""
    cache: dict[str, int] = {}
    out = np.empty(len(texts), dtype=int)
    for k, text in enumerate(texts):
        if text not in cache:
            cache[text] = action_category(text, rules)
        out[k] = cache[text]
    return out


def _row(check: str, part: str, human: np.ndarray, rule: np.ndarray, **extra) -> dict:
    agree = int((human == rule).sum())
    return {"check": check, "part": part, "n": len(human), "agree": agree, "exact": agree / len(human), **extra}


def action_agreement(new: pd.DataFrame, older: pd.DataFrame) -> pd.DataFrame:
    """Agreement of the rule with the human codes, overall, by session, by export, and held out.

    Parameters
    ----------
    new : pandas.DataFrame, shape (n, >= 4)
        The coded rows of the 2018 export: ``Text``, ``Action`` (human code, 1-5), ``Session``
        and ``To`` (state under review), as :func:`dprk_upr.data.readers.read_upr_info_files`
        returns them.
    older : pandas.DataFrame, shape (m, >= 4)
        The coded rows of the older exports, the same columns and ``file``.

    Returns
    -------
    pandas.DataFrame
        One row per check and part, columns ``AGREEMENT_COLUMNS``: ``check`` ("overall", "by
        session", "by export", "subset", "held out", "floor"), ``part`` (what was measured),
        ``session`` (for "by session"), ``train`` (for "held out": the part the lists were
        re-derived from), ``n`` rows, ``agree`` (exact agreements), ``exact`` (share), and for
        "held out" ``exact_full_lists`` (the full lists on the same rows) and the lowest test
        session with its share.

    Raises
    ------
    ValueError
        A frame without coded rows, or codes outside 1-5.
    """
    for name, frame in (("2018 export", new), ("older exports", older)):
        if frame.empty:
            raise ValueError(f"action_agreement: the {name} has no coded rows.")
        bad = ~frame["Action"].isin([1, 2, 3, 4, 5])
        if bad.any():
            raise ValueError(f"action_agreement: {name} has action codes outside 1-5 ({int(bad.sum())} rows).")
    texts = pd.concat([new["Text"], older["Text"]], ignore_index=True)
    explained = explain_all(texts.tolist())
    rule_all = np.array([e["rank"] for e in explained])
    n_new = len(new)
    new = new.assign(rule=rule_all[:n_new], explained_pos=np.arange(n_new))
    older = older.assign(rule=rule_all[n_new:], explained_pos=np.arange(n_new, len(texts)))
    first, last = int(new["Session"].min()), int(new["Session"].max())
    rows = [_row("overall", f"2018 export, sessions {first}-{last}", new["Action"].to_numpy(), new["rule"].to_numpy())]
    for session, part in new.groupby("Session"):
        rows.append(
            _row(
                "by session", f"session {session}", part["Action"].to_numpy(), part["rule"].to_numpy(), session=session
            )
        )
    rows.append(_row("by export", "2018 export (all sessions)", new["Action"].to_numpy(), new["rule"].to_numpy()))
    for name, part in older.groupby("file", sort=True):
        sessions = sorted(part["Session"].unique())
        label = f"older export {name} (sessions {', '.join(map(str, sessions))})"
        rows.append(_row("by export", label, part["Action"].to_numpy(), part["rule"].to_numpy()))
    dprk = new[new["To"] == "DPR Korea"]
    rows.append(
        _row(
            "subset",
            f"North Korea under review, 2018 export (sessions {', '.join(map(str, sorted(dprk['Session'].unique())))})",
            dprk["Action"].to_numpy(),
            dprk["rule"].to_numpy(),
        )
    )
    old_sessions = set(older["Session"])
    odd = new[new["Session"] % 2 == 1]
    even = new[new["Session"] % 2 == 0]
    not_older = new[~new["Session"].isin(old_sessions)]
    splits = [
        ("odd sessions of the 2018 export", odd, "even sessions of the 2018 export", even),
        ("even sessions of the 2018 export", even, "odd sessions of the 2018 export", odd),
        ("the older exports", older, "sessions of the 2018 export not in the older exports", not_older),
        ("sessions of the 2018 export not in the older exports", not_older, "the older exports", older),
    ]
    raw = raw_rules()
    with tempfile.TemporaryDirectory(prefix="action_rules_") as tmp:
        for train_label, train, test_label, test in splits:
            rules = rederived_rules(
                train["Text"].tolist(),
                train["Action"].tolist(),
                Path(tmp),
                explained=[explained[i] for i in train["explained_pos"]],
            )
            held = _code(test["Text"], rules)
            human = test["Action"].to_numpy()
            by_session = pd.Series(human == held).groupby(test["Session"].to_numpy()).mean()
            rows.append(
                _row(
                    "held out",
                    test_label,
                    human,
                    held,
                    train=train_label,
                    exact_full_lists=float((human == test["rule"].to_numpy()).mean()),
                    lowest_session=int(by_session.idxmin()),
                    lowest_session_exact=float(by_session.min()),
                )
            )
        floor = rules_from_raw(with_lists(raw, verbs={}, generic=[]), Path(tmp))
        rows.append(
            _row(
                "floor",
                "2018 export, the note's example verbs and the hand-written rules only",
                new["Action"].to_numpy(),
                _code(new["Text"], floor),
            )
        )
    table = pd.DataFrame(rows).reindex(columns=AGREEMENT_COLUMNS)
    for col in ("session", "lowest_session"):
        table[col] = table[col].astype("Int64")
    table["train"] = table["train"].fillna("")
    return table
