"""Figures of the book. Each function takes data and returns a matplotlib Figure.

One style for the whole book, set by :func:`use_style`: readable at phone width, colour-blind
safe (seaborn's "colorblind" palette), no chart junk.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

PALETTE = sns.color_palette("colorblind")


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
    """Stacked bars of final answers per cycle, hatching the cycles known only from official counts."""
    use_style()
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    parts = [
        ("accepted", "accepted", PALETTE[2]),
        ("partially_accepted", "partially accepted", PALETTE[1]),
        ("not_accepted", "noted or rejected", PALETTE[7]),
    ]
    bottom = pd.Series(0, index=overview.index)
    labels = [f"Cycle {c}\n{d[:4]}" for c, d in zip(overview["cycle"], overview["review_date"])]
    for col, label, colour in parts:
        bars = ax.bar(labels, overview[col], bottom=bottom, label=label, color=colour, edgecolor="white")
        for bar, src in zip(bars, overview["source"]):
            if src != "recommendation level":
                bar.set_hatch("//")
        bottom = bottom + overview[col]
    for x, (total, src) in enumerate(zip(overview["received"], overview["source"])):
        note = "" if src == "recommendation level" else "\n(official count)"
        ax.text(x, total + 4, f"{total}{note}", ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("recommendations")
    ax.set_ylim(0, overview["received"].max() * 1.25)
    ax.legend(loc="upper left", frameon=False, ncols=3, fontsize=9)
    ax.grid(axis="x", visible=False)
    return fig


def barh_counts(table: pd.DataFrame, columns: list[str], xlabel: str) -> plt.Figure:
    """Horizontal grouped bars of counts, one group per row of ``table``, one bar per column."""
    use_style()
    height = 0.8 + 0.32 * len(table) * max(1, len(columns)) / 2
    fig, ax = plt.subplots(figsize=(7, height), layout="constrained")
    table[columns][::-1].plot.barh(ax=ax, width=0.8, color=PALETTE[: len(columns)])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.legend(frameon=False, loc="lower right")
    ax.grid(axis="y", visible=False)
    return fig


def actions(recs: pd.DataFrame) -> plt.Figure:
    """Share of recommendations in each action category, by cycle."""
    use_style()
    shares = pd.crosstab(recs["action_category"], recs["cycle"], normalize="columns") * 100
    fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
    shares.plot.bar(ax=ax, color=PALETTE[:2], rot=0, width=0.75)
    ax.set_xlabel("action category (1 = minimal action ... 5 = specific action)")
    ax.set_ylabel("% of the cycle's recommendations")
    ax.legend([f"cycle {c}" for c in shares.columns], frameon=False)
    ax.grid(axis="x", visible=False)
    return fig


def match_scores(links: pd.DataFrame) -> plt.Figure:
    """Distribution of the text-similarity scores that link UN paragraphs to UPR Info rows."""
    use_style()
    fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
    sns.histplot(data=links, x="score", hue="link", multiple="stack", bins=30, ax=ax, palette=PALETTE[:2])
    ax.set_xlabel("similarity of UN text and UPR Info text (rapidfuzz, 0-100)")
    ax.set_yscale("log")
    ax.set_ylabel("UPR Info rows (log scale)")
    return fig


def themes(table: pd.DataFrame) -> plt.Figure:
    """Stacked horizontal bars: recommendations of each theme accepted, partially accepted, refused."""
    use_style()
    ordered = table.sort_values("total")
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.38 * len(ordered)), layout="constrained")
    left = pd.Series(0, index=ordered.index)
    for col, colour in (("accepted", PALETTE[2]), ("partially accepted", PALETTE[1]), ("refused", PALETTE[7])):
        ax.barh(ordered.index, ordered[col], left=left, color=colour, label=col, edgecolor="white")
        left = left + ordered[col]
    ax.set_xlabel("recommendations")
    ax.legend(frameon=False, loc="lower right")
    ax.grid(axis="y", visible=False)
    return fig


def trend(table: pd.DataFrame, recommendation_level: set[int]) -> plt.Figure:
    """Accepted share per review; filled markers where recommendation-level data exist, open where only official counts."""
    use_style()
    fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
    x = [f"Cycle {c}\n{d[:4]}" for c, d in zip(table["cycle"], table["review_date"])]
    share = 100 * table["accepted"] / table["total"]
    ax.plot(x, share, color=PALETTE[0], lw=2, zorder=1)
    for xi, yi, cycle, n, acc in zip(x, share, table["cycle"], table["total"], table["accepted"]):
        filled = cycle in recommendation_level
        ax.scatter([xi], [yi], s=90, zorder=2, color=PALETTE[0] if filled else "white", edgecolor=PALETTE[0], lw=2)
        ax.annotate(f"{acc} of {n}", (xi, yi), textcoords="offset points", xytext=(0, 10), ha="center", fontsize=9)
    ax.set_ylabel("% of recommendations accepted")
    ax.set_ylim(-5, 75)
    ax.scatter([], [], color=PALETTE[0], label="recommendation-level data")
    ax.scatter([], [], color="white", edgecolor=PALETTE[0], label="official counts only")
    ax.legend(frameon=False, loc="upper left")
    return fig


def confusion(table: pd.DataFrame, title: str = "") -> plt.Figure:
    """Heat map of a confusion matrix (rows: human codes, columns: rule), counts annotated."""
    use_style()
    fig, ax = plt.subplots(figsize=(4.6, 3.9), layout="constrained")
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar=False, ax=ax, annot_kws={"fontsize": 9})
    ax.set_xlabel("rule-based code")
    ax.set_ylabel("UPR Info's human code")
    if title:
        ax.set_title(title)
    return fig


def shares_by(frame: pd.DataFrame, by: str, outcome: str, xlabel: str, ylabel: str) -> plt.Figure:
    """Bar chart of the mean of a 0/1 ``outcome`` within each value of ``by``, with counts on the bars."""
    use_style()
    stats = frame.groupby(by)[outcome].agg(["mean", "size"])
    fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
    bars = ax.bar(stats.index.astype(str), 100 * stats["mean"], color=PALETTE[0])
    for bar, n in zip(bars, stats["size"]):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1, f"n = {n}", ha="center", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 105)
    ax.grid(axis="x", visible=False)
    return fig


def distance_acceptance(
    table: pd.DataFrame, label: tuple[str, ...] = ("CHN", "CUB", "USA", "JPN", "KOR")
) -> plt.Figure:
    """Each reviewer's share of recommendations accepted against its ideal-point distance (size = count)."""
    use_style()
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    ax.scatter(
        table["distance"],
        100 * table["accepted"],
        s=25 * table["recommendations"],
        alpha=0.55,
        color=PALETTE[0],
        edgecolor="white",
    )
    for k, (_, row) in enumerate(table[table["iso3"].isin(label)].sort_values("distance").iterrows()):
        # alternate above and below so that neighbours (Japan, South Korea) stay legible
        ax.annotate(
            row["iso3"],
            (row["distance"], 100 * row["accepted"]),
            textcoords="offset points",
            xytext=(6, 6 if k % 2 == 0 else -14),
            fontsize=9,
        )
    ax.set_xlabel("ideal-point distance from North Korea (UN General Assembly)")
    ax.set_ylabel("% of its recommendations accepted")
    ax.set_ylim(-5, 105)
    return fig
