"""Figures of the chapter "North Korea as a reviewer and among the states".

Each function takes an analysis result and returns a matplotlib Figure drawn for a phone screen
(:data:`WIDTH` inches wide, type of at least 10.5 points, legends above the data, a key for every
colour and marker size, labels tied to their points by leader lines).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figures import PALETTE, place_labels, use_style

__all__ = [
    "WIDTH",
    "SIZES",
    "LABEL_SIZE",
    "sessions_figure",
    "leniency_figure",
    "distance_figure",
    "effects_figure",
    "profiles_figure",
    "action_agreement_figure",
    "clipped_effects",
]


DPRK_COLOUR, PEER_COLOUR, OTHER_COLOUR = PALETTE[3], PALETTE[0], "0.72"


#: Marker areas (points squared) of North Korea, the peer set and the other states in every figure.
SIZES = {"North Korea": 70, "peer set": 34, "others": 14}


#: Width of every figure, in inches. On a 390 px phone a figure is shown about 340 px wide, a
#: little larger than its own size: the 10.5-point codes of :data:`LABEL_SIZE` come out at about
#: 11.5 px, the axis text larger.
WIDTH = 4.2

#: Type size (points) of the codes that label North Korea and the peer set.
LABEL_SIZE = 10.5


def _style() -> None:
    """The book's style (:func:`dprk_upr.report.figures.use_style`) with this chapter's type
    sizes, a little larger for figures that are narrow."""
    use_style()
    plt.rcParams.update(
        {
            "font.size": 11,
            "axes.labelsize": 11,
            "xtick.labelsize": 10.5,
            "ytick.labelsize": 10.5,
            "legend.fontsize": 10.5,
        }
    )


def _legend_above(ax, ncols: int = 3, handles=None, labels=None) -> None:
    """The legend in one row above the plotting area, clear of the data."""
    kwargs = {} if handles is None else {"handles": handles, "labels": labels}
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncols=ncols,
        frameon=False,
        handletextpad=0.3,
        columnspacing=0.9,
        borderaxespad=0.2,
        **kwargs,
    )


def _dot_style(colour) -> dict:
    """How a kind of state is drawn, by its colour: North Korea's diamond above the other states,
    the peer set's dots above the diamond with a white rim, so that a peer lying on North Korea
    (Iran in :func:`profiles_figure`) stays visible beside it."""
    if colour == PEER_COLOUR:
        return {"zorder": 3.4, "edgecolors": "white", "linewidths": 0.8}
    if colour == DPRK_COLOUR:
        return {"zorder": 3.2}
    return {"zorder": 3}


def _key(ax, ncols: int = 3) -> None:
    """A legend of the three kinds of state, with each kind's colour and marker size."""
    handles = [
        ax.scatter([], [], s=SIZES["others"], color=OTHER_COLOUR),
        ax.scatter([], [], s=SIZES["peer set"], color=PEER_COLOUR, edgecolors="white", linewidths=0.8),
        ax.scatter([], [], s=SIZES["North Korea"], color=DPRK_COLOUR, marker="D"),
    ]
    _legend_above(ax, ncols, handles, ["other states", "peer set", "North Korea"])


def sessions_figure(counts: pd.DataFrame) -> plt.Figure:
    """Stacked bars of North Korea's recommendations per session by what they ask for, the
    cycles marked above the bars.

    ``counts`` is :func:`dprk_upr.analysis.as_reviewer.by_session` (index ``session``; columns
    ``cycle``, one column per tone, ``total``).
    """
    _style()
    tones = [c for c in counts.columns if c not in ("cycle", "total")]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.3), layout="constrained")
    bottom = np.zeros(len(counts))
    for tone, colour in zip(tones, [PALETTE[2], PALETTE[7], PALETTE[3]]):
        ax.bar(counts.index, counts[tone], bottom=bottom, color=colour, label=tone, edgecolor="white", width=0.8)
        bottom += counts[tone].to_numpy()
    top = counts["total"].max()
    last = counts["cycle"].max()
    for cycle, part in counts.dropna(subset=["cycle"]).groupby("cycle"):
        lo, hi = part.index.min() - 0.5, part.index.max() + 0.5
        if hi - lo > 3:
            ax.text((lo + hi) / 2, top * 1.1, f"cycle {int(cycle)}", ha="center")
        else:  # a short cycle: its label starts just right of the line before it
            ax.text(lo + 0.35, top * 1.1, f"c{int(cycle)}", ha="left")
        if cycle != last:
            ax.axvline(hi, color="0.55", lw=0.8, ls=":")
    narrow = counts.index.max() - counts[counts["cycle"] == last].index.min() < 3
    ax.set_xlim(counts.index.min() - 0.7, counts.index.max() + (2.2 if narrow else 0.7))
    ax.set_ylim(0, top * 1.22)
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
    ax.set_xlabel("UPR session")
    ax.set_ylabel("recommendations")
    ax.set_xticks([s for s in counts.index if s % 5 == 0 or s == counts.index.min()])
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def leniency_figure(leniency: pd.DataFrame) -> plt.Figure:
    """Each reviewer's mean action category minus the other reviewers' in the same reviews, as a
    strip (one dot per reviewer), North Korea and the peers marked and labelled.

    ``leniency`` is :func:`dprk_upr.analysis.as_reviewer.reviewer_leniency`. The vertical spread
    is random jitter (fixed seed), to keep the dots apart; it means nothing.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2), layout="constrained")
    rng = np.random.default_rng(0)
    jitter = pd.Series(rng.uniform(-0.32, 0.32, len(leniency)), index=leniency.index)
    jitter[leniency["rs_dprk"] == 1] = 0.0
    kinds = [
        (leniency[(leniency["rs_dprk"] == 0) & (leniency["rs_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (leniency[leniency["rs_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (leniency[leniency["rs_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    for part, colour, size, marker in kinds:
        ax.scatter(part["category_gap"], jitter[part.index], s=size, color=colour, marker=marker, **_dot_style(colour))
    marked = leniency[(leniency["rs_dprk"] == 1) | (leniency["rs_peer"] == 1)]
    ax.axvline(0, color="0.35", lw=0.9)
    ax.set_yticks([])
    ax.set_ylim(-0.62, 0.62)  # room above and below the dots for their labels
    ax.set_xlabel("action category minus the other reviewers'\n(left: asks for less; −1 = one category)")
    ax.grid(axis="y", visible=False)
    _key(ax)
    place_labels(
        ax,
        marked["category_gap"].to_numpy(),
        jitter[marked.index].to_numpy(),
        marked["rs_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["rs_dprk"]],
        fontsize=LABEL_SIZE,
        first=marked["rs_dprk"].to_numpy() == 1,
        avoid=(leniency["category_gap"].to_numpy(), jitter.to_numpy()),
    )
    return fig


def distance_figure(by_distance: pd.DataFrame, examples: list[str] | None = None) -> plt.Figure:
    """North Korea's share of 'praise or continue' recommendations and the reviewed states'
    acceptance, by the reviewed state's ideal-point distance from North Korea (thirds of its
    recommendations).

    ``by_distance`` is :func:`dprk_upr.analysis.as_reviewer.tone_by_distance`; ``examples``
    (:func:`~dprk_upr.report.reviewer.examples_by_distance`) names the states most often reviewed in each group, printed
    under the group's range as a landmark.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.5), layout="constrained")
    names = examples or [""] * len(by_distance)
    labels = [
        f"{iv.left:.1f}–{iv.right:.1f}\n{ex}".strip() if ex else f"{iv.left:.1f}–{iv.right:.1f}"
        for iv, ex in zip(by_distance["distance"], names)
    ]
    labels = [label.replace(", ", ",\n") for label in labels]
    x = np.arange(len(labels))
    bars = [
        ax.bar(x - 0.2, 100 * by_distance["gentle"], width=0.4, color=PALETTE[2], label="praise or continue (1-2)"),
        ax.bar(x + 0.2, 100 * by_distance["accepted"], width=0.4, color=PALETTE[0], label="supported"),
    ]
    for group in bars:
        for bar in group:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1.5, f"{bar.get_height():.0f}", ha="center")
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("% of its recommendations")
    ax.set_xlabel("reviewed state's distance from North Korea")
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def effects_figure(effects: pd.DataFrame) -> plt.Figure:
    """Every state's fixed effect (acceptance with what it received held constant), sorted,
    North Korea and the peers marked and labelled. Effects below 0% or above 100% (a linear probability
    model does not bound them; :func:`clipped_effects` counts them) are drawn at the bound.

    ``effects`` is :func:`dprk_upr.analysis.among_states.state_effects`.
    """
    _style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.5), layout="constrained")
    order = effects.sort_values("effect").reset_index(drop=True)
    kinds = [
        (order[(order["sur_dprk"] == 0) & (order["sur_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (order[order["sur_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (order[order["sur_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    shown = (100 * order["effect"]).clip(0, 100)  # a linear probability model can pass 100%
    for part, colour, size, marker in kinds:
        ax.scatter(part.index + 1, shown[part.index], s=size, color=colour, marker=marker, **_dot_style(colour))
    marked = order[(order["sur_dprk"] == 1) | (order["sur_peer"] == 1)]
    ax.set_xlabel("states, least to most accepting")
    ax.set_ylabel("% it would accept of\nthe same recommendations")
    ax.set_xlim(-4, len(order) + 5)
    ax.set_ylim(min(0, shown.min()) - 4, 104)
    _key(ax)
    place_labels(
        ax,
        marked.index.to_numpy() + 1,
        shown[marked.index].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
        fontsize=LABEL_SIZE,
        first=marked["sur_dprk"].to_numpy() == 1,
        avoid=(order.index.to_numpy() + 1, shown.to_numpy()),
    )
    return fig


def profiles_figure(profiles: pd.DataFrame, cycle: int = 2) -> plt.Figure:
    """One dot per review of ``cycle``: share accepted (x) against the acceptance gap between
    categories 1-3 and category 5 (y); North Korea and the peers labelled.

    ``profiles`` is :func:`dprk_upr.analysis.among_states.review_profiles`; reviews without a
    gap (fewer than five recommendations of either kind) are left out.
    """
    _style()
    p = profiles[profiles["cycle"] == cycle].dropna(subset=["cheap_gap"])
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9), layout="constrained")
    kinds = [
        (p[(p["sur_dprk"] == 0) & (p["sur_peer"] == 0)], OTHER_COLOUR, SIZES["others"], "o"),
        (p[p["sur_peer"] == 1], PEER_COLOUR, SIZES["peer set"], "o"),
        (p[p["sur_dprk"] == 1], DPRK_COLOUR, SIZES["North Korea"], "D"),
    ]
    for part, colour, size, marker in kinds:
        ax.scatter(
            100 * part["accepted"], 100 * part["cheap_gap"], s=size, color=colour, marker=marker, **_dot_style(colour)
        )
    ax.axhline(0, color="0.45", lw=0.8)
    ax.set_xlim(0, 105)
    ax.set_ylim(min(-20, 100 * p["cheap_gap"].min() - 5), 100)
    ax.set_xlabel(f"% of its recommendations accepted (cycle {cycle})")
    ax.set_ylabel("% accepted of categories 1-3\nminus % of category 5 (points)")
    marked = p[(p["sur_dprk"] == 1) | (p["sur_peer"] == 1)]
    _key(ax)
    place_labels(
        ax,
        100 * marked["accepted"].to_numpy(),
        100 * marked["cheap_gap"].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
        fontsize=LABEL_SIZE,
        first=marked["sur_dprk"].to_numpy() == 1,
        avoid=(100 * p["accepted"].to_numpy(), 100 * p["cheap_gap"].to_numpy()),
    )
    return fig


def clipped_effects(effects: pd.DataFrame) -> int:
    """How many states' fixed effects (:func:`dprk_upr.analysis.among_states.state_effects`) lie
    outside 0-1, where :func:`effects_figure` draws them at the bound.

    >>> clipped_effects(pd.DataFrame({"effect": [-0.1, 0.5, 1.02, 1.0]}))
    2
    """
    return int(((effects["effect"] < 0) | (effects["effect"] > 1)).sum())


def action_agreement_figure(agreement: pd.DataFrame) -> plt.Figure:
    """Exact agreement of the action-category rule with the human codes in each session of the
    2018 export, with the 85% and 90% marks.

    ``agreement`` is ``action_agreement.csv`` (rows with ``check == "by session"``: ``session``,
    ``exact``, a share 0-1).
    """
    _style()
    s = agreement[agreement["check"] == "by session"]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    bars = ax.bar(s["session"].astype(int), 100 * s["exact"], color=PALETTE[0], width=0.75)
    lines = [ax.axhline(level, color="0.25", lw=1, ls=style) for level, style in ((90, "--"), (85, ":"))]
    ax.set_ylim(75, 100)
    ax.set_xticks([v for v in s["session"].astype(int) if v % 5 == 0 or v == 1])
    ax.set_xlabel("UPR session")
    ax.set_ylabel("% of the session's rows")
    ax.grid(axis="x", visible=False)
    _legend_above(ax, 3, [bars, *lines], ["same code as UPR Info", "90%", "85%"])
    return fig
