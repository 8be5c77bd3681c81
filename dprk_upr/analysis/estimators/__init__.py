"""The estimators, one module each, looked up by the name a specification gives:

- ``logit``  (:mod:`.logit`): statsmodels' logit, errors clustered by reviewer;
- ``lpm_fe`` (:mod:`.linear`): linear probability model absorbing fixed effects (linearmodels);
- ``firth``  (:mod:`.firth`): Firth's penalised logit, finite under separation.

Each takes a :class:`~dprk_upr.analysis.sample.EstimationSample` and returns a
:class:`~dprk_upr.analysis.results.FitResult`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pandas as pd

from ..results import FitResult
from ..sample import EstimationSample, prepare
from ..specifications import ESTIMATORS, ModelSpec
from .firth import fit_firth_sample
from .linear import fit_lpm_fe
from .logit import fit_logit

#: The estimators by the name a specification gives, each a function of an estimation sample.
REGISTRY: dict[str, Callable[[EstimationSample], FitResult]] = {
    "logit": fit_logit,
    "lpm_fe": fit_lpm_fe,
    "firth": fit_firth_sample,
}
assert set(REGISTRY) == set(ESTIMATORS), "every estimator a specification may name needs a function"


def fit(spec: ModelSpec, data: pd.DataFrame) -> FitResult:
    """Estimate one specification on ``data`` and return a :class:`~dprk_upr.analysis.results.FitResult`.

    The estimator is looked up in :data:`~dprk_upr.analysis.estimators.REGISTRY` by ``spec.estimator``. Raises ValueError naming
    the spec when a column is missing or the outcome does not vary
    (:func:`~dprk_upr.analysis.sample.prepare`).
    """
    return REGISTRY[spec.estimator](prepare(spec, data))


def fit_all(specs, data: pd.DataFrame) -> dict[str, FitResult]:
    """Fit every specification; returns ``{spec id: FitResult}`` in the order given."""
    return {spec.id: fit(spec, data) for spec in specs}


def with_warnings(fit_function):
    """Run ``fit_function()`` and return its result with the first line of each distinct warning
    it raised, so that a fit's warnings travel with its result (``FitResult.warnings``)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit_function()
    return res, sorted({str(w.message).splitlines()[0] for w in caught})
