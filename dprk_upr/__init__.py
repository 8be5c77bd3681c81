"""dprk_upr: the code behind the book *Accept, note, reject: North Korea in the Universal Periodic
Review*.

The subpackages follow the data flow; each imports only from the ones above it in this list
(an import-linter contract in ``pyproject.toml`` checks it):

- :mod:`dprk_upr.data`: raw inputs to trusted tables. :mod:`~dprk_upr.data.sources` (fetch and
  verify the inputs of ``data/sources.csv``), :mod:`~dprk_upr.data.readers` (UPR Info exports, UN
  report texts), :mod:`~dprk_upr.data.reports` (the report parser), :mod:`~dprk_upr.data.states`
  (state names to ISO3 through an explicit alias table), :mod:`~dprk_upr.data.matching` (UN
  paragraphs to UPR Info rows), :mod:`~dprk_upr.data.reference` (the reviews of North Korea and
  the official counts), :mod:`~dprk_upr.data.measures` (reviewer measures: UN Assembly, alliances,
  democracy, groupings), :mod:`~dprk_upr.data.dictionary` (the data dictionary),
  :mod:`~dprk_upr.data.files` (the project's YAML files, read with clear errors) and
  :mod:`~dprk_upr.data.processed` (read the processed tables).
- :mod:`dprk_upr.coding`: the coding rules, :func:`~dprk_upr.coding.action_category` and
  :func:`~dprk_upr.coding.is_sensitive` (stable interface). :mod:`~dprk_upr.coding.action_rules`
  (UPR Info's action-category rules), :mod:`~dprk_upr.coding.regime_sensitivity` (the sensitivity
  codebook), :mod:`~dprk_upr.coding.issue_tags` (the second coding from UPR Info's issue tags), :mod:`~dprk_upr.coding.validation` (agreement with human and
  hand codes), :mod:`~dprk_upr.coding.themes` (what a recommendation asks for) and
  :mod:`~dprk_upr.coding.evidence` (the sourced evidence table).
- :mod:`dprk_upr.build`: write ``data/processed/`` (``python -m dprk_upr build``).
  :mod:`~dprk_upr.build.recommendations` (one review parsed, linked and coded) and
  :mod:`~dprk_upr.build.tables` (reviewers, model data, reconciliation, codebook).
- :mod:`dprk_upr.analysis`: the models (specifications, estimators, margins, robustness, claims).
- :mod:`dprk_upr.report`: what the chapters show (tables, figures, phrases, glue, findings).
- :mod:`dprk_upr.site`: the website (explorer, downloads, Colab editions, Sphinx hooks).

Beside them: :mod:`dprk_upr.paths` (where files live, used by all) and :mod:`dprk_upr.reports`
(the stable name of the report parser). Command line: ``python -m dprk_upr fetch|build``.
"""

__version__ = "0.1.0"
