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


#: Names of the models in the chapter's text, tables and figures, by model id; models not listed
#: are named by their table and column label (:func:`model_names`).
MODEL_NAMES = {
    "acc_fe": "final answer, within reviewer (6)",
    "wg_fe": "refusal at the WG, within reviewer (6)",
    "acc_ss": "final answer, specific × sensitive (Firth)",
    "wg_c1": "refusal at the WG, first review",
    "wg_c2": "refusal at the WG, second review (Firth)",
    "seq_open": "final answer, if left open",
    "acc_dup": "final answer, text groups",
    "wg_dup": "refusal at the WG, text groups",
}

#: Well-known reviewers that anchor the ideal-point scale (:func:`distance_anchor`), ISO3 -> name.
WELL_KNOWN = {
    "CUB": "Cuba",
    "CHN": "China",
    "IND": "India",
    "RUS": "Russia",
    "BRA": "Brazil",
    "JPN": "Japan",
    "KOR": "South Korea",
    "DEU": "Germany",
    "GBR": "the United Kingdom",
    "USA": "the United States",
}


def model_names(specs) -> dict[str, str]:
    """A short name for each model id, as the chapter's tables and figures call it: "final answer
    (4)", "refusal at the WG (1)", "refusal at the WG, second review (Firth)"."""
    table_words = {
        "accepted": "final answer",
        "rejected_at_wg": "refusal at the WG",
        "separation": "final answer",
        "content": "text groups",
    }
    out = {}
    for s in specs:
        label = (s.label or "").replace(" LPM", "")
        out[s.id] = MODEL_NAMES.get(s.id, f"{table_words.get(s.table, s.table)} {label}".strip())
    return out


def distance_anchor(data: pd.DataFrame, cycle: int = 2, target: float | None = None) -> dict:
    """Two well-known reviewers whose ideal-point distances from North Korea differ by about
    ``target`` (default: one standard deviation of the distance over the cycle's
    recommendations, the unit of the chapter's effects), to give the scale a picture.

    ``data`` is the model data (one row per recommendation: ``iso3``, ``cycle``,
    ``ideal_point_distance``). Among the reviewers of :data:`WELL_KNOWN` present in the cycle, the
    pair whose gap is closest to ``target`` (ties: the alphabetically first pair of ISO3 codes).
    Returns a dict: ``near``/``far`` (names), ``near_distance``/``far_distance``, ``gap`` and
    ``target`` (ideal-point units), and ``distances`` (a Series: name -> distance of every
    well-known reviewer present, sorted). Raises ValueError when fewer than two are present.

    >>> d = pd.DataFrame({"iso3": ["CUB", "CHN", "USA"], "cycle": 2, "ideal_point_distance": [0.5, 1.4, 4.6]})
    >>> a = distance_anchor(d, target=1.0)
    >>> a["near"], a["far"], round(a["gap"], 1)
    ('Cuba', 'China', 0.9)
    """
    frame = data[data["cycle"] == cycle]
    target = float(frame["ideal_point_distance"].std()) if target is None else float(target)
    known = (
        frame[frame["iso3"].isin(list(WELL_KNOWN))]
        .dropna(subset=["ideal_point_distance"])
        .drop_duplicates("iso3")
        .set_index("iso3")["ideal_point_distance"]
        .sort_values()
    )
    if len(known) < 2:
        raise ValueError(f"distance_anchor: fewer than two well-known reviewers have a distance in cycle {cycle}.")
    pairs = [(a, b) for a in known.index for b in known.index if known[a] < known[b]]
    near, far = min(pairs, key=lambda p: (abs(known[p[1]] - known[p[0]] - target), p))
    return {
        "near": WELL_KNOWN[near],
        "far": WELL_KNOWN[far],
        "near_distance": float(known[near]),
        "far_distance": float(known[far]),
        "gap": float(known[far] - known[near]),
        "target": target,
        "distances": known.rename(index=WELL_KNOWN),
    }


def askers(data: pd.DataFrame, cycle: int = 2) -> pd.DataFrame:
    """What the closer and the more distant half of a cycle's reviewers asked for and got.

    Reviewers are split at the median ideal-point distance of the cycle's reviewers (each counted
    once; "closer" includes the median). One row per half (``half``: "closer half", "more distant
    half"): ``reviewers``, ``recommendations``, the ideal-point distance range (``low``,
    ``high``) and the percentages ``sensitive``, ``specific``, ``refused at the WG`` and
    ``accepted`` of their recommendations. Reviewers without a distance are left out.
    """
    frame = data[(data["cycle"] == cycle) & data["ideal_point_distance"].notna()]
    per_reviewer = frame.drop_duplicates("iso3").set_index("iso3")["ideal_point_distance"]
    close = frame["iso3"].map(per_reviewer <= per_reviewer.median())
    half = np.where(close, "closer half", "more distant half")
    out = frame.groupby(half).agg(
        reviewers=("iso3", "nunique"),
        recommendations=("rec_id", "size"),
        low=("ideal_point_distance", "min"),
        high=("ideal_point_distance", "max"),
        sensitive=("sensitive", "mean"),
        specific=("specific", "mean"),
        refused=("rejected_at_wg", "mean"),
        accepted=("accepted", "mean"),
    )
    for col in ("sensitive", "specific", "refused", "accepted"):
        out[col] = 100 * out[col]
    return out.rename(columns={"refused": "refused at the WG"}).rename_axis("half").reset_index()


def curve_by_outcome(points: pd.DataFrame, level: float = 0.05) -> pd.DataFrame:
    """Where the significant specifications of the curve come from: for each quantity and
    outcome, the number of specifications with an estimate (``n``) and the percentages
    significant at ``level`` (clustered, normal) with a negative (``negative``) and a positive
    (``positive``) estimate; quantities and outcomes in the order they first appear in
    ``points`` (``dprk_upr.analysis.curve.fit_curve``'s first value)."""
    part = points[points["estimate"].notna()]
    significant = part["p_value"] < level
    frame = pd.DataFrame(
        {
            "quantity": part["quantity"],
            "outcome": part["outcome"],
            "negative": 100 * (significant & (part["estimate"] < 0)),
            "positive": 100 * (significant & (part["estimate"] > 0)),
        }
    )
    out = frame.groupby(["quantity", "outcome"], sort=False).agg(
        n=("negative", "size"), negative=("negative", "mean"), positive=("positive", "mean")
    )
    order = {name: list(dict.fromkeys(part[name])) for name in ("quantity", "outcome")}
    out = out.reset_index()
    rank = [out[name].map({v: i for i, v in enumerate(order[name])}) for name in ("quantity", "outcome")]
    return out.iloc[np.lexsort((rank[1], rank[0]))].reset_index(drop=True)


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
    not given). Other chapters that state a model result read it from here too.

    Counts: ``n`` (recommendations of the first two reviews), ``n_acc`` and ``n_wg`` (in the
    models of the final answer and of refusal at the Working Group), ``acc2`` and ``acc4``
    (official counts of acceptances in the second and fourth reviews).

    Effects are in percentage points, per standard deviation for distance and democracy
    (``sd_dist``, ``sd_poly``: the standard deviations, second review). ``ame_spec`` and
    ``ame_sens`` are signed so that a positive number means *less* acceptance (main-effects model
    of the final answer); ``wg_sens`` is the rise in the chance of an outright refusal. The
    claims' keys carry the estimate (``<id>``), the wild-bootstrap p-value (``<id>_p``), the
    verdict (``<id>_verdict``) and the minimum detectable effect (``<id>_mde``); every p-value
    ``<key>_p`` also as text, ``<key>_p_text`` ("< 0.001" or "= 0.023", to follow a "p").

    The distance anchor (:func:`distance_anchor`): ``anchor_near`` and ``anchor_far`` (names),
    ``anchor_near_d``, ``anchor_far_d`` and ``anchor_gap`` (ideal-point units). "Closer" and "more
    distant" reviewers (:func:`askers`): ``sens_close``/``sens_far`` (% sensitive),
    ``acc_close``/``acc_far`` (% accepted). The curve by outcome (:func:`curve_by_outcome`):
    ``curve_<rel|sens>_<wg|acc|open>_<neg|pos>`` (% of the outcome's specifications significant
    with that sign).
    """
    data = load_model_data() if data is None else data
    results = model_results(data) if results is None else results
    effects, claims, summary = results["effects"], results["claims"], results["curve_summary"]
    fits = results["fits"]
    out: dict[str, object] = {"n": int(data["rec_id"].nunique())}
    out["n_acc"], out["n_wg"] = int(fits["acc_3"].n), int(fits["wg_3"].n)
    out["sd_dist"] = float(fits["acc_3"].frame["ideal_point_distance"].std())
    out["sd_poly"] = float(fits["acc_jy"].frame["polyarchy"].std())
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
    for key, model in (("c1_cross", "wg_c1"), ("c2_cross", "wg_c2")):
        row = _effect(effects, model, "difference", "ideal_point_distance", "sensitive")
        out[key], out[f"{key}_p"] = float(row["estimate"]), float(row["p_wild"])
    g_star = effects[["g_star_0", "g_star_1"]].to_numpy()
    out["g_star_min"], out["g_star_max"] = float(np.nanmin(g_star)), float(np.nanmax(g_star))
    for key, quantity in (("curve_rel", "relationship"), ("curve_sens", "x sensitive")):
        row = summary.loc[quantity]
        out[f"{key}_share"] = float(100 * row["share significant"])
        out[f"{key}_p"] = float(row["p share"])
        out[f"{key}_median"] = float(row["median"])
        out[f"{key}_n"] = int(row["specifications"])
        out[f"{key}_null"] = float(100 * row["null share (median draw)"])
    by_outcome = curve_by_outcome(results["curve_points"]).set_index(["quantity", "outcome"])
    outcomes = {"wg": "left open at the Working Group", "acc": "final answer", "open": "final answer, if left open"}
    for key, quantity in (("curve_rel", "relationship"), ("curve_sens", "x sensitive")):
        for short, outcome in outcomes.items():
            row = by_outcome.loc[(quantity, outcome)]
            out[f"{key}_{short}_neg"], out[f"{key}_{short}_pos"] = float(row["negative"]), float(row["positive"])
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
    halves = askers(data).set_index("half")
    out["sens_close"] = float(halves.loc["closer half", "sensitive"])
    out["sens_far"] = float(halves.loc["more distant half", "sensitive"])
    out["acc_close"] = float(halves.loc["closer half", "accepted"])
    out["acc_far"] = float(halves.loc["more distant half", "accepted"])
    anchor = distance_anchor(data, target=out["sd_dist"])
    out["anchor_near"], out["anchor_far"] = anchor["near"], anchor["far"]
    out["anchor_near_d"], out["anchor_far_d"] = anchor["near_distance"], anchor["far_distance"]
    out["anchor_gap"] = anchor["gap"]
    for key in [k for k in out if k.endswith("_p")]:
        out[f"{key}_text"] = p_phrase(out[key])
    jy = results["published"].study("jangyoo2024")
    out["jy_n"], out["jy_accepted"] = int(jy.recommendations), int(jy.accepted)
    return out
