"""The book's headline findings as numbers and phrases, computed from the data (for the conclusion).

>>> sorted(headline())[:3]  # doctest: +SKIP
['acc2', 'acc4', 'ame_dist']
"""

from __future__ import annotations

import pandas as pd

from ..analysis import fit, load_specs
from ..analysis.claims import claims_table
from ..analysis.margins import average_marginal_effects
from ..analysis.robustness import failed_variants, holds_up, robustness_table, significant_variants
from ..data.processed import load_model_data
from ..data.reference import official_counts
from .phrases import significance_phrase
from .qualitative import trend as official_trend
from .regression_tables import describe_coefficient


def headline(data: pd.DataFrame | None = None) -> dict[str, object]:
    """Everything the conclusion states, keyed by name.

    Percentage-point effects are signed so that a positive number means *less* acceptance. The
    verdicts on the published claims are those of :func:`dprk_upr.analysis.claims.claims_table` (two-sided
    p < 0.05). "Closer" and "more distant" reviewers are those below and above the median
    ideal-point distance of the second review's reviewers.
    """
    data = load_model_data() if data is None else data
    specs = load_specs()
    fits = {name: fit(specs[name], data) for name in ("acc_2", "acc_3", "acc_4", "wg_fe")}
    ame = average_marginal_effects(fits["acc_3"]).set_index("variable")
    claims = claims_table(fits)
    c2 = data[data["cycle"] == 2]
    reviewers = c2.drop_duplicates("iso3").set_index("iso3")["ideal_point_distance"]
    close = c2["iso3"].map(reviewers <= reviewers.median())
    trend = official_trend(official_counts()).set_index("cycle")
    pk = claims.loc[["pk_specific", "pk_sensitive"], "consistent"].all()
    robust = robustness_table(data, base="acc_3", specs=specs, loo=False)
    interacting = significant_variants(robust, ["distance × specific", "distance × sensitive"])
    return {
        "n": len(data.drop_duplicates("rec_id")),
        "ame_spec": float(-100 * ame.loc["specific", "ame"]),
        "ame_sens": float(-100 * ame.loc["sensitive", "ame"]),
        "ame_dist": float(-100 * ame.loc["ideal_point_distance", "ame"]),
        "ame_dist_p": significance_phrase(ame.loc["ideal_point_distance", "p_value"]),
        "dist_p": significance_phrase(claims.loc["jy_coefficient", "p_value"]),
        "dist_controls": "holds" if holds_up(fits["acc_2"], fits["acc_4"], "ideal_point_distance") else "does not hold",
        "dxs_p": significance_phrase(claims.loc["pk_specific", "p_value"]),
        "dxsens_p": significance_phrase(claims.loc["pk_sensitive", "p_value"]),
        "pk": "is consistent with" if pk else "departs from",
        "jy": "in line with" if claims.loc["jy_coefficient", "consistent"] else "not in line with",
        "robust_n": len(robust) - 1 - len(failed_variants(robust)),
        "robust_inter": len(interacting),
        "wgfe_dxsens": describe_coefficient(fits["wg_fe"], "ideal_point_distance:sensitive"),
        "acc2": int(trend.loc[2, "accepted"]),
        "acc4": int(trend.loc[4, "accepted"]),
        "sens_close": float(100 * c2.loc[close, "sensitive"].mean()),
        "sens_far": float(100 * c2.loc[~close, "sensitive"].mean()),
    }
