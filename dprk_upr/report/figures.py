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
from matplotlib import patheffects

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


def trend(table: pd.DataFrame, recommendation_level: set[int], late: dict | None = None) -> plt.Figure:
    """The share of recommendations accepted at each review, from the official counts, with
    "accepted of total" beside each point; filled points mark the reviews that are also in the
    book's recommendation-level data, open points those known from the official counts only.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`dprk_upr.report.qualitative.trend` (``cycle``, ``review_date``, ``accepted``,
        ``total``), one row per review.
    recommendation_level : set of int
        The cycles of the book's recommendation-level dataset.
    late : dict, optional
        :func:`dprk_upr.analysis.image_management.late_answers` (``accepted``, ``total``,
        ``share`` 0-1): the first review counted with the late answers North Korea gave in
        2014 (at the second review), drawn as an open diamond at the first review, joined to
        the second review's point by a dotted line, with its own key entry.

    Returns
    -------
    matplotlib.figure.Figure
        4.4 inches wide (sized for a phone), the key above the plot.
    """
    use_style()
    fig, ax = plt.subplots(figsize=(4.4, 3.6 if late else 3.3), layout="constrained")
    x = np.arange(len(table))
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
    if late:
        first = int(np.flatnonzero(table["cycle"].to_numpy() == table["cycle"].min())[0])
        y_late = 100 * late["share"]
        ax.plot([x[first], x[first + 1]], [y_late, share.iloc[first + 1]], color=PALETTE[1], lw=1.4, ls=":", zorder=1)
        ax.scatter([x[first]], [y_late], s=80, marker="D", color="white", edgecolor=PALETTE[1], lw=2, zorder=2)
        ax.annotate(
            f"{late['accepted']} of {late['total']}",
            (x[first], y_late),
            textcoords="offset points",
            xytext=(0, 10),
            ha="center",
            va="bottom",
            fontsize=10,
            color="0.15",
        )
    ax.set_xticks(x, [f"{str(d)[:4]}\n(cycle {c})" for c, d in zip(table["cycle"], table["review_date"])])
    ax.set_ylabel("% of recommendations accepted")
    ax.set_ylim(-5, max(75, share.max() + 20))
    ax.set_xlim(-0.45, len(table) - 0.55)
    ax.grid(axis="x", visible=False)
    ax.scatter([], [], s=80, color=PALETTE[0], edgecolor=PALETTE[0], lw=2, label="also in the book's dataset")
    ax.scatter([], [], s=80, color="white", edgecolor=PALETTE[0], lw=2, label="official counts only")
    if late:  # the late answers were given at the next review
        years = [str(d)[:4] for d in table["review_date"]]
        label = f"{years[first]} review, counting the late answers of {years[first + 1]}"
        ax.scatter([], [], s=70, marker="D", color="white", edgecolor=PALETTE[1], lw=2, label=label)
    ax.legend(  # one column when the long key entry of the late answers is there
        frameon=False,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=1 if late else 2,
        handletextpad=0.2,
        columnspacing=1.0,
        labelspacing=0.3,
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
    to names), each name tied to its point by a leader line (:func:`place_labels`). ``anchor`` (near, far, gap), from
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
    top = 104
    if anchor is not None:
        near, far, gap = anchor
        d = table.set_index("iso3")["distance"]
        y = 116
        arrow = ax.annotate("", (d[far], y), (d[near], y), arrowprops={"arrowstyle": "<->", "color": "0.3", "lw": 1.2})
        text = f"{short_name(names.get(near, near))} to {short_name(names.get(far, far))}: {gap:.1f}"
        bracket = ax.text((d[near] + d[far]) / 2, y + 2.5, text, ha="center", va="bottom", fontsize=11, color="0.25")
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
    # the names last, once the layout is fixed: each tied to its point by a leader line
    shown = set(label) | (set(anchor[:2]) if anchor is not None else set())
    marked = table[table["iso3"].isin(shown)]
    place_labels(
        ax,
        marked["distance"].to_numpy(),
        100 * marked["accepted"].to_numpy(),
        [short_name(names.get(c, c)) for c in marked["iso3"]],
        ["0.15"] * len(marked),
        fontsize=11,
        radius=8.0,
        avoid=(table["distance"].to_numpy(), 100 * table["accepted"].to_numpy()),
        char_width=0.6,
        obstacles=[bracket, arrow.arrow_patch] if anchor is not None else [],
    )
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


def place_labels(
    ax,
    xs,
    ys,
    labels,
    colours,
    fontsize: float = 9.5,
    radius: float = 6.0,
    first=None,
    avoid=None,
    char_width: float = 0.72,
    obstacles=(),
) -> None:
    """Label points, each label tied to its point by a thin leader line in the label's colour.

    Each label is put where it overlaps neither an earlier label, nor a labelled point, nor (with
    ``avoid``) any other point, nor an artist of ``obstacles``: tried in eight directions, then
    further out. Used by the Coding chapter's and the reviewer chapter's scatter plots.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes, with its legend and axis labels already in place: call this last, since the
        labels sit at fixed offsets (points) from a layout that must not change afterwards.
    xs, ys : array-like, shape (n,)
        The labelled points, in data coordinates.
    labels : list of str, length n
        The labels.
    colours : list, length n
        The colour of each label and its leader line.
    fontsize : float
        Type size, points.
    radius : float
        Half-width (points) kept free around each labelled point.
    first : array-like of bool, shape (n,), optional
        Labels placed before the others, nearest their points (North Korea's).
    avoid : tuple of two arrays, optional
        ``(x, y)`` of every plotted point (data coordinates), kept free by a third of ``radius``.
    char_width : float
        Width of one character as a share of ``fontsize``: 0.72 for codes in capitals, about
        0.6 for names in mixed case.
    obstacles : sequence of matplotlib artists
        Artists (a bracket's text, say) whose drawn extent no label may cover.
    """
    fig = ax.figure
    fig.canvas.draw()
    to_px = ax.transData.transform
    points = np.array([to_px((x, y)) for x, y in zip(xs, ys)])
    char_w, height = char_width * fontsize * fig.dpi / 72, 1.15 * fontsize * fig.dpi / 72
    r = radius * fig.dpi / 72
    taken: list[tuple[float, float, float, float]] = [(px - r, py - r, px + r, py + r) for px, py in points]
    if avoid is not None:
        small = r / 3
        taken += [(px - small, py - small, px + small, py + small) for px, py in (to_px(p) for p in zip(*avoid))]
    renderer = fig.canvas.get_renderer()
    for artist in obstacles:
        extent = artist.get_window_extent(renderer)
        taken.append((extent.x0 - 2, extent.y0 - 2, extent.x1 + 2, extent.y1 + 2))
    directions = [(1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1)]
    box = ax.get_window_extent()
    early = np.zeros(len(labels), dtype=bool) if first is None else np.asarray(first, dtype=bool)
    order = np.lexsort((-np.asarray(ys, dtype=float), ~early))  # the ``first`` labels, then from the top
    for i in order:
        w = char_w * len(labels[i])
        px, py = points[i]
        chosen = None
        for reach in (r + 2, r + 10, r + 20, r + 32, r + 48, r + 66):
            for dx, dy in directions:
                cx = px + dx * reach + (0 if dx >= 0 else -w) - (w / 2 if dx == 0 else 0)
                cy = py + dy * reach + (0 if dy >= 0 else -height) - (height / 2 if dy == 0 else 0)
                rect = (cx, cy, cx + w, cy + height)
                inside = box.x0 <= rect[0] and rect[2] <= box.x1 and box.y0 <= rect[1] and rect[3] <= box.y1
                clear = all(rect[2] < t[0] or rect[0] > t[2] or rect[3] < t[1] or rect[1] > t[3] for t in taken)
                if inside and clear:
                    chosen = rect
                    break
            if chosen:
                break
        rect = chosen if chosen is not None else (px + r, py + r, px + r + w, py + r + height)
        gap = 0.5 * char_w  # a margin of half a character: wide capitals (M, W) stay apart
        taken.append((rect[0] - gap, rect[1], rect[2] + gap, rect[3]))
        offset = ((rect[0] - px) * 72 / fig.dpi, (rect[1] - py) * 72 / fig.dpi)
        ax.annotate(
            labels[i],
            (xs[i], ys[i]),
            textcoords="offset points",
            xytext=offset,
            ha="left",
            va="bottom",
            fontsize=fontsize,
            color=colours[i],
            zorder=5,
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
            arrowprops={"arrowstyle": "-", "color": colours[i], "lw": 0.7, "shrinkA": 0, "shrinkB": 2.5},
        )


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
