"""Stage 4: the statistical analysis of North Korea's answers, on the processed model data.

- :mod:`.specifications` the models and the published claims, read from ``data/models/specifications.yaml``
- :mod:`.sample`         the estimation sample of a model: filter, design, drops counted with reasons, clusters
- :mod:`.estimators`     one module per estimator (logit, linear probability, linear probability with
                         absorbed effects, Firth's penalised logit) behind a registry; :func:`fit`, :func:`fit_all`
- :mod:`.results`        the fitted model (:class:`FitResult`), its diagnostics and its coefficient table
- :mod:`.separation`     whether a logit's estimate exists (Konis's linear program), per model and cycle
- :mod:`.margins`        quantities on the probability scale: marginal effects, cross-partials, predictions
- :mod:`.robustness`     every model refitted without each reviewer
- :mod:`.claims`         each half of the published claims beside this book's estimates, with verdicts
- ``core``               the numerical core: models as arrays, Newton and batched fits, restricted fits
- ``inference``          restricted wild cluster bootstrap, cluster jackknife, effective number of clusters
- ``interactions``       effects within groups and their differences, with every kind of inference
- ``sequential``         the two steps of the answer taken together
- ``content``            near-duplicate recommendation texts (TF-IDF) as fixed effects
- ``sensitivity_to_confounding`` Cinelli and Hazlett's robustness values, benchmarked
- ``curve``              the specification curve and its multiplicity-aware summary
- ``checks``             checks a referee asks for: two effects told apart, second differences, margins, text groups
- ``as_reviewer``        North Korea's own recommendations against every other reviewer's in the same review
- ``reciprocity``        do the states North Korea praised recommend more gently to it, and fare better?
- ``among_states``       every state's answers in cycles 1-2: where North Korea sits, the peer set
- ``image_management``   the observable implications of the image-management claim, measured
"""

from .estimators import fit, fit_all
from .results import FitResult
from .specifications import ModelSpec, Specifications, load_specs

__all__ = ["fit", "fit_all", "FitResult", "ModelSpec", "Specifications", "load_specs"]
