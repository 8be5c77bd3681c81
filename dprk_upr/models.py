"""Regression models of North Korea's answers to UPR recommendations.

Data in, data out. The model specifications are data (``data/models/specifications.yaml``), read
by :func:`load_specs`; :func:`fit` estimates one of them on the model frame
(``data/processed/model_data.csv``, read by :func:`load_model_data`) and returns a
:class:`FitResult`. The other functions turn fitted models into tables and figures:
:func:`regression_table`, :func:`average_marginal_effects`, :func:`predicted_probabilities`,
:func:`plot_predicted`, :func:`separation_report`, :func:`robustness_table`.

Conventions
-----------
- Standard errors are clustered by the recommending state, with the small-sample factor
  G/(G-1) * (N-1)/(N-K) that statsmodels applies to clustered covariances (G clusters, N rows,
  K estimated coefficients). The reviewer fixed-effect LPM gets the same factor, with K counting
  only the coefficients that are not absorbed (the fixed effects are nested in the clusters).
- Rows with a missing value in any variable a model uses are dropped before fitting, and the
  number dropped per variable is kept in ``FitResult.dropped``; nothing is dropped silently.
- Marginal effects and predicted probabilities are averages over the estimation sample
  (observed-value approach), with delta-method standard errors from the clustered covariance.
"""

from __future__ import annotations

import keyword
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import patsy
import yaml
from scipy import optimize, stats
from scipy.special import expit

from . import paths

SPECS_PATH = paths.DATA / "models" / "specifications.yaml"

REQUIRED_COLUMNS = [
    "rec_id", "cycle", "iso3", "accepted", "accepted_incl_partial", "rejected_at_wg", "specific",
    "action_category", "sensitive", "sensitive_tags", "ideal_point_distance", "vote_agreement",
    "dprk_resolution_vote", "defence_pact", "nonaggression_pact", "polyarchy", "un_regional_group",
]

ESTIMATORS = ("logit", "lpm_fe", "firth")
SPEC_KEYS = {"id", "label", "outcome", "estimator", "terms"}

#: The coefficients the book's argument is about: role -> patsy term name in the main models.
KEY_TERMS = {
    "specific": "specific",
    "sensitive": "sensitive",
    "distance": "ideal_point_distance",
    "distance × specific": "ideal_point_distance:specific",
    "distance × sensitive": "ideal_point_distance:sensitive",
}

#: Labels of the terms in the tables.
LABELS = {
    "Intercept": "Constant",
    "specific": "Specific (action category 5)",
    "sensitive": "Sensitive",
    "ideal_point_distance": "Ideal-point distance",
    "ideal_point_distance:specific": "Distance × specific",
    "ideal_point_distance:sensitive": "Distance × sensitive",
    "polyarchy": "Polyarchy (V-Dem)",
}

#: Significance stars: threshold -> symbol (two-sided p-values).
STARS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))
STARS_NOTE = "* p < 0.05, ** p < 0.01, *** p < 0.001 (two-sided)"

Z95 = stats.norm.ppf(0.975)


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

def load_model_data(path: Path | str | None = None) -> pd.DataFrame:
    """Read the model frame, one row per recommendation (``data/processed/model_data.csv``).

    ``path`` defaults to ``model_data.csv`` in :func:`dprk_upr.paths.processed_dir`. Raises
    FileNotFoundError when the file is missing and ValueError naming the file and the missing
    columns when any of :data:`REQUIRED_COLUMNS` is absent.
    """
    path = Path(path) if path else paths.processed_dir() / "model_data.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'python -m dprk_upr build' first.")
    data = pd.read_csv(path, keep_default_na=False, na_values=[""])
    missing = [c for c in REQUIRED_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(f"{path}: required column(s) missing: {', '.join(missing)}. "
                         "Rebuild the processed data with 'python -m dprk_upr build'.")
    return data


def load_specs(path: Path | str | None = None) -> list[dict]:
    """Read the model specifications (YAML) and return one dict per model, defaults filled in.

    Each dict has ``id``, ``table``, ``label``, ``outcome``, ``estimator``, ``sample``,
    ``terms``, ``cycle_fe``, ``fixed_effects`` and ``cluster``. Raises ValueError naming the
    model when a key is missing, an id repeats or the estimator is unknown.
    """
    path = Path(path) if path else SPECS_PATH
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    defaults = raw.get("defaults", {})
    specs, seen = [], set()
    for i, entry in enumerate(raw["models"]):
        spec = {**defaults, **entry}
        spec.setdefault("table", spec.get("outcome"))
        name = spec.get("id", f"#{i + 1}")
        _check_spec(spec, name, path)
        if name in seen:
            raise ValueError(f"{path}: model id '{name}' is used twice.")
        seen.add(name)
        spec["terms"] = [str(t) for t in spec["terms"]]
        spec["sample"] = spec.get("sample") or ""
        specs.append(spec)
    return specs


def _check_spec(spec: dict, name: str, where: Any = "spec") -> None:
    missing = SPEC_KEYS - set(spec)
    if missing:
        raise ValueError(f"{where}: model '{name}' lacks the key(s) {', '.join(sorted(missing))}.")
    if spec["estimator"] not in ESTIMATORS:
        raise ValueError(f"{where}: model '{name}' has estimator '{spec['estimator']}'; "
                         f"use one of {', '.join(ESTIMATORS)}.")
    if spec["estimator"] == "lpm_fe" and not spec.get("fixed_effects"):
        raise ValueError(f"{where}: model '{name}' is an lpm_fe but lists no fixed_effects.")


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?!\w)(?!\s*\()")
_NOT_COLUMNS = set(keyword.kwlist) | {"and", "or", "not", "in", "True", "False", "None"}


def _names(expression: str) -> list[str]:
    """Column names in a patsy term or pandas query (function names and literals left out)."""
    expression = re.sub(r"(\"[^\"]*\"|'[^']*')", " ", expression)
    expression = re.sub(r"\b\d+(\.\d*)?([eE][-+]?\d+)?\b", " ", expression)
    return [n for n in _NAME.findall(expression) if n not in _NOT_COLUMNS]


def spec_columns(spec: dict) -> list[str]:
    """Every column a specification uses: outcome, terms, sample filter, effects, cluster."""
    cols = [spec["outcome"]]
    for term in spec["terms"]:
        cols += _names(term)
    cols += _names(spec.get("sample") or "")
    cols += list(spec.get("fixed_effects") or [])
    if spec.get("cycle_fe"):
        cols.append("cycle")
    cols.append(spec.get("cluster", "iso3"))
    return list(dict.fromkeys(cols))


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------

@dataclass
class FitResult:
    """One fitted model.

    ``result`` is the estimator's own result object (statsmodels, linearmodels or
    :class:`FirthResult`); ``params`` and ``cov`` (clustered for logit and LPM, model-based for
    Firth) are what the tables, marginal effects and predictions use. ``frame`` is the
    estimation sample; ``n_sample`` the rows selected by the sample filter and ``dropped`` the
    rows then dropped for a missing value, per variable (a row missing two variables counts in
    both), with ``n_dropped`` the rows dropped in all.
    """

    spec: dict
    result: Any
    n: int
    n_clusters: int
    coefs: pd.DataFrame
    params: pd.Series
    cov: pd.DataFrame
    link: str
    design_info: Any
    frame: pd.DataFrame
    n_sample: int
    n_dropped: int
    dropped: dict = field(default_factory=dict)
    fit_stat: float | None = None
    fit_stat_name: str = ""
    converged: bool = True
    warnings: list = field(default_factory=list)


def _prepare(spec: dict, data: pd.DataFrame) -> tuple[pd.DataFrame, int, int, dict]:
    """Check the columns, apply the sample filter, drop (and count) rows with missing values."""
    name = spec.get("id", "?")
    _check_spec(spec, name)
    cols = spec_columns(spec)
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(f"model '{name}': column(s) {', '.join(repr(c) for c in absent)} not in "
                         "the data; check the spec's outcome, terms, sample and cluster.")
    frame = data.query(spec["sample"]) if spec.get("sample") else data
    n_sample = len(frame)
    missing = frame[cols].isna()
    dropped = {c: int(n) for c, n in missing.sum().items() if n}
    frame = frame.loc[~missing.any(axis=1)].copy()
    y = frame[spec["outcome"]]
    if not set(pd.unique(y)) <= {0, 1}:
        raise ValueError(f"model '{name}': outcome '{spec['outcome']}' must be 0/1.")
    if y.nunique() < 2:
        raise ValueError(f"model '{name}': outcome '{spec['outcome']}' does not vary in the sample "
                         f"'{spec.get('sample')}' ({len(frame)} rows).")
    return frame, n_sample, n_sample - len(frame), dropped


def _formula(spec: dict) -> str:
    terms = list(spec["terms"])
    if spec.get("cycle_fe") and spec["estimator"] != "lpm_fe":
        terms.append("C(cycle)")
    return f"{spec['outcome']} ~ " + " + ".join(terms)


def _tidy(params: pd.Series, cov: pd.DataFrame, pvalues: pd.Series | None = None,
          ci: pd.DataFrame | None = None) -> pd.DataFrame:
    se = np.sqrt(np.diag(cov.to_numpy()))
    table = pd.DataFrame({"term": params.index, "estimate": params.to_numpy(), "std_err": se})
    table["z"] = table["estimate"] / table["std_err"]
    table["p_value"] = (pvalues.to_numpy() if pvalues is not None
                        else 2 * stats.norm.sf(np.abs(table["z"])))
    if ci is None:
        table["ci_low"] = table["estimate"] - Z95 * table["std_err"]
        table["ci_high"] = table["estimate"] + Z95 * table["std_err"]
    else:
        table["ci_low"], table["ci_high"] = ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy()
    return table


def cluster_correction(n: int, k: int, g: int) -> float:
    """The small-sample factor of a clustered covariance, G/(G-1) * (N-1)/(N-K), as statsmodels."""
    return g / (g - 1) * (n - 1) / (n - k)


def fit(spec: dict, data: pd.DataFrame) -> FitResult:
    """Estimate one specification on ``data`` and return a :class:`FitResult`.

    ``logit``: statsmodels logit with errors clustered by ``spec['cluster']``; ``lpm_fe``: a linear
    probability model absorbing the combination of ``spec['fixed_effects']`` (linearmodels
    AbsorbingLS), clustered the same way; ``firth``: see :func:`fit_firth`. Raises ValueError
    naming the spec when a column is missing or the outcome does not vary.
    """
    if spec.get("estimator") == "firth":
        return fit_firth(spec, data)
    frame, n_sample, n_dropped, dropped = _prepare(spec, data)
    groups = pd.factorize(frame[spec.get("cluster", "iso3")])[0]
    n_clusters = int(groups.max() + 1)
    if spec["estimator"] == "logit":
        return _fit_logit(spec, frame, groups, n_clusters, n_sample, n_dropped, dropped)
    return _fit_lpm_fe(spec, frame, groups, n_clusters, n_sample, n_dropped, dropped)


def _with_warnings(fit):
    """Run ``fit()`` and return its result with the first line of each distinct warning it
    raised, so that a fit's warnings travel with its result (:attr:`FitResult.warnings`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit()
    return res, sorted({str(w.message).splitlines()[0] for w in caught})


def _fit_logit(spec, frame, groups, n_clusters, n_sample, n_dropped, dropped) -> FitResult:
    import statsmodels.api as sm

    # The design is built with patsy (as for the other estimators) so that every model names its
    # terms the same way and predictions can rebuild it; the fit is statsmodels' Logit.
    y, X = patsy.dmatrices(_formula(spec), frame, return_type="dataframe")
    res, notes = _with_warnings(lambda: sm.Logit(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                                          disp=False, maxiter=200))
    cov = res.cov_params()
    return FitResult(spec=spec, result=res, n=int(res.nobs), n_clusters=n_clusters,
                     coefs=_tidy(res.params, cov), params=res.params, cov=cov, link="logit",
                     design_info=X.design_info, frame=frame, n_sample=n_sample,
                     n_dropped=n_dropped, dropped=dropped, fit_stat=float(res.prsquared),
                     fit_stat_name="Pseudo R²", converged=bool(res.mle_retvals["converged"]),
                     warnings=notes)


def _fit_lpm_fe(spec, frame, groups, n_clusters, n_sample, n_dropped, dropped) -> FitResult:
    from linearmodels.iv.absorbing import AbsorbingLS

    y, X = patsy.dmatrices(_formula(spec), frame, return_type="dataframe")
    effect = frame[list(spec["fixed_effects"])].astype(str).agg("|".join, axis=1)
    absorb = pd.DataFrame({"effect": pd.Categorical(effect)}, index=frame.index)
    res, notes = _with_warnings(lambda: AbsorbingLS(y, X, absorb=absorb).fit(cov_type="clustered", clusters=groups,
                                                                             debiased=False))
    # linearmodels without `debiased` applies no small-sample factor; apply statsmodels' one,
    # counting only the estimated (not absorbed) coefficients, since the effects are nested in
    # the clusters.
    n, k = len(frame), len(res.params)
    cov = res.cov * cluster_correction(n, k, n_clusters)
    return FitResult(spec=spec, result=res, n=int(res.nobs), n_clusters=n_clusters,
                     coefs=_tidy(res.params, cov), params=res.params, cov=cov, link="identity",
                     design_info=X.design_info, frame=frame, n_sample=n_sample,
                     n_dropped=n_dropped, dropped=dropped, fit_stat=float(res.rsquared),
                     fit_stat_name="R²", warnings=notes)


def fit_all(specs: list[dict], data: pd.DataFrame) -> dict[str, FitResult]:
    """Fit every specification; returns ``{spec id: FitResult}`` in the order given."""
    return {spec["id"]: fit(spec, data) for spec in specs}


# --------------------------------------------------------------------------------------------
# Firth's penalised logit and the separation check
# --------------------------------------------------------------------------------------------

@dataclass
class FirthResult:
    """Firth penalised logit: estimates, model-based covariance (inverse Fisher information at the
    estimate), penalised log-likelihood, profile-likelihood CIs and penalised LR p-values."""

    params: pd.Series
    cov: pd.DataFrame
    loglik: float
    converged: bool
    iterations: int
    ci: pd.DataFrame
    pvalues: pd.Series


def _firth_loglik(X: np.ndarray, y: np.ndarray, beta: np.ndarray) -> float:
    eta = X @ beta
    w = expit(eta) * expit(-eta)
    info = X.T @ (w[:, None] * X)
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return -np.inf
    return float(np.sum(y * eta - np.logaddexp(0, eta)) + 0.5 * logdet)


def _firth_newton(X, y, beta=None, fixed: int | None = None, max_iter: int = 100, tol: float = 1e-7):
    """Newton-Raphson on Firth's modified score; ``fixed`` holds one coefficient at its start value."""
    k = X.shape[1]
    beta = np.zeros(k) if beta is None else np.array(beta, dtype=float)
    free = np.array([j for j in range(k) if j != fixed])
    current = _firth_loglik(X, y, beta)
    for iteration in range(1, max_iter + 1):
        p = expit(X @ beta)
        w = p * (1 - p)
        info = X.T @ (w[:, None] * X)
        info_inv = np.linalg.inv(info)
        hat = w * np.einsum("ij,jk,ik->i", X, info_inv, X)
        score = X.T @ (y - p + hat * (0.5 - p))
        step = np.linalg.solve(info[np.ix_(free, free)], score[free])
        t = 1.0
        while True:  # step halving keeps the penalised likelihood from falling
            trial = beta.copy()
            trial[free] += t * step
            value = _firth_loglik(X, y, trial)
            if value >= current - 1e-10 or t < 1e-8:
                break
            t /= 2
        beta, current = trial, value
        # converged when the step or the modified score is negligible (logistf uses 1e-4 / 1e-5)
        if np.max(np.abs(t * step)) < tol or np.max(np.abs(score[free])) < tol:
            return beta, current, True, iteration
    return beta, current, False, max_iter


def _firth_profile(X, y, beta_hat, loglik_max, j, se, level=0.95):
    """Profile penalised-likelihood CI for coefficient j and the penalised LR p-value for 0."""
    cut = stats.chi2.ppf(level, 1) / 2

    def drop(value):
        start = beta_hat.copy()
        start[j] = value
        try:
            value = loglik_max - _firth_newton(X, y, start, fixed=j)[1]
        except np.linalg.LinAlgError:  # information singular far out in the tail
            return 1e6
        return min(value, 1e6) if np.isfinite(value) else 1e6

    bounds = []
    for direction in (-1, 1):
        width = max(se, 1e-3)
        for _ in range(40):
            if drop(beta_hat[j] + direction * width) > cut:
                break
            width *= 2
        far = beta_hat[j] + direction * width
        bounds.append(optimize.brentq(lambda v: drop(v) - cut, *sorted((beta_hat[j], far)),
                                      xtol=1e-6) if drop(far) > cut else np.inf * direction)
    p_value = float(stats.chi2.sf(max(2 * drop(0.0), 0.0), 1))
    return bounds, p_value


def fit_firth(spec: dict, data: pd.DataFrame, profile: bool = True) -> FitResult:
    """Firth's penalised logit (Jeffreys-prior penalty) of a logit specification.

    Maximises log L(b) + 1/2 log det I(b) by Newton-Raphson on the modified score
    X'(y - p + h(1/2 - p)), h the diagonal of the weighted hat matrix, with step halving.
    Estimates stay finite under separation. Standard errors are model-based (inverse
    information; no clustering); with ``profile`` the CIs are profile penalised-likelihood
    intervals and the p-values penalised likelihood-ratio tests, as in R's logistf.
    """
    spec = {**spec, "estimator": "firth"}
    frame, n_sample, n_dropped, dropped = _prepare(spec, data)
    y_df, X_df = patsy.dmatrices(_formula(spec), frame, return_type="dataframe")
    X, y = X_df.to_numpy(float), y_df.iloc[:, 0].to_numpy(float)
    beta, loglik, converged, iterations = _firth_newton(X, y)
    p = expit(X @ beta)
    cov_arr = np.linalg.inv(X.T @ ((p * (1 - p))[:, None] * X))
    names = list(X_df.columns)
    params = pd.Series(beta, index=names)
    cov = pd.DataFrame(cov_arr, index=names, columns=names)
    se = np.sqrt(np.diag(cov_arr))
    if profile:
        prof = [_firth_profile(X, y, beta, loglik, j, se[j]) for j in range(len(names))]
        ci = pd.DataFrame([b for b, _ in prof], index=names, columns=["ci_low", "ci_high"])
        pvalues = pd.Series([pv for _, pv in prof], index=names)
    else:
        ci = pd.DataFrame({"ci_low": beta - Z95 * se, "ci_high": beta + Z95 * se}, index=names)
        pvalues = pd.Series(2 * stats.norm.sf(np.abs(beta / se)), index=names)
    res = FirthResult(params, cov, loglik, converged, iterations, ci, pvalues)
    groups = frame[spec.get("cluster", "iso3")]
    return FitResult(spec=spec, result=res, n=len(frame), n_clusters=int(groups.nunique()),
                     coefs=_tidy(params, cov, pvalues, ci), params=params, cov=cov, link="logit",
                     design_info=X_df.design_info, frame=frame, n_sample=n_sample,
                     n_dropped=n_dropped, dropped=dropped, converged=converged)


def _binary_columns(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    return [c for c in columns if pd.api.types.is_numeric_dtype(frame[c])
            and set(pd.unique(frame[c])) <= {0, 1}]


def separation_report(spec: dict, data: pd.DataFrame) -> pd.DataFrame:
    """Cells of the estimation sample in which the outcome is constant (quasi-complete separation).

    Cells: each value of each binary regressor, each combination of two binary regressors, each
    level of a categorical term ``C(x)`` and, with cycle effects, each cycle. One row per cell with
    ``cell``, ``n``, ``outcome_1`` (rows with outcome 1), ``share`` and ``separated`` (True when
    the outcome is all 0 or all 1 in the cell). Continuous regressors are not checked.
    """
    frame, *_ = _prepare(spec, data)
    outcome = spec["outcome"]
    regressors = list(dict.fromkeys(n for t in spec["terms"] for n in _names(t)))
    binary = _binary_columns(frame, regressors)
    categorical = [n for t in spec["terms"] if t.startswith("C(") for n in _names(t)]
    if spec.get("cycle_fe"):
        categorical.append("cycle")
    groupings = [[c] for c in binary + categorical]
    groupings += [[a, b] for i, a in enumerate(binary) for b in binary[i + 1:]]
    rows = []
    for cols in groupings:
        for key, cell in frame.groupby(cols)[outcome]:
            key = key if isinstance(key, tuple) else (key,)
            label = " & ".join(f"{c} = {v}" for c, v in zip(cols, key))
            rows.append({"cell": label, "n": len(cell), "outcome_1": int(cell.sum()),
                         "share": float(cell.mean()), "separated": cell.nunique() == 1})
    return pd.DataFrame(rows, columns=["cell", "n", "outcome_1", "share", "separated"])


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

def stars(p: float) -> str:
    """Significance stars for a two-sided p-value (see :data:`STARS_NOTE`).

    >>> stars(0.003), stars(0.2)
    ('**', '')
    """
    for threshold, symbol in STARS:
        if p < threshold:
            return symbol
    return ""


def significance_phrase(p: float, level: float = 0.05) -> str:
    """Words for a p-value at a level, for the prose.

    >>> significance_phrase(0.2)
    'not statistically significant at the 5% level'
    """
    verdict = "statistically significant" if p < level else "not statistically significant"
    return f"{verdict} at the {level * 100:g}% level"


def regression_table(results: list[FitResult], labels: dict | None = None,
                     digits: int = 3) -> pd.DataFrame:
    """A publication-style table: one column per model, a coefficient row with stars and a row
    with its clustered standard error in parentheses beneath, then N, reviewers (clusters),
    (pseudo) R², and whether the model has cycle effects, reviewer effects and regional-group
    dummies. Dummy coefficients of ``C(...)`` terms are summarised by those rows, not shown."""
    labels = {**LABELS, **(labels or {})}
    terms = list(dict.fromkeys(t for r in results for t in r.params.index if not t.startswith("C(")))
    terms = [t for t in terms if t != "Intercept"] + (["Intercept"] if "Intercept" in terms else [])
    columns = [r.spec.get("label", r.spec["id"]) for r in results]
    rows = []
    for term in terms:
        coef, se = [], []
        for r in results:
            row = r.coefs.set_index("term").loc[term] if term in r.params.index else None
            if row is None or (term == "Intercept" and r.spec["estimator"] == "lpm_fe"):
                coef.append(""), se.append("")
            else:
                coef.append(f"{row['estimate']:.{digits}f}{stars(row['p_value'])}")
                se.append(f"({row['std_err']:.{digits}f})")
        rows.append([labels.get(term, term)] + coef)
        rows.append([""] + se)
    yes = lambda flag: "yes" if flag else "no"  # noqa: E731
    rows.append(["N"] + [f"{r.n:,}" for r in results])
    rows.append(["Reviewers (clusters)"] + [f"{r.n_clusters}" for r in results])
    rows.append(["R² (pseudo R² for logit)"] + [
        "" if r.fit_stat is None else f"{r.fit_stat:.{digits}f}" for r in results])
    rows.append(["Cycle effects"] + [yes(r.spec.get("cycle_fe") or "cycle" in (r.spec.get("fixed_effects") or []))
                                     for r in results])
    rows.append(["Reviewer effects"] + [yes(r.spec["estimator"] == "lpm_fe") for r in results])
    rows.append(["Regional-group dummies"] + [yes(any("un_regional_group" in t for t in r.spec["terms"]))
                                              for r in results])
    if not all(r.converged for r in results):
        rows.append(["Converged"] + [yes(r.converged) for r in results])
    return pd.DataFrame(rows, columns=["variable"] + columns)


# --------------------------------------------------------------------------------------------
# Marginal effects and predicted probabilities
# --------------------------------------------------------------------------------------------

def _design(result: FitResult, newdata: pd.DataFrame) -> np.ndarray:
    matrix = patsy.build_design_matrices([result.design_info], newdata, return_type="dataframe")[0]
    return matrix[result.params.index].to_numpy(float)


def _mean_prediction(result: FitResult, X: np.ndarray) -> tuple[float, np.ndarray]:
    """Average prediction over rows of X and its gradient with respect to the coefficients."""
    beta = result.params.to_numpy()
    if result.link == "logit":
        p = expit(X @ beta)
        return float(p.mean()), (p * (1 - p)) @ X / len(X)
    return float((X @ beta).mean()), X.mean(axis=0)


def _delta(result: FitResult, grad: np.ndarray) -> float:
    return float(np.sqrt(grad @ result.cov.to_numpy() @ grad))


def average_marginal_effects(result: FitResult, variables: list[str] | None = None,
                             step: float = 1e-4) -> pd.DataFrame:
    """Average marginal effects over the estimation sample, on the probability scale.

    A 0/1 variable's AME is the mean over all rows of P(y=1 | x set to 1) - P(y=1 | x set to 0),
    other variables at their observed values, interactions recomputed. A continuous variable's
    AME is the mean derivative of P with respect to it (central difference of width 2*step).
    Standard errors: delta method with the model's (clustered) covariance, using the analytic
    gradient of the averaged prediction. In the reviewer fixed-effect LPM the main effect of
    distance is absorbed, so no AME of distance is reported for it.
    """
    frame = result.frame
    if variables is None:
        # A variable without a main-effect coefficient (distance under reviewer effects) has no AME.
        variables = [v for v in ("specific", "sensitive", "ideal_point_distance") if v in result.params.index]
    rows = []
    for var in variables:
        binary = set(pd.unique(frame[var])) <= {0, 1}
        hi, lo = frame.copy(), frame.copy()
        if binary:
            hi[var], lo[var], width = 1, 0, 1.0
        else:
            hi[var], lo[var], width = frame[var] + step, frame[var] - step, 2 * step
        p_hi, g_hi = _mean_prediction(result, _design(result, hi))
        p_lo, g_lo = _mean_prediction(result, _design(result, lo))
        ame, grad = (p_hi - p_lo) / width, (g_hi - g_lo) / width
        se = _delta(result, grad)
        p = 2 * stats.norm.sf(abs(ame / se))
        rows.append({"variable": var, "kind": "0 to 1" if binary else "derivative", "ame": ame,
                     "std_err": se, "p_value": p, "ci_low": ame - Z95 * se, "ci_high": ame + Z95 * se})
    return pd.DataFrame(rows)


def predicted_probabilities(result: FitResult, data: pd.DataFrame | None = None,
                            var: str = "ideal_point_distance", grid: int = 25,
                            by: tuple[str, str] = ("specific", "sensitive")) -> pd.DataFrame:
    """Average predicted probabilities over the observed range of ``var`` for each combination of
    the two 0/1 variables in ``by`` (other variables at their observed values in ``data``, by
    default the estimation sample).

    95% intervals: delta method (clustered covariance) on the logit of the averaged
    probability, transformed back, so they stay inside [0, 1]. Logit models only.
    """
    if result.link != "logit":
        raise ValueError(f"model '{result.spec['id']}': predicted probabilities need a logit model.")
    data = result.frame if data is None else data
    values = np.linspace(result.frame[var].min(), result.frame[var].max(), grid)
    rows = []
    for a in (0, 1):
        for b in (0, 1):
            for value in values:
                new = data.copy()
                new[var], new[by[0]], new[by[1]] = value, a, b
                p, grad = _mean_prediction(result, _design(result, new))
                se = _delta(result, grad)
                se_logit = se / (p * (1 - p))
                centre = np.log(p / (1 - p))
                rows.append({var: value, by[0]: a, by[1]: b, "probability": p, "std_err": se,
                             "ci_low": expit(centre - Z95 * se_logit),
                             "ci_high": expit(centre + Z95 * se_logit)})
    return pd.DataFrame(rows)


def plot_predicted(pp: pd.DataFrame, var: str = "ideal_point_distance",
                   by: tuple[str, str] = ("specific", "sensitive"),
                   xlabel: str = "ideal-point distance between reviewer and North Korea",
                   observed: pd.Series | None = None, ylabel: str = "predicted probability"):
    """Two panels (not sensitive / sensitive), each with a line and 95% band for specific and
    non-specific recommendations; ``observed`` values of ``var`` are drawn as a rug."""
    import matplotlib.pyplot as plt

    from .figures import PALETTE, use_style

    use_style()
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.6), sharey=True, layout="constrained")
    styles = {0: ("not specific", PALETTE[0], "--"), 1: ("specific", PALETTE[3], "-")}
    for ax, b in zip(axes, (0, 1)):
        for a, (label, colour, line) in styles.items():
            part = pp[(pp[by[0]] == a) & (pp[by[1]] == b)]
            ax.fill_between(part[var], part["ci_low"], part["ci_high"], color=colour, alpha=0.18, lw=0)
            ax.plot(part[var], part["probability"], color=colour, ls=line, lw=2, label=label)
        if observed is not None:
            ax.plot(observed, np.full(len(observed), 0.01), "|", color="0.4", ms=8, alpha=0.5)
        ax.set_title("sensitive" if b else "not sensitive")
        ax.set_ylim(0, 1)
    axes[0].set_ylabel(ylabel)
    axes[1].legend(frameon=False, loc="upper right")
    fig.supxlabel(xlabel, fontsize=10)
    return fig


# --------------------------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------------------------

def voted_for_resolution(vote: pd.Series) -> pd.Series:
    """1.0 where a reviewer voted yes on the GA resolution on human rights in the DPRK, 0.0 for no
    or abstain, missing where it did not vote.

    >>> voted_for_resolution(pd.Series(["yes", "Abstain", None])).tolist()
    [1.0, 0.0, nan]
    """
    return vote.astype("string").str.lower().map({"yes": 1.0, "no": 0.0, "abstain": 0.0}).astype(float)


def with_derived(data: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns the robustness variants use: ``action_ge4`` (action category 4 or
    5), ``resolution_yes`` (the reviewer voted for the GA resolution on human rights in DPRK;
    missing when it did not vote) and ``ally`` (defence or non-aggression pact with DPRK)."""
    out = data.copy()
    out["action_ge4"] = (out["action_category"] >= 4).astype(int)
    out["resolution_yes"] = voted_for_resolution(out["dprk_resolution_vote"])
    out["ally"] = out[["defence_pact", "nonaggression_pact"]].max(axis=1)
    return out


def _substitute(spec: dict, mapping: dict[str, str], **changes) -> dict:
    def sub(text: str) -> str:
        for old, new in mapping.items():
            text = re.sub(rf"\b{old}\b", new, text)
        return text
    return {**spec, "terms": [sub(t) for t in spec["terms"]], **changes}


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


def leave_one_out(spec: dict, data: pd.DataFrame) -> pd.DataFrame:
    """Refit ``spec`` once without each reviewer (cluster); one row per omitted reviewer with the
    key coefficients (:data:`KEY_TERMS`), N and a note when a fit fails or does not converge."""
    cluster = spec.get("cluster", "iso3")
    frame, *_ = _prepare(spec, data)
    rows = []
    for omitted in sorted(frame[cluster].unique()):
        try:
            res, note = fit(spec, data[data[cluster] != omitted]), ""
        except (ValueError, np.linalg.LinAlgError) as err:
            res, note = None, f"fit failed: {err}"
        rows.append({"omitted": omitted, **_key_row(f"without {omitted}", res, KEY_TERMS, note)})
    return pd.DataFrame(rows)


def _variants(spec: dict) -> list[tuple[str, dict, dict]]:
    """(name, spec, substitution of variables) for each robustness variant of a main spec."""
    out = [
        ("Main model", spec, {}),
        ("Ordinal action category (1-5) for specific", None, {"specific": "action_category"}),
        ("Action category 4 or 5 for specific", None, {"specific": "action_ge4"}),
        ("Sensitivity coded from issue tags", None, {"sensitive": "sensitive_tags"}),
        ("Vote agreement for distance", None, {"ideal_point_distance": "vote_agreement"}),
        ("Voted for the DPRK resolution for distance", None,
         {"ideal_point_distance": "resolution_yes"}),
        ("Alliance or non-aggression pact for distance", None, {"ideal_point_distance": "ally"}),
    ]
    out = [(n, s or _substitute(spec, m), m) for n, s, m in out]
    if spec["outcome"] == "accepted":
        out.append(("Partial acceptance counted as accepted",
                    {**spec, "outcome": "accepted_incl_partial"}, {}))
        sample = " and ".join(filter(None, [spec.get("sample"), "rejected_at_wg == 0"]))
        out.append(("Only recommendations left open at the Working Group",
                    {**spec, "sample": sample}, {}))
    out.append(("Firth penalised logit", {**spec, "estimator": "firth"}, {}))
    controls = {**spec, "estimator": "firth",
                "terms": spec["terms"] + ["polyarchy", "C(un_regional_group)"]}
    out.append(("Firth, with polyarchy and regional groups", controls, {}))
    return out


def robustness_table(data: pd.DataFrame, base: str = "acc_3", specs: list[dict] | None = None,
                     loo: bool = True) -> pd.DataFrame:
    """One row per robustness variant of the model ``base`` (a spec id), with N, reviewers and,
    for each key coefficient (:data:`KEY_TERMS`), the estimate, its SE and p-value.

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
    spec = next((s for s in specs if s["id"] == base), None)
    if spec is None:
        raise ValueError(f"robustness_table: no model with id '{base}' in the specifications.")
    data = with_derived(data)
    rows = []
    for name, variant, mapping in _variants(spec):
        roles = {role: _substitute({"terms": [t]}, mapping)["terms"][0] for role, t in KEY_TERMS.items()}
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
            row = {"variant": f"Leave one reviewer out: {stat}imum",
                   "n": getattr(out["n"], stat)(), "reviewers": getattr(out["reviewers"], stat)()}
            for role in KEY_TERMS:
                idx = getattr(out[role], f"idx{stat}")() if out[role].notna().any() else None
                for suffix in ("", " se", " p"):
                    row[f"{role}{suffix}"] = np.nan if idx is None else out.loc[idx, f"{role}{suffix}"]
            row["note"] = ("moved most by leaving out " + ", ".join(moved)) if stat == "min" else \
                f"{len(out)} refits, {int(out['note'].astype(bool).sum())} with a note"
            rows.append(row)
    return pd.DataFrame(rows)


def format_robustness(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    """Display form of :func:`robustness_table`: "estimate stars (SE)" per key coefficient."""
    out = pd.DataFrame({"Variant": table["variant"],
                        "N": table["n"].map(lambda v: "" if pd.isna(v) else f"{int(v)}")})
    # A fit that did not converge has no trustworthy estimates: its note says so, its cells stay empty.
    unconverged = table["note"].str.contains("did not converge", regex=False)
    for role in KEY_TERMS:
        out[role.capitalize()] = [
            "" if pd.isna(b) or bad else f"{b:.{digits}f}{stars(p)} ({s:.{digits}f})"
            for b, s, p, bad in zip(table[role], table[f"{role} se"], table[f"{role} p"], unconverged)]
    out["Note"] = table["note"]
    return out


def coefficient(result: FitResult, term: str) -> dict:
    """One coefficient as a dict (estimate, std_err, p_value, ci_low, ci_high) plus
    ``significance`` (words from :func:`significance_phrase`) and ``direction``."""
    row = result.coefs.set_index("term").loc[term].to_dict()
    row["significance"] = significance_phrase(row["p_value"])
    row["direction"] = "positive" if row["estimate"] > 0 else "negative"
    return row


# --------------------------------------------------------------------------------------------
# Summaries for the chapter's prose
# --------------------------------------------------------------------------------------------

def holds_up(base: FitResult, other: FitResult, term: str, level: float = 0.05) -> bool:
    """Whether ``term`` keeps the sign and the significance it has in ``base`` when refitted as
    ``other`` (for example with controls added)."""
    a, b = coefficient(base, term), coefficient(other, term)
    same_sign = np.sign(a["estimate"]) == np.sign(b["estimate"])
    return bool(same_sign and (a["p_value"] < level) == (b["p_value"] < level))


def significant_variants(table: pd.DataFrame, roles: list[str], level: float = 0.05) -> list[str]:
    """The estimated variants of a :func:`robustness_table` (not the main model, not the
    leave-one-out summaries, not a failed fit) in which any of ``roles`` is significant."""
    rows = table[(table.index > 0) & ~table["variant"].str.startswith("Leave one reviewer out")
                 & ~table["variant"].isin(failed_variants(table))]
    hit = (rows[[f"{role} p" for role in roles]] < level).any(axis=1)
    return rows.loc[hit, "variant"].tolist()


def failed_variants(table: pd.DataFrame) -> list[str]:
    """The variants of a :func:`robustness_table` that could not be estimated or did not converge."""
    bad = table["n"].isna() | table["note"].str.contains("did not converge", regex=False)
    return table.loc[bad, "variant"].tolist()


def describe_coefficient(result: FitResult, term: str, digits: int = 2) -> str:
    """A coefficient in words for the prose: "0.42 (clustered SE 0.31; p = 0.17), not
    statistically significant at the 5% level". The SE is called model-based for Firth fits."""
    row = coefficient(result, term)
    kind = "model-based" if result.spec["estimator"] == "firth" else "clustered"
    p = row["p_value"]
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return (f"{row['estimate']:.{digits}f} ({kind} SE {row['std_err']:.{digits}f}; "
            f"{p_text}), {row['significance']}")


def ame_table(results: dict[str, FitResult], ids: list[str], digits: int = 3) -> pd.DataFrame:
    """Average marginal effects of several models side by side, "AME (SE)" with stars; the rows
    are the variables, the columns the models (labelled "<table> <label>")."""
    names = {"specific": "Specific", "sensitive": "Sensitive",
             "ideal_point_distance": "Ideal-point distance (per unit)"}
    columns = {}
    for i in ids:
        ame = average_marginal_effects(results[i]).set_index("variable")
        label = f"{results[i].spec['outcome']} {results[i].spec.get('label', i)}"
        columns[label] = {names.get(v, v): f"{r.ame:.{digits}f}{stars(r.p_value)} ({r.std_err:.{digits}f})"
                          for v, r in ame.iterrows()}
    table = pd.DataFrame(columns).reindex(list(names.values())).fillna("absorbed")
    return table.rename_axis("variable").reset_index()


def separation_summary(specs: list[dict], data: pd.DataFrame) -> pd.DataFrame:
    """Every cell with a constant outcome (see :func:`separation_report`) in the logit
    specifications, with the spec id; an empty frame when there is none."""
    parts = []
    for spec in specs:
        if spec["estimator"] != "logit":
            continue
        report = separation_report(spec, data)
        parts.append(report[report["separated"]].assign(model=spec["id"]))
    columns = ["model", "cell", "n", "outcome_1"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns].astype({"n": int, "outcome_1": int})


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


def claims_table(results: dict[str, FitResult], accepted: str = "acc_3", main: str = "acc_2",
                 digits: int = 2) -> pd.DataFrame:
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
    for term, what in [("ideal_point_distance:specific", "distance × specific"),
                       ("ideal_point_distance:sensitive", "distance × sensitive")]:
        c = coefficient(results[accepted], term)
        ok, verdict = _verdict_no_effect(c["p_value"])
        rows.append({"id": f"pk_{term.split(':')[1]}", "source": "Park & Kim (2024)",
                     "claim": f"relationship does not change the acceptance of {what.split(' × ')[1]} recommendations",
                     "test": f"{what}, model {results[accepted].spec.get('label', accepted)}",
                     "estimate": c["estimate"], "p_value": c["p_value"], "verdict": verdict, "consistent": ok})
    c = coefficient(results[main], "ideal_point_distance")
    ok, verdict = _verdict_sign(c["estimate"], c["p_value"], -1)
    rows.append({"id": "jy_coefficient", "source": "Jang & Yoo (2024)", "claim": "closer reviewers see more acceptance",
                 "test": f"distance, model {results[main].spec.get('label', main)}",
                 "estimate": c["estimate"], "p_value": c["p_value"], "verdict": verdict, "consistent": ok})
    ame = average_marginal_effects(results[accepted]).set_index("variable")
    if "ideal_point_distance" in ame.index:
        a = ame.loc["ideal_point_distance"]
        ok, verdict = _verdict_sign(a["ame"], a["p_value"], -1)
        rows.append({"id": "jy_ame", "source": "Jang & Yoo (2024)", "claim": "closer reviewers see more acceptance",
                     "test": f"AME of distance, model {results[accepted].spec.get('label', accepted)}",
                     "estimate": a["ame"], "p_value": a["p_value"], "verdict": verdict, "consistent": ok})
    table = pd.DataFrame(rows).set_index("id").rename(columns={"verdict": "the result ..."})
    table["estimate"] = table["estimate"].round(digits + 1)
    table["p_value"] = table["p_value"].round(3)
    return table
