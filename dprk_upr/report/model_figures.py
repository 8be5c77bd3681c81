"""The figures of the Models chapter. Each function takes data and returns a matplotlib Figure.

They are drawn for a phone screen first: 4.6 inches wide (5.0 for the forest plots, whose row
labels sit in the left margin outside the plotting area; shown at the width of a 390 px phone,
the type stays about 10 px high), legends and keys outside the plotting area, units on the axes,
and the ideal-point scale anchored by named reviewers. The chapter shows them as SVG.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .figures import PALETTE, use_style

#: Type size of the Models figures (they are read at phone width).
FONT = 12
#: Width of the Models figures, inches.
WIDTH = 4.6
#: Width of the forest plots in inches, wider for the row labels in the left margin.
WIDE = 5.0
#: Colour of an estimate significant at 5% (wild-bootstrap p < 0.05).
SIGNIFICANT = PALETTE[3]
#: Colour of an estimate that is not.
NOT_SIGNIFICANT = PALETTE[0]
#: Shorter state names for figure labels.
FIGURE_NAMES = {"the United Kingdom": "UK", "the United States": "US", "South Korea": "S. Korea"}
#: Colour of each verdict on a published claim.
VERDICT_COLOURS = {
    "holds": PALETTE[2],
    "reverses": PALETTE[3],
    "does not hold": PALETTE[3],
    "too thin to judge": "0.45",
    "cannot be judged": "0.45",
}


def _style() -> None:
    use_style()
    plt.rcParams.update(
        {
            "font.size": FONT,
            "axes.labelsize": FONT,
            "xtick.labelsize": FONT - 1,
            "ytick.labelsize": FONT - 1,
            "legend.fontsize": FONT - 1,
            "axes.titlesize": FONT,
            "savefig.dpi": 220,
        }
    )


def spread_names(distances: pd.Series, keep: tuple = (), min_gap: float = 0.6) -> pd.Series:
    """Named positions that can be labelled on one axis without overlapping: every name in
    ``keep``, then the others (nearest first) that lie at least ``min_gap`` from all kept ones.
    ``distances``: name -> position. Returns the kept names and positions, sorted by position.

    >>> spread_names(pd.Series({"a": 0.0, "b": 0.3, "c": 1.0, "d": 2.0}), keep=("b",)).index.tolist()
    ['b', 'c', 'd']
    """
    chosen = [k for k in keep if k in distances.index]
    for name, value in distances.sort_values().items():
        if name not in chosen and all(abs(value - distances[c]) >= min_gap for c in chosen):
            chosen.append(name)
    return distances[chosen].sort_values()


def plot_predicted(
    pp: pd.DataFrame,
    var: str = "ideal_point_distance",
    by: tuple[str, str] = ("specific", "sensitive"),
    xlabel: str = "ideal-point distance from North Korea",
    observed: pd.Series | None = None,
    ylabel: str = "predicted probability (%)",
    anchors: pd.Series | None = None,
) -> plt.Figure:
    """Predicted probabilities over ``var`` (from
    :func:`~dprk_upr.analysis.margins.predicted_probabilities`), in percent, in two panels one
    above the other (recommendations that are not sensitive; sensitive), each with a line and a
    95% band for specific and other recommendations; the legend sits above the panels.

    ``observed`` values of ``var`` are drawn as a rug along the bottom; ``anchors`` (name ->
    value of ``var``, for example well-known reviewers' distances) as dotted lines across both
    panels, named above the top one, so that the scale has a picture. A model whose predictions
    are blank (a diagnostic) gives empty panels with the reason as title."""
    _style()
    fig, axes = plt.subplots(2, 1, figsize=(WIDTH, 6.6), sharex=True, layout="constrained")
    styles = {0: ("not specific", PALETTE[0], "--"), 1: ("specific", PALETTE[3], "-")}
    problem = str(pp["problem"].iloc[0]) if "problem" in pp and len(pp) else ""
    for ax, b in zip(axes, (0, 1)):
        for a, (label, colour, line) in styles.items():
            part = pp[(pp[by[0]] == a) & (pp[by[1]] == b)]
            ax.fill_between(part[var], 100 * part["ci_low"], 100 * part["ci_high"], color=colour, alpha=0.18, lw=0)
            ax.plot(part[var], 100 * part["probability"], color=colour, ls=line, lw=2.4, label=label)
        if observed is not None:
            ax.plot(observed, np.full(len(observed), 1.5), "|", color="0.3", ms=10, alpha=0.6)
        if anchors is not None:
            for value in anchors:
                ax.axvline(value, color="0.55", lw=0.9, ls=":", zorder=0)
        ax.set_title("sensitive" if b else "not sensitive", loc="left")
        ax.set_ylim(0, 100)
        ax.set_ylabel(ylabel)
    if anchors is not None:
        top = axes[0].secondary_xaxis("top")
        names = [FIGURE_NAMES.get(n, n) for n in anchors.index]
        top.set_xticks(list(anchors), names, fontsize=FONT - 2)
        top.tick_params(length=0, pad=2)
    if problem:
        fig.suptitle(f"not shown: {problem}", fontsize=FONT - 2)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=2, frameon=False, fontsize=FONT - 2)
    axes[1].set_xlabel(xlabel)
    return fig


def _margin_labels(ax, y: np.ndarray, labels: list[str], heads: list[tuple[float, str]], wrap: int = 22) -> None:
    """Row labels and bold group headings as y tick labels, in the left margin outside the
    plotting area (so that no line, band or grid runs through them), wrapped at ``wrap``
    characters; ``heads``: (y, heading) pairs from :func:`_row_positions`."""
    ticks = [yh for yh, _ in heads] + list(y)
    texts = [textwrap.fill(h[:1].upper() + h[1:], wrap) for _, h in heads]
    texts += [textwrap.fill(label, wrap) for label in labels]
    ax.set_yticks(ticks, texts, fontsize=FONT - 1)
    ax.tick_params(axis="y", length=0, pad=4)
    for tick in ax.get_yticklabels()[: len(heads)]:
        tick.set_fontweight("bold")


def _row_positions(
    groups: list[str], step: float = 1.6, gap: float = 1.5
) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """y positions (top to bottom, in data units) of rows in consecutive groups, ``step`` apart,
    and the y of each group's heading, ``gap`` above its first row."""
    y, heads, pos, last = [], [], 0.0, None
    for group in groups:
        if group != last:
            pos -= gap
            heads.append((pos, group))
            pos -= step - 0.25 if last is None else step
            last = group
        else:
            pos -= step
        y.append(pos)
    return np.array(y), heads


def plot_effects(table: pd.DataFrame, labels: list[str], title_by: list[str]) -> plt.Figure:
    """Forest plot of probability-scale effects with their 95% wild-bootstrap intervals: one
    row per effect (labelled by ``labels`` in the left margin), grouped under a heading
    per model (``title_by``, one value per row of ``table``); a line at zero. Intervals whose
    wild-bootstrap p < 0.05 are drawn in the darker colour (the key sits above the plot).
    Units: percentage points per standard deviation of distance."""
    _style()
    y, heads = _row_positions(list(title_by))
    fig, ax = plt.subplots(figsize=(WIDE, 1.4 + 0.36 * abs(min(y))), layout="constrained")
    significant = table["p_wild"].fillna(1).to_numpy() < 0.05
    colour = np.where(significant, "s", "n")
    for kind, c in (("s", SIGNIFICANT), ("n", NOT_SIGNIFICANT)):
        hit = colour == kind
        ax.hlines(y[hit], table["ci_low"].to_numpy()[hit], table["ci_high"].to_numpy()[hit], color=c, lw=2.4)
        ax.scatter(table["estimate"].to_numpy()[hit], y[hit], color=c, s=36, zorder=3)
    ax.axvline(0, color="0.3", lw=1)
    _margin_labels(ax, y, labels, heads)
    ax.set_ylim(min(y) - 0.7, heads[0][0] + 0.7)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("percentage points (distance: per SD)", fontsize=FONT - 1)
    keys = [
        Line2D([], [], color=SIGNIFICANT, lw=2.4, marker="o", label="wild-bootstrap p < 0.05"),
        Line2D([], [], color=NOT_SIGNIFICANT, lw=2.4, marker="o", label="p ≥ 0.05"),
    ]
    fig.legend(handles=keys, loc="outside upper center", ncols=2, frameon=False, fontsize=FONT - 2)
    return fig


def plot_claims(claims: pd.DataFrame, margin: float) -> plt.Figure:
    """Each half of each published claim (rows of :func:`~dprk_upr.analysis.claims.claims_table`
    with ``label`` and ``group`` columns): this book's estimate with its 95% wild-bootstrap
    interval (thin) and the 90% interval of the equivalence test (thick), the equivalence margin
    shaded, the label of each row and one heading per study (in the left margin) (``group``). The colour gives the
    verdict; keys for the lines, the shading and the verdicts sit above the plot."""
    _style()
    y, heads = _row_positions(list(claims["group"]))
    fig, ax = plt.subplots(figsize=(WIDE, 1.9 + 0.36 * abs(min(y))), layout="constrained")
    ax.axvspan(-margin, margin, color="0.9", lw=0)
    ax.axvline(0, color="0.3", lw=1)
    for yi, row in zip(y, claims.itertuples()):
        c = VERDICT_COLOURS.get(row.verdict, PALETTE[0])
        ax.plot([row.ci_low, row.ci_high], [yi, yi], color=c, lw=1.4)
        ax.plot([row.ci90_low, row.ci90_high], [yi, yi], color=c, lw=5, alpha=0.55, solid_capstyle="butt")
        ax.scatter([row.estimate], [yi], color=c, s=40, zorder=3)
    _margin_labels(ax, y, list(claims["label"]), heads)
    ax.set_ylim(min(y) - 0.7, heads[0][0] + 0.7)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("percentage points per SD\nof the reviewer measure", fontsize=FONT - 1)
    keys = [
        Line2D([], [], color="0.3", lw=1.4, label="95% interval"),
        Line2D([], [], color="0.3", lw=5, alpha=0.55, label="90% interval"),
        Patch(color="0.9", label=f"within ±{margin:g} points"),
    ]
    verdicts = list(dict.fromkeys(claims["verdict"]))
    keys += [Patch(color=VERDICT_COLOURS.get(v, PALETTE[0]), label=v) for v in verdicts]
    fig.legend(handles=keys, loc="outside upper center", ncols=2, frameon=False, fontsize=FONT - 2)
    return fig


#: Short labels of the curve's choices (those of ``dprk_upr.analysis.curve.DIMENSIONS``), so that
#: the choice grid keeps most of a phone's width; a choice not listed keeps its own label.
CHOICE_LABELS = {
    ("outcome", "final answer"): "final answer",
    ("outcome", "final answer, if left open"): "final, if left open",
    ("outcome", "left open at the Working Group"): "left open at WG",
    ("specificity", "category 5"): "category 5",
    ("specificity", "category 4 or 5"): "category 4–5",
    ("specificity", "ordinal (1-5)"): "ordinal 1–5",
    ("sensitivity", "text rules"): "text rules",
    ("sensitivity", "issue tags"): "issue tags",
    ("sensitivity", "death penalty counted"): "+ death penalty",
    ("relationship", "ideal-point distance"): "ideal points",
    ("relationship", "vote disagreement"): "vote disagreement",
    ("relationship", "voted to condemn DPRK"): "voted to condemn",
    ("relationship", "democracy (V-Dem)"): "democracy",
    ("relationship", "no bilateral defence pact"): "no defence pact",
    ("controls", "none"): "no controls",
    ("controls", "region and regime"): "region, regime",
    ("estimator", "logit"): "logit",
    ("estimator", "linear probability"): "linear prob.",
    ("estimator", "Firth logit"): "Firth logit",
    ("partial acceptance", "as noted"): "partial = noted",
    ("partial acceptance", "as accepted"): "partial = accepted",
}


def plot_curve(points: pd.DataFrame, quantity: str, dimensions: dict, ylabel: str) -> plt.Figure:
    """Specification curve of one quantity: above, each specification's estimate (sorted) with
    its 95% interval, darker where p < 0.05, under the title ``ylabel`` (the quantity and its
    unit); below, which choice on each dimension each specification makes (short labels of
    :data:`CHOICE_LABELS`). Specifications without an estimate are left out; the key sits above."""
    _style()
    part = points[(points["quantity"] == quantity) & points["estimate"].notna()].sort_values("estimate")
    x = np.arange(len(part))
    rows = [(d, label) for d, options in dimensions.items() for label in options]
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(WIDTH, 3.2 + 0.26 * len(rows)),
        sharex=True,
        gridspec_kw={"height_ratios": [3.0, 0.26 * len(rows)]},
        layout="constrained",
    )
    significant = (part["p_value"] < 0.05).to_numpy()
    for mask, colour, label in ((~significant, "0.6", "p ≥ 0.05"), (significant, SIGNIFICANT, "p < 0.05")):
        top.vlines(
            x[mask],
            (part["estimate"] - 1.96 * part["std_err"])[mask],
            (part["estimate"] + 1.96 * part["std_err"])[mask],
            color=colour,
            lw=0.4,
            alpha=0.35,
            rasterized=True,
        )
        top.scatter(x[mask], part["estimate"].to_numpy()[mask], s=3, color=colour, label=label, rasterized=True)
    top.axhline(0, color="0.2", lw=1)
    top.set_title(ylabel, loc="left", fontsize=FONT - 1, weight="normal")
    fig.legend(
        *top.get_legend_handles_labels(),
        loc="outside upper center",
        ncols=2,
        frameon=False,
        markerscale=4,
        fontsize=FONT - 2,
    )
    for i, (dim, label) in enumerate(rows):
        hit = (part[dim] == label).to_numpy()
        bottom.scatter(x[hit], np.full(hit.sum(), i), s=1.5, marker="s", color=PALETTE[0], rasterized=True)
    bottom.set_yticks(range(len(rows)), [CHOICE_LABELS.get((d, label), label) for d, label in rows], fontsize=FONT - 2)
    bottom.set_ylim(len(rows) - 0.5, -0.5)
    bottom.set_xlabel("specifications, sorted by estimate")
    bottom.grid(False)
    starts = np.cumsum([0] + [len(o) for o in dimensions.values()])[:-1]
    for s in starts[1:]:
        bottom.axhline(s - 0.5, color="0.7", lw=0.8)
    return fig
