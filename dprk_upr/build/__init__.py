"""Stage 3 of the pipeline: build the processed tables from the raw inputs (``python -m dprk_upr build``).

For every review listed in ``data/reference/reviews.csv`` that has a report text, the build parses
the UN report, links it to UPR Info and codes it (:mod:`.recommendations`); it then adds the
reviewers' measures and the models' data, reconciles the counts with the official ones
(:mod:`.tables`) and writes, all or nothing,

- ``recommendations.csv``: one row per recommendation;
- ``recommendation_states.csv``: one row per recommendation and recommending state;
- ``reviewers.csv``: one row per recommending state and cycle, with the relationship measures;
- ``model_data.csv``: one row per recommendation and recommending state, for the models;
- ``links.csv``: one row per UPR Info record with the paragraph it belongs to and the score;
- ``reconciliation.csv``: our counts beside the official ones, every difference explained;
- ``action_validation.csv``: every coded UPR Info row with the human and the rule-based
  action category, for validating the rule;
- the tables of UPR Info's export of 25 July 2018 (every state under review, North Korea's own
  recommendations, the peer set, the reconciliation with the older exports and the
  action-category rule on every coded row; ``dprk_upr.build.all_states``);
- ``codebook.csv``: the data dictionary of all of these.

A review whose report text is missing (cycles 3 and 4 today) contributes official counts only;
adding its report file and UPR Info export to the manifest and to ``reviews.csv`` is all it
takes to bring it in at recommendation level.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..data.reference import REVIEWS, official_counts, read_reviews
from ..data.sources import check_raw, read_manifest
from .all_states import build_all_states
from .output import write_processed
from .recommendations import (
    RECOMMENDATION_COLUMNS,
    BuildError,
    action_validation,
    review_recommendations,
    validate_recommendations,
)
from .tables import codebook_table, model_table, reconcile, reviewers_table

__all__ = ["build", "write_processed"]  # BuildError: dprk_upr.build.recommendations


def build(
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    reviews_path: Path = REVIEWS,
    official_path: Path = paths.OFFICIAL_COUNTS,
    manifest: Path | None = paths.MANIFEST,
) -> dict[str, pd.DataFrame]:
    """Build every processed table and write them to ``out_dir``, all or nothing.

    Every raw input is first checked against ``manifest`` (``data/sources.csv``; None skips the
    check, for tests that build from deliberately altered copies). The tables are written to a
    new build folder with their checksums and swapped in with one rename only when every check
    has passed (:func:`dprk_upr.build.output.write_processed`), so a failed or killed build
    leaves the previous processed data untouched. Returns the tables by name.
    """
    raw_dir = Path(raw_dir) if raw_dir else paths.raw_dir()
    out_dir = Path(out_dir) if out_dir else paths.processed_dir()
    reviews = read_reviews(reviews_path)
    if manifest is not None:
        check_raw(manifest, raw_dir)
        listed = set(read_manifest(manifest)["file"])
        for line, review in zip(reviews.attrs.get("lines", range(2, len(reviews) + 2)), reviews.itertuples()):
            for column in ("report_file", "upr_info_file"):
                name = getattr(review, column)
                if name and name not in listed:
                    raise BuildError(
                        f"{reviews_path}, line {line}: {column} '{name}' is not an input of {manifest}; correct the "
                        "name, or add the file to the manifest with its URL and checksum (CONTRIBUTING.md)."
                    )
    official = official_counts(official_path)
    parts = [review_recommendations(r, raw_dir) for _, r in reviews.iterrows() if r["report_file"]]
    recs = pd.concat([p[0] for p in parts], ignore_index=True)
    validate_recommendations(recs)
    recs = recs[list(RECOMMENDATION_COLUMNS) + [c for c in recs.columns if c not in RECOMMENDATION_COLUMNS]]
    pairs = pd.concat([p[1] for p in parts], ignore_index=True)
    reviewers = reviewers_table(pairs, raw_dir, reviews)
    tables = {
        "recommendations": recs,
        "recommendation_states": pairs,
        "reviewers": reviewers,
        "model_data": model_table(recs, pairs, reviewers),
        "links": pd.concat([p[2] for p in parts], ignore_index=True),
        "reconciliation": reconcile(recs, official),
        "action_validation": action_validation(reviews, raw_dir),
    }
    tables.update(build_all_states(raw_dir, reviews))
    tables["codebook"] = codebook_table(tables)
    write_processed(tables, out_dir)
    return tables
