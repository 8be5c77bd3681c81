"""The published claims beside this book's estimates, one row per claim and test, with a verdict
computed from the estimate's sign and p-value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .margins import average_marginal_effects
from .results import FitResult, coefficient


def _verdict_no_effect(p: float, level: float = 0.05) -> tuple[bool, str]:
    """Whether a claim of no effect stands (p >= level), and the verdict in words."""
    if p >= level:
        return True, f"is consistent with the claim (not statistically significant at the {level:.0%} level)"
    return False, f"runs against the claim (statistically significant at the {level:.0%} level)"


def _verdict_sign(estimate: float, p: float, expected: int, level: float = 0.05) -> tuple[bool, str]:
    """Whether a claim of an effect of sign ``expected`` is borne out, and the verdict in words."""
    if p >= level:
        return False, f"does not bear the claim out (not statistically significant at the {level:.0%} level)"
    if np.sign(estimate) == expected:
        return True, f"is consistent with the claim (expected sign, statistically significant at the {level:.0%} level)"
    return False, f"runs against the claim (opposite sign, statistically significant at the {level:.0%} level)"


def claims_table(
    results: dict[str, FitResult], accepted: str = "acc_3", main: str = "acc_2", digits: int = 2
) -> pd.DataFrame:
    """The published claims beside this book's estimates, one row per claim and test.

    Park & Kim (2024): the reviewer relationship does not significantly affect the acceptance of
    specific or sensitive recommendations -> the interactions distance × specific and distance ×
    sensitive in model ``accepted``. Jang & Yoo (2024): more acceptance from like-minded
    reviewers -> a negative distance coefficient in model ``main`` (no interactions) and a
    negative average marginal effect of distance in ``accepted``. The verdict is computed from
    the estimate's sign and p-value, at the 5% level, as a verb phrase ("is consistent with
    the claim ...") in the column ``the result ...``; the index names each test (``pk_specific``,
    ``pk_sensitive``, ``jy_coefficient``, ``jy_ame``) and ``consistent`` says whether the result
    is consistent with the claim.
    """
    rows = []
    for term, what in [
        ("ideal_point_distance:specific", "distance × specific"),
        ("ideal_point_distance:sensitive", "distance × sensitive"),
    ]:
        c = coefficient(results[accepted], term)
        ok, verdict = _verdict_no_effect(c["p_value"])
        rows.append(
            {
                "id": f"pk_{term.split(':')[1]}",
                "source": "Park & Kim (2024)",
                "claim": f"relationship does not change the acceptance of {what.split(' × ')[1]} recommendations",
                "test": f"{what}, model {results[accepted].spec.label}",
                "estimate": c["estimate"],
                "p_value": c["p_value"],
                "verdict": verdict,
                "consistent": ok,
            }
        )
    c = coefficient(results[main], "ideal_point_distance")
    ok, verdict = _verdict_sign(c["estimate"], c["p_value"], -1)
    rows.append(
        {
            "id": "jy_coefficient",
            "source": "Jang & Yoo (2024)",
            "claim": "closer reviewers see more acceptance",
            "test": f"distance, model {results[main].spec.label}",
            "estimate": c["estimate"],
            "p_value": c["p_value"],
            "verdict": verdict,
            "consistent": ok,
        }
    )
    ame = average_marginal_effects(results[accepted]).set_index("variable")
    if "ideal_point_distance" in ame.index:
        a = ame.loc["ideal_point_distance"]
        ok, verdict = _verdict_sign(a["ame"], a["p_value"], -1)
        rows.append(
            {
                "id": "jy_ame",
                "source": "Jang & Yoo (2024)",
                "claim": "closer reviewers see more acceptance",
                "test": f"AME of distance, model {results[accepted].spec.label}",
                "estimate": a["ame"],
                "p_value": a["p_value"],
                "verdict": verdict,
                "consistent": ok,
            }
        )
    table = pd.DataFrame(rows).set_index("id").rename(columns={"verdict": "the result ..."})
    table["estimate"] = table["estimate"].round(digits + 1)
    table["p_value"] = table["p_value"].round(3)
    return table
