"""Stage 2 of the pipeline: the coding rules of the study, applied to recommendation texts.

The stable interface (tests and outside checks call these two):

- :func:`action_category` (1 minimal ... 5 specific action): UPR Info's published rules,
  implemented in :mod:`.action_rules` with the verb lists in ``data/coding/action_category.yaml``.
- :func:`is_sensitive`: whether a recommendation touches what threatens the regime,
  implemented in :mod:`.regime_sensitivity` with the codebook ``data/coding/sensitivity.yaml``.

The other modules: :mod:`.validation` (agreement with human codes, the hand-coded sample),
:mod:`.themes` (what a recommendation asks for, for the qualitative review) and :mod:`.evidence`
(the project's sourced evidence table).

>>> action_category("Ratify the Convention against Torture")
5
>>> is_sensitive("Close all political prison camps")
True
"""

from __future__ import annotations

from .action_coder import action_category
from .regime_sensitivity import is_sensitive

__all__ = ["action_category", "is_sensitive"]
