"""The stable name of the report parser: ``dprk_upr.reports.parse_recommendations``.

The parser lives in :mod:`dprk_upr.data.reports`; this module re-exports it so that outside
checks and older code that import ``dprk_upr.reports`` keep working.
"""

from .data.reports import ReportParseError, parse_recommendations, split_states, wg_position

__all__ = ["parse_recommendations", "ReportParseError", "split_states", "wg_position"]
