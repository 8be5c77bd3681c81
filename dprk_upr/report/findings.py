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
from ..analysis.checks import (
    curve_by,
    curve_by_outcome,
    effect_difference,
    margin_range,
    second_difference,
    text_equivalence,
)
from ..analysis.claims import claims_table
from ..analysis.content import MAIN_THRESHOLD, content_table
from ..analysis.core import single_threaded
from ..analysis.interactions import effects_table
from ..analysis.sensitivity_to_confounding import sensitivity
from ..analysis.sequential import combined_effect
from ..analysis.specifications import load_published
from ..coding.regime_sensitivity import load_codebook
from ..data.processed import load, load_model_data
from ..data.reference import official_counts, official_row, read_reviews
from .phrases import count_of, relative, verdicts_phrase
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


def categories(recommendations: pd.DataFrame, codebook: dict | None = None) -> pd.DataFrame:
    """North Korea's answers by sensitivity category, one row per category of the codebook
    (``data/coding/sensitivity.yaml``, in its order; ``counted``: whether the category makes a
    recommendation sensitive), then ``"sensitive"`` (any counted category) and ``"not
    sensitive"``: ``recommendations_1`` and ``refused_1`` (the first review: recommendations and
    refusals at the Working Group), ``recommendations_2``, ``refused_2`` and ``accepted_2`` (the
    second review; accepted in the final answer, partial acceptances as noted). A recommendation
    in several categories counts in each. ``recommendations``: the processed table, one row per
    recommendation with ``cycle``, ``rejected_at_wg``, ``accepted``, ``sensitive`` and the 0/1
    ``sens_<id>`` columns; a category without its column raises KeyError."""
    book = load_codebook() if codebook is None else codebook
    masks = [
        (c["id"], bool(c.get("counts_toward_sensitive", True)), recommendations[f"sens_{c['id']}"] == 1)
        for c in book["categories"]
    ]
    masks += [
        ("sensitive", True, recommendations["sensitive"] == 1),
        ("not sensitive", False, recommendations["sensitive"] == 0),
    ]
    rows = []
    for name, counted, mask in masks:
        row = {"category": name, "counted": counted}
        for cycle in (1, 2):
            part = recommendations[mask & (recommendations["cycle"] == cycle)]
            row[f"recommendations_{cycle}"] = len(part)
            row[f"refused_{cycle}"] = int(part["rejected_at_wg"].sum())
        row["accepted_2"] = int(recommendations.loc[mask & (recommendations["cycle"] == 2), "accepted"].sum())
        rows.append(row)
    return pd.DataFrame(rows)


@single_threaded
def model_results(data: pd.DataFrame | None = None, recommendations: pd.DataFrame | None = None) -> dict:
    """Everything the Models chapter reports, computed from the processed data: ``fits`` (every
    specification except the text-group models, by id), ``claims``, ``effects``, ``sequence`` (the
    combined effect of distance implied by the two steps), ``content``, ``confounding`` (list of
    dicts for :func:`~dprk_upr.report.robustness_tables.confounding_display`), ``curve_points``,
    ``curve_influence``, ``curve_boot_p`` (each specification's own wild-bootstrap p-value) and
    ``curve_summary``, ``jy_difference`` (:func:`~dprk_upr.analysis.checks.effect_difference` of distance and democracy
    held constant for each other), ``text_equivalence`` (:func:`~dprk_upr.analysis.checks.text_equivalence` of the final
    answer), ``categories`` (:func:`categories`), ``ss_cross`` (:func:`~dprk_upr.analysis.checks.second_difference` of
    specific and sensitive in the final-answer model with their interaction), ``specs``,
    ``published`` and ``names``."""
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
    out["curve_boot_p"] = curve.bootstrap_p(points, influence)
    out["curve_summary"] = curve.curve_summary(points, influence).set_index("quantity", drop=False)
    out["jy_difference"] = effect_difference(fits["acc_jy"], "ideal_point_distance", "polyarchy")
    out["text_equivalence"] = text_equivalence(data, recommendations, specs["acc_dup"], published.margin_pp)
    out["categories"] = categories(recommendations)
    out["ss_cross"] = second_difference(fits["acc_ss"], "specific", "sensitive")
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
    verdict (``<id>_verdict``), the minimum detectable effect (``<id>_mde``) and the 95% interval
    (``<id>_lo``, ``<id>_hi``); every p-value
    ``<key>_p`` also as text, ``<key>_p_text`` ("< 0.001" or "= 0.023", to follow a "p").

    The distance anchor (:func:`distance_anchor`): ``anchor_near`` and ``anchor_far`` (names),
    ``anchor_near_d``, ``anchor_far_d`` and ``anchor_gap`` (ideal-point units). "Closer" and "more
    distant" reviewers (:func:`askers`): ``sens_close``/``sens_far`` (% sensitive),
    ``acc_close``/``acc_far`` (% accepted). The curve by outcome (:func:`~dprk_upr.analysis.checks.curve_by_outcome`):
    ``curve_<rel|sens>_<wg|acc|open>_<neg|pos>`` (% of the outcome's specifications significant
    with that sign). Jang and Yoo's sample: ``jy_n`` and ``jy_accepted`` (as the study reports
    them) and ``jy_official`` (the official totals of the same reviews, added up). The checks of
    ``_interaction_keys`` and ``_robustness_keys`` and the words of ``_phrase_keys``
    complete it.
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
        out[f"{claim_id}_lo"], out[f"{claim_id}_hi"] = float(row["ci_low"]), float(row["ci_high"])
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
    _interaction_keys(out, results, data)
    _robustness_keys(out, results)
    for key in [k for k in out if k.endswith("_p")]:
        out[f"{key}_text"] = p_phrase(out[key])
    jy = results["published"].study("jangyoo2024")
    out["jy_n"], out["jy_accepted"] = int(jy.recommendations), int(jy.accepted)
    counts = official_counts()
    out["jy_official"] = int(sum(int(official_row(counts, c, "adoption")["total"]) for c in jy.cycles))
    _phrase_keys(out)
    return out


def _phrase_keys(out: dict) -> None:
    """Words built from other keys, for sentences that would otherwise repeat a verdict or carry
    a minus sign: ``pk_verdicts`` (Park and Kim's two halves), ``jy_regime_verdicts`` and
    ``jy_alike_verdicts`` (each half of Jang and Yoo's claim alone, then held constant for the
    other), ``jy_regime_joint_words`` ("6.1 points lower"), ``wg2_nonsens_phrase`` ("none of the
    146": the 2014 recommendations that were not sensitive refused outright at the Working
    Group), ``acct_accepted_phrase`` (the accountability recommendations of 2014 accepted, "none
    of the 42"), ``margin_total`` (the acceptances, among the recommendations of the 2014
    model, that the equivalence margin amounts to), ``margin_span`` ("up to 5.2": the margins
    with the same verdicts) and ``pk_<specific|sensitive>_words`` ("9.6 points lower")."""
    out["pk_verdicts"] = verdicts_phrase([out["pk_specific_verdict"], out["pk_sensitive_verdict"]])
    out["jy_regime_verdicts"] = verdicts_phrase([out["jy_regime_verdict"], out["jy_regime_joint_verdict"]], "then")
    out["jy_alike_verdicts"] = verdicts_phrase([out["jy_alike_verdict"], out["jy_alike_joint_verdict"]], "then")
    out["jy_regime_joint_words"] = relative(out["jy_regime_joint"])
    out["acct_accepted_phrase"] = count_of(out["acct_accepted"], out["acct_n"])
    out["wg2_nonsens_phrase"] = count_of(out["wg2_nonsens_refused"], out["wg2_nonsens_n"])
    out["margin_total"] = out["n_acc"] * out["margin"] / 100
    low, high = out["margin_low"], out["margin_high"]
    out["margin_span"] = f"up to {high:.1f}" if low == 0 else f"between {low:.1f} and {high:.1f}"
    for claim_id in ("pk_specific", "pk_sensitive"):
        out[f"{claim_id}_words"] = relative(out[claim_id])


#: Short keys of the relationship measures of the curve (``curve_rel_<key>_neg``).
CURVE_MEASURES = {
    "dist": "ideal-point distance",
    "disagree": "vote disagreement",
    "condemn": "voted to condemn DPRK",
    "democracy": "democracy (V-Dem)",
    "treaty": "no bilateral defence pact",
}


def _date_words(value: str) -> str:
    """ "2014-05-01" -> "1 May 2014"; "2014-09" -> "September 2014"."""
    parts = value.split("-")
    stamp = pd.Timestamp(value if len(parts) == 3 else f"{value}-01")
    return f"{stamp.day} {stamp:%B %Y}" if len(parts) == 3 else f"{stamp:%B %Y}"


def _interaction_keys(out: dict, results: dict, data: pd.DataFrame) -> None:
    """Keys of the distance x sensitive pattern at the Working Group and of its checks: the slopes
    of distance among sensitive (``wg_sens_slope``, with ``_p``, ``_lo``, ``_hi``) and other
    recommendations (``wg_other_slope``, ``_p``), the floor of 2014 (``wg2_nonsens_n`` other
    recommendations, ``wg2_nonsens_refused`` refused), and the refusal model within text groups
    at the main threshold (``text_within_wg``, ``_p``, ``_lo``, ``_hi``; ``text_pooled_wg``)."""
    effects = results["effects"]
    for key, at in (("wg_sens_slope", "at 1"), ("wg_other_slope", "at 0")):
        row = _effect(effects, "wg_3", at, "ideal_point_distance", "sensitive")
        out[key], out[f"{key}_p"] = float(row["estimate"]), float(row["p_wild"])
        out[f"{key}_lo"], out[f"{key}_hi"] = float(row["ci_low"]), float(row["ci_high"])
    c2 = data[(data["cycle"] == 2) & (data["sensitive"] == 0)]
    out["wg2_nonsens_n"], out["wg2_nonsens_refused"] = len(c2), int(c2["rejected_at_wg"].sum())
    wg = results["content"].set_index(["threshold", "model"]).loc[(MAIN_THRESHOLD, "wg_dup")]
    out["text_within_wg"], out["text_within_wg_p"] = float(wg["estimate"]), float(wg["p_wild"])
    out["text_within_wg_lo"], out["text_within_wg_hi"] = float(wg["ci_low"]), float(wg["ci_high"])
    out["text_pooled_wg"] = float(wg["pooled"])


def _robustness_keys(out: dict, results: dict) -> None:
    """Keys of the checks on the headline results: distance and democracy together (``r_dist_poly``,
    their correlation over the recommendations of the joint model; ``jy_diff`` with ``_p``,
    ``_lo``, ``_hi``, the difference of their effects),
    the equivalence margin (``margin_low``, ``margin_high``, ``margin_high_claim``,
    ``margin_high_pk``: :func:`~dprk_upr.analysis.checks.margin_range`; ``median_recs``, recommendations of the median
    reviewer of 2014, and ``margin_recs``, the change in its expected acceptances the margin
    means), the text groups (``text_within_<lo90|hi90|mde|verdict>``, ``text_n``, ``text_groups``,
    ``text_pooled_p``), each model's SD of distance (``sd_dist_min``, ``sd_dist_max``), the
    curve by measure and against its null (``curve_rel_<measure>_neg``, :data:`CURVE_MEASURES`;
    ``curve_<rel|sens>_boot``, ``_null_mean``, ``_null_rate``), the answers by sensitivity
    category (``acct_n``, ``acct_refused``, ``acct_accepted``, ``sens_acc_n``,
    ``sens_acc_freedoms_phrase``) and the dates of the second review (``review2_date``,
    ``review2_adopted``)."""
    fits, claims = results["fits"], results["claims"]
    joint = fits["acc_jy"].frame
    out["r_dist_poly"] = float(joint["ideal_point_distance"].corr(joint["polyarchy"]))
    diff = results["jy_difference"]
    out["jy_diff"], out["jy_diff_p"] = diff["estimate"], diff["p_wild"]
    out["jy_diff_lo"], out["jy_diff_hi"] = diff["ci_low"], diff["ci_high"]
    bounds = margin_range(claims, out["margin"])
    out["margin_low"], out["margin_high"], out["margin_high_pk"] = bounds["low"], bounds["high"], bounds["high_pk"]
    out["margin_high_claim"] = bounds["high_claim"]
    c2 = fits["acc_2"].frame
    out["median_recs"] = float(c2.groupby("iso3").size().median())
    out["margin_recs"] = out["median_recs"] * out["margin"] / 100
    text = results["text_equivalence"]
    for key in ("ci90_low", "ci90_high", "mde", "verdict", "ci_low", "ci_high"):
        out[f"text_within_{key.replace('ci90_low', 'lo90').replace('ci90_high', 'hi90')}"] = text[key]
    out["text_within_mde"] = float(out["text_within_mde"])
    out["text_n"], out["text_groups"] = text["n"], text["groups"]
    main = results["content"].set_index(["threshold", "model"]).loc[(MAIN_THRESHOLD, "acc_dup")]
    out["text_pooled_p"] = float(main["pooled_p"])
    sds = [
        float(r.frame["ideal_point_distance"].std())
        for r in fits.values()
        if "ideal_point_distance" in " ".join(r.spec.terms)
    ]
    out["sd_dist_min"], out["sd_dist_max"] = min(sds), max(sds)
    by = curve_by(results["curve_points"], "relationship").set_index(["quantity", "relationship"])
    for key, measure in CURVE_MEASURES.items():
        out[f"curve_rel_{key}_neg"] = float(by.loc[("relationship", measure), "negative"])
    summary = results["curve_summary"]
    for key, quantity in (("curve_rel", "relationship"), ("curve_sens", "x sensitive")):
        row = summary.loc[quantity]
        out[f"{key}_boot"] = float(100 * row["share significant (bootstrap p)"])
        out[f"{key}_null_mean"] = float(100 * row["null share (mean draw)"])
        out[f"{key}_null_rate"] = float(100 * row["null rate"])
    cats = results["categories"].set_index("category")
    out["acct_n"], out["acct_refused"] = (
        int(cats.loc["accountability", "recommendations_2"]),
        int(cats.loc["accountability", "refused_2"]),
    )
    out["acct_accepted"] = int(cats.loc["accountability", "accepted_2"])
    n, k = int(cats.loc["sensitive", "accepted_2"]), int(cats.loc["freedoms", "accepted_2"])
    out["sens_acc_n"] = n
    out["sens_acc_freedoms_phrase"] = f"all {n}" if k == n else f"{k} of the {n}"
    reviews = read_reviews().set_index("cycle")
    out["review2_date"] = _date_words(str(reviews.loc[2, "review_date"]))
    out["review2_adopted"] = _date_words(str(reviews.loc[2, "adopted"]))
