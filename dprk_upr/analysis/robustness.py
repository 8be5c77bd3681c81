"""How far the main results survive other codings, measures, samples and estimators, and the
omission of one reviewer at a time."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .estimators import fit
from .results import FitResult, coefficient
from .sample import prepare, with_derived
from .specifications import KEY_TERMS, ModelSpec, load_specs


def _rename(term: str, mapping: dict[str, str]) -> str:
    """A term with variables renamed (whole words), as :meth:`ModelSpec.substitute` renames them."""
    for old, new in mapping.items():
        term = re.sub(rf"\b{old}\b", new, term)
    return term


def _key_row(name: str, result: FitResult | None, roles: dict[str, str], note: str = "") -> dict:
    row = {"variant": name, "n": np.nan, "reviewers": np.nan}
    for role in KEY_TERMS:
        row[role], row[f"{role} se"], row[f"{role} p"] = np.nan, np.nan, np.nan
    if result is not None:
        row["n"], row["reviewers"] = result.n, result.n_clusters
        coefs = result.coefs.set_index("term")
        for role, term in roles.items():
            if term in coefs.index:
                row[role] = coefs.loc[term, "estimate"]
                row[f"{role} se"] = coefs.loc[term, "std_err"]
                row[f"{role} p"] = coefs.loc[term, "p_value"]
        if not result.converged:
            note = "; ".join(filter(None, [note, "did not converge"]))
        note = "; ".join(filter(None, [note, *result.warnings]))
    row["note"] = note
    return row


def leave_one_out(spec: ModelSpec, data: pd.DataFrame) -> pd.DataFrame:
    """Refit ``spec`` once without each reviewer (cluster); one row per omitted reviewer with the
    key coefficients (:data:`~dprk_upr.analysis.specifications.KEY_TERMS`), N and a note when a fit fails or does not converge."""
    cluster = spec.cluster
    frame = prepare(spec, data).frame
    rows = []
    for omitted in sorted(frame[cluster].unique()):
        try:
            res, note = fit(spec, data[data[cluster] != omitted]), ""
        except (ValueError, np.linalg.LinAlgError) as err:
            res, note = None, f"fit failed: {err}"
        rows.append({"omitted": omitted, **_key_row(f"without {omitted}", res, KEY_TERMS, note)})
    return pd.DataFrame(rows)


def _variants(spec: ModelSpec) -> list[tuple[str, ModelSpec, dict]]:
    """(name, spec, substitution of variables) for each robustness variant of a main spec."""
    out = [
        ("Main model", spec, {}),
        ("Ordinal action category (1-5) for specific", None, {"specific": "action_category"}),
        ("Action category 4 or 5 for specific", None, {"specific": "action_ge4"}),
        ("Sensitivity coded from issue tags", None, {"sensitive": "sensitive_tags"}),
        ("Vote agreement for distance", None, {"ideal_point_distance": "vote_agreement"}),
        ("Voted for the DPRK resolution for distance", None, {"ideal_point_distance": "resolution_yes"}),
        ("Alliance or non-aggression pact for distance", None, {"ideal_point_distance": "ally"}),
    ]
    out = [(n, s or spec.substitute(m), m) for n, s, m in out]
    if spec.outcome == "accepted":
        out.append(("Partial acceptance counted as accepted", spec.replace(outcome="accepted_incl_partial"), {}))
        sample = " and ".join(filter(None, [spec.sample, "rejected_at_wg == 0"]))
        out.append(("Only recommendations left open at the Working Group", spec.replace(sample=sample), {}))
    out.append(("Firth penalised logit", spec.replace(estimator="firth"), {}))
    controls = spec.replace(estimator="firth", terms=[*spec.terms, "polyarchy", "C(un_regional_group)"])
    out.append(("Firth, with polyarchy and regional groups", controls, {}))
    return out


def robustness_table(data: pd.DataFrame, base: str = "acc_3", specs=None, loo: bool = True) -> pd.DataFrame:
    """One row per robustness variant of the model ``base`` (a spec id), with N, reviewers and,
    for each key coefficient (:data:`~dprk_upr.analysis.specifications.KEY_TERMS`), the estimate, its SE and p-value.

    Variants: ordinal action category and category >= 4 for ``specific``; the tag-based coding
    for ``sensitive``; vote agreement, a vote for the GA resolution on DPRK, or an alliance for
    distance (the row's distance columns then hold that measure's coefficients); for the final
    answer, partially accepted counted as accepted, and only recommendations left open at the
    Working Group; Firth's penalised logit with and without controls; and, with ``loo``, two rows
    giving the minimum and maximum of each coefficient when one reviewer at a time is left out,
    with the reviewer that moves it most named in the note. A variant that cannot be estimated
    is kept as a row whose note says why.
    """
    specs = specs if specs is not None else load_specs()
    spec = next((s for s in specs if s.id == base), None)
    if spec is None:
        raise ValueError(f"robustness_table: no model with id '{base}' in the specifications.")
    data = with_derived(data)
    rows = []
    for name, variant, mapping in _variants(spec):
        roles = {role: _rename(t, mapping) for role, t in KEY_TERMS.items()}
        try:
            res, note = fit(variant, data), ""
        except (ValueError, np.linalg.LinAlgError) as err:
            res, note = None, f"not estimable: {err}"
        rows.append(_key_row(name, res, roles, note))
    if loo:
        main = pd.DataFrame(rows[:1]).iloc[0]
        out = leave_one_out(spec, data)
        moved = []
        for role in KEY_TERMS:
            if out[role].notna().any():
                shift = (out[role] - main[role]).abs()
                moved.append(f"{role}: {out.loc[shift.idxmax(), 'omitted']}")
        for stat in ("min", "max"):
            row = {
                "variant": f"Leave one reviewer out: {stat}imum",
                "n": getattr(out["n"], stat)(),
                "reviewers": getattr(out["reviewers"], stat)(),
            }
            for role in KEY_TERMS:
                idx = getattr(out[role], f"idx{stat}")() if out[role].notna().any() else None
                for suffix in ("", " se", " p"):
                    row[f"{role}{suffix}"] = np.nan if idx is None else out.loc[idx, f"{role}{suffix}"]
            row["note"] = (
                ("moved most by leaving out " + ", ".join(moved))
                if stat == "min"
                else f"{len(out)} refits, {int(out['note'].astype(bool).sum())} with a note"
            )
            rows.append(row)
    return pd.DataFrame(rows)


def holds_up(base: FitResult, other: FitResult, term: str, level: float = 0.05) -> bool:
    """Whether ``term`` keeps the sign and the significance it has in ``base`` when refitted as
    ``other`` (for example with controls added)."""
    a, b = coefficient(base, term), coefficient(other, term)
    same_sign = np.sign(a["estimate"]) == np.sign(b["estimate"])
    return bool(same_sign and (a["p_value"] < level) == (b["p_value"] < level))


def significant_variants(table: pd.DataFrame, roles: list[str], level: float = 0.05) -> list[str]:
    """The estimated variants of a :func:`robustness_table` (not the main model, not the
    leave-one-out summaries, not a failed fit) in which any of ``roles`` is significant."""
    rows = table[
        (table.index > 0)
        & ~table["variant"].str.startswith("Leave one reviewer out")
        & ~table["variant"].isin(failed_variants(table))
    ]
    hit = (rows[[f"{role} p" for role in roles]] < level).any(axis=1)
    return rows.loc[hit, "variant"].tolist()


def failed_variants(table: pd.DataFrame) -> list[str]:
    """The variants of a :func:`robustness_table` that could not be estimated or did not converge."""
    bad = table["n"].isna() | table["note"].str.contains("did not converge", regex=False)
    return table.loc[bad, "variant"].tolist()
