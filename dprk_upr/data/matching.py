"""Link each recommendation of a UN report to its row(s) in the UPR Info database.

The UN report gives the authoritative text, number and Working Group position; UPR Info adds
the final answer, the action category and issue tags. The two do not share an identifier, and
UPR Info edits texts lightly, so the link is made by text similarity:

1. Both texts are normalised (case, punctuation, the state's many names folded to "dprk").
2. Every paragraph-row pair is scored with rapidfuzz's ``ratio`` (0-100); a pair whose
   recommending states disagree scores 0.
3. An optimal one-to-one assignment (Hungarian algorithm) pairs each paragraph with one row.
   Every pair must reach :data:`MIN_SCORE`, unless the row is a part of a split paragraph
   (step 4).
4. **Split rule.** UPR Info splits a paragraph in two when the state accepted one part and
   noted the other (cycle 2, 124.7: "Ratify CRPD" accepted, the rest noted). A row left over
   after step 3 is attached to the paragraph of the same recommending state that contains it
   best (rapidfuzz ``token_set_ratio``, which is 100 when every word of the row occurs in the
   paragraph; at least :data:`MIN_PART_SCORE` and no tie). A paragraph made of parts must
   have its words covered by them (:data:`MIN_COVERAGE`); its answer combines their answers.

Anything that fails a rule stops the build with the offending texts; nothing is dropped.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

#: The lowest similarity (0-100) at which a paragraph and a row are the same recommendation.
MIN_SCORE = 80.0
#: The lowest containment score (0-100) at which a left-over row is a part of a paragraph.
MIN_PART_SCORE = 90.0
#: The share of a split paragraph's words its parts must cover.
MIN_COVERAGE = 0.8
# Words a split drops without loss of content ("Ratify A and B" -> "Ratify A", "Ratify B").
FUNCTION_WORDS = frozenset("a an and as in its of on or the to with".split())

_STATE_NAMES = re.compile(r"(?:the )?(?:democratic people'?s republic of korea|dprk|north korea)\b", re.IGNORECASE)


class MatchError(ValueError):
    """Paragraphs and UPR Info rows cannot be linked under the documented rules."""


def normalise_text(text: str) -> str:
    """Lower-case, fold the names of the state under review, drop punctuation and extra spaces.

    >>> normalise_text("Ratify CAT, as the Democratic People\u2019s Republic of Korea pledged.")
    'ratify cat as dprk pledged'
    """
    s = str(text).replace("\u2019", "'").replace("\u2018", "'")
    s = _STATE_NAMES.sub(" dprk ", s).lower()
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def link(un: pd.DataFrame, upr: pd.DataFrame) -> pd.DataFrame:
    """Link UN paragraphs to UPR Info rows of the same review.

    Parameters
    ----------
    un
        One row per paragraph with ``paragraph``, ``text`` and ``iso3s`` (set or list of the
        recommending states' ISO3 codes).
    upr
        One row per UPR Info record with ``row`` (its line in the export), ``Text`` and
        ``from_iso3``.

    Returns
    -------
    pandas.DataFrame
        One row per UPR Info record: ``paragraph``, ``row``, ``score`` (0-100) and ``link``
        ("one-to-one" or "split part"). Every paragraph appears at least once and every UPR
        Info row exactly once.

    Raises
    ------
    MatchError
        Listing the texts, when there are fewer rows than paragraphs, a pair falls below
        :data:`MIN_SCORE`, or a left-over row fits no paragraph.
    """
    if len(upr) < len(un):
        raise MatchError(
            f"{len(un)} UN paragraphs but only {len(upr)} UPR Info rows: UPR Info lacks "
            "recommendations of this review; check the session filter."
        )
    a = [normalise_text(t) for t in un["text"]]
    b = [normalise_text(t) for t in upr["Text"]]
    scores = process.cdist(a, b, scorer=fuzz.ratio, workers=1).astype(float)
    same_state = np.array([[r in set(states) for r in upr["from_iso3"]] for states in un["iso3s"]])
    scores = np.where(same_state, scores, 0.0)
    rows_idx, cols_idx = linear_sum_assignment(-scores)
    links, weak = [], {}
    for i, j in zip(rows_idx, cols_idx):
        kind = "one-to-one"
        if scores[i, j] < MIN_SCORE:
            # Perhaps one part of a split paragraph; confirmed below once its other part is found.
            weak[i] = j
            kind = "split part"
        links.append((i, j, float(scores[i, j]), kind))
    leftover = sorted(set(range(len(upr))) - set(cols_idx))
    unplaced = []
    for j in leftover:
        candidates = sorted(
            ((fuzz.token_set_ratio(b[j], a[i]), i) for i in range(len(un)) if same_state[i, j]), reverse=True
        )
        best = candidates[0] if candidates else (0.0, None)
        tied = len(candidates) > 1 and candidates[1][0] == best[0]
        if best[1] is None or best[0] < MIN_PART_SCORE or tied:
            unplaced.append(
                f"  UPR Info row {upr['row'].iloc[j]} ({upr['from_iso3'].iloc[j]}): "
                f"{upr['Text'].iloc[j]!r} (best part score {best[0]:.0f}"
                f"{', tied between paragraphs' if tied else ''})"
            )
            continue
        partners = [j2 for i2, j2, _, kind in links if i2 == best[1] and kind == "one-to-one"]
        if any(b[j2] == b[j] for j2 in partners):
            # a row identical to its paragraph's one-to-one partner is a repeat, not the other part of a split
            unplaced.append(
                f"  UPR Info row {upr['row'].iloc[j]} ({upr['from_iso3'].iloc[j]}): repeats row "
                f"{upr['row'].iloc[partners[0]]}, the whole of paragraph {un['paragraph'].iloc[best[1]]}; a split "
                "part must differ from the whole. Remove the repeated row from the export"
            )
            continue
        links.append((best[1], j, float(best[0]), "split part"))
    if unplaced:
        raise MatchError("UPR Info row(s) fit no UN paragraph, whole or as a part:\n" + "\n".join(unplaced))
    split_paragraphs = {i for i, _, _, kind in links if kind == "split part"}
    parts = {i: [j for i2, j, _, _ in links if i2 == i] for i in split_paragraphs}
    failed = []
    for i, js in parts.items():
        words = set(a[i].split()) - FUNCTION_WORDS
        covered = len(words & set(" ".join(b[j] for j in js).split())) / max(len(words), 1)
        if (i in weak and len(js) < 2) or covered < MIN_COVERAGE:
            failed.append(
                f"  {un['paragraph'].iloc[i]}: UN {un['text'].iloc[i]!r}\n"
                + "\n".join(f"      UPR Info row {upr['row'].iloc[j]}: {upr['Text'].iloc[j]!r}" for j in js)
            )
    if failed:
        raise MatchError(
            f"{len(failed)} paragraph(s) match no UPR Info row of the same state (score >= "
            f"{MIN_SCORE}) and are not covered by parts:\n" + "\n".join(failed)
        )
    links = [
        (un["paragraph"].iloc[i], upr["row"].iloc[j], score, "split part" if i in parts else kind)
        for i, j, score, kind in links
    ]
    result = pd.DataFrame(links, columns=["paragraph", "row", "score", "link"])
    assert result["row"].is_unique and set(result["paragraph"]) == set(un["paragraph"])
    return result.sort_values(["paragraph", "row"], key=_paragraph_key).reset_index(drop=True)


def _paragraph_key(col: pd.Series) -> pd.Series:
    if col.name != "paragraph":
        return col
    return col.map(lambda p: tuple(int(x) for x in str(p).split(".")))


def combine_responses(responses: pd.Series, where: str = "") -> str:
    """The answer to a paragraph from the answers to its UPR Info rows ("Accepted" or, in the
    2018 export, "Supported"; "Noted"). ``where`` names the paragraph and rows for messages.

    >>> combine_responses(pd.Series(["Accepted", "Noted"]))
    'partially accepted'
    >>> combine_responses(pd.Series(["Noted"]))
    'noted'
    """
    values = set(responses.str.lower().replace("supported", "accepted"))
    if values == {"accepted"}:
        return "accepted"
    if values == {"noted"}:
        return "noted"
    if values == {"accepted", "noted"}:
        return "partially accepted"
    raise MatchError(
        f"{where + ': ' if where else ''}unexpected UPR Info response(s) {sorted(values)}; expected Accepted "
        "(or Supported) or Noted. Use the export exactly as published."
    )
