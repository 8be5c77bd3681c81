"""What a recommendation asks for, held constant: near-duplicate texts grouped by TF-IDF cosine
similarity and used as fixed effects.

Reviewers close to North Korea tend to ask for different (softer) things than distant ones, so a
distance effect can stand in for content. Recommendations whose texts are nearly the same
(scikit-learn's TF-IDF vectors of words and word pairs, English stop words removed, sublinear term
frequencies; cosine similarity at least a threshold) are linked, and the connected groups of
linked recommendations become fixed effects of a linear probability model: distance is then
identified only by near-identical recommendations from reviewers at different distances.
Recommendations without a near-duplicate form no comparison and are dropped as singletons. The
threshold is a choice, so it is varied (:data:`THRESHOLDS`); a low threshold chains loosely
related texts into large groups, a high one keeps only near-copies.
"""

from __future__ import annotations

import pandas as pd
from scipy.sparse.csgraph import connected_components

from .estimators import fit
from .inference import wild_bootstrap
from .results import EstimationError

#: The main cosine-similarity threshold at which texts count as near-duplicates (texts that share
#: most of their distinctive words).
MAIN_THRESHOLD = 0.35
#: The thresholds the chapter reports, a looser and a stricter one around the main one.
THRESHOLDS = (0.25, MAIN_THRESHOLD, 0.5)


def similarity(texts: pd.Series):
    """Cosine similarity of the texts' TF-IDF vectors (a sparse n x n matrix)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2)).fit_transform(
        texts.fillna("").astype(str)
    )
    return vectors @ vectors.T


def text_groups(texts: pd.Series, threshold: float, similar=None) -> pd.Series:
    """Group label of each text (index kept): texts linked by cosine similarity >= ``threshold``
    of their TF-IDF vectors, and the texts linked to those, share a group. ``similar``: the
    matrix of :func:`similarity`, computed when not given. Raises ValueError for a threshold
    outside (0, 1]."""
    if not 0 < threshold <= 1:
        raise ValueError(f"text_groups: the threshold must be in (0, 1], not {threshold}")
    similar = similarity(texts) if similar is None else similar
    _, labels = connected_components(similar >= threshold, directed=False)
    return pd.Series(labels, index=texts.index, name="dup_group")


def with_text_groups(data: pd.DataFrame, recommendations: pd.DataFrame, threshold: float, similar=None) -> pd.DataFrame:
    """``data`` with ``dup_group``, the near-duplicate group of each recommendation's text
    (matched on ``rec_id``; ``similar`` as in :func:`text_groups`). Raises ValueError when a
    recommendation has no text."""
    groups = text_groups(recommendations.set_index("rec_id")["text"], threshold, similar)
    out = data.copy()
    out["dup_group"] = out["rec_id"].map(groups)
    if out["dup_group"].isna().any():
        raise ValueError(
            "with_text_groups: recommendation(s) without a text: "
            + ", ".join(out.loc[out["dup_group"].isna(), "rec_id"][:3])
        )
    out["dup_group"] = out["dup_group"].astype(int)
    return out


def _distance(result, sd: float) -> dict:
    """Distance's coefficient as percentage points per SD, with the wild bootstrap."""
    w = wild_bootstrap(result, "ideal_point_distance")
    return {
        "estimate": 100 * sd * w.estimate,
        "ci_low": 100 * sd * w.ci_low,
        "ci_high": 100 * sd * w.ci_high,
        "p_wild": w.p_value,
    }


def content_table(
    data: pd.DataFrame, recommendations: pd.DataFrame, specs, ids=("acc_dup", "wg_dup"), thresholds=THRESHOLDS
) -> pd.DataFrame:
    """For each threshold and model: ``groups`` (with two or more members in the sample),
    ``n`` (recommendations in them), ``largest`` (size of the largest group), the distance effect
    with the text-group effects (``estimate``, ``ci_low``, ``ci_high``, ``p_wild``; percentage
    points per SD of distance) and, on the same rows without them, ``pooled`` and ``pooled_p``.
    A model that cannot be estimated keeps its row with the reason in ``note``."""
    rows = []
    similar = similarity(recommendations.set_index("rec_id")["text"])
    for threshold in thresholds:
        grouped = with_text_groups(data, recommendations, threshold, similar)
        for spec_id in ids:
            spec = specs[spec_id]
            row = {"threshold": threshold, "model": spec_id, "outcome": spec.outcome, "note": ""}
            try:
                res = fit(spec, grouped)
                sd = float(res.frame["ideal_point_distance"].std())
                sizes = res.frame["dup_group"].value_counts()
                row.update(groups=int(len(sizes)), n=res.n, largest=int(sizes.max()), **_distance(res, sd))
                same_rows = grouped[grouped["rec_id"].isin(res.frame["rec_id"])]
                pooled = fit(spec.replace(estimator="lpm", fixed_effects=[]), same_rows)
                plain = _distance(pooled, sd)
                row.update(pooled=plain["estimate"], pooled_p=plain["p_wild"])
            except EstimationError as err:
                row["note"] = str(err)
            rows.append(row)
    return pd.DataFrame(rows)
