"""The Models chapter's tables: regression tables whose cells say when an estimate must not be
read, and the display forms of the claims, effects, inference, separation, curve, content and
confounding tables, with human column headers and a first column that says what each row is.

A value that a diagnostic blanks (:meth:`~dprk_upr.analysis.results.FitResult.problem`) is shown
as a dash with a mark, and the table's notes say why in words. Display frames are made for
:func:`dprk_upr.report.tables.glue_table`: numbers stay numbers (the table style aligns and
rounds them), p-values and intervals are text ("< 0.001", "[-1.2, 3.4]"), and each table has few
enough columns to fit the text column at 1280 px; on a phone its first column stays in view.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.results import FitResult, coefficient
from ..analysis.sample import SINGLETON
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

#: Why a recommendation left a model, in words that complete "left out: n recommendations ...".
DROP_REASONS = {
    "ideal_point_distance": "without an ideal-point distance",
    "polyarchy": "without a democracy score",
    "un_regional_group": "without a UN regional group",
    SINGLETON: "that are their reviewer's only recommendation in the review (nothing to compare within)",
}

#: Labels of the published claims' halves (by claim id) for the claims table; the figure uses
#: :data:`CLAIM_SHORT` under a heading per study.
CLAIM_LABELS = {
    "jy_alike": "Jang & Yoo: like-minded voters fare better (distance alone)",
    "jy_alike_joint": "Jang & Yoo: like-minded voters fare better (democracy held constant)",
    "jy_regime": "Jang & Yoo: authoritarian reviewers fare better (democracy alone)",
    "jy_regime_joint": "Jang & Yoo: authoritarian reviewers fare better (distance held constant)",
    "pk_specific": "Park & Kim: distance does not matter for specific recommendations",
    "pk_sensitive": "Park & Kim: distance does not matter for sensitive recommendations",
    "pk_specific_diff": "Park & Kim: distance matters no more for specific than for other recommendations",
    "pk_sensitive_diff": "Park & Kim: distance matters no more for sensitive than for other recommendations",
}

#: One-line labels of the claims' halves for the claims figure.
CLAIM_SHORT = {
    "jy_alike": "like-minded voters, alone",
    "jy_alike_joint": "like-minded voters, democracy held",
    "jy_regime": "authoritarian reviewers, alone",
    "jy_regime_joint": "authoritarian reviewers, distance held",
    "pk_specific": "on specific recommendations",
    "pk_sensitive": "on sensitive recommendations",
    "pk_specific_diff": "no more on specific than on others",
    "pk_sensitive_diff": "no more on sensitive than on others",
}

#: Headings of each study's rows in the claims figure, by the claim id's prefix.
CLAIM_HEADINGS = {
    "jy": "Jang & Yoo (2024): these fare better",
    "pk": "Park & Kim (2024): distance has no effect",
}

#: The quantities of an effects table in words ({v}: the variable, {a}: the group).
EFFECT_WORDS = {
    "ame": "{v}",
    "at 0": "distance, on other recommendations",
    "at 1": "distance, on {a} recommendations",
    "difference": "distance, {a} minus other",
}

#: Variables of the effects in words, with the change they are measured for.
VARIABLE_WORDS = {
    "ideal_point_distance": "distance (+1 SD)",
    "polyarchy": "democracy (+1 SD)",
    "specific": "specific (0 → 1)",
    "sensitive": "sensitive (0 → 1)",
}

BLANK = "–"


#: A space that does not break a line ("< 0.001" and "[-1.2, 3.4]" stay on one line in a table).
NBSP = "\u00a0"


def fmt_p(p: float) -> str:
    """A p-value for a table or a sentence: "< 0.001" (with a non-breaking space), "0.023", or a
    dash when missing.

    >>> fmt_p(0.0004).replace(NBSP, " "), fmt_p(0.0234), fmt_p(float("nan"))
    ('< 0.001', '0.023', '–')
    """
    if p is None or not np.isfinite(p):
        return BLANK
    return f"<{NBSP}0.001" if p < 0.001 else f"{p:.3f}"


def p_phrase(p: float) -> str:
    """A p-value to follow the letter p in a sentence: "< 0.001" or "= 0.023".

    >>> p_phrase(0.0004).replace(NBSP, " "), p_phrase(0.0234)
    ('< 0.001', '= 0.023')
    """
    text = fmt_p(p)
    return text if text.startswith(("<", BLANK)) else f"= {text}"


def fmt_interval(low: float, high: float, digits: int = 1) -> str:
    """A 95% interval as "[-1.2, 3.4]", with a non-breaking space (a dash when missing; ∞ for an
    unbounded end).

    >>> fmt_interval(-1.23, 3.4).replace(NBSP, " "), fmt_interval(float("nan"), 1.0)
    ('[-1.2, 3.4]', '–')
    """
    if pd.isna(low) or pd.isna(high):
        return BLANK

    def one(v):
        return "∞" if v == np.inf else "−∞" if v == -np.inf else f"{v:.{digits}f}"

    return f"[{one(low)},{NBSP}{one(high)}]"


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun for the prose, in words for none and one: "no omission changes",
    "one omission changes", "3 omissions change".

    >>> count_phrase(0, "omission changes", "omissions change"), count_phrase(1, "reviewer")
    ('no omission changes', 'one reviewer')
    >>> count_phrase(12, "reviewer")
    '12 reviewers'
    """
    plural = plural or f"{singular}s"
    if n == 0:
        return f"no {singular}"
    if n == 1:
        return f"one {singular}"
    return f"{n:,} {plural}"


def _columns_phrase(columns: list[str]) -> str:
    """'(1)', '(1) and (3)', '(1), (3) and (4)'."""
    return columns[0] if len(columns) == 1 else ", ".join(columns[:-1]) + " and " + columns[-1]


def _drop_notes(results: list[FitResult], columns: list[str], missing_by: str | None = None) -> list[str]:
    """One note per reason a recommendation left some columns, naming the columns. With
    ``missing_by`` (words for the recommendations that lack values, which the caller has checked
    are the same for every variable), the reasons "without a value of ..." become one note."""
    groups: dict[tuple[str, int], list[str]] = {}
    lacking: dict[str, list[str]] = {}
    for column, r in zip(columns, results):
        for reason, n in r.dropped.items():
            if missing_by is not None and reason != SINGLETON:
                lacking.setdefault(column, []).append(reason)
                continue
            groups.setdefault((reason, int(n)), []).append(column)
    notes = []
    if lacking:
        reasons = list(dict.fromkeys(x for found in lacking.values() for x in found))
        what = [DROP_REASONS.get(x, f"without a value of {x}").removeprefix("without ") for x in reasons]
        what = [w.removeprefix("an ").removeprefix("a ") for w in what]
        what = what[0] if len(what) == 1 else ", ".join(what[:-1]) + " or " + what[-1]
        cols = list(lacking)
        where = f"Column {cols[0]} leaves" if len(cols) == 1 else f"Columns {_columns_phrase(cols)} leave"
        notes.append(f"{where} out {missing_by} (no {what}).")
    for (reason, n), cols in groups.items():
        what = DROP_REASONS.get(reason, f"without a value of {reason}")
        noun = "recommendation" if n == 1 else "recommendations"
        where = f"Column {cols[0]} leaves" if len(cols) == 1 else f"Columns {_columns_phrase(cols)} leave"
        notes.append(f"{where} out {n} {noun} {what}.")
    if missing_by is None and any(len(r.dropped) > 1 for r in results):
        notes.append("A recommendation that lacks several of these is counted under each; N counts it once.")
    return notes


def regression_table(
    results: list[FitResult], labels: dict | None = None, digits: int = 2, missing_by: str | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """A publication-style table and its notes.

    One column per model, a coefficient row with stars and a row with its clustered standard
    error in parentheses beneath; then N, reviewers (clusters), (pseudo) R², the estimator, and a
    row for each kind of fixed effect that some model of the table has (cycle, reviewer, regional
    group, text group), "yes" only where the effects vary in that model's sample. Dummy
    coefficients of ``C(...)`` terms are summarised by those rows; the intercept of a model that
    absorbs effects is not shown. A coefficient a diagnostic blanks is shown as "–†".

    The notes (second return value) are sentences: why a blanked value is not shown (one note
    per model), the models' flagged warnings, and which recommendations each column leaves out
    and why, grouped by reason ("Columns (1), (3) and (4) leave out 1 recommendation without an
    ideal-point distance."). ``missing_by`` names the recommendations without a value of a
    variable when they are the same for every variable (see ``_drop_notes``): "the one
    recommendation made by Palestine" gives one note instead of one per variable.
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
        flags = sorted({d.message for d in r.diagnostics if not d.blank and d.kind != "drop"})
        if flags:
            notes.append(f"{column}: " + "; ".join(flags) + ".")
    notes += _drop_notes(results, columns, missing_by)
    return pd.DataFrame(rows, columns=["Variable"] + columns), notes


def describe_coefficient(result: FitResult, term: str, digits: int = 2) -> str:
    """A coefficient in words for the prose: "0.42 (clustered SE 0.31, p = 0.17)", or "not
    shown: <reason>" when a diagnostic blanks it. The SE is clustered for every estimator."""
    row = coefficient(result, term)
    if row["problem"]:
        return f"not shown: {row['problem']}"
    return f"{row['estimate']:.{digits}f} (clustered SE {row['std_err']:.{digits}f}, p {p_phrase(row['p_value'])})"


def claim_labels(claims: pd.DataFrame, short: bool = False) -> list[str]:
    """A label for each row of :func:`~dprk_upr.analysis.claims.claims_table` (indexed by claim
    id): :data:`CLAIM_LABELS` (``short``: :data:`CLAIM_SHORT`, without the study, for a figure
    that heads each study's rows with its name), or the claim's words for an id not listed."""
    out = []
    for claim_id, row in claims.iterrows():
        if short:
            out.append(CLAIM_SHORT.get(claim_id, str(row["claim"])))
        else:
            out.append(CLAIM_LABELS.get(claim_id, f"{row['study']}: {row['claim']}"))
    return out


def claim_groups(claims: pd.DataFrame) -> list[str]:
    """The heading of each claim's study in the claims figure (:data:`CLAIM_HEADINGS`, or the
    study's name)."""
    return [CLAIM_HEADINGS.get(str(i).split("_")[0], s) for i, s in zip(claims.index, claims["study"])]


def claims_display(claims: pd.DataFrame) -> pd.DataFrame:
    """Display form of :func:`~dprk_upr.analysis.claims.claims_table`: the half of the claim and
    the verdict (side by side, so that a phone shows both), this book's estimate (percentage
    points per SD) with its 95% wild-bootstrap interval, the p-value and the minimum detectable
    effect."""
    return pd.DataFrame(
        {
            "Half of the claim": claim_labels(claims),
            "Verdict": claims["verdict"].to_numpy(),
            "Estimate [95% interval]": [
                BLANK if pd.isna(e) else f"{e:.1f} {fmt_interval(a, b)}"
                for e, a, b in zip(claims["estimate"], claims["ci_low"], claims["ci_high"])
            ],
            "p": claims["p_wild"].map(fmt_p).to_numpy(),
            "Detectable": claims["mde"].astype(float).to_numpy(),
        }
    )


def effect_labels(table: pd.DataFrame, names: dict[str, str], with_model: bool = True) -> list[str]:
    """The label "Model: quantity" for each row of ``dprk_upr.analysis.interactions.effects_table``, for
    example "Refusal at the WG (4): distance, sensitive minus other"; the quantity alone when
    ``with_model`` is false (a figure that heads each model's rows with its name)."""
    out = []
    for model, kind, variable, at in zip(table["model"], table["kind"], table["variable"], table["at"]):
        what = EFFECT_WORDS[kind].format(v=VARIABLE_WORDS.get(variable, variable), a=at)
        name = names.get(model, model)
        out.append(f"{name[:1].upper()}{name[1:]}: {what}" if with_model else what)
    return out


def effects_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Display form of ``dprk_upr.analysis.interactions.effects_table``: the effect (model and
    quantity), its estimate in percentage points, the 95% wild-bootstrap interval and p-value; a
    last column says why a row is blank, when one is. The other kinds of inference are in
    :func:`inference_display`."""
    out = pd.DataFrame(
        {
            "Effect": effect_labels(table, names),
            "Points": table["estimate"].astype(float).to_numpy(),
            "95% interval": [fmt_interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"])],
            "p": table["p_wild"].map(fmt_p).to_numpy(),
        }
    )
    if table["problem"].astype(bool).any():
        out["Not shown because"] = table["problem"].to_numpy()
    return out


def inference_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The effects of ``dprk_upr.analysis.interactions.effects_table`` under each kind of
    inference: wild-bootstrap and clustered (normal) p-values, clustered and jackknife standard
    errors (percentage points), and the effective number of clusters (within-cluster correlation
    0 and 1) beside the number of reviewers."""
    return pd.DataFrame(
        {
            "Effect": effect_labels(table, names),
            "p, wild bootstrap": table["p_wild"].map(fmt_p).to_numpy(),
            "p, clustered": table["p_cr1"].map(fmt_p).to_numpy(),
            "SE, clustered / jackknife": [
                BLANK if pd.isna(a) else f"{a:.1f} / {b:.1f}" for a, b in zip(table["std_err"], table["se_jackknife"])
            ],
            "Effective reviewers (ρ = 0 / 1) of all": [
                BLANK if pd.isna(a) else f"{a:.0f} / {b:.0f} of {g}"
                for a, b, g in zip(table["g_star_0"], table["g_star_1"], table["clusters"])
            ],
        }
    )


def _term_words(terms: str) -> str:
    """Coefficient names of the separation check in words; regional-group dummies summarised."""
    if not terms:
        return ""
    words = []
    for term in (t.strip() for t in terms.split(",")):
        word = "regional-group dummies" if term.startswith("C(un_regional_group)") else LABELS.get(term, term)
        if word not in words:
            words.append(word)
    return ", ".join(w[:1].lower() + w[1:] for w in words)


def separation_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Display form of :func:`~dprk_upr.analysis.separation.separation_table`: one row per model,
    one column per sample (the model's own, and each review alone for a model that pools both),
    each cell "yes" (the maximum-likelihood estimate exists) or "no:" and the coefficients that
    would be infinite; a dash where the model is fitted on one review only."""
    samples = {"as specified": "Own sample", "cycle 1": "First review alone", "cycle 2": "Second review alone"}
    cell = [
        "yes" if e == "yes" else f"no: {_term_words(i)}" if i else "no"
        for e, i in zip(table["estimate exists"], table["infinite"].fillna(""))
    ]
    frame = table.assign(cell=cell, column=table["sample"].map(samples))
    wide = frame.pivot(index="model", columns="column", values="cell").reindex(list(dict.fromkeys(table["model"])))
    wide = wide.reindex(columns=[c for c in samples.values() if c in wide.columns]).fillna(BLANK)
    wide.insert(0, "Model", [names.get(m, m)[:1].upper() + names.get(m, m)[1:] for m in wide.index])
    return wide.reset_index(drop=True).rename_axis(None, axis=1)


def glue_display(name: str, frame: pd.DataFrame, digits: int = 2, **kwargs) -> None:
    """Glue a display frame of this module as a table in the book's style
    (:func:`dprk_upr.report.tables.glue_table`), with its column names as the headers exactly as
    written ("p" stays lower case); ``digits``: decimals of non-integer numbers."""
    from .tables import glue_table

    glue_table(name, frame, digits=digits, headers={c: str(c) for c in frame.columns}, **kwargs)
