"""Separation: cells of the estimation sample in which the outcome is constant.

A binary regressor (or a pair of them, or a level of a categorical) whose every observation has
the same outcome can push a logit coefficient to infinity; such cells are listed so that the
chapter can say which estimates Firth's penalised logit must stand in for.
"""

from __future__ import annotations

import pandas as pd

from .sample import prepare
from .specifications import ModelSpec, names_in


def _binary_columns(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    return [c for c in columns if pd.api.types.is_numeric_dtype(frame[c]) and set(pd.unique(frame[c])) <= {0, 1}]


def separation_report(spec: ModelSpec, data: pd.DataFrame) -> pd.DataFrame:
    """Cells of the estimation sample in which the outcome is constant (quasi-complete separation).

    Cells: each value of each binary regressor, each combination of two binary regressors, each
    level of a categorical term ``C(x)`` and, with cycle effects, each cycle. One row per cell with
    ``cell``, ``n``, ``outcome_1`` (rows with outcome 1), ``share`` and ``separated`` (True when
    the outcome is all 0 or all 1 in the cell). Continuous regressors are not checked.
    """
    frame = prepare(spec, data).frame
    outcome = spec.outcome
    regressors = list(dict.fromkeys(n for t in spec.terms for n in names_in(t)))
    binary = _binary_columns(frame, regressors)
    categorical = [n for t in spec.terms if t.startswith("C(") for n in names_in(t)]
    if spec.cycle_fe:
        categorical.append("cycle")
    groupings = [[c] for c in binary + categorical]
    groupings += [[a, b] for i, a in enumerate(binary) for b in binary[i + 1 :]]
    rows = []
    for cols in groupings:
        for key, cell in frame.groupby(cols)[outcome]:
            key = key if isinstance(key, tuple) else (key,)
            label = " & ".join(f"{c} = {v}" for c, v in zip(cols, key))
            rows.append(
                {
                    "cell": label,
                    "n": len(cell),
                    "outcome_1": int(cell.sum()),
                    "share": float(cell.mean()),
                    "separated": cell.nunique() == 1,
                }
            )
    return pd.DataFrame(rows, columns=["cell", "n", "outcome_1", "share", "separated"])


def separation_summary(specs: list[ModelSpec], data: pd.DataFrame) -> pd.DataFrame:
    """Every cell with a constant outcome (see :func:`separation_report`) in the logit
    specifications, with the spec id; an empty frame when there is none."""
    parts = []
    for spec in specs:
        if spec.estimator != "logit":
            continue
        report = separation_report(spec, data)
        parts.append(report[report["separated"]].assign(model=spec.id))
    columns = ["model", "cell", "n", "outcome_1"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns].astype({"n": int, "outcome_1": int})
