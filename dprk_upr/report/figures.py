"""Figures of the book. Each function takes data and returns a matplotlib Figure.

One style for the whole book, set by :func:`use_style`: readable at phone width, colour-blind
safe (seaborn's "colorblind" palette), no chart junk.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .corpus import ACTION_NAMES, short_name

PALETTE = sns.color_palette("colorblind")

# The Data and Coding chapters' figures: 5.2 inches wide, so that at a phone's 390 px the type
# stays at about two thirds of its size (11 pt type reads as 10 px).
WIDTH = 5.2


def use_style() -> None:
    """Apply the book's plotting style, and have figures drawn as SVG in a notebook.

    SVG keeps text sharp at any width (a 390 px phone included); fonts are sized for a figure
    about 7 inches wide shown at the width of the text column. In a notebook (IPython running) the
    inline backend is switched to SVG; elsewhere nothing but the style changes.
    """
    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind")
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 200,  # PNG fallback at twice the resolution
            "svg.fonttype": "none",  # text stays text: searchable, sharp, small files
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "figure.autolayout": False,
        }
    )
    _inline_svg()


def _inline_svg() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is part of the notebook stack
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "run_line_magic"):
        shell.run_line_magic("config", "InlineBackend.figure_formats = ['svg']")


def cycles(overview: pd.DataFrame) -> plt.Figure:
    """Stacked bars of final answers per cycle, hatching the cycles known only from official counts.

    ``overview`` is :func:`dprk_upr.report.corpus.cycle_overview`. The total is written over
    each bar; the legend sits above the plotting area.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9), layout="constrained")
    parts = [
        ("accepted", "accepted", PALETTE[2]),
        ("partially_accepted", "partially accepted", PALETTE[1]),
        ("not_accepted", "noted or rejected", PALETTE[7]),
    ]
    bottom = pd.Series(0, index=overview.index)
    labels = [f"Review {c}\n{d[:4]}" for c, d in zip(overview["cycle"], overview["review_date"].astype(str))]
    for col, label, colour in parts:
        bars = ax.bar(labels, overview[col], bottom=bottom, label=label, color=colour, edgecolor="white")
        for bar, src in zip(bars, overview["source"]):
            if src != "recommendation level":
                bar.set_hatch("//")
        bottom = bottom + overview[col]
    for x, (total, src) in enumerate(zip(overview["received"], overview["source"])):
        note = "" if src == "recommendation level" else "\nofficial count"
        ax.text(x, total + 4, f"{total}{note}", ha="center", va="bottom", fontsize=11)
    ax.set_ylabel("recommendations")
    ax.set_ylim(0, overview["received"].max() * 1.22)
    _legend_above(ax, ncols=3)
    ax.grid(axis="x", visible=False)
    return fig


def barh_counts(table: pd.DataFrame, columns: list[str], xlabel: str, wrap: int = 28) -> plt.Figure:
    """Horizontal grouped bars of counts, one group per row of ``table``, one bar per column.

    Row labels longer than ``wrap`` characters are broken into lines so that the plotting area
    keeps most of the width; each bar carries its count; the legend sits above the bars.
    """
    _style()
    labels = [textwrap.fill(str(name), wrap) for name in table.index]
    most_lines = max(label.count("\n") + 1 for label in labels)
    per_row = max(0.17 * most_lines, 0.21 * len(columns)) + 0.06  # inches per group of bars
    fig, ax = plt.subplots(figsize=(WIDTH, 1.0 + per_row * len(labels)), layout="constrained")
    y = np.arange(len(table))[::-1]
    height = 0.8 / len(columns)
    for k, (col, colour) in enumerate(zip(columns, PALETTE)):
        offset = (len(columns) - 1) / 2 - k
        bars = ax.barh(y + offset * height, table[col], height=height, color=colour, label=col)
        ax.bar_label(bars, padding=2, fontsize=11, color="0.25")
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.55, len(labels) - 0.45)
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, table[columns].to_numpy().max() * 1.12)
    ax.grid(axis="y", visible=False)
    _legend_above(ax, ncols=len(columns))
    return fig


def actions(recs: pd.DataFrame) -> plt.Figure:
    """Share of recommendations in each action category, by cycle, the categories named."""
    _style()
    shares = pd.crosstab(recs["action_category"], recs["cycle"], normalize="columns") * 100
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
    x = np.arange(len(shares))
    for k, (cycle, colour) in enumerate(zip(shares.columns, PALETTE)):
        bars = ax.bar(x + (k - 0.5) * 0.38, shares[cycle], width=0.38, color=colour, label=f"review {cycle}")
        ax.bar_label(bars, fmt="%.0f", padding=2, fontsize=11, color="0.25")
    ax.set_xticks(x, [f"{c}\n{textwrap.fill(ACTION_NAMES.get(int(c), ''), 10)}" for c in shares.index])
    ax.set_xlabel("UPR Info action category")
    ax.set_ylabel("% of the review's\nrecommendations")
    ax.set_ylim(0, shares.to_numpy().max() * 1.15)
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=len(shares.columns))
    return fig


def match_scores(links: pd.DataFrame) -> plt.Figure:
    """The text similarity of every UPR Info row with its UN paragraph (0-100), one lane per kind
    of link: each row below 100 is a dot, the rows at exactly 100 one dot with their count."""
    _style()
    names = {"one-to-one": "one row for\nthe paragraph", "split part": "part of a split\nparagraph"}
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6), layout="constrained")
    low = float(np.floor(links["score"].min() - 0.5))
    for lane, (kind, colour) in enumerate(zip(names, PALETTE)):
        scores = links.loc[links["link"] == kind, "score"]
        below = scores[scores < 100]
        ax.scatter(below, np.full(len(below), lane), s=46, color=colour, alpha=0.8, zorder=3)
        at_top = int((scores == 100).sum())
        if at_top:
            ax.scatter([100], [lane], s=110, color=colour, zorder=3)
            ax.annotate(
                f"{at_top} at 100", (100, lane), textcoords="offset points", xytext=(-8, 9), ha="right", fontsize=11
            )
    ax.set_yticks(range(len(names)), list(names.values()))
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.invert_yaxis()
    ax.set_xlim(low, 100.4)
    ax.set_xlabel("text similarity, UN and UPR Info (100 = the same)")
    ax.grid(axis="y", visible=False)
    return fig


def themes(table: pd.DataFrame) -> plt.Figure:
    """Stacked horizontal bars: recommendations of each theme accepted, partially accepted ("partly")
    and refused (noted or rejected), with the number accepted and the total at the end of each bar.

    ``table`` is :func:`dprk_upr.report.qualitative.theme_table` (index: theme labels; columns
    ``accepted``, ``partially accepted``, ``refused``, ``total``). Themes are drawn in the
    table's order, the first at the top; labels longer than 24 characters wrap. Sized for a
    phone (4.4 in wide), legend above the bars.
    """
    import textwrap

    use_style()
    ordered = table.iloc[::-1]
    labels = [textwrap.fill(str(t), 24) for t in ordered.index]
    fig, ax = plt.subplots(figsize=(4.4, 1.2 + 0.42 * len(ordered)), layout="constrained")
    left = pd.Series(0, index=ordered.index)
    parts = (("accepted", "accepted", PALETTE[2]), ("partially accepted", "partly", PALETTE[1]))
    for col, label, colour in (*parts, ("refused", "refused", PALETTE[7])):
        ax.barh(labels, ordered[col], left=left, color=colour, label=label, edgecolor="white", height=0.72)
        left = left + ordered[col]
    for y, (acc, total) in enumerate(zip(ordered["accepted"], ordered["total"])):
        ax.text(total + 1, y, f"{acc} of {total}", va="center", fontsize=10)
    ax.set_xlim(0, ordered["total"].max() * 1.32)
    ax.set_xlabel("recommendations (second review)")
    ax.tick_params(axis="y", labelsize=10.5)
    ax.grid(axis="y", visible=False)
    fig.legend(frameon=False, loc="outside upper center", ncols=3, handlelength=1.2, columnspacing=0.8)
    return fig


def trend(table: pd.DataFrame, recommendation_level: set[int]) -> plt.Figure:
    """The share of recommendations accepted at each review, from the official counts, with
    "accepted of total" above each point; filled points mark the reviews that are also in the
    book's recommendation-level data, open points those known from the official counts only.

    ``table`` is :func:`dprk_upr.report.qualitative.trend` (``cycle``, ``review_date``,
    ``accepted``, ``total``); ``recommendation_level`` holds the cycles of the book's dataset.
    Sized for a phone (4.4 in wide), legend above the plot.
    """
    use_style()
    fig, ax = plt.subplots(figsize=(4.4, 3.3), layout="constrained")
    x = [f"{str(d)[:4]}\n(cycle {c})" for c, d in zip(table["cycle"], table["review_date"])]
    share = 100 * table["accepted"] / table["total"]
    ax.plot(x, share, color=PALETTE[0], lw=2, zorder=1)
    for xi, yi, cycle, n, acc in zip(x, share, table["cycle"], table["total"], table["accepted"]):
        filled = cycle in recommendation_level
        ax.scatter([xi], [yi], s=80, zorder=2, color=PALETTE[0] if filled else "white", edgecolor=PALETTE[0], lw=2)
        low = yi < 10  # a point at the bottom: label to its right, clear of the line rising from it
        ax.annotate(
            f"{acc} of {n}",
            (xi, yi),
            textcoords="offset points",
            xytext=(9, -2) if low else (0, 10),
            ha="left" if low else "center",
            va="center" if low else "bottom",
            fontsize=10,
        )
    ax.set_ylabel("% of recommendations accepted")
    ax.set_ylim(-5, max(75, share.max() + 20))
    ax.set_xmargin(0.12)
    ax.grid(axis="x", visible=False)
    ax.scatter([], [], s=80, color=PALETTE[0], edgecolor=PALETTE[0], lw=2, label="also in the book's dataset")
    ax.scatter([], [], s=80, color="white", edgecolor=PALETTE[0], lw=2, label="official counts only")
    ax.legend(
        frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, handletextpad=0.2, columnspacing=1.0
    )
    return fig


def confusion(table: pd.DataFrame, title: str = "") -> plt.Figure:
    """Heat map of a confusion matrix (rows: human codes, columns: rule), counts annotated.

    ``table`` is square with the same labels on both axes (e.g.
    :func:`dprk_upr.report.coding_views.confusion_labels`); the colour is the count on a log
    scale, so that the off-diagonal cells show beside the large diagonal.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 4.4), layout="constrained")
    shade = np.log10(table.to_numpy(dtype=float) + 1)  # colour on a log scale, zeros white
    sns.heatmap(
        pd.DataFrame(shade, index=table.index, columns=table.columns),
        annot=table.to_numpy(),
        fmt="d",
        cmap="Blues",
        vmin=0,
        cbar=False,
        ax=ax,
        annot_kws={"fontsize": 11},
        linewidths=0.5,
        linecolor="white",
    )
    ax.grid(False)
    # the columns by their number only: the rows name them
    ax.set_xticks(np.arange(len(table.columns)) + 0.5, [str(c).split(" ")[0] for c in table.columns], rotation=0)
    ax.set_yticks(np.arange(len(table.index)) + 0.5, [str(i) for i in table.index], rotation=0)
    ax.set_xlabel("the rule's code")
    ax.set_ylabel("UPR Info's human code")
    if title:
        ax.set_title(title)
    return fig


def distance_acceptance(
    table: pd.DataFrame,
    label: tuple[str, ...] = ("CHN", "CUB", "USA", "JPN", "KOR"),
    names: pd.Series | dict | None = None,
    anchor: tuple[str, str, float] | None = None,
) -> plt.Figure:
    """Each reviewer's share of recommendations accepted against its ideal-point distance.

    ``table`` is :func:`dprk_upr.report.relationships.reviewer_acceptance` (``iso3``, ``distance``,
    ``accepted`` 0-1, ``recommendations``). The area of a point is the reviewer's number of
    recommendations, with a key; the reviewers in ``label`` are named (``names`` maps ISO3 codes
    to names). ``anchor`` (near, far, gap), from
    :func:`dprk_upr.report.relationships.distance_anchor`, draws a bracket above the data showing how
    far apart two named reviewers are, so that a reader can picture one unit.
    """
    _style()
    names = dict(names) if names is not None else {}
    fig, ax = plt.subplots(figsize=(WIDTH, 4.4), layout="constrained")
    size = 22
    ax.scatter(
        table["distance"],
        100 * table["accepted"],
        s=size * table["recommendations"],
        alpha=0.55,
        color=PALETTE[0],
        edgecolor="white",
    )
    shown = set(label) | (set(anchor[:2]) if anchor is not None else set())
    marked = table[table["iso3"].isin(shown)].sort_values("distance")
    previous = None
    for _, row in marked.iterrows():
        x, y = row["distance"], 100 * row["accepted"]
        # above the point, unless a labelled neighbour is already there (Japan, South Korea)
        below = previous is not None and abs(x - previous[0]) < 0.3 and abs(y - previous[1]) < 12 and not previous[2]
        below = below or y > 95
        right = x > 0.85 * table["distance"].max()  # near the right edge: the name to the left
        ax.annotate(
            short_name(names.get(row["iso3"], row["iso3"])),
            (x, y),
            textcoords="offset points",
            xytext=(-5 if right else 5, -15 if below else 6),
            ha="right" if right else "left",
            fontsize=11,
        )
        previous = (x, y, below)
    top = 104
    if anchor is not None:
        near, far, gap = anchor
        d = table.set_index("iso3")["distance"]
        y = 116
        ax.annotate("", (d[far], y), (d[near], y), arrowprops={"arrowstyle": "<->", "color": "0.3", "lw": 1.2})
        text = f"{short_name(names.get(near, near))} to {short_name(names.get(far, far))}: {gap:.1f}"
        ax.text((d[near] + d[far]) / 2, y + 2.5, text, ha="center", va="bottom", fontsize=11, color="0.25")
        top = 128
    counts = sorted(
        {
            int(table["recommendations"].min()),
            int(table["recommendations"].median()),
            int(table["recommendations"].max()),
        }
    )
    for n in counts:
        ax.scatter([], [], s=size * n, color=PALETTE[0], alpha=0.55, edgecolor="white", label=f"{n}")
    ax.legend(
        title="recommendations made",
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncols=len(counts),
        frameon=False,
        fontsize=11,
        title_fontsize=11,
        borderaxespad=0.2,
    )
    ax.set_xlabel("ideal-point distance from North Korea")
    ax.set_ylabel("% of its recommendations\naccepted")
    ax.set_ylim(-6, top)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_xlim(0, table["distance"].max() * 1.08)
    return fig


def acceptance_by_codes(table: pd.DataFrame) -> plt.Figure:
    """Share accepted for each combination of sensitivity and specificity: one group of bars per
    sensitivity value, one bar per specificity value, each labelled "90% of 106".

    ``table`` is :func:`dprk_upr.report.coding_checks.acceptance_by_codes`.
    """
    _style()
    groups = ["not sensitive", "sensitive"]
    kinds = [("not specific", PALETTE[0]), ("specific", PALETTE[1])]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.5), layout="constrained")
    x = np.arange(len(groups))
    for k, (kind, colour) in enumerate(kinds):
        part = table[table["specific"] == kind].set_index("sensitive").reindex(groups)
        bars = ax.bar(x + (k - 0.5) * 0.38, 100 * part["accepted"].fillna(0), width=0.38, color=colour, label=kind)
        labels = [f"{100 * a:.0f}% of {int(n)}" if pd.notna(n) else "" for a, n in zip(part["accepted"], part["n"])]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=11)
    ax.set_xticks(x, groups)
    ax.set_ylabel("% accepted")
    ax.set_ylim(0, 112)
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def _legend_above(ax, ncols: int = 3) -> None:
    """The legend in one row above the plotting area, clear of the data."""
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncols=ncols,
        frameon=False,
        fontsize=11,
        handlelength=1.2,
        handletextpad=0.4,
        columnspacing=1.0,
    )


def _style() -> None:
    """:func:`use_style`, with type one step larger for the Data and Coding chapters' figures,
    which are drawn 5.2 inches wide and shrink to about two thirds on a phone."""
    use_style()
    plt.rcParams.update(
        {
            "font.size": 12,
            "axes.labelsize": 12,
            "xtick.labelsize": 11,
            "ytick.labelsize": 11,
            "legend.fontsize": 11,
        }
    )
