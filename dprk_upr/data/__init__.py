"""Stage 1 of the pipeline: from the raw public inputs to tables the rest of the package can trust.

- :mod:`.sources`    the manifest ``data/sources.csv``: fetch each input and verify its checksum
- :mod:`.readers`    read UPR Info database exports and UN Working Group report texts
- :mod:`.reports`    parse the recommendations out of a Working Group report
- :mod:`.states`     resolve state names to ISO 3166 alpha-3 codes through an explicit alias table
- :mod:`.matching`   link UN report paragraphs to UPR Info rows
- :mod:`.reference`  the project's tables on North Korea's reviews and the official counts
- :mod:`.measures`   the reviewer-relationship measures, one module per source
- :mod:`.dictionary` the data dictionary: meaning, values and source of every processed column
- :mod:`.processed`  read the processed tables (what chapters and the analysis use)
"""
