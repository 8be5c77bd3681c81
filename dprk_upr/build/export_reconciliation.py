"""UPR Info's export of 25 July 2018 set beside the older exports on the sessions they share.

The older exports (sessions 6-9 and 18-20; the file named "17-20" holds no row of session 17) are
the ones the North Korea dataset is built from (``data/reference/reviews.csv``). Each of their
rows is paired with the 2018 export's row of the same session, state under review, recommending
state (by ISO3 code, since UPR Info renamed some states between the exports: "Czech Republic"
became "Czechia") and text:

1. *exact*: the same text after case, spacing, punctuation and accents are set aside, and after
   the 2018 export's mis-decoded characters are repaired ("GuaranÃ\\xad" is "Guaraní");
2. *close*: among the rows still unpaired with the same session and states, the most similar
   texts, one to one (rapidfuzz ratio of the normalised texts, at least :data:`MIN_SCORE`).

The paired rows are then compared on the final answer (the older format's "Accepted" and the new
one's "Supported" are the same answer), the action category and the issue tags. Every
difference is listed.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

__all__ = ["normalise_text", "pair_rows", "export_agreement", "MIN_SCORE", "AGREEMENT_COLUMNS", "DIFFERENCE_COLUMNS"]

#: The lowest similarity (0-100) at which two texts that differ are taken for the same recommendation.
MIN_SCORE = 80
AGREEMENT_COLUMNS = [
    "scope",
    "rows_2018",
    "rows_older",
    "paired_exact",
    "paired_close",
    "unpaired_2018",
    "unpaired_older",
    "response_agree",
    "action_agree",
    "both_agree",
    "issues_agree",
    "issues_vocabulary",
]
DIFFERENCE_COLUMNS = [
    "kind",
    "session",
    "state_under_review",
    "recommending_state",
    "file_2018",
    "line_2018",
    "file_older",
    "line_older",
    "value_2018",
    "value_older",
    "text_2018",
    "text_older",
]
_RESPONSE = {"Supported": "Accepted", "Accepted": "Accepted", "Noted": "Noted"}


def _repair(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("Ã\\xad" -> "í"); other texts unchanged."""
    if "Ã" in text or "Â" in text:
        for enc in ("cp1252", "latin-1"):
            try:
                return text.encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
    return text


def normalise_text(text: str) -> str:
    """Lower-case words of ``text`` without accents or punctuation, for pairing.

    >>> normalise_text("Continue to address the situation of the GuaranÃ\\xad peoples.")
    'continue to address the situation of the guarani peoples'
    >>> normalise_text("a) includes clear objectives -") == normalise_text("a includes clear objectives")
    True
    """
    folded = unicodedata.normalize("NFKD", _repair(str(text))).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def pair_rows(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """Pair the rows of two exports of the same sessions (see the module docstring).

    Parameters
    ----------
    new, old : pandas.DataFrame
        Rows with ``rid`` (a key unique within each frame), ``Session``, ``sur_iso3``,
        ``rs_iso3`` and ``Text``.

    Returns
    -------
    pandas.DataFrame
        One row per pair or unpaired row: ``rid_new`` and ``rid_old`` (missing on the side
        without a partner), ``how`` ("exact", "close", "only in the 2018 export", "only in the
        older export") and ``score`` (100 for exact pairs).
    """
    keys = ["Session", "sur_iso3", "rs_iso3", "norm"]
    a = new.assign(norm=new["Text"].map(normalise_text))
    b = old.assign(norm=old["Text"].map(normalise_text))
    a["k"] = a.groupby(keys).cumcount()
    b["k"] = b.groupby(keys).cumcount()
    exact = a[keys + ["k", "rid"]].merge(b[keys + ["k", "rid"]], on=keys + ["k"], suffixes=("_new", "_old"))
    pairs = [exact[["rid_new", "rid_old"]].assign(how="exact", score=100.0)]
    left = a[~a["rid"].isin(exact["rid_new"])]
    right = b[~b["rid"].isin(exact["rid_old"])]
    group = ["Session", "sur_iso3", "rs_iso3"]
    for key, part_new in left.groupby(group):
        part_old = right[(right[group] == pd.Series(key, index=group)).all(axis=1)]
        if part_old.empty:
            continue
        scores = np.array([[fuzz.ratio(x, y) for y in part_old["norm"]] for x in part_new["norm"]])
        rows, cols = linear_sum_assignment(-scores)
        for r, c in zip(rows, cols):
            if scores[r, c] >= MIN_SCORE:
                pairs.append(
                    pd.DataFrame(
                        {
                            "rid_new": [part_new["rid"].iat[r]],
                            "rid_old": [part_old["rid"].iat[c]],
                            "how": ["close"],
                            "score": [float(scores[r, c])],
                        }
                    )
                )
    paired = pd.concat(pairs, ignore_index=True)
    only_new = a.loc[~a["rid"].isin(paired["rid_new"]), ["rid"]].rename(columns={"rid": "rid_new"})
    only_old = b.loc[~b["rid"].isin(paired["rid_old"]), ["rid"]].rename(columns={"rid": "rid_old"})
    out = pd.concat(
        [
            paired,
            only_new.assign(how="only in the 2018 export", score=np.nan),
            only_old.assign(how="only in the older export", score=np.nan),
        ],
        ignore_index=True,
    )
    for col in ("rid_new", "rid_old"):
        out[col] = out[col].astype("Int64")
    return out


def _tag_set(issues) -> set[str]:
    return {t.strip() for t in str(issues if isinstance(issues, str) else "").split(",") if t.strip()}


def _vocabulary_only(new: pd.Series, old: pd.Series) -> pd.Series:
    """True where two tag lists differ only by tags that the other export never uses (a tag
    renamed, dropped or added between the exports: "NHRI" / "National Human Rights Institution")."""
    a, b = new.map(_tag_set), old.map(_tag_set)
    vocab_new = set().union(*a) if len(a) else set()
    vocab_old = set().union(*b) if len(b) else set()
    return pd.Series(
        [bool((x - y) or (y - x)) and not ((x - y) & vocab_old) and not ((y - x) & vocab_new) for x, y in zip(a, b)],
        index=new.index,
    )


def _tags(issues: str) -> str:
    return ", ".join(sorted({t.strip() for t in str(issues).split(",") if t.strip()}))


def export_agreement(
    new: pd.DataFrame, old: pd.DataFrame, dprk: str = "DPR Korea"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement of the 2018 export with the older exports on their shared sessions.

    Parameters
    ----------
    new : pandas.DataFrame
        The 2018 export's rows (all sessions), with ``sur_iso3`` and ``rs_iso3`` added to the
        reader's columns; ``file`` and ``row`` locate each row.
    old : pandas.DataFrame
        The older exports' rows, the same columns.
    dprk : str
        UPR Info's name of North Korea, for the scope of its own rows.

    Returns
    -------
    (agreement, differences) : tuple of pandas.DataFrame
        ``agreement``: one row per shared session, one for North Korea's rows and one for all,
        columns ``AGREEMENT_COLUMNS`` (counts of rows; the ``*_agree`` counts are over the
        paired rows; ``issues_vocabulary`` counts the pairs whose tags differ only by tags the
        other export never uses). ``differences``: one row per difference (an answer, action category or
        issue tags that differ, a text paired only by similarity, or a row without partner),
        columns ``DIFFERENCE_COLUMNS``.

    Raises
    ------
    ValueError
        A row of either export appears in two pairs (the pairing must be one to one).
    """
    shared = sorted(set(old["Session"]))
    new = new[new["Session"].isin(shared)].assign(rid=lambda d: range(len(d)))
    old = old.assign(rid=range(len(old)))
    pairs = pair_rows(new, old)
    for col in ("rid_new", "rid_old"):
        used = pairs[col].dropna()
        if used.duplicated().any():
            raise ValueError(f"export_agreement: a row is paired twice ({col} {used[used.duplicated()].tolist()[:5]}).")
    cols = ["rid", "row", "file", "Session", "To", "From", "Text", "Response", "Action", "Issue"]
    a = new[cols].rename(columns=lambda c: f"{c}_new")
    b = old[cols].rename(columns=lambda c: f"{c}_old")
    merged = pairs.merge(a, on="rid_new", how="left", validate="many_to_one").merge(
        b, on="rid_old", how="left", validate="many_to_one"
    )
    merged["Session"] = merged["Session_new"].fillna(merged["Session_old"]).astype(int)
    merged["sur"] = merged["To_new"].fillna(merged["To_old"])
    both = merged["how"].isin(["exact", "close"])
    merged["response_ok"] = both & (merged["Response_new"].map(_RESPONSE) == merged["Response_old"].map(_RESPONSE))
    merged["action_ok"] = both & (merged["Action_new"] == merged["Action_old"])
    merged["issues_ok"] = both & (merged["Issue_new"].map(_tags) == merged["Issue_old"].map(_tags))
    merged["issues_vocab"] = both & ~merged["issues_ok"] & _vocabulary_only(merged["Issue_new"], merged["Issue_old"])

    rows = [_count(part, f"session {s}") for s, part in merged.groupby("Session")]
    rows.append(_count(merged[merged["sur"] == dprk], "North Korea under review (sessions 6 and 19)"))
    rows.append(_count(merged, f"all shared sessions ({', '.join(map(str, shared))})"))
    agreement = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)

    return agreement, _differences(merged, both)


def _count(part: pd.DataFrame, scope: str) -> dict:
    """One row of the agreement table: the rows of each export in ``part`` (paired rows of
    :func:`export_agreement`), how they were paired and on what they agree."""
    paired = part["how"].isin(["exact", "close"])
    return {
        "scope": scope,
        "rows_2018": int(part["rid_new"].notna().sum()),
        "rows_older": int(part["rid_old"].notna().sum()),
        "paired_exact": int((part["how"] == "exact").sum()),
        "paired_close": int((part["how"] == "close").sum()),
        "unpaired_2018": int((part["how"] == "only in the 2018 export").sum()),
        "unpaired_older": int((part["how"] == "only in the older export").sum()),
        "response_agree": int((paired & part["response_ok"]).sum()),
        "action_agree": int((paired & part["action_ok"]).sum()),
        "both_agree": int((paired & part["response_ok"] & part["action_ok"]).sum()),
        "issues_agree": int((paired & part["issues_ok"]).sum()),
        "issues_vocabulary": int((paired & part["issues_vocab"]).sum()),
    }


def _differences(merged: pd.DataFrame, both: pd.Series) -> pd.DataFrame:
    """The differences table of :func:`export_agreement`: one row per differing answer, action
    category or issue tags of a pair (``both``: the rows paired exactly or by similarity), per text
    paired only by similarity, and per row without partner."""
    diffs = []
    checks = [
        ("final answer", "Response", "response_ok"),
        ("action category", "Action", "action_ok"),
        ("issue tags", "Issue", "issues_ok"),
    ]
    for kind, col, ok in checks:
        bad = merged[both & ~merged[ok]]
        value = (lambda v: _tags(v)) if col == "Issue" else (lambda v: str(v))
        diffs.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "session": bad["Session"],
                    "state_under_review": bad["To_new"],
                    "recommending_state": bad["From_new"],
                    "file_2018": bad["file_new"],
                    "line_2018": bad["row_new"],
                    "file_older": bad["file_old"],
                    "line_older": bad["row_old"],
                    "value_2018": bad[f"{col}_new"].map(value),
                    "value_older": bad[f"{col}_old"].map(value),
                    "text_2018": bad["Text_new"],
                    "text_older": bad["Text_old"],
                }
            )
        )
    close = merged[merged["how"] == "close"]
    diffs.append(
        pd.DataFrame(
            {
                "kind": "text (paired by similarity)",
                "session": close["Session"],
                "state_under_review": close["To_new"],
                "recommending_state": close["From_new"],
                "file_2018": close["file_new"],
                "line_2018": close["row_new"],
                "file_older": close["file_old"],
                "line_older": close["row_old"],
                "value_2018": close["score"].map(lambda s: f"similarity {s:.0f}"),
                "value_older": "",
                "text_2018": close["Text_new"],
                "text_older": close["Text_old"],
            }
        )
    )
    lonely = merged[~both]
    diffs.append(
        pd.DataFrame(
            {
                "kind": lonely["how"].map(lambda h: f"row {h}"),
                "session": lonely["Session"],
                "state_under_review": lonely["sur"],
                "recommending_state": lonely["From_new"].fillna(lonely["From_old"]),
                "file_2018": lonely["file_new"],
                "line_2018": lonely["row_new"],
                "file_older": lonely["file_old"],
                "line_older": lonely["row_old"],
                "value_2018": "",
                "value_older": "",
                "text_2018": lonely["Text_new"].fillna(""),
                "text_older": lonely["Text_old"].fillna(""),
            }
        )
    )
    differences = pd.concat(diffs, ignore_index=True).reindex(columns=DIFFERENCE_COLUMNS)
    for col in ("file_2018", "file_older"):
        differences[col] = differences[col].fillna("")
    for col in ("line_2018", "line_older"):
        differences[col] = differences[col].astype("Int64")
    return differences.reset_index(drop=True)
