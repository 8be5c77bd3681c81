"""Separation: whether a logit's maximum-likelihood estimate exists, and which coefficients run off
to infinity when it does not.

The check is Konis's (2007) linear program. With ``z_i = (2 y_i - 1) x_i``, the estimate fails to
exist exactly when some direction ``b != 0`` has ``z_i' b >= 0`` for every row (complete or
quasi-complete separation): moving the coefficients along ``b`` never lowers the likelihood. The
program maximises ``sum_i z_i' b`` subject to ``z_i' b >= 0`` and ``-1 <= b_j <= 1``; a positive
optimum means separation. Coefficient ``j`` is then infinite when ``b_j`` can be made non-zero
inside that cone (two more programs per coefficient, maximising ``b_j`` and ``-b_j``), which is how
the R package detectseparation reports infinite estimates. A cell count (a 0/1 regressor or a
pair of them with a constant outcome) is a symptom, not the test: a constant cell of a pair does
not separate a model without their interaction, and a separation may involve a continuous
regressor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from .sample import prepare
from .specifications import ModelSpec

#: Optimum above which the linear program is taken to have found a separating direction.
LP_TOL = 1e-7


def lp_separation(X: np.ndarray, y: np.ndarray) -> tuple[bool, list[int]]:
    """Konis's linear-programming check on a design ``X`` (n, k, full column rank) and 0/1 ``y``.

    Returns ``(separated, infinite)``: whether the maximum-likelihood estimate of the logit fails
    to exist, and the indices of the coefficients that are infinite. Raises ValueError when the
    solver fails.
    """
    X = np.asarray(X, float)
    z = (2 * np.asarray(y, float) - 1)[:, None] * X
    k = X.shape[1]
    bounds = [(-1, 1)] * k

    def solve(c):
        out = linprog(c, A_ub=-z, b_ub=np.zeros(len(z)), bounds=bounds, method="highs")
        if out.status != 0:
            raise ValueError(f"separation check: the linear program failed ({out.message})")
        return -out.fun

    if solve(-z.sum(axis=0)) <= LP_TOL:
        return False, []
    infinite = []
    for j in range(k):
        for sign in (1.0, -1.0):
            c = np.zeros(k)
            c[j] = -sign
            if solve(c) > LP_TOL:
                infinite.append(j)
                break
    return True, infinite


def check_spec(spec: ModelSpec, data: pd.DataFrame) -> dict:
    """The linear-programming check for one specification on ``data``: a dict with ``n``,
    ``separated`` (bool) and ``infinite`` (the terms without a finite estimate)."""
    sample = prepare(spec, data)
    separated, idx = lp_separation(sample.X.to_numpy(float), sample.y)
    return {"n": sample.n, "separated": separated, "infinite": [sample.X.columns[j] for j in idx]}


def separation_table(specs, data: pd.DataFrame, by_cycle: bool = True) -> pd.DataFrame:
    """The check for every logit and Firth specification in ``specs``, on its own sample and, with
    ``by_cycle``, on each review cycle of a pooled sample separately.

    One row per model and sample: ``model``, ``sample`` ("as specified", "cycle 1", ...), ``n``,
    ``estimate exists`` ("yes" or "no") and ``infinite`` (the terms without a finite estimate,
    comma-separated). A specification whose sample cannot be estimated in one cycle (its outcome
    does not vary there) gets a row saying so.
    """
    rows = []
    for spec in specs:
        if spec.estimator not in ("logit", "firth"):
            continue
        variants = [("as specified", spec)]
        cycles = sorted(data.query(spec.sample)["cycle"].unique()) if spec.sample else sorted(data["cycle"].unique())
        if by_cycle and len(cycles) > 1:
            for c in cycles:
                sample = " and ".join(filter(None, [spec.sample, f"cycle == {c}"]))
                variants.append((f"cycle {c}", spec.replace(sample=sample, cycle_fe=False)))
        for label, variant in variants:
            try:
                out = check_spec(variant, data)
                exists = "no" if out["separated"] else "yes"
                infinite, n = ", ".join(out["infinite"]), out["n"]
            except ValueError as err:
                exists, infinite, n = "not estimable", str(err).split(": ", 1)[-1], np.nan
            rows.append({"model": spec.id, "sample": label, "n": n, "estimate exists": exists, "infinite": infinite})
    return pd.DataFrame(rows, columns=["model", "sample", "n", "estimate exists", "infinite"])


def constant_cells(spec: ModelSpec, data: pd.DataFrame) -> pd.DataFrame:
    """Cells of 0/1 regressors (each one and each pair) in which the outcome is constant: the
    descriptive symptom that :func:`lp_separation` tests properly. One row per such cell with
    ``cell``, ``n`` and ``outcome_1`` (rows with outcome 1)."""
    frame = prepare(spec, data).frame
    names = [c for c in spec.columns() if c in frame and c not in (spec.outcome, spec.cluster)]
    binary = [c for c in names if pd.api.types.is_numeric_dtype(frame[c]) and set(pd.unique(frame[c])) <= {0, 1}]
    rows = []
    for cols in [[c] for c in binary] + [[a, b] for i, a in enumerate(binary) for b in binary[i + 1 :]]:
        for key, cell in frame.groupby(cols)[spec.outcome]:
            key = key if isinstance(key, tuple) else (key,)
            if cell.nunique() == 1:
                label = " & ".join(f"{c} = {v}" for c, v in zip(cols, key))
                rows.append({"cell": label, "n": len(cell), "outcome_1": int(cell.sum())})
    return pd.DataFrame(rows, columns=["cell", "n", "outcome_1"])
