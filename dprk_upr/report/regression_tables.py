"""The Models chapter's tables: regression tables whose cells say when an estimate must not be
read, and the display forms of the inference, claims, separation, curve, content and confounding
tables, with human column headers.

A value that a diagnostic blanks (:meth:`~dprk_upr.analysis.results.FitResult.problem`) is shown
as a dash with a mark, and the table's notes say why in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.results import FitResult, coefficient
from .phrases import stars

#: Labels of the terms and variables in the tables.
LABELS = {
    "Intercept": "Constant",
    "specific": "Specific (action category 5)",
    "sensitive": "Sensitive",
    "ideal_point_distance": "Ideal-point distance",
    "ideal_point_distance:specific": "Distance × specific",
    "ideal_point_distance:sensitive": "Distance × sensitive",
    "specific:sensitive": "Specific × sensitive",
    "polyarchy": "Democracy (V-Dem polyarchy)",
}

#: Labels of the estimators in the tables.
ESTIMATOR_LABELS = {
    "logit": "logit",
    "lpm": "linear probability",
    "lpm_fe": "linear probability",
    "firth": "Firth logit",
}

BLANK = "–"


def fmt_p(p: float) -> str:
    """A p-value for a table or a sentence: "< 0.001", "0.023", or a dash when missing.

    >>> fmt_p(0.0004), fmt_p(0.0234), fmt_p(float("nan"))
    ('< 0.001', '0.023', '–')
    """
    if p is None or not np.isfinite(p):
        return BLANK
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def p_phrase(p: float) -> str:
    """A p-value to follow the letter p in a sentence: "< 0.001" or "= 0.023".

    >>> p_phrase(0.0004), p_phrase(0.0234)
    ('< 0.001', '= 0.023')
    """
    text = fmt_p(p)
    return text if text.startswith(("<", BLANK)) else f"= {text}"


def fmt_interval(low: float, high: float, digits: int = 1) -> str:
    """A 95% interval as "[-1.2, 3.4]" (a dash when missing; ∞ for an unbounded end)."""
    if not (np.isfinite(low) or np.isinf(low)) or pd.isna(low) or pd.isna(high):
        return BLANK

    def one(v):
        return "∞" if v == np.inf else "−∞" if v == -np.inf else f"{v:.{digits}f}"

    return f"[{one(low)}, {one(high)}]"


def regression_table(
    results: list[FitResult], labels: dict | None = None, digits: int = 2
) -> tuple[pd.DataFrame, list[str]]:
    """A publication-style table and its notes.

    One column per model, a coefficient row with stars and a row with its clustered standard
    error in parentheses beneath; then N, reviewers (clusters), (pseudo) R², the estimator, and a
    row for each kind of fixed effect that some model of the table has (cycle, reviewer, regional
    group, text group), "yes" only where the effects vary in that model's sample. Dummy
    coefficients of ``C(...)`` terms are summarised by those rows; the intercept of a model that
    absorbs effects is not shown. A coefficient a diagnostic blanks is shown as "–†"; the notes
    (second return value) say why, one note per model, and list the models' flagged warnings.
    """
    labels = {**LABELS, **(labels or {})}
    terms = list(dict.fromkeys(t for r in results for t in r.params.index if not t.startswith("C(")))
    terms = [t for t in terms if t != "Intercept"] + (["Intercept"] if "Intercept" in terms else [])
    columns = [r.spec.label or r.spec.id for r in results]
    rows, notes = [], []
    for term in terms:
        coef, se = [], []
        for r in results:
            if term not in r.params.index or (term == "Intercept" and r.spec.estimator == "lpm_fe"):
                coef.append(""), se.append("")
                continue
            row = coefficient(r, term)
            if row["problem"]:
                coef.append(f"{BLANK}†"), se.append("")
            else:
                coef.append(f"{row['estimate']:.{digits}f}{stars(row['p_value'])}")
                se.append(f"({row['std_err']:.{digits}f})")
        rows.append([labels.get(term, term)] + coef)
        rows.append([""] + se)
    rows.append(["N"] + [f"{r.n:,}" for r in results])
    rows.append(["Reviewers (clusters)"] + [f"{r.n_clusters}" for r in results])
    rows.append(
        ["R² (pseudo R² for logits)"] + ["" if r.fit_stat is None else f"{r.fit_stat:.{digits}f}" for r in results]
    )
    rows.append(["Estimator"] + [ESTIMATOR_LABELS[r.spec.estimator] for r in results])
    for kind, label in (
        ("cycle", "Cycle effects"),
        ("reviewer", "Reviewer effects"),
        ("regional group", "Regional-group dummies"),
        ("text group", "Near-duplicate text effects"),
    ):
        if any(r.effects.get(kind) for r in results):
            rows.append([label] + ["yes" if r.effects.get(kind) else "no" for r in results])
    for column, r in zip(columns, results):
        blanks = sorted({d.message for d in r.diagnostics if d.blank})
        if blanks:
            notes.append(f"† {column}: not shown because " + "; ".join(blanks) + ".")
        flags = sorted({d.message for d in r.diagnostics if not d.blank})
        if flags:
            notes.append(f"{column}: " + "; ".join(flags) + ".")
        drops = {k: v for k, v in r.dropped.items()}
        if drops:
            notes.append(f"{column}: rows dropped: " + ", ".join(f"{k} ({v})" for k, v in drops.items()) + ".")
    return pd.DataFrame(rows, columns=["Variable"] + columns), notes


def describe_coefficient(result: FitResult, term: str, digits: int = 2) -> str:
    """A coefficient in words for the prose: "0.42 (clustered SE 0.31, p = 0.17)", or "not
    shown: <reason>" when a diagnostic blanks it. The SE is clustered for every estimator."""
    row = coefficient(result, term)
    if row["problem"]:
        return f"not shown: {row['problem']}"
    return f"{row['estimate']:.{digits}f} (clustered SE {row['std_err']:.{digits}f}, p {_p_words(row['p_value'])})"


def _p_words(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def effects_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.interactions.effects_table`` (or rows with the
    same columns): model (by ``names``), the quantity in words, the estimate in percentage
    points with its wild-bootstrap interval and p-value, the clustered p-value, the jackknife
    SE and the effective numbers of clusters. A blank row says why in the last column."""
    what = {
        "ame": "average effect of {v}",
        "at 0": "effect of {v}, {a} = 0",
        "at 1": "effect of {v}, {a} = 1",
        "difference": "difference in the effect of {v}, {a} minus other",
    }
    short = {"ideal_point_distance": "distance", "polyarchy": "democracy"}
    out = pd.DataFrame(
        {
            "Model": table["model"].map(names),
            "Quantity": [
                what[k].format(v=short.get(v, v), a=a) for k, v, a in zip(table["kind"], table["variable"], table["at"])
            ],
            "Estimate (points)": table["estimate"].map(lambda v: BLANK if pd.isna(v) else f"{v:.1f}"),
            "95% interval (wild bootstrap)": [
                fmt_interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"])
            ],
            "p (wild bootstrap)": table["p_wild"].map(fmt_p),
            "p (clustered, normal)": table["p_cr1"].map(fmt_p),
            "SE clustered / jackknife": [
                BLANK if pd.isna(a) else f"{a:.1f} / {b:.1f}" for a, b in zip(table["std_err"], table["se_jackknife"])
            ],
            "Effective clusters (ρ = 0 / 1)": [
                BLANK if pd.isna(a) else f"{a:.0f} / {b:.0f} of {g}"
                for a, b, g in zip(table["g_star_0"], table["g_star_1"], table["clusters"])
            ],
        }
    )
    if table["problem"].astype(bool).any():
        out["Not shown because"] = table["problem"]
    return out


def claims_display(claims: pd.DataFrame) -> pd.DataFrame:
    """Display form of :func:`~dprk_upr.analysis.claims.claims_table`."""
    return pd.DataFrame(
        {
            "Study": claims["study"],
            "Half of the claim": claims["half"],
            "Claim": claims["claim"],
            "Test": claims["test"],
            "Estimate (points per SD)": claims["estimate"].map(lambda v: BLANK if pd.isna(v) else f"{v:.1f}"),
            "95% interval (wild bootstrap)": [fmt_interval(a, b) for a, b in zip(claims["ci_low"], claims["ci_high"])],
            "p (wild bootstrap)": claims["p_wild"].map(fmt_p),
            "Minimum detectable effect": claims["mde"].map(lambda v: BLANK if pd.isna(v) else f"{v:.1f}"),
            "Verdict": claims["verdict"],
            "Why": claims["why"],
        }
    )


def separation_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Display form of :func:`~dprk_upr.analysis.separation.separation_table`."""
    return pd.DataFrame(
        {
            "Model": table["model"].map(lambda m: names.get(m, m)),
            "Sample": table["sample"],
            "N": table["n"].map(lambda v: BLANK if pd.isna(v) else f"{int(v)}"),
            "Maximum-likelihood estimate exists": table["estimate exists"],
            "Coefficients without a finite estimate": table["infinite"].map(lambda s: s or BLANK),
        }
    )


def curve_display(summary: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.curve.curve_summary``."""
    return pd.DataFrame(
        {
            "Quantity": summary["quantity"].map(names),
            "Specifications": summary["specifications"],
            "Without an estimate": summary["missing"],
            "Median (points per SD)": summary["median"].map(lambda v: f"{v:.1f}"),
            "p, median": summary["p median"].map(fmt_p),
            "Share significant, dominant sign": summary["share significant"].map(lambda v: f"{100 * v:.0f}%"),
            "Same share if nothing were there (median draw)": summary["null share (median draw)"].map(
                lambda v: f"{100 * v:.0f}%"
            ),
            "p, share": summary["p share"].map(fmt_p),
            "Mean z": summary["mean z"].map(lambda v: f"{v:.2f}"),
            "p, mean z": summary["p mean z"].map(fmt_p),
        }
    )


def content_display(table: pd.DataFrame) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.content.content_table``."""
    outcome = {"accepted": "final answer", "rejected_at_wg": "refused at the Working Group"}
    return pd.DataFrame(
        {
            "Similarity threshold": table["threshold"].map(lambda v: f"{v:.2f}"),
            "Outcome": table["outcome"].map(outcome),
            "Groups / recommendations (largest group)": [
                BLANK if pd.isna(g) else f"{int(g)} / {int(n)} ({int(m)})"
                for g, n, m in zip(table["groups"], table["n"], table["largest"])
            ],
            "Distance, same rows, no text effects": [
                BLANK if pd.isna(e) else f"{e:.1f} (p {fmt_p(p)})" for e, p in zip(table["pooled"], table["pooled_p"])
            ],
            "Distance, within text groups": [
                BLANK if pd.isna(e) else f"{e:.1f} (p {fmt_p(p)})" for e, p in zip(table["estimate"], table["p_wild"])
            ],
            "95% interval (wild bootstrap)": [fmt_interval(a, b) for a, b in zip(table["ci_low"], table["ci_high"])],
        }
    )


def confounding_display(rows: list[dict]) -> pd.DataFrame:
    """Display form of the Cinelli-Hazlett sensitivity analyses: one row per analysis (dicts with
    ``outcome``, ``treatment``, ``benchmark`` and the summary and bounds of
    ``dprk_upr.analysis.sensitivity_to_confounding.sensitivity``)."""
    out = []
    for row in rows:
        summary, bounds = row["summary"], row["bounds"].set_index("k")
        once = bounds.loc[1]
        out.append(
            {
                "Outcome": row["outcome"],
                "Variable": row["treatment"],
                "Estimate (points per SD)": f"{100 * summary['estimate'] * row['sd']:.1f}",
                "t (classical)": f"{summary['t']:.2f}",
                "Partial R² with the outcome": f"{100 * summary['partial_r2']:.1f}%",
                "Robustness value": f"{100 * summary['rv']:.1f}%",
                "Robustness value, 5% significance": f"{100 * summary['rv_alpha']:.1f}%",
                f"Confounder as strong as {row['benchmark']}: estimate": (
                    BLANK if pd.isna(once["adjusted"]) else f"{100 * once['adjusted'] * row['sd']:.1f}"
                ),
            }
        )
    return pd.DataFrame(out)
