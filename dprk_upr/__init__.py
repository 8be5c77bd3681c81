"""dprk_upr: the code behind the book *North Korea and the Universal Periodic Review*.

Every notebook of the book calls this package; it holds the whole pipeline:

- :mod:`dprk_upr.sources`   fetch and verify the raw inputs listed in ``data/sources.csv``
- :mod:`dprk_upr.readers`   read UPR Info exports and UN Working Group report texts
- :mod:`dprk_upr.reports`   parse the recommendations out of a Working Group report
- :mod:`dprk_upr.states`    resolve state names to ISO3 codes through an explicit alias table
- :mod:`dprk_upr.matching`  link UN paragraphs to UPR Info rows
- :mod:`dprk_upr.build`     write ``data/processed/`` (``python -m dprk_upr build``)
"""

__version__ = "0.1.0"
