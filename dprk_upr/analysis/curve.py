"""The specification curve: every defensible way of asking the same question, fitted at once, and a
summary of the whole curve that accounts for having looked at many specifications.

A specification is one choice on each dimension of :data:`DIMENSIONS` (outcome, specificity,
sensitivity, relationship measure, controls, estimator, and whether partial acceptances count as
accepted). For each, two models are fitted: the main-effects model, which gives the average
marginal effect of the relationship, and the model with the relationship's interactions, which
gives its cross-partials with sensitivity and with specificity, all on the probability scale, in
percentage points per standard deviation of the relationship measure (Simonsohn, Simmons & Nelson
2020). Every outcome is a favourable answer (accepted; left open rather than refused at the Working
Group) and every relationship measure is oriented away from North Korea (higher = more distant,
more democratic, voted to condemn, no defence pact) and treated as continuous, so that a negative
estimate always means that reviewers further from North Korea fare worse.

Fitting some two thousand models one at a time would take minutes; here all specifications that
share an outcome, sample and estimator are fitted together, by Newton steps on stacked (padded)
design arrays (``batch_fit``). A logit whose estimate does not exist (separation: a
coefficient beyond :data:`DIVERGED` or no convergence) has no point on the curve; Firth's
estimator, another value of the estimator dimension, covers those cells.

Each point carries its clusters' influence contributions. The multiplicity-aware summary
(:func:`curve_summary`) compares three statistics of the observed curve (the median estimate, the
share of specifications significant at 5% in the dominant direction, and the mean z-statistic)
with their distribution when every specification's true value is zero, drawn by a wild cluster
(score) bootstrap that perturbs all specifications with the same cluster weights, so that the
strong dependence between specifications is kept.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from .core import Batch, batch_fit, mv
from .inference import draws
from .sample import with_derived

#: Absolute logit coefficient beyond which an estimate is taken not to exist (separation).
DIVERGED = 15.0
#: Draws of the bootstrap null of the curve summary.
NULL_DRAWS = 999

#: The dimensions of the curve, each a mapping of a label to a column or setting.
DIMENSIONS = {
    "outcome": {
        "final answer": "accepted",
        "final answer, if left open": "open",
        "left open at the Working Group": "open_at_wg",
    },
    "specificity": {"category 5": "specific", "category 4 or 5": "action_ge4", "ordinal (1-5)": "action_category"},
    "sensitivity": {"text rules": "sensitive", "issue tags": "sensitive_tags", "death penalty counted": "sensitive_dp"},
    "relationship": {
        "ideal-point distance": "ideal_point_distance",
        "vote disagreement": "vote_disagreement",
        "voted to condemn DPRK": "resolution_yes",
        "democracy (V-Dem)": "polyarchy",
        "no bilateral defence pact": "not_ally",
    },
    "controls": {"none": "none", "region and regime": "controls"},
    "estimator": {"logit": "logit", "linear probability": "lpm", "Firth logit": "firth"},
    "partial acceptance": {"as noted": "accepted", "as accepted": "accepted_incl_partial"},
}

#: The quantities on the curve.
QUANTITIES = {
    "relationship": "average marginal effect of the relationship",
    "x sensitive": "difference in that effect, sensitive minus other recommendations",
    "x specific": "difference in that effect, specific minus other recommendations (per category for the ordinal scale)",
}


def curve_data(data: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """The model data with the columns the curve needs: ``sensitive_dp`` (the text rules with the
    death penalty counted, from ``recommendations``' ``sens_death_penalty``), ``vote_disagreement``
    (1 - vote agreement), ``open_at_wg`` (1 - refused at the Working Group, so that every outcome
    is a favourable answer) and the columns of :func:`~dprk_upr.analysis.sample.with_derived`.

    Raises ValueError when a recommendation of ``data`` is not in ``recommendations``.
    """
    out = with_derived(data)
    dp = recommendations.set_index("rec_id")["sens_death_penalty"]
    missing = sorted(set(out["rec_id"]) - set(dp.index))
    if missing:
        raise ValueError(f"curve_data: {len(missing)} recommendation(s) without a sensitivity code, e.g. {missing[:3]}")
    out["sensitive_dp"] = np.maximum(out["sensitive"], out["rec_id"].map(dp).astype(int))
    out["vote_disagreement"] = 1 - out["vote_agreement"]
    out["open_at_wg"] = 1 - out["rejected_at_wg"]
    return out


# --------------------------------------------------------------------------------- batched fits


def _slope_value_grad(X, D, beta, mask, link):
    """Batched mean over masked rows of the slope d P / d r (design X, derivative design D):
    value (S,) and gradient (S, k)."""
    slope = mv(D, beta)
    count = mask.sum(axis=1)
    Dt = np.swapaxes(D, 1, 2)
    if link == "identity":
        return (slope * mask).sum(axis=1) / count, mv(Dt, mask) / count[:, None]
    p = expit(mv(X, beta))
    w = p * (1 - p)
    value = (w * slope * mask).sum(axis=1) / count
    grad = (mv(np.swapaxes(X, 1, 2), w * (1 - 2 * p) * slope * mask) + mv(Dt, w * mask)) / count[:, None]
    return value, grad


# ----------------------------------------------------------------------------- specifications


def specifications(dimensions: dict = DIMENSIONS) -> pd.DataFrame:
    """Every combination of the dimensions' labels, one row per specification (the partial
    acceptance dimension only for the final-answer outcomes)."""
    rows = []
    names = list(dimensions)
    for combo in itertools.product(*(dimensions[d] for d in names)):
        row = dict(zip(names, combo))
        if row["outcome"] == "left open at the Working Group" and row["partial acceptance"] != "as noted":
            continue
        rows.append(row)
    return pd.DataFrame(rows)


def _arrays(frame: pd.DataFrame, dimensions: dict) -> dict:
    """The columns every specification draws on, as float arrays, and the regional-group dummies."""
    names = {c for d in ("specificity", "sensitivity", "relationship") for c in dimensions[d].values()}
    out = {c: frame[c].to_numpy(float) for c in names | {"polyarchy", "ideal_point_distance"}}
    out["cycle 2"] = (frame["cycle"] == 2).to_numpy(float)
    groups = frame["un_regional_group"]
    out["groups"] = [
        np.where(groups.isna(), np.nan, (groups == g).to_numpy(float)) for g in sorted(groups.dropna().unique())[1:]
    ]
    return out


def _design_columns(arrays: dict, spec: dict, interactions: bool, dimensions: dict) -> tuple[list, list, list]:
    """(design columns, their derivatives in the relationship r, names) of one specification."""
    s = arrays[dimensions["specificity"][spec["specificity"]]]
    z = arrays[dimensions["sensitivity"][spec["sensitivity"]]]
    rel = dimensions["relationship"][spec["relationship"]]
    r = arrays[rel]
    one, zero = np.ones(len(r)), np.zeros(len(r))
    cols, dcols, names = [one, s, z, r], [zero, zero, zero, one], ["Intercept", "s", "z", "r"]
    if spec["outcome"] == "left open at the Working Group":
        cols.append(arrays["cycle 2"])
        dcols.append(zero)
        names.append("cycle 2")
    if interactions:
        cols += [r * s, r * z]
        dcols += [s, z]
        names += ["r:s", "r:z"]
    if spec["controls"] != "none":
        other = "ideal_point_distance" if rel == "polyarchy" else "polyarchy"
        cols += [arrays[other], *arrays["groups"]]
        dcols += [zero] * (1 + len(arrays["groups"]))
        names += [other] + [f"group {i}" for i in range(len(arrays["groups"]))]
    return cols, dcols, names


def _sample(data: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, str]:
    if outcome == "final answer":
        return data[data["cycle"] == 2], "accepted"
    if outcome == "final answer, if left open":
        return data[(data["cycle"] == 2) & (data["rejected_at_wg"] == 0)], "accepted"
    return data, "open_at_wg"


def fit_curve(data: pd.DataFrame, dimensions: dict = DIMENSIONS) -> tuple[pd.DataFrame, np.ndarray, list]:
    """Fit every specification of :func:`specifications` on ``data`` (from :func:`curve_data`).

    Returns ``(points, influence, clusters)``: ``points`` one row per specification and quantity
    (:data:`QUANTITIES`) with the choices, ``quantity``, ``estimate`` (percentage points per SD),
    ``std_err`` (delta method, clustered), ``z``, ``p_value``, ``n``, ``reviewers``, ``ssc`` (the
    small-sample factor) and ``note`` (why a point is missing); ``influence`` (points, clusters)
    each cluster's contribution to each estimate (zero for a missing point), for
    :func:`curve_summary`; ``clusters`` the cluster labels.
    """
    specs = specifications(dimensions)
    clusters = sorted(data["iso3"].unique())
    cluster_index = {c: i for i, c in enumerate(clusters)}
    parts, influence = [], []
    design_dims = ["specificity", "sensitivity", "relationship", "controls"]
    for key, group in specs.groupby(["outcome", "partial acceptance"], sort=False):
        frame, y_col = _sample(data, key[0])
        if key[0] != "left open at the Working Group":
            y_col = dimensions["partial acceptance"][key[1]]
        arrays = _arrays(frame, dimensions)
        y = frame[y_col].to_numpy(float)
        groups = frame["iso3"].map(cluster_index).to_numpy()
        designs = group.drop_duplicates(design_dims).reset_index(drop=True)
        for interactions in (False, True):
            built = _build(arrays, y, designs, interactions, dimensions)
            for estimator, part in group.groupby("estimator", sort=False):
                order = (
                    part.set_index(design_dims)
                    .loc[pd.MultiIndex.from_frame(designs[design_dims])]
                    .reset_index()[part.columns]
                )
                table, infl = _fit_part(built, y, groups, len(clusters), order, estimator)
                parts.append(table)
                influence.append(infl)
    points = pd.concat(parts, ignore_index=True)
    points["p_value"] = 2 * stats.norm.sf(np.abs(points["z"]))
    return points, np.vstack(influence), clusters


def _build(arrays, y, designs, interactions, dimensions) -> dict:
    """Padded design arrays of the specifications in ``designs`` (one per row), their derivative
    designs, the rows each uses, and the counterfactual designs of the cross-partials."""
    built = [_design_columns(arrays, spec, interactions, dimensions) for spec in designs.to_dict("records")]
    k = max(len(c) for c, _, _ in built)
    S, n = len(built), len(y)
    X, D, real = np.zeros((S, n, k)), np.zeros((S, n, k)), np.zeros((S, k), bool)
    for i, (cols, dcols, _) in enumerate(built):
        X[i, :, : len(cols)] = np.column_stack(cols)
        D[i, :, : len(cols)] = np.column_stack(dcols)
        real[i, : len(cols)] = True
    mask = np.isfinite(X).all(axis=2) & np.isfinite(y)[None, :]
    X = np.nan_to_num(X) * mask[:, :, None]
    D = np.nan_to_num(D) * mask[:, :, None]
    real &= (np.abs(X) > 0).any(axis=1)  # a dummy with no row in the sample (a group absent)
    if interactions:
        names = built[0][2]
        quantities = [
            (name, *_counterfactual(X, D, col, names.index(rx), designs, name))
            for name, col, rx in (("x sensitive", 2, "r:z"), ("x specific", 1, "r:s"))
        ]
    else:
        quantities = [("relationship", (X, D), None)]
    rel_sd = np.array([np.std(X[i, mask[i], 3], ddof=1) for i in range(S)])
    return {"X": X, "mask": mask, "real": real, "quantities": quantities, "rel_sd": rel_sd}


def _fit_part(built, y, groups, n_groups, part, estimator):
    X, mask, real = built["X"], built["mask"], built["real"]
    link = "identity" if estimator == "linear probability" else "logit"
    firth = estimator == "Firth logit"
    n = len(y)
    batch = Batch(X, mask.astype(float), real, np.nan_to_num(y), groups, n_groups, link, firth)
    beta, info, scores, converged = batch_fit(batch)
    onehot = np.zeros((n, n_groups))
    onehot[np.arange(n), groups] = 1.0
    sums = np.swapaxes(scores, 1, 2) @ onehot  # (S, k, G)
    n_used = mask.sum(axis=1)
    g_used = ((mask.astype(float) @ onehot) > 0).sum(axis=1)
    factor = g_used / (g_used - 1) * (n_used - 1) / (n_used - real.sum(axis=1))
    if link == "logit" and not firth:
        missing = ~converged | (np.abs(beta) > DIVERGED).any(axis=1)
        why = "no finite maximum-likelihood estimate (separation)"
    else:
        missing, why = ~converged, "did not converge"
    tables, infl = [], []
    records = part.reset_index(drop=True)
    scale = 100 * built["rel_sd"]
    for name, high, low in built["quantities"]:
        value, grad = _slope_value_grad(*high, beta, mask, link)
        if low is not None:
            v0, g0 = _slope_value_grad(*low, beta, mask, link)
            value, grad = value - v0, grad - g0
        c = np.linalg.solve(info, grad[:, :, None])[:, :, 0]
        psi = (sums * c[:, :, None]).sum(axis=1) * scale[:, None]
        est = value * scale
        se = np.sqrt(factor * (psi**2).sum(axis=1))
        table = records.assign(
            quantity=name,
            estimate=np.where(missing, np.nan, est),
            std_err=np.where(missing, np.nan, se),
            z=np.where(missing, np.nan, est / se),
            n=n_used.astype(int),
            reviewers=g_used.astype(int),
            ssc=factor,
            note=np.where(missing, why, ""),
        )
        tables.append(table)
        infl.append(np.where(missing[:, None], 0.0, psi))
    return pd.concat(tables, ignore_index=True), np.vstack(infl)


def _counterfactual(X, D, col, rx, part, name):
    """Designs (and derivative designs) with the moderator in column ``col`` set high and low:
    1 and 0 for a 0/1 moderator, the observed value plus and minus one half for the ordinal
    action category (so the difference is per category). ``rx`` is the column of r x moderator."""
    r = X[:, :, 3]
    ordinal = (part["specificity"].to_numpy() == "ordinal (1-5)") & (name == "x specific")
    out = []
    for sign in (1, -1):
        Xc, Dc = X.copy(), D.copy()
        base = X[:, :, col]
        setting = np.where(ordinal[:, None], base + sign * 0.5, (1 + sign) / 2 * np.ones_like(base))
        Xc[:, :, col] = setting
        Xc[:, :, rx] = r * setting
        Dc[:, :, rx] = setting
        out.append((Xc, Dc))
    return out[0], out[1]


def share_significant(points: pd.DataFrame, quantity: str, by: str, level: float = 0.05) -> pd.Series:
    """Share of the specifications of ``quantity`` (with an estimate) significant at ``level``
    (clustered, normal) within each value of the dimension ``by``, in percent."""
    part = points[(points["quantity"] == quantity) & points["estimate"].notna()]
    return 100 * (part["p_value"] < level).groupby(part[by]).mean()


def _null_z(psi: np.ndarray, factor: np.ndarray, V) -> tuple[np.ndarray, np.ndarray]:
    """The bootstrap draws of the curve under the null: ``theta`` (draws, specifications), each
    specification's influence contributions ``psi`` (specifications, clusters) summed with one set
    of Webb weights per draw, and ``z`` (draws, specifications), each draw divided by its own
    clustered standard error (small-sample ``factor`` per specification)."""
    theta = (psi @ V.VT).T
    with np.errstate(divide="ignore", invalid="ignore"):
        z_null = theta / np.sqrt(factor[None, :] * ((psi**2) @ V.V2T).T)
    return theta, np.nan_to_num(z_null)


def bootstrap_p(points: pd.DataFrame, influence: np.ndarray, n_draws: int = NULL_DRAWS) -> pd.Series:
    """Each specification's own wild cluster bootstrap p-value (two-sided, aligned with
    ``points``' index; missing where the point is): the share of the null draws of
    :func:`curve_summary` whose bootstrap t-statistic is at least as large in absolute value as
    the specification's clustered z. The bootstrap is unrestricted (each draw perturbs the
    contributions at the estimate), so it needs no refit, but it is less conservative with few
    clusters than the restricted bootstrap of ``dprk_upr.analysis.inference``."""
    V = draws(n_draws, influence.shape[1])
    out = pd.Series(np.nan, index=points.index)
    ok = points["estimate"].notna().to_numpy()
    _, z_null = _null_z(influence[ok], points["ssc"].to_numpy()[ok], V)
    z = np.abs(points["z"].to_numpy()[ok])
    out[ok] = np.mean(np.abs(z_null) >= z[None, :], axis=0)
    return out


def curve_summary(
    points: pd.DataFrame, influence: np.ndarray, n_draws: int = NULL_DRAWS, level: float = 0.05
) -> pd.DataFrame:
    """The multiplicity-aware summary of each quantity's curve (Simonsohn, Simmons & Nelson 2020).

    For each quantity: ``specifications`` (with an estimate), ``median`` estimate, ``share
    significant`` (p < ``level`` in the dominant direction, the sign of the median; clustered
    standard errors, normal p-values), ``mean z``, and for each statistic its p-value under the
    null that every specification's true value is zero: the share of bootstrap draws at least as
    extreme. A draw perturbs every cluster's influence contributions with one set of Webb weights
    shared by all specifications, and recomputes each z with its own denominator (the score
    bootstrap of Kline & Santos 2012).

    What the share is compared with: ``null share (median draw)`` and ``null share (mean draw)``,
    the median and mean over draws of the share of specifications significant in that draw's
    dominant direction (the sign of the draw's median estimate), and ``null rate``, the share of
    all (draw, specification) pairs whose z exceeds the critical value in either direction (what
    one test rejects under the null). ``share significant (bootstrap p)``: the share in the
    dominant direction with each specification's own bootstrap p-value (:func:`bootstrap_p`)
    instead of the normal one.
    """
    V = draws(n_draws, influence.shape[1])
    rows = []
    crit = stats.norm.ppf(1 - level / 2)
    for quantity, part in points.groupby("quantity", sort=False):
        ok = part["estimate"].notna().to_numpy()
        psi = influence[part.index.to_numpy()][ok]
        est, zval = part["estimate"].to_numpy()[ok], part["z"].to_numpy()[ok]
        factor = part["ssc"].to_numpy()[ok]
        median = float(np.median(est))
        sign = np.sign(median) or 1.0
        share = float(np.mean(np.sign(est) * (np.abs(zval) > crit) == sign))
        mean_z = float(np.mean(zval))
        theta, z_null = _null_z(psi, factor, V)
        p_boot = np.mean(np.abs(z_null) >= np.abs(zval)[None, :], axis=0)
        med_null = np.median(theta, axis=1)
        dom = np.sign(med_null)
        dom[dom == 0] = 1
        share_null = np.mean((np.sign(z_null) == dom[:, None]) & (np.abs(z_null) > crit), axis=1)
        rows.append(
            {
                "quantity": quantity,
                "specifications": int(ok.sum()),
                "missing": int((~ok).sum()),
                "median": median,
                "p median": float(np.mean(np.abs(med_null) >= abs(median))),
                "share significant": share,
                "share significant (bootstrap p)": float(np.mean((np.sign(est) == sign) & (p_boot < level))),
                "p share": float(np.mean(share_null >= share)),
                "null share (median draw)": float(np.median(share_null)),
                "null share (mean draw)": float(np.mean(share_null)),
                "null rate": float(np.mean(np.abs(z_null) > crit)),
                "mean z": mean_z,
                "p mean z": float(np.mean(np.abs(z_null.mean(axis=1)) >= abs(mean_z))),
            }
        )
    return pd.DataFrame(rows)
