"""The figures of the Models chapter and the Conclusion. Each function takes data and returns a
matplotlib Figure, drawn for a phone screen: large type, legends outside the data, units on the
axes; the chapter shows them as SVG.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figures import PALETTE, use_style

#: Type size of the Models figures (they are read at phone width).
FONT = 12


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


def plot_predicted(
    pp: pd.DataFrame,
    var: str = "ideal_point_distance",
    by: tuple[str, str] = ("specific", "sensitive"),
    xlabel: str = "ideal-point distance from North Korea",
    observed: pd.Series | None = None,
    ylabel: str = "predicted probability",
) -> plt.Figure:
    """Two panels (not sensitive / sensitive), each with a line and 95% band for specific and
    non-specific recommendations (from :func:`~dprk_upr.analysis.margins.predicted_probabilities`);
    ``observed`` values of ``var`` are drawn as a rug; the legend sits above the panels. A model
    whose predictions are blank (a diagnostic) gives empty panels with the reason as title."""
    _style()
    fig, axes = plt.subplots(1, 2, figsize=(7, 4.2), sharey=True, layout="constrained")
    styles = {0: ("not specific", PALETTE[0], "--"), 1: ("specific", PALETTE[3], "-")}
    problem = str(pp["problem"].iloc[0]) if "problem" in pp and len(pp) else ""
    for ax, b in zip(axes, (0, 1)):
        for a, (label, colour, line) in styles.items():
            part = pp[(pp[by[0]] == a) & (pp[by[1]] == b)]
            ax.fill_between(part[var], part["ci_low"], part["ci_high"], color=colour, alpha=0.2, lw=0)
            ax.plot(part[var], part["probability"], color=colour, ls=line, lw=2.2, label=label)
        if observed is not None:
            ax.plot(observed, np.full(len(observed), 0.015), "|", color="0.35", ms=9, alpha=0.6)
        ax.set_title("sensitive" if b else "not sensitive")
        ax.set_ylim(0, 1)
    axes[0].set_ylabel(ylabel)
    if problem:
        fig.suptitle(f"not shown: {problem}", fontsize=FONT - 2)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=2, frameon=False)
    fig.supxlabel(xlabel, fontsize=FONT)
    return fig


def plot_effects(table: pd.DataFrame, labels: list[str], title_by: list[str]) -> plt.Figure:
    """Forest plot of probability-scale effects with their wild-bootstrap 95% intervals, one
    panel per group in ``title_by`` (a column value per row of ``table`` giving the panel title),
    one row per effect labelled by ``labels``; a vertical line at zero. Units: percentage points
    per standard deviation of distance."""
    _style()
    table = table.assign(_label=labels, _panel=title_by)
    panels = list(dict.fromkeys(title_by))
    heights = [max(1, (table["_panel"] == p).sum()) for p in panels]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(7, 1.0 + 0.55 * sum(heights) + 0.5 * len(panels)),
        gridspec_kw={"height_ratios": heights},
        sharex=True,
        layout="constrained",
    )
    axes = np.atleast_1d(axes)
    for ax, panel in zip(axes, panels):
        part = table[table["_panel"] == panel].iloc[::-1]
        y = np.arange(len(part))
        colour = [PALETTE[3] if p < 0.05 else PALETTE[0] for p in part["p_wild"].fillna(1)]
        ax.errorbar(
            part["estimate"],
            y,
            xerr=[
                part["estimate"] - part["ci_low"].clip(lower=-100),
                part["ci_high"].clip(upper=100) - part["estimate"],
            ],
            fmt="none",
            ecolor=colour,
            elinewidth=2.2,
            capsize=0,
        )
        ax.scatter(part["estimate"], y, color=colour, zorder=3, s=40)
        ax.axvline(0, color="0.3", lw=1)
        ax.set_yticks(y, part["_label"])
        ax.set_title(panel, loc="left")
        ax.grid(axis="y", visible=False)
    axes[-1].set_xlabel("percentage points per SD of distance (95% wild-bootstrap interval)")
    return fig


def plot_claims(claims: pd.DataFrame, margin: float) -> plt.Figure:
    """Each half of each published claim (rows of :func:`~dprk_upr.analysis.claims.claims_table`
    with a short ``label`` column): this book's estimate with its 95% wild-bootstrap interval
    (thin) and the 90% interval of the equivalence test (thick), the equivalence margin shaded,
    and the verdict as the label's second line."""
    _style()
    n = len(claims)
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.75 * n), layout="constrained")
    y = np.arange(n)[::-1]
    ax.axvspan(-margin, margin, color="0.88", lw=0, label=f"±{margin:g} points (smallest effect of interest)")
    ax.axvline(0, color="0.3", lw=1)
    colour = {
        "holds": PALETTE[2],
        "reverses": PALETTE[3],
        "does not hold": PALETTE[3],
        "too thin to judge": PALETTE[7],
        "cannot be judged": PALETTE[7],
    }
    for yi, row in zip(y, claims.itertuples()):
        c = colour.get(row.verdict, PALETTE[0])
        ax.plot([row.ci_low, row.ci_high], [yi, yi], color=c, lw=1.4)
        ax.plot([row.ci90_low, row.ci90_high], [yi, yi], color=c, lw=4, alpha=0.6)
        ax.scatter([row.estimate], [yi], color=c, s=45, zorder=3)
    ax.set_yticks(y, [f"{h}\n→ {v}" for h, v in zip(claims["label"], claims["verdict"])])
    ax.set_xlabel("percentage points per SD (95% and 90% wild-bootstrap intervals)")
    fig.legend(loc="outside lower center", frameon=False)
    ax.grid(axis="y", visible=False)
    return fig


def plot_curve(points: pd.DataFrame, quantity: str, dimensions: dict, ylabel: str) -> plt.Figure:
    """Specification curve of one quantity: above, each specification's estimate (sorted) with
    its 95% interval, darker where p < 0.05; below, which choice on each dimension each
    specification makes. Specifications without an estimate are left out."""
    _style()
    part = points[(points["quantity"] == quantity) & points["estimate"].notna()].sort_values("estimate")
    x = np.arange(len(part))
    rows = [(d, label) for d, options in dimensions.items() for label in options]
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(7, 3.4 + 0.26 * len(rows)),
        sharex=True,
        gridspec_kw={"height_ratios": [3.4, 0.26 * len(rows)]},
        layout="constrained",
    )
    significant = (part["p_value"] < 0.05).to_numpy()
    for mask, colour, label in ((~significant, "0.65", "p ≥ 0.05"), (significant, PALETTE[3], "p < 0.05")):
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
    top.set_ylabel(ylabel)
    top.legend(loc="upper left", frameon=False, markerscale=4)
    for i, (dim, label) in enumerate(rows):
        hit = (part[dim] == label).to_numpy()
        bottom.scatter(x[hit], np.full(hit.sum(), i), s=1.5, marker="s", color=PALETTE[0], rasterized=True)
    bottom.set_yticks(range(len(rows)), [label for _, label in rows], fontsize=FONT - 3)
    bottom.set_ylim(len(rows) - 0.5, -0.5)
    bottom.set_xlabel("specifications, sorted by estimate")
    bottom.grid(False)
    starts = np.cumsum([0] + [len(o) for o in dimensions.values()])[:-1]
    for s in starts[1:]:
        bottom.axhline(s - 0.5, color="0.7", lw=0.8)
    return fig
