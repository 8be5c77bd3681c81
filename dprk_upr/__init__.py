"""dprk_upr: the code behind the book *Accept, note, reject: North Korea in the Universal Periodic
Review*.

The subpackages follow the data flow; each imports only from the ones above it in this list
(an import-linter contract in ``pyproject.toml`` checks it):

- :mod:`dprk_upr.data`: raw inputs to trusted tables. :mod:`~dprk_upr.data.sources` (fetch and
  verify the inputs of ``data/sources.csv``), :mod:`~dprk_upr.data.encodings` (which encoding a
  file is in), :mod:`~dprk_upr.data.readers` (UPR Info exports, UN report texts),
  :mod:`~dprk_upr.data.reports` (the report parser), :mod:`~dprk_upr.data.states` (state names to
  ISO3 through an explicit alias table), :mod:`~dprk_upr.data.matching` (UN paragraphs to UPR Info
  rows), :mod:`~dprk_upr.data.reference` (the reviews of North Korea and the official counts),
  :mod:`~dprk_upr.data.sessions` (the UPR sessions, their cycles and years),
  :mod:`~dprk_upr.data.measures` (reviewer measures: UN Assembly, alliances, democracy, groupings,
  state pairs), :mod:`~dprk_upr.data.dictionary` (the data dictionary), :mod:`~dprk_upr.data.files`
  and :mod:`~dprk_upr.data.schemas` (the project's own files, read against declared schemas) and
  :mod:`~dprk_upr.data.processed` (read the processed tables, verified against their checksums).
- :mod:`dprk_upr.coding`: the coding rules, :func:`~dprk_upr.coding.action_category` and
  :func:`~dprk_upr.coding.is_sensitive` (stable interface). :mod:`~dprk_upr.coding.action_rules`,
  :mod:`~dprk_upr.coding.action_front` and :mod:`~dprk_upr.coding.action_coder` (UPR Info's
  action-category rules, what stands before the action, the coder),
  :mod:`~dprk_upr.coding.action_derivation` (the word lists re-derived from human codes, for
  held-out checks), :mod:`~dprk_upr.coding.regime_sensitivity` (the sensitivity codebook),
  :mod:`~dprk_upr.coding.issue_tags` (the second coding from UPR Info's issue tags),
  :mod:`~dprk_upr.coding.comparative` (a sensitivity measure that means the same for every state),
  :mod:`~dprk_upr.coding.validation` (agreement with human, hand and blind codes),
  :mod:`~dprk_upr.coding.themes` (what a recommendation asks for) and
  :mod:`~dprk_upr.coding.evidence` (the sourced evidence table).
- :mod:`dprk_upr.build`: write ``data/processed/`` (``python -m dprk_upr build``).
  :mod:`~dprk_upr.build.recommendations` (one review parsed, linked and coded),
  :mod:`~dprk_upr.build.tables` (reviewers, model data, reconciliation, codebook),
  :mod:`~dprk_upr.build.all_states` (every state's review in the 2018 export),
  :mod:`~dprk_upr.build.export_reconciliation` (the older exports against the 2018 one),
  :mod:`~dprk_upr.build.action_agreement` (the action-category rule on every coded row) and
  :mod:`~dprk_upr.build.output` (all-or-nothing writing with checksums).
- :mod:`dprk_upr.analysis`: the models (specifications, estimators, margins, robustness, claims).
- :mod:`dprk_upr.report`: what the chapters show (tables, figures, phrases, glue, findings).
- :mod:`dprk_upr.site`: the website (explorer, downloads, Colab editions, Sphinx hooks).

Beside them: :mod:`dprk_upr.paths` (where files live, used by all) and :mod:`dprk_upr.reports`
(the stable name of the report parser). Command line: ``python -m dprk_upr fetch|build``.
"""

__version__ = "0.1.0"
