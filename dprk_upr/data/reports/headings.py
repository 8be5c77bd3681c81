"""The headings of the lists of recommendations, and what each says the state under review did
with its list (:func:`wg_position`)."""

from __future__ import annotations

import re

POSITIONS = ("examine", "supported", "noted", "rejected")

# --------------------------------------------------------------------------------------------
# Headings
# --------------------------------------------------------------------------------------------

# The wording of the list headings, from the Working Group reports of the four cycles. The
# negative forms come first because they contain the positive ones ("did not enjoy the support").
_NEGATIVE = re.compile(
    r"\b(?:did|does|do|would|will|could|can)\s+not\s+(?:enjoy|have|receive|obtain|get|gain)\s+"
    r"(?:the\s+|its\s+)?support"
    r"|\bnot\s+(?:been\s+)?(?:supported|accepted)\b"
    r"|\bcannot\s+(?:be\s+)?(?:accept|support)"
    r"|\b(?:does|do|did)\s+not\s+(?:accept|support)\b"
    r"|\breject(?:s|ed)?\b"
)
_NOTED = re.compile(
    r"\b(?:be|been|are|is|were|was|being)\s+noted\b|\btakes?\s+note\b|\btook\s+note\b"
    r"|\bnoted\s+by\b|\bnotes\s+the\s+following\b"
)
_SUPPORTED = re.compile(
    r"\b(?:enjoy(?:s|ed)?|receive[sd]?|obtain(?:s|ed)?)\s+(?:the\s+|its\s+)?(?:full\s+|partial\s+)?support"
    r"|\b(?:are|is|were|was|been)\s+supported\b|\bsupports?\s+the\s+following\b"
    r"|\b(?:has|have|had)\s+the\s+support\b|\baccept(?:s|ed)\b"
    r"|\balready\s+(?:been\s+)?implemented|\bin\s+the\s+process\s+of\s+(?:being\s+)?implement"
    r"|\bagree[sd]?\s+(?:to\s+follow[\s-]*up|on\s+the\s+following|with\s+the\s+following)"
)
_EXAMINE = re.compile(
    r"\bwill\s+be\s+(?:further\s+)?(?:examined|considered|studied)\b|\bwill\s+(?:further\s+)?examine\b"
    r"|\bwill\s+provide\s+(?:its\s+|their\s+)?(?:responses?|repl(?:y|ies)|answers?)\b"
    r"|\bresponses?\s+in\s+due\s+(?:time|course)\b|\bunder\s+consideration\b|\bwill\s+consider\b"
    r"|\bwill\s+respond\b|\bwill\s+be\s+included\s+in\s+the\s+outcome\s+report\b"
)
# A heading that introduces a list of recommendations without saying what the state did with
# them, as in the first sessions (2008): "In the course of the discussion, the following
# recommendations were made to X:", "During the interactive dialogue, different countries have
# presented recommendations as follows:". The position is then stated by the paragraph after the
# list ("The response of X to these recommendations will be included in the outcome report",
# "All recommendations ... enjoy the support of X").
_LIST_INTRO = re.compile(
    r"\bfollowing\s+recommendations?\b|\brecommendations?\b[^.:]*\b(?:as\s+follows|the\s+following)\b"
    r"|\brecommendations?\s+(?:listed\s+)?below\b"
)


def wg_position(heading: str) -> str | None:
    """What a list heading says the state under review did with its recommendations.

    Parameters
    ----------
    heading
        The heading's text (number and colon optional; any spacing, several sentences).

    Returns
    -------
    str or None
        ``"examine"`` (to be examined, responses later), ``"supported"`` (enjoy the support;
        examined and supported; considered already implemented or in the process of
        implementation; accepted; agrees to follow up), ``"noted"`` (noted, including "did not
        enjoy the support ... and would thus be noted"), ``"rejected"`` (did not enjoy the
        support, without "noted"), or None when the text is not such a heading. The phrases are
        those of the Working Group reports of the four cycles; a negative phrase is checked
        before the positive one it contains.

    Examples
    --------
    >>> wg_position("The following recommendations did not enjoy the support of DPRK:")
    'rejected'
    >>> wg_position("The following recommendations did not enjoy the support of X and would thus be noted:")
    'noted'
    >>> wg_position("The following recommendations will be examined by X, which will provide responses in due time:")
    'examine'
    >>> wg_position("The recommendations below have been examined by X and enjoy the support of X")
    'supported'
    >>> wg_position("The following recommendations have been noted by X:")
    'noted'
    >>> wg_position("The delegation thanked the States for their statements") is None
    True
    """
    h = " ".join(str(heading).replace("\u2019", "'").split()).lower()
    if _NEGATIVE.search(h):
        return "noted" if _NOTED.search(h) else "rejected"
    if _NOTED.search(h):
        return "noted"
    if _SUPPORTED.search(h):
        return "supported"
    if _EXAMINE.search(h):
        return "examine"
    return None
