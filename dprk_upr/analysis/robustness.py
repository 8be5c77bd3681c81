"""How much one reviewer decides: every model refitted without each recommending state in turn.

The refits are the cluster jackknife of ``dprk_upr.analysis.inference`` (all at once, by
``dprk_upr.analysis.core.batch_fit``); each refit also gets its own clustered standard
errors, so that the table says whether leaving one state out changes a coefficient's sign or
significance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .core import Batch, batch_fit, single_threaded
from .estimators import fit
from .results import FitResult, coefficient
from .specifications import KEY_TERMS, ModelSpec


@single_threaded
def refits(result: FitResult) -> pd.DataFrame:
    """Each coefficient of ``result`` refitted without each cluster: one row per omitted cluster
    (``omitted``, ``n``, ``reviewers``) with, per coefficient, the estimate, its clustered SE
    (`` se``) and normal p-value (`` p``); ``note`` says when a refit did not converge. Blank when
    the model has a blanking diagnostic."""
    design = result.design
    G = design.G
    labels = pd.factorize(result.frame[result.spec.cluster])[1]
    mask = (design.groups[None, :] != np.arange(G)[:, None]).astype(float)
    X = np.broadcast_to(design.X, (G, *design.X.shape))
    batch = Batch(X, mask, np.ones((G, design.k), bool), design.y, design.groups, G, design.link, design.firth)
    beta, info, scores, converged = batch_fit(batch, diverged=np.inf)
    onehot = np.zeros((design.n, G))
    onehot[np.arange(design.n), design.groups] = 1.0
    sums = np.swapaxes(scores, 1, 2) @ onehot  # (G refits, k, G clusters)
    bread = np.linalg.inv(info)
    n_used = mask.sum(axis=1)
    k = design.k if design.k_ssc is None else design.k_ssc
    factor = (G - 1) / (G - 2) * (n_used - 1) / (n_used - k)
    cov = factor[:, None, None] * bread @ sums @ np.swapaxes(sums, 1, 2) @ bread
    se = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0, None))
    rows = pd.DataFrame({"omitted": labels, "n": n_used.astype(int), "reviewers": G - 1})
    for j, name in enumerate(design.names):
        rows[name] = beta[:, j]
        rows[f"{name} se"] = se[:, j]
        rows[f"{name} p"] = 2 * stats.norm.sf(np.abs(beta[:, j] / se[:, j]))
    rows["note"] = np.where(converged, "", "did not converge")
    if result.problem():
        rows.loc[:, [c for c in rows.columns if c not in ("omitted", "n", "reviewers")]] = np.nan
        rows["note"] = result.problem()
    return rows


def leave_one_out(spec: ModelSpec, data: pd.DataFrame) -> pd.DataFrame:
    """Refit ``spec`` once without each reviewer (cluster): one row per omitted reviewer with
    ``omitted``, ``variant``, ``n``, ``reviewers``, the key coefficients by role
    (:data:`~dprk_upr.analysis.specifications.KEY_TERMS`: estimate, `` se``, `` p``) and ``note``."""
    out = refits(fit(spec, data))
    table = out[["omitted", "n", "reviewers"]].copy()
    table.insert(1, "variant", "without " + out["omitted"].astype(str))
    for role, term in KEY_TERMS.items():
        for suffix in ("", " se", " p"):
            table[f"{role}{suffix}"] = out[f"{term}{suffix}"] if term in out else np.nan
    table["note"] = out["note"]
    return table


def most_influential(result: FitResult, term: str) -> dict:
    """The reviewer whose omission moves ``term`` most: ``omitted``, ``estimate`` without it,
    ``p`` and how many omissions flip the sign (``sign_flips``) or the 5% significance
    (``significance_flips``) of the full-sample estimate."""
    out = refits(result)
    full = coefficient(result, term)
    shift = (out[term] - full["estimate"]).abs()
    top = out.loc[shift.idxmax()]
    significant = full["p_value"] < 0.05
    return {
        "omitted": top["omitted"],
        "estimate": float(top[term]),
        "p": float(top[f"{term} p"]),
        "sign_flips": int((np.sign(out[term]) != np.sign(full["estimate"])).sum()),
        "significance_flips": int(((out[f"{term} p"] < 0.05) != significant).sum()),
        "refits": len(out),
    }


def holds_up(base: FitResult, other: FitResult, term: str, level: float = 0.05) -> bool:
    """Whether ``term`` keeps the sign and the significance it has in ``base`` when refitted as
    ``other`` (for example with controls added)."""
    a, b = coefficient(base, term), coefficient(other, term)
    same_sign = np.sign(a["estimate"]) == np.sign(b["estimate"])
    return bool(same_sign and (a["p_value"] < level) == (b["p_value"] < level))
