"""The book's model results, computed once from the data, for the Models chapter's exhibits and the
Conclusion's sentences (:func:`headline`).

:func:`model_results` fits every specification and computes the inference the chapter reports;
:func:`headline` turns it into the numbers and words the Conclusion and other chapters state.
Other chapters read model results only from here.

>>> sorted(headline())[:3]  # doctest: +SKIP
['acc2', 'acc4', 'ame_sens']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import curve, fit_all, load_specs
from ..analysis.claims import claims_table
from ..analysis.content import MAIN_THRESHOLD, content_table
from ..analysis.core import single_threaded
from ..analysis.interactions import effects_table
from ..analysis.sensitivity_to_confounding import sensitivity
from ..analysis.sequential import combined_effect
from ..analysis.specifications import load_published
from ..data.processed import load, load_model_data
from ..data.reference import official_counts
from .qualitative import trend as official_trend
from .regression_tables import p_phrase

#: The probability-scale effects the chapter reports with full inference, as (model, kind, variable, at).
EFFECT_ROWS = [
    ("acc_2", "ame", "specific", ""),
    ("acc_2", "ame", "sensitive", ""),
    ("wg_2", "ame", "specific", ""),
    ("wg_2", "ame", "sensitive", ""),
    ("wg_2", "ame", "ideal_point_distance", ""),
    ("wg_3", "at 0", "ideal_point_distance", "sensitive"),
    ("wg_3", "at 1", "ideal_point_distance", "sensitive"),
    ("wg_3", "difference", "ideal_point_distance", "sensitive"),
    ("wg_3", "difference", "ideal_point_distance", "specific"),
    ("acc_fe", "difference", "ideal_point_distance", "sensitive"),
    ("wg_fe", "difference", "ideal_point_distance", "sensitive"),
    ("wg_c1", "difference", "ideal_point_distance", "sensitive"),
    ("wg_c2", "difference", "ideal_point_distance", "sensitive"),
    ("seq_open", "ame", "ideal_point_distance", ""),
    ("seq_open", "difference", "ideal_point_distance", "sensitive"),
]

#: The Cinelli-Hazlett analyses, as (model, treatment, benchmark).
CONFOUNDING = [
    ("acc_jy", "ideal_point_distance", "polyarchy"),
    ("acc_jy", "polyarchy", "ideal_point_distance"),
    ("wg_jy", "ideal_point_distance", "polyarchy"),
]

OUTCOME_WORDS = {"accepted": "final answer", "rejected_at_wg": "refused at the Working Group"}
VARIABLE_WORDS = {"ideal_point_distance": "distance", "polyarchy": "democracy"}


def model_names(specs) -> dict[str, str]:
    """A short name for each model id, as the chapter's tables call it ("final answer (4)")."""
    table_words = {
        "accepted": "final answer",
        "rejected_at_wg": "refused at the WG",
        "separation": "final answer",
        "content": "text groups",
    }
    return {
        s.id: s.label if s.table == "stages" else f"{table_words.get(s.table, s.table)} {s.label}".strip()
        for s in specs
    }


@single_threaded
def model_results(data: pd.DataFrame | None = None, recommendations: pd.DataFrame | None = None) -> dict:
    """Everything the Models chapter reports, computed from the processed data: ``fits`` (every
    specification except the text-group models, by id), ``claims``, ``effects``, ``sequence`` (the
    combined effect of distance implied by the two steps), ``content``, ``confounding`` (list of
    dicts for :func:`~dprk_upr.report.regression_tables.confounding_display`), ``curve_points``,
    ``curve_influence`` and ``curve_summary``, ``specs``, ``published`` and ``names``."""
    data = load_model_data() if data is None else data
    recommendations = load("recommendations") if recommendations is None else recommendations
    specs = load_specs()
    published = load_published()
    fits = fit_all([s for s in specs if s.table != "content"], data)
    names = model_names(specs)
    out = {"specs": specs, "published": published, "names": names, "fits": fits}
    out["claims"] = claims_table(fits, published, names)
    out["effects"] = effects_table(fits, EFFECT_ROWS)
    out["sequence"] = combined_effect(fits["wg_c2"], fits["seq_open"])
    out["content"] = content_table(data, recommendations, specs)
    out["confounding"] = []
    for model, treatment, benchmark in CONFOUNDING:
        summary, bounds = sensitivity(specs[model], data, treatment, benchmark)
        sd = float(fits[model].frame[treatment].std())
        out["confounding"].append(
            {
                "model": model,
                "outcome": OUTCOME_WORDS[specs[model].outcome],
                "treatment": VARIABLE_WORDS[treatment],
                "benchmark": VARIABLE_WORDS[benchmark],
                "summary": summary,
                "bounds": bounds,
                "sd": sd,
            }
        )
    points, influence, _ = curve.fit_curve(curve.curve_data(data, recommendations))
    out["curve_points"], out["curve_influence"] = points, influence
    out["curve_summary"] = curve.curve_summary(points, influence).set_index("quantity", drop=False)
    return out


def _effect(effects: pd.DataFrame, model: str, kind: str, variable: str, at: str = "") -> pd.Series:
    hit = effects[
        (effects["model"] == model)
        & (effects["kind"] == kind)
        & (effects["variable"] == variable)
        & (effects["at"] == at)
    ]
    return hit.iloc[0]


def headline(data: pd.DataFrame | None = None, results: dict | None = None) -> dict[str, object]:
    """Everything the Conclusion states, keyed by name, from :func:`model_results` (computed when
    not given).

    Effects are in percentage points (per standard deviation for distance and democracy).
    ``ame_spec`` and ``ame_sens`` are signed so that a positive number means *less* acceptance
    (main-effects model of the final answer); ``wg_sens`` is the rise in the chance of an outright
    refusal. The claims' keys carry the estimate (``<id>``), the wild-bootstrap p-value
    (``<id>_p``), the verdict (``<id>_verdict``) and, for claims of no effect, the minimum
    detectable effect (``<id>_mde``); every p-value ``<key>_p`` also as text, ``<key>_p_text``
    ("< 0.001" or "= 0.023", to follow a "p"). "Closer" and "more distant" reviewers are those below and
    above the median ideal-point distance of the second review's reviewers.
    """
    data = load_model_data() if data is None else data
    results = model_results(data) if results is None else results
    effects, claims, summary = results["effects"], results["claims"], results["curve_summary"]
    out: dict[str, object] = {"n": int(data["rec_id"].nunique())}
    out["ame_spec"] = float(-_effect(effects, "acc_2", "ame", "specific")["estimate"])
    out["ame_sens"] = float(-_effect(effects, "acc_2", "ame", "sensitive")["estimate"])
    out["wg_sens"] = float(_effect(effects, "wg_2", "ame", "sensitive")["estimate"])
    for claim_id, row in claims.iterrows():
        out[claim_id] = float(row["estimate"])
        out[f"{claim_id}_p"] = float(row["p_wild"])
        out[f"{claim_id}_verdict"] = str(row["verdict"])
        out[f"{claim_id}_mde"] = float(row["mde"])
    out["margin"] = float(results["published"].margin_pp)
    wg_cross = _effect(effects, "wg_3", "difference", "ideal_point_distance", "sensitive")
    out["wg_cross"], out["wg_cross_p"] = float(wg_cross["estimate"]), float(wg_cross["p_wild"])
    fe = _effect(effects, "wg_fe", "difference", "ideal_point_distance", "sensitive")
    out["wgfe_cross"], out["wgfe_cross_p"], out["wgfe_cross_p_cr1"] = (
        float(fe["estimate"]),
        float(fe["p_wild"]),
        float(fe["p_cr1"]),
    )
    g_star = effects[["g_star_0", "g_star_1"]].to_numpy()
    out["g_star_min"], out["g_star_max"] = float(np.nanmin(g_star)), float(np.nanmax(g_star))
    for key, quantity in (("curve_rel", "relationship"), ("curve_sens", "x sensitive")):
        row = summary.loc[quantity]
        out[f"{key}_share"] = float(100 * row["share significant"])
        out[f"{key}_p"] = float(row["p share"])
        out[f"{key}_median"] = float(row["median"])
        out[f"{key}_n"] = int(row["specifications"])
    content = results["content"].set_index(["threshold", "model"])
    main = content.loc[(MAIN_THRESHOLD, "acc_dup")]
    out["text_threshold"] = MAIN_THRESHOLD
    out["text_within"], out["text_pooled"], out["text_within_p"] = (
        float(main["estimate"]),
        float(main["pooled"]),
        float(main["p_wild"]),
    )
    trend = official_trend(official_counts()).set_index("cycle")
    out["acc2"], out["acc4"] = int(trend.loc[2, "accepted"]), int(trend.loc[4, "accepted"])
    c2 = data[data["cycle"] == 2]
    reviewers = c2.drop_duplicates("iso3").set_index("iso3")["ideal_point_distance"]
    close = c2["iso3"].map(reviewers <= reviewers.median())
    out["sens_close"] = float(100 * c2.loc[close, "sensitive"].mean())
    out["sens_far"] = float(100 * c2.loc[~close, "sensitive"].mean())
    for key in [k for k in out if k.endswith("_p")]:
        out[f"{key}_text"] = p_phrase(out[key])
    jy = results["published"].study("jangyoo2024")
    out["jy_n"], out["jy_accepted"] = int(jy.recommendations), int(jy.accepted)
    return out
