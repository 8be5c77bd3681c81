"""The Models chapter's tables: publication-style regression tables, marginal effects side by
side, the robustness table, and a coefficient in words."""

from __future__ import annotations

import pandas as pd

from ..analysis.margins import average_marginal_effects
from ..analysis.results import FitResult, coefficient
from ..analysis.specifications import KEY_TERMS
from .phrases import significance_phrase, stars

#: Labels of the terms in the tables.
LABELS = {
    "Intercept": "Constant",
    "specific": "Specific (action category 5)",
    "sensitive": "Sensitive",
    "ideal_point_distance": "Ideal-point distance",
    "ideal_point_distance:specific": "Distance × specific",
    "ideal_point_distance:sensitive": "Distance × sensitive",
    "polyarchy": "Polyarchy (V-Dem)",
}


def regression_table(results: list[FitResult], labels: dict | None = None, digits: int = 3) -> pd.DataFrame:
    """A publication-style table: one column per model, a coefficient row with stars and a row
    with its clustered standard error in parentheses beneath, then N, reviewers (clusters),
    (pseudo) R², and whether the model has cycle effects, reviewer effects and regional-group
    dummies. Dummy coefficients of ``C(...)`` terms are summarised by those rows, not shown."""
    labels = {**LABELS, **(labels or {})}
    terms = list(dict.fromkeys(t for r in results for t in r.params.index if not t.startswith("C(")))
    terms = [t for t in terms if t != "Intercept"] + (["Intercept"] if "Intercept" in terms else [])
    columns = [r.spec.label or r.spec.id for r in results]
    rows = []
    for term in terms:
        coef, se = [], []
        for r in results:
            row = r.coefs.set_index("term").loc[term] if term in r.params.index else None
            if row is None or (term == "Intercept" and r.spec.estimator == "lpm_fe"):
                coef.append(""), se.append("")
            else:
                coef.append(f"{row['estimate']:.{digits}f}{stars(row['p_value'])}")
                se.append(f"({row['std_err']:.{digits}f})")
        rows.append([labels.get(term, term)] + coef)
        rows.append([""] + se)
    yes = lambda flag: "yes" if flag else "no"  # noqa: E731
    rows.append(["N"] + [f"{r.n:,}" for r in results])
    rows.append(["Reviewers (clusters)"] + [f"{r.n_clusters}" for r in results])
    rows.append(
        ["R² (pseudo R² for logit)"] + ["" if r.fit_stat is None else f"{r.fit_stat:.{digits}f}" for r in results]
    )
    rows.append(["Cycle effects"] + [yes(r.spec.cycle_fe or "cycle" in r.spec.fixed_effects) for r in results])
    rows.append(["Reviewer effects"] + [yes(r.spec.estimator == "lpm_fe") for r in results])
    rows.append(
        ["Regional-group dummies"] + [yes(any("un_regional_group" in t for t in r.spec.terms)) for r in results]
    )
    if not all(r.converged for r in results):
        rows.append(["Converged"] + [yes(r.converged) for r in results])
    return pd.DataFrame(rows, columns=["variable"] + columns)


def format_robustness(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    """Display form of :func:`~dprk_upr.analysis.robustness.robustness_table`: "estimate stars (SE)" per key coefficient."""
    out = pd.DataFrame({"Variant": table["variant"], "N": table["n"].map(lambda v: "" if pd.isna(v) else f"{int(v)}")})
    # A fit that did not converge has no trustworthy estimates: its note says so, its cells stay empty.
    unconverged = table["note"].str.contains("did not converge", regex=False)
    for role in KEY_TERMS:
        out[role.capitalize()] = [
            "" if pd.isna(b) or bad else f"{b:.{digits}f}{stars(p)} ({s:.{digits}f})"
            for b, s, p, bad in zip(table[role], table[f"{role} se"], table[f"{role} p"], unconverged)
        ]
    out["Note"] = table["note"]
    return out


def describe_coefficient(result: FitResult, term: str, digits: int = 2) -> str:
    """A coefficient in words for the prose: "0.42 (clustered SE 0.31; p = 0.17), not
    statistically significant at the 5% level". The SE is called model-based for Firth fits."""
    row = coefficient(result, term)
    kind = "model-based" if result.spec.estimator == "firth" else "clustered"
    p = row["p_value"]
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return f"{row['estimate']:.{digits}f} ({kind} SE {row['std_err']:.{digits}f}; {p_text}), {significance_phrase(p)}"


def ame_table(results: dict[str, FitResult], ids: list[str], digits: int = 3) -> pd.DataFrame:
    """Average marginal effects of several models side by side, "AME (SE)" with stars; the rows
    are the variables, the columns the models (labelled "<table> <label>")."""
    names = {
        "specific": "Specific",
        "sensitive": "Sensitive",
        "ideal_point_distance": "Ideal-point distance (per unit)",
    }
    columns = {}
    for i in ids:
        ame = average_marginal_effects(results[i]).set_index("variable")
        label = f"{results[i].spec.outcome} {results[i].spec.label or i}"
        columns[label] = {
            names.get(v, v): f"{r.ame:.{digits}f}{stars(r.p_value)} ({r.std_err:.{digits}f})" for v, r in ame.iterrows()
        }
    table = pd.DataFrame(columns).reindex(list(names.values())).fillna("absorbed")
    return table.rename_axis("variable").reset_index()
