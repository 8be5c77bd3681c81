"""Stage 5: what the chapters show. Tables, figures, phrases and glue for the book's prose.

- :mod:`.glue`              glue values into the prose (myst-nb), numpy scalars made plain
- :mod:`.tables`            every table in one style (headers, integers, wrapping, phones)
- :mod:`.phrases`           significance stars and phrases, lists in words
- :mod:`.figures`           every figure of the book, one style
- :mod:`.corpus`            the Data chapter's summaries (reviews, recommenders, answers)
- :mod:`.relationships`     the reviewer-relationship measures as the Coding chapter describes them
- :mod:`.coding_checks`     what the Coding chapter computes about its rules
- :mod:`.coding_views`      the Coding chapter's display tables
- :mod:`.regression_tables` the Models chapter's tables of its models
- :mod:`.robustness_tables` the Models chapter's tables of its checks (curve, text groups, confounding)
- :mod:`.model_figures`     the Models chapter's figures
- :mod:`.reviewer`          the reviewer chapter's tables and distance scales
- :mod:`.reviewer_figures`  the reviewer chapter's figures
- :mod:`.reviewer_words`    the reviewer chapter's numbers in words and computed sentences
- :mod:`.qualitative`       the qualitative chapter's tables
- :mod:`.codebook_page`     the Codebook appendix
- :mod:`.findings`          the headline findings the Conclusion states
"""
