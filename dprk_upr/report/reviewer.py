"""Tables and figures of the chapter "North Korea as a reviewer and among the states".

Each function takes the processed tables or the analysis results and returns a display table
(human column headers, numbers formatted) or a matplotlib Figure sized for a phone screen (7 in
wide, large type, legends outside the data). The chapter sets figures to SVG.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from .figures import PALETTE, use_style

__all__ = [
    "pct",
    "num",
    "pp",
    "fmt_p",
    "interval",
    "exports_table",
    "targets_table",
    "within_table",
    "reciprocity_table",
    "models_table",
    "peers_table",
    "implications_table",
    "sessions_figure",
    "leniency_figure",
    "distance_figure",
    "effects_figure",
    "profiles_figure",
    "action_agreement_figure",
    "counted_phrase",
    "tag_counts",
    "dprk_differences",
    "ordinal",
    "holm_survivors",
    "verdicts",
]

DPRK_COLOUR, PEER_COLOUR, OTHER_COLOUR = PALETTE[3], PALETTE[0], "0.75"


def pct(share: float, digits: int = 0) -> str:
    """A share 0-1 as a percentage text.

    >>> pct(0.4237), pct(0.4237, 1), pct(float("nan"))
    ('42%', '42.4%', '–')
    """
    return "–" if share is None or pd.isna(share) else f"{100 * share:.{digits}f}%"


def num(value: float, digits: int = 1, sign: bool = False) -> str:
    """A number for the book: a true minus sign, no "-0", a plus sign on request.

    >>> num(-0.004, 2), num(-1.25, 1), num(0.3, 0, sign=True), num(-0.2, 0, sign=True)
    ('0.00', '−1.2', '0', '0')
    >>> num(2.5, 1, sign=True)
    '+2.5'
    """
    if value is None or pd.isna(value):
        return "–"
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    if text.startswith("-"):
        return "−" + text[1:]
    return ("+" + text) if sign else text


def pp(diff: float, digits: int = 0) -> str:
    """A difference of shares (0-1 scale) in percentage points, signed.

    >>> pp(0.183), pp(-0.0521, 1), pp(-0.003)
    ('+18 points', '−5.2 points', '0 points')
    """
    if diff is None or pd.isna(diff):
        return "–"
    return f"{num(100 * diff, digits, sign=True)} points"


def fmt_p(p: float) -> str:
    """A p-value for a table: "< 0.001" or three decimals.

    >>> fmt_p(0.0004), fmt_p(0.0234)
    ('< 0.001', '0.023')
    """
    return "–" if p is None or pd.isna(p) else "< 0.001" if p < 0.001 else f"{p:.3f}"


def interval(low: float, high: float, scale: float = 1.0, digits: int = 2) -> str:
    """A 95% interval "[a, b]" (values multiplied by ``scale``).

    >>> interval(-0.1234, 0.5, scale=100, digits=0), interval(-0.004, 0.25, scale=100, digits=0)
    ('[−12, 50]', '[0, 25]')
    """

    return f"[{num(low * scale, digits)}, {num(high * scale, digits)}]"


def exports_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """``export_agreement.csv`` for display: rows, pairs and agreement (counts and shares)."""
    t = agreement.copy()
    paired = t["paired_exact"] + t["paired_close"]
    out = pd.DataFrame(
        {
            "Rows compared": t["scope"],
            "2018 export": t["rows_2018"],
            "older exports": t["rows_older"],
            "paired (same words)": t["paired_exact"],
            "paired (similar text)": t["paired_close"],
            "same answer": [f"{a} ({pct(a / n, 1)})" for a, n in zip(t["response_agree"], paired)],
            "same action category": [f"{a} ({pct(a / n, 2)})" for a, n in zip(t["action_agree"], paired)],
            "same issue tags": [f"{a} ({pct(a / n, 1)})" for a, n in zip(t["issues_agree"], paired)],
        }
    )
    return out


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.as_reviewer.targets_compared` for display (shares as %)."""
    t = targets.set_index("group").T
    out = pd.DataFrame(index=t.index)
    for col in t.columns:
        values = []
        for key, v in t[col].items():
            if key == "reviews":
                values.append(f"{int(v)}")
            elif key.startswith("group: "):
                values.append(pct(v))
            else:
                values.append(f"{v:.2f}")
        out[col] = values
    out.index = [k.replace("group: ", "share in UPR Info's group ") for k in out.index]
    return out.rename_axis("").reset_index().rename(columns={"": "Measure (reviews)"})


#: Rows of the within-review table: outcome key -> (label, unit).
WITHIN_ROWS = {
    "action_category": ("mean action category (1-5)", "category"),
    "gentle": ("praise or continue (categories 1-2)", "share"),
    "specific": ("specific action (category 5)", "share"),
    "civil_political": ("civil and political (issue tags)", "share"),
    "accepted": ("supported by the reviewed state", "share"),
}


def within_table(results: dict[str, dict]) -> pd.DataFrame:
    """North Korea's recommendations beside the other reviewers' in the same reviews.

    ``results`` maps the keys of ``WITHIN_ROWS`` to
    :func:`dprk_upr.analysis.as_reviewer.within_review_model` results.
    """
    rows = []
    for key, (label, unit) in WITHIN_ROWS.items():
        r = results[key]
        if unit == "share":
            dprk, others = pct(r["dprk_mean"]), pct(r["others_mean"])
            diff = f"{pp(r['coef'])} {interval(r['ci_low'], r['ci_high'], 100, 0)}"
        else:
            dprk, others = f"{r['dprk_mean']:.2f}", f"{r['others_mean']:.2f}"
            diff = f"{num(r['coef'], 2, sign=True)} {interval(r['ci_low'], r['ci_high'])}"
        rows.append(
            {
                "Recommendations": label,
                "North Korea": dprk,
                "other reviewers, same reviews": others,
                "difference within the review [95% CI]": diff,
                "p": fmt_p(r["p"]),
            }
        )
    return pd.DataFrame(rows)


def reciprocity_table(models: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The reciprocity models side by side.

    ``models`` maps a timing label ("same cycle", "before its review") to
    :func:`dprk_upr.analysis.reciprocity.reciprocity_models`. Shows, for each outcome, the
    difference between states North Korea praised (and pressed) and states it did not review,
    with the 95% interval, and Holm-adjusted p-values over the ten tests of each timing.
    """
    rows = []
    for timing, table in models.items():
        groups = table[table["term"].isin(["praised", "pressed"])].copy()
        groups["holm"] = multipletests(groups["p"], method="holm")[1]
        for _, r in groups.iterrows():
            scale, digits = (1.0, 2) if r["outcome"] == "action_category" else (100.0, 0)
            unit = "" if r["outcome"] == "action_category" else " points"
            rows.append(
                {
                    "Timing": timing,
                    "Outcome": r["label"],
                    "North Korea had": r["term"],
                    "states": int(r["treated_states"]),
                    "difference [95% CI]": f"{num(r['coef'] * scale, digits, sign=True)}{unit} "
                    f"{interval(r['ci_low'], r['ci_high'], scale, digits)}",
                    "p": fmt_p(r["p"]),
                    "p (Holm)": fmt_p(r["holm"]),
                }
            )
    return pd.DataFrame(rows)


def models_table(models: dict[str, pd.DataFrame], percent: bool = True) -> pd.DataFrame:
    """Coefficient tables of :mod:`dprk_upr.analysis.among_states` side by side: a cell per term
    and model with the coefficient (percentage points if ``percent``) and the two-way clustered
    standard error in parentheses, then rows for the observations and the clusters."""
    scale = 100.0 if percent else 1.0
    terms = list(dict.fromkeys(t for m in models.values() for t in m["term"]))
    out = pd.DataFrame({"Variable": terms})
    for name, m in models.items():
        by = m.set_index("term")
        cells = []
        for term in terms:
            if term in by.index:
                r = by.loc[term]
                mark = "*" if r["p"] < 0.05 else ""
                cells.append(f"{num(r['coef'] * scale, 1)}{mark} ({r['se'] * scale:.1f})")
            else:
                cells.append("")
        out[name] = cells
    extra = pd.DataFrame(
        {
            "Variable": [
                "recommendations",
                "clusters: recommending states",
                "clusters: states under review",
            ],
            **{name: [f"{m.attrs['n']:,}", f"{m.attrs['n_rs']}", f"{m.attrs['n_sur']}"] for name, m in models.items()},
        }
    )
    return pd.concat([out, extra], ignore_index=True)


def peers_table(peers: pd.DataFrame) -> pd.DataFrame:
    """The states named in a recorded General Assembly vote, with both facts of the rule."""
    t = peers[peers["named_by_ga"] == 1]
    return pd.DataFrame(
        {
            "State": t["state"],
            "Sessions reviewed": t["sessions"],
            "V-Dem polyarchy, cycle 1": t["polyarchy_cycle1"].map(lambda v: f"{v:.2f}"),
            "cycle 2": t["polyarchy_cycle2"].map(lambda v: f"{v:.2f}"),
            "General Assembly resolutions put to a recorded vote": t["ga_resolutions"],
            "Meets the rule": t["meets_rule"].map({1: "yes", 0: "no"}),
            "In the peer set": t["peer"]
            .map({1: "yes", 0: "no (North Korea itself)"})
            .where(t["meets_rule"] == 1, "no"),
        }
    ).reset_index(drop=True)


def implications_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`dprk_upr.analysis.image_management.implications` for display."""

    def value(key: str, v: float) -> str:
        if key in ("cheap_share",):
            return pct(v)
        if key in ("praises_friends",):
            return f"{num(100 * v, 0, sign=True)} points per unit"
        return pp(v)

    return pd.DataFrame(
        {
            "If engagement manages the image, North Korea": table["claim"],
            "Measure": table["measure"],
            "North Korea": [value(k, v) for k, v in zip(table["key"], table["dprk"])],
            "median, peers": [value(k, v) for k, v in zip(table["key"], table["peer_median"])],
            "median, all": [value(k, v) for k, v in zip(table["key"], table["all_median"])],
            "beyond (share of others)": [pct(s) for s in table["share_beyond"]],
            "in the predicted direction": [
                "beyond both medians"
                if a and p
                else "beyond the all-state median only"
                if a
                else "beyond the peer median only"
                if p
                else "no"
                for a, p in zip(table["fits_vs_all"], table["fits_vs_peers"])
            ],
        }
    )


WIDTH = 5.6  # inches: at a phone's 390 px the type stays at about three quarters of its size


def _legend_above(ax, ncols: int = 3) -> None:
    """The legend in one row above the plotting area, clear of the data."""
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncols=ncols,
        frameon=False,
        fontsize=10,
        handletextpad=0.4,
        columnspacing=1.0,
    )


def _label_points(ax, xs, ys, labels, colours) -> None:
    """Label points with their ISO codes (one colour per point), alternating the offsets of
    neighbours along x so that the labels of nearby points do not overlap."""
    offsets = [(6, 5), (6, -13), (-30, 5), (-30, -13)]
    for k, i in enumerate(np.argsort(np.asarray(xs, dtype=float), kind="stable")):
        ax.annotate(
            labels[i], (xs[i], ys[i]), textcoords="offset points", xytext=offsets[k % 4], fontsize=9, color=colours[i]
        )


def sessions_figure(counts: pd.DataFrame) -> plt.Figure:
    """Stacked bars of North Korea's recommendations per session by tone, cycles marked."""
    use_style()
    tones = [c for c in counts.columns if c not in ("cycle", "total")]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
    bottom = np.zeros(len(counts))
    for tone, colour in zip(tones, [PALETTE[2], PALETTE[7], PALETTE[3]]):
        ax.bar(
            counts.index,
            counts[tone],
            bottom=bottom,
            color=colour,
            label=tone.split(" (")[0],
            edgecolor="white",
            width=0.8,
        )
        bottom += counts[tone].to_numpy()
    top = counts["total"].max()
    for cycle, part in counts.dropna(subset=["cycle"]).groupby("cycle"):
        lo, hi = part.index.min() - 0.5, part.index.max() + 0.5
        ax.text(
            (lo + hi) / 2,
            top * 1.08,
            f"cycle {int(cycle)}" if hi - lo > 3 else f"c{int(cycle)}",
            ha="center",
            fontsize=9,
        )
        ax.axvline(hi, color="0.6", lw=0.8, ls=":")
    ax.set_xlim(counts.index.min() - 0.7, counts.index.max() + 0.7)
    ax.set_ylim(0, top * 1.2)
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("UPR session")
    ax.set_ylabel("recommendations")
    ax.set_xticks(counts.index[::3])
    ax.grid(axis="x", visible=False)
    _legend_above(ax)
    return fig


def leniency_figure(leniency: pd.DataFrame) -> plt.Figure:
    """Each reviewer's mean action category minus the other reviewers' in the same reviews, as a
    strip (one dot per reviewer), North Korea and the peers marked."""
    use_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 2.8), layout="constrained")
    rng = np.random.default_rng(0)
    others = leniency[(leniency["rs_dprk"] == 0) & (leniency["rs_peer"] == 0)]
    peers = leniency[leniency["rs_peer"] == 1]
    dprk = leniency[leniency["rs_dprk"] == 1]
    ax.scatter(others["category_gap"], rng.uniform(-0.3, 0.3, len(others)), s=16, color=OTHER_COLOUR, label="others")
    ax.scatter(peers["category_gap"], rng.uniform(-0.3, 0.3, len(peers)), s=36, color=PEER_COLOUR, label="peer set")
    ax.scatter(dprk["category_gap"], [0] * len(dprk), s=80, color=DPRK_COLOUR, marker="D", label="North Korea")
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_yticks([])
    ax.set_ylim(-0.5, 0.5)
    ax.set_xlabel("action category minus the others'\nin the same reviews (left: softer)")
    _legend_above(ax)
    return fig


def distance_figure(by_distance: pd.DataFrame) -> plt.Figure:
    """North Korea's share of 'praise or continue' recommendations and the reviewed states'
    acceptance, by the reviewed state's ideal-point distance from North Korea (groups)."""
    use_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
    labels = [f"{iv.left:.2f}–{iv.right:.2f}\n(n = {n})" for iv, n in zip(by_distance["distance"], by_distance["n"])]
    x = np.arange(len(labels))
    ax.bar(x - 0.2, 100 * by_distance["gentle"], width=0.4, color=PALETTE[2], label="praise or continue")
    ax.bar(x + 0.2, 100 * by_distance["accepted"], width=0.4, color=PALETTE[0], label="supported")
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of its recommendations")
    ax.set_xlabel("distance from North Korea (UN ideal points)")
    ax.grid(axis="x", visible=False)
    _legend_above(ax, ncols=2)
    return fig


def effects_figure(effects: pd.DataFrame) -> plt.Figure:
    """Every state's fixed effect (acceptance with what it received held constant), sorted,
    North Korea and the peers marked and labelled."""
    use_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
    order = effects.sort_values("effect").reset_index(drop=True)
    colours = [
        DPRK_COLOUR if d == 1 else PEER_COLOUR if p == 1 else OTHER_COLOUR
        for d, p in zip(order["sur_dprk"], order["sur_peer"])
    ]
    sizes = np.where(order["sur_dprk"] == 1, 60, np.where(order["sur_peer"] == 1, 30, 10))
    ax.scatter(order.index, 100 * order["effect"], c=colours, s=sizes, zorder=2)
    marked = order[(order["sur_dprk"] == 1) | (order["sur_peer"] == 1)]
    _label_points(
        ax,
        marked.index.to_numpy(),
        100 * marked["effect"].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
    )
    ax.set_xlabel("states under review, least to most accepting")
    ax.set_ylabel("% accepted, same mix\nof recommendations")
    ax.set_xticks([])
    ax.scatter([], [], color=DPRK_COLOUR, s=60, label="North Korea")
    ax.scatter([], [], color=PEER_COLOUR, s=30, label="peer set")
    ax.scatter([], [], color=OTHER_COLOUR, s=10, label="others")
    _legend_above(ax)
    return fig


def profiles_figure(profiles: pd.DataFrame, cycle: int = 2) -> plt.Figure:
    """One dot per review of ``cycle``: share accepted (x) against the acceptance gap between
    categories 1-3 and category 5 (y); North Korea and the peers labelled."""
    use_style()
    p = profiles[profiles["cycle"] == cycle].dropna(subset=["cheap_gap"])
    fig, ax = plt.subplots(figsize=(WIDTH, 4.0), layout="constrained")
    rest = p[(p["sur_dprk"] == 0) & (p["sur_peer"] == 0)]
    ax.scatter(100 * rest["accepted"], 100 * rest["cheap_gap"], s=12, color=OTHER_COLOUR, label="others")
    for flag, colour, size, label in (
        ("sur_peer", PEER_COLOUR, 30, "peer set"),
        ("sur_dprk", DPRK_COLOUR, 60, "North Korea"),
    ):
        part = p[p[flag] == 1]
        ax.scatter(100 * part["accepted"], 100 * part["cheap_gap"], s=size, color=colour, label=label, zorder=3)
    marked = p[(p["sur_dprk"] == 1) | (p["sur_peer"] == 1)]
    _label_points(
        ax,
        100 * marked["accepted"].to_numpy(),
        100 * marked["cheap_gap"].to_numpy(),
        marked["sur_iso3"].tolist(),
        [DPRK_COLOUR if d == 1 else PEER_COLOUR for d in marked["sur_dprk"]],
    )
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xlabel(f"% accepted (cycle {cycle} review)")
    ax.set_ylabel("acceptance gap, categories\n1-3 minus 5 (points)")
    _legend_above(ax)
    return fig


def action_agreement_figure(agreement: pd.DataFrame) -> plt.Figure:
    """Exact agreement of the action-category rule with the human codes in each session of the
    2018 export, with the 85% and 90% marks."""
    use_style()
    s = agreement[agreement["check"] == "by session"]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2), layout="constrained")
    ax.bar(s["session"].astype(int), 100 * s["exact"], color=PALETTE[0], width=0.75, label="session")
    for level, style in ((90, "--"), (85, ":")):
        ax.axhline(level, color="0.3", lw=1, ls=style, label=f"{level}%")
    ax.set_ylim(75, 100)
    ax.set_xlabel("UPR session (2018 export)")
    ax.set_ylabel("% coded as UPR Info did")
    ax.grid(axis="x", visible=False)
    _legend_above(ax)
    return fig


def counted_phrase(counts: pd.Series, top: int = 5) -> str:
    """The ``top`` largest counts as "A (16), B (9) and C (7)".

    >>> counted_phrase(pd.Series({"United States": 16, "Cuba": 9, "Japan": 6}), top=2)
    'United States (16) and Cuba (9)'
    """
    items = [f"{name} ({int(n)})" for name, n in counts.sort_values(ascending=False).head(top).items()]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def tag_counts(issues: pd.Series) -> pd.Series:
    """How often each UPR Info issue tag occurs in a column of comma-separated tags."""
    tags = issues.fillna("").str.split(",").explode().str.strip()
    return tags[tags != ""].value_counts()


def dprk_differences(differences: pd.DataFrame, recs: pd.DataFrame, dprk: str = "DPR Korea") -> pd.DataFrame:
    """The differences between the exports on North Korea's own rows, with the book's ``rec_id``.

    ``differences`` is ``export_differences.csv``; ``recs`` is ``recommendations.csv`` (its
    ``upr_info_rows`` lists the lines of the older export behind each recommendation). Returns
    ``kind``, ``rec_id``, ``recommending_state``, ``value_2018``, ``value_older``. Raises
    ValueError if a difference on North Korea's rows matches no recommendation.
    """
    d = differences[(differences["state_under_review"].str.strip() == dprk) & ~differences["kind"].eq("issue tags")]
    lines = recs.assign(line=recs["upr_info_rows"].astype(str).str.split(";")).explode("line")
    lines["line"] = lines["line"].astype(int)
    sessions = {int(c): int(s) for c, s in recs.groupby("cycle")["session"].first().items()}
    lines["session"] = lines["cycle"].map(sessions)
    out = d.merge(
        lines[["session", "line", "rec_id"]],
        left_on=["session", "line_older"],
        right_on=["session", "line"],
        how="left",
    )
    if out["rec_id"].isna().any():
        raise ValueError("dprk_differences: a difference on North Korea's rows matches no recommendation.")
    return out[["kind", "rec_id", "recommending_state", "value_2018", "value_older"]].reset_index(drop=True)


def ordinal(n: int) -> str:
    """An ordinal number in English.

    >>> [ordinal(n) for n in (1, 2, 3, 11, 15, 22, 191)]
    ['1st', '2nd', '3rd', '11th', '15th', '22nd', '191st']
    """
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def holm_survivors(models: dict[str, pd.DataFrame], level: float = 0.05) -> dict[str, int]:
    """For each timing of :func:`reciprocity_table`'s ``models``: how many of the praised and
    pressed differences stay below ``level`` after Holm's correction, and how many were tested.

    Returns ``{timing: (survivors, tests)}``."""
    out = {}
    for timing, table in models.items():
        groups = table[table["term"].isin(["praised", "pressed"])]
        adjusted = multipletests(groups["p"], method="holm")[1]
        out[timing] = (int((adjusted < level).sum()), len(groups))
    return out


def verdicts(table: pd.DataFrame) -> dict[str, str]:
    """The implications of :func:`dprk_upr.analysis.image_management.implications` grouped by
    where North Korea stands: ``both`` (beyond the median of all states and of the peers in the
    predicted direction), ``all_only``, ``peers_only`` and ``neither``, each as a listing of the
    claims ("none" when empty)."""
    fits_all = table["fits_vs_all"].astype(bool)
    fits_peers = table["fits_vs_peers"].fillna(False).astype(bool)
    groups = {
        "both": table.loc[fits_all & fits_peers, "claim"],
        "all_only": table.loc[fits_all & ~fits_peers, "claim"],
        "peers_only": table.loc[~fits_all & fits_peers, "claim"],
        "neither": table.loc[~fits_all & ~fits_peers, "claim"],
    }
    return {k: "; ".join(f"“{c}”" for c in v) if len(v) else "none" for k, v in groups.items()}
