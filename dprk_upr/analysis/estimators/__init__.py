"""The estimators, one module each, looked up by the name a specification gives:

- ``logit``  (:mod:`.logit`): statsmodels' logit, errors clustered by reviewer;
- ``lpm``    (:mod:`.linear`): linear probability model, statsmodels' OLS, clustered errors;
- ``lpm_fe`` (:mod:`.linear`): linear probability model absorbing fixed effects (linearmodels);
- ``firth``  (:mod:`.firth`): Firth's penalised logit, finite under separation, clustered errors.

Each takes a :class:`~dprk_upr.analysis.sample.EstimationSample` and returns a
:class:`~dprk_upr.analysis.results.FitResult` carrying its diagnostics.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..results import EstimationError, FitResult
from ..sample import EstimationSample, prepare
from ..specifications import ESTIMATORS, ModelSpec
from .firth import fit_firth_sample
from .linear import fit_lpm, fit_lpm_fe
from .logit import fit_logit

#: The estimators by the name a specification gives, each a function of an estimation sample.
REGISTRY: dict[str, Callable[[EstimationSample], FitResult]] = {
    "logit": fit_logit,
    "lpm": fit_lpm,
    "lpm_fe": fit_lpm_fe,
    "firth": fit_firth_sample,
}
assert set(REGISTRY) == set(ESTIMATORS), "every estimator a specification may name needs a function"


def _estimator_errors() -> tuple[type[BaseException], ...]:
    from linearmodels.panel.utility import AbsorbingEffectError

    return (ValueError, np.linalg.LinAlgError, AbsorbingEffectError, ZeroDivisionError)


def fit(spec: ModelSpec, data: pd.DataFrame) -> FitResult:
    """Estimate one specification on ``data`` and return a :class:`~dprk_upr.analysis.results.FitResult`.

    The estimator is looked up in :data:`~dprk_upr.analysis.estimators.REGISTRY` by ``spec.estimator``. Raises
    :class:`~dprk_upr.analysis.results.EstimationError` (a ValueError) naming the specification when
    a column is missing, the outcome does not vary (:func:`~dprk_upr.analysis.sample.prepare`), a
    regressor is absorbed by the fixed effects (linearmodels' ``AbsorbingEffectError``) or the
    design is singular, so that loops over variants can catch one exception and keep a row.
    """
    try:
        return REGISTRY[spec.estimator](prepare(spec, data))
    except EstimationError:
        raise
    except _estimator_errors() as err:
        text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if f"model '{spec.id}'" not in text:
            text = f"model '{spec.id}': {text}"
        raise EstimationError(text) from err


def fit_all(specs, data: pd.DataFrame) -> dict[str, FitResult]:
    """Fit every specification; returns ``{spec id: FitResult}`` in the order given."""
    return {spec.id: fit(spec, data) for spec in specs}


def with_warnings(fit_function):
    """Run ``fit_function()`` and return its result with the first line of each distinct warning
    it raised, so that a fit's warnings travel with its result (``FitResult.warnings``) instead of
    reaching the reader's screen; numpy's floating-point warnings are caught the same way."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        res = fit_function()
    return res, sorted({str(w.message).splitlines()[0] for w in caught})
