"""The Models chapter's tables of its checks, in display form: the specification curve (its
summary, by outcome and by relationship measure), the near-duplicate text groups, the
sensitivity to an unobserved confounder, the answers by sensitivity category and the closer and
more distant halves of reviewers. The tables of the models themselves (coefficients, claims,
effects, inference, separation) are in :mod:`dprk_upr.report.regression_tables`."""

from __future__ import annotations

import pandas as pd

from .regression_tables import BLANK, fmt_interval, fmt_p, p_phrase

#: The curve's quantities in words.
CURVE_QUANTITIES = {
    "relationship": "Effect of the relationship",
    "x sensitive": "Difference, sensitive minus other",
    "x specific": "Difference, specific minus other",
}


def curve_display(summary: pd.DataFrame) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.curve.curve_summary``, turned so that each quantity
    is a column and each statistic a row (the statistic in the first column): the share
    significant by normal and by each specification's bootstrap p-values, and what the null
    gives (median and mean share over draws, and one test's rejection rate)."""
    rows = {
        "Specifications with an estimate": summary["specifications"].map(lambda v: f"{int(v):,}"),
        "Without an estimate (separation)": summary["missing"].map(lambda v: f"{int(v):,}"),
        "Median estimate (points per SD)": summary["median"].map(lambda v: f"{v:.1f}"),
        "p, median": summary["p median"].map(fmt_p),
        "Significant in the median's direction": summary["share significant"].map(lambda v: f"{100 * v:.0f}%"),
        "The same, by each one's bootstrap p": summary["share significant (bootstrap p)"].map(
            lambda v: f"{100 * v:.0f}%"
        ),
        "The same, expected with no effect (median draw)": summary["null share (median draw)"].map(
            lambda v: f"{100 * v:.1f}%"
        ),
        "The same, expected with no effect (mean draw)": summary["null share (mean draw)"].map(
            lambda v: f"{100 * v:.1f}%"
        ),
        "One test's rejection rate with no effect": summary["null rate"].map(lambda v: f"{100 * v:.1f}%"),
        "p, share significant": summary["p share"].map(fmt_p),
        "Mean z": summary["mean z"].map(lambda v: f"{v:.2f}"),
        "p, mean z": summary["p mean z"].map(fmt_p),
    }
    out = pd.DataFrame({k: v.to_numpy() for k, v in rows.items()}, index=summary["quantity"].to_numpy()).T
    out.columns = [CURVE_QUANTITIES.get(q, q) for q in out.columns]
    return out.rename_axis("Statistic").reset_index()


def curve_outcomes_display(by_outcome: pd.DataFrame) -> pd.DataFrame:
    """Display form of :func:`dprk_upr.analysis.checks.curve_by_outcome`: for each quantity and
    outcome, the specifications with an estimate and the percentages significant at 5% with a
    negative and with a positive estimate."""
    return pd.DataFrame(
        {
            "Quantity and outcome": [
                f"{CURVE_QUANTITIES.get(q, q)}: {o}" for q, o in zip(by_outcome["quantity"], by_outcome["outcome"])
            ],
            "Specifications": by_outcome["n"].astype(int).to_numpy(),
            "Negative (%)": by_outcome["negative"].astype(float).to_numpy(),
            "Positive (%)": by_outcome["positive"].astype(float).to_numpy(),
        }
    )


def curve_measures_display(by_measure: pd.DataFrame, quantity: str = "relationship") -> pd.DataFrame:
    """Display form of :func:`dprk_upr.analysis.checks.curve_by` over the relationship measures
    (called with per-specification bootstrap p-values) for one ``quantity``: per measure, the
    specifications with an estimate and the percentages significant at 5% with a negative
    estimate, by clustered normal p-values and by each specification's own wild-bootstrap
    p-value, and with a positive estimate (normal)."""
    part = by_measure[by_measure["quantity"] == quantity]
    return pd.DataFrame(
        {
            "Relationship\nmeasure": [m[:1].upper() + m[1:] for m in part["relationship"]],
            "Specifi\u00adcations": part["n"].astype(int).to_numpy(),
            "Negative,\nnormal p (%)": part["negative"].astype(float).to_numpy(),
            "Negative,\nbootstrap p (%)": part["negative_boot"].astype(float).to_numpy(),
            "Positive,\nnormal p (%)": part["positive"].astype(float).to_numpy(),
        }
    )


#: The sensitivity categories in the categories table, by the codebook's id.
CATEGORY_NAMES = {
    "accountability": "Accountability, UN mechanisms",
    "detention": "Prison camps, torture, detention",
    "freedoms": "Freedoms (expression, religion, movement)",
    "abductions": "Abductions, disappearances",
    "songbun": "Songbun (loyalty-based discrimination)",
    "death_penalty": "Death penalty (recorded, not counted)",
    "sensitive": "Sensitive (any counted category)",
    "not sensitive": "Not sensitive",
}


def categories_display(table: pd.DataFrame) -> pd.DataFrame:
    """Display form of :func:`dprk_upr.report.findings.categories`: per sensitivity category,
    the first review's recommendations ("Made") and refusals at the Working Group ("Refused"), and
    the second review's recommendations, refusals and acceptances in the final answer (headers
    broken over two lines so that the table fits the text column; the caption says what each means)."""
    return pd.DataFrame(
        {
            "Category": [CATEGORY_NAMES.get(c, c) for c in table["category"]],
            "Made\n2009": table["recommendations_1"].astype(int).to_numpy(),
            "Refused\n2009": table["refused_1"].astype(int).to_numpy(),
            "Made\n2014": table["recommendations_2"].astype(int).to_numpy(),
            "Refused\n2014": table["refused_2"].astype(int).to_numpy(),
            "Accepted\n2014": table["accepted_2"].astype(int).to_numpy(),
        }
    )


def content_display(table: pd.DataFrame, main: float | None = None) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.content.content_table``: per outcome and similarity
    threshold (``main`` marked), the text groups, and the distance effect (points per SD) on the
    same recommendations without and within text groups, with wild-bootstrap p-values and the
    interval of the latter."""
    outcome = {"accepted": "Final answer", "rejected_at_wg": "Refusal at the WG"}

    def key(o, t):
        return f"{outcome.get(o, o)}, similarity ≥ {t:.2f}" + (" (main)" if main is not None and t == main else "")

    def effect(e, p):
        return BLANK if pd.isna(e) else f"{e:.1f} (p {p_phrase(p)})"

    return pd.DataFrame(
        {
            "Outcome and threshold": [key(o, t) for o, t in zip(table["outcome"], table["threshold"])],
            "Text groups (recom\u00admendations)": [  # soft hyphen: the column fits at 1280 px
                BLANK if pd.isna(g) else f"{int(g)} ({int(n)})" for g, n in zip(table["groups"], table["n"])
            ],
            "Without text groups": [effect(e, p) for e, p in zip(table["pooled"], table["pooled_p"])],
            "Within text groups": [effect(e, p) for e, p in zip(table["estimate"], table["p_wild"])],
            "95% interval, within": [fmt_interval(a, b) for a, b in zip(table["ci_low"], table["ci_high"])],
        }
    )


def confounding_unbounded(rows: list[dict]) -> bool:
    """Whether any analysis of :func:`confounding_display`'s ``rows`` has no estimate after removing
    a confounder as strong as its benchmark (no such confounder can exist): its cell is a dash.

    >>> confounding_unbounded([{"bounds": pd.DataFrame({"k": [1], "adjusted": [float("nan")]})}])
    True
    """
    return any(pd.isna(row["bounds"].set_index("k").loc[1, "adjusted"]) for row in rows)


def confounding_display(rows: list[dict]) -> pd.DataFrame:
    """Display form of the Cinelli-Hazlett sensitivity analyses, one column per analysis (dicts
    with ``outcome``, ``treatment``, ``benchmark``, ``sd`` and the summary and bounds of
    ``dprk_upr.analysis.sensitivity_to_confounding.sensitivity``) and one row per statistic:
    the estimate in percentage points per SD, its classical t, the partial R² and the robustness
    values in percent, and the estimate after removing a confounder as strong as the benchmark
    (a dash where no such confounder can exist)."""
    columns = {}
    for row in rows:
        summary, once = row["summary"], row["bounds"].set_index("k").loc[1]
        adjusted = once["adjusted"]
        columns[f"{row['treatment'].capitalize()} → {row['outcome']}"] = [
            f"{100 * summary['estimate'] * row['sd']:.1f}",
            f"{summary['t']:.2f}",
            f"{100 * summary['partial_r2']:.1f}%",
            f"{100 * summary['rv']:.1f}%",
            f"{100 * summary['rv_alpha']:.1f}%",
            BLANK if pd.isna(adjusted) else f"{100 * adjusted * row['sd']:.1f}",
        ]
    statistics = [
        "Estimate (points per SD)",
        "t (classical)",
        "Partial R² with the outcome",
        "Robustness value",
        "Robustness value, 5% significance",
        "Estimate if a confounder were as strong as the other measure",
    ]
    return pd.DataFrame({"Statistic": statistics, **columns})


def askers_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Display form of :func:`dprk_upr.report.findings.askers`, one column per half of the
    reviewers and one row per statistic: states, recommendations, the range of ideal-point
    distance and the percentages of recommendations sensitive, specific, refused at the Working
    Group and accepted."""
    out = {}
    for _, row in frame.iterrows():
        out[row["half"][:1].upper() + row["half"][1:]] = [
            f"{int(row['reviewers'])}",
            f"{int(row['recommendations'])}",
            f"{row['low']:.2f} to {row['high']:.2f}",
            f"{row['sensitive']:.0f}%",
            f"{row['specific']:.0f}%",
            f"{row['refused at the WG']:.0f}%",
            f"{row['accepted']:.0f}%",
        ]
    rows = [
        "States",
        "Recommendations",
        "Ideal-point distance",
        "Sensitive",
        "Specific",
        "Refused outright at the WG",
        "Accepted in the end",
    ]
    return pd.DataFrame({"Of the reviewers' recommendations": rows, **out})
