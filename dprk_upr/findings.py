"""The book's headline findings as numbers and phrases, computed from the data (for the conclusion).

>>> sorted(headline())[:3]  # doctest: +SKIP
['acc2', 'acc4', 'ame_dist']
"""

from __future__ import annotations

import pandas as pd

from . import describe, models, qualitative


def headline(data: pd.DataFrame | None = None) -> dict[str, object]:
    """Everything the conclusion states, keyed by name.

    Percentage-point effects are signed so that a positive number means *less* acceptance.
    The verdicts on the published claims follow the Models chapter's rule: two-sided p < 0.05.
    """
    data = models.load_model_data() if data is None else data
    specs = {s["id"]: s for s in models.load_specs()}
    main, inter = models.fit(specs["acc_2"], data), models.fit(specs["acc_3"], data)
    ame = models.average_marginal_effects(inter).set_index("variable")
    dist = models.coefficient(main, "ideal_point_distance")
    p_inter = {t: models.coefficient(inter, f"ideal_point_distance:{t}")["p_value"] for t in ("specific", "sensitive")}
    trend = qualitative.trend(describe.official_counts()).set_index("cycle")
    c2 = data[data["cycle"] == 2]
    close = c2["ideal_point_distance"] <= c2["ideal_point_distance"].median()
    return {
        "n": len(describe.load("recommendations")),
        "ame_spec": float(-100 * ame.loc["specific", "ame"]),
        "ame_sens": float(-100 * ame.loc["sensitive", "ame"]),
        "ame_dist": float(-100 * ame.loc["ideal_point_distance", "ame"]),
        "dist_p": models.significance_phrase(dist["p_value"]),
        "dxs_p": models.significance_phrase(p_inter["specific"]),
        "dxsens_p": models.significance_phrase(p_inter["sensitive"]),
        "pk": "agrees with" if min(p_inter.values()) >= 0.05 else "departs from",
        "jy": "in line with" if dist["estimate"] < 0 and dist["p_value"] < 0.05 else "not in line with",
        "acc2": int(trend.loc[2, "accepted"]),
        "acc4": int(trend.loc[4, "accepted"]),
        "sens_close": float(100 * c2.loc[close, "sensitive"].mean()),
        "sens_far": float(100 * c2.loc[~close, "sensitive"].mean()),
    }
