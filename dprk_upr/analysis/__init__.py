"""Stage 4: the statistical analysis of North Korea's answers, on the processed model data.

- :mod:`.specifications` the models as validated objects, read from ``data/models/specifications.yaml``
- :mod:`.sample`         the estimation sample of a model: filter, drops counted, clusters
- :mod:`.estimators`     one module per estimator (logit, linear probability with fixed effects,
                         Firth's penalised logit) behind a registry; :func:`fit`, :func:`fit_all`
- :mod:`.results`        the fitted model (:class:`FitResult`) and its coefficient table
- :mod:`.separation`     where the outcome is constant within a cell of the regressors
- :mod:`.margins`        average marginal effects and predicted probabilities
- :mod:`.robustness`     variants of a model, leave one reviewer out
- :mod:`.claims`         the published claims beside this book's estimates
"""

from .estimators import fit, fit_all
from .results import FitResult
from .specifications import ModelSpec, Specifications, load_specs

__all__ = ["fit", "fit_all", "FitResult", "ModelSpec", "Specifications", "load_specs"]
