"""The book's headline findings as numbers and phrases, computed from the data (for the conclusion).

>>> sorted(headline())[:3]  # doctest: +SKIP
['acc2', 'acc4', 'ame_dist']
"""

from __future__ import annotations

import pandas as pd

from . import describe, models, qualitative


def headline(data: pd.DataFrame | None = None) -> dict[str, object]:
    """Everything the conclusion states, keyed by name.

    Percentage-point effects are signed so that a positive number means *less* acceptance. The
    verdicts on the published claims are those of :func:`dprk_upr.models.claims_table` (two-sided
    p < 0.05). "Closer" and "more distant" reviewers are those below and above the median
    ideal-point distance of the second review's reviewers.
    """
    data = models.load_model_data() if data is None else data
    specs = {s["id"]: s for s in models.load_specs()}
    fits = {name: models.fit(specs[name], data) for name in ("acc_2", "acc_3", "acc_4", "wg_fe")}
    ame = models.average_marginal_effects(fits["acc_3"]).set_index("variable")
    claims = models.claims_table(fits)
    c2 = data[data["cycle"] == 2]
    reviewers = c2.drop_duplicates("iso3").set_index("iso3")["ideal_point_distance"]
    close = c2["iso3"].map(reviewers <= reviewers.median())
    trend = qualitative.trend(describe.official_counts()).set_index("cycle")
    pk = claims.loc[["pk_specific", "pk_sensitive"], "consistent"].all()
    robust = models.robustness_table(data, base="acc_3", specs=list(specs.values()), loo=False)
    interacting = models.significant_variants(robust, ["distance × specific", "distance × sensitive"])
    return {
        "n": len(data.drop_duplicates("rec_id")),
        "ame_spec": float(-100 * ame.loc["specific", "ame"]),
        "ame_sens": float(-100 * ame.loc["sensitive", "ame"]),
        "ame_dist": float(-100 * ame.loc["ideal_point_distance", "ame"]),
        "ame_dist_p": models.significance_phrase(ame.loc["ideal_point_distance", "p_value"]),
        "dist_p": models.significance_phrase(claims.loc["jy_coefficient", "p_value"]),
        "dist_controls": "holds" if models.holds_up(fits["acc_2"], fits["acc_4"], "ideal_point_distance")
                         else "does not hold",
        "dxs_p": models.significance_phrase(claims.loc["pk_specific", "p_value"]),
        "dxsens_p": models.significance_phrase(claims.loc["pk_sensitive", "p_value"]),
        "pk": "is consistent with" if pk else "departs from",
        "jy": "in line with" if claims.loc["jy_coefficient", "consistent"] else "not in line with",
        "robust_n": len(robust) - 1 - len(models.failed_variants(robust)),
        "robust_inter": len(interacting),
        "wgfe_dxsens": models.describe_coefficient(fits["wg_fe"], "ideal_point_distance:sensitive"),
        "acc2": int(trend.loc[2, "accepted"]),
        "acc4": int(trend.loc[4, "accepted"]),
        "sens_close": float(100 * c2.loc[close, "sensitive"].mean()),
        "sens_far": float(100 * c2.loc[~close, "sensitive"].mean()),
    }
