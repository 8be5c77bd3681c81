"""Stage 5: what the chapters show. Tables, figures, phrases and glue for the book's prose.

- :mod:`.glue`              glue values into the prose (myst-nb), numpy scalars made plain
- :mod:`.tables`            every table in one style (headers, integers, wrapping, phones)
- :mod:`.phrases`           significance stars and phrases, lists in words
- :mod:`.figures`           every figure of the book, one style
- :mod:`.corpus`            the Data chapter's summaries (reviews, recommenders, answers, reviewers)
- :mod:`.coding_checks`     the Coding chapter's tables
- :mod:`.regression_tables` the Models chapter's tables
- :mod:`.model_figures`     the Models chapter's figures
- :mod:`.reviewer`          the reviewer chapter's tables and distance scales
- :mod:`.reviewer_figures`  the reviewer chapter's figures
- :mod:`.reviewer_words`    the reviewer chapter's numbers in words and computed sentences
- :mod:`.qualitative`       the qualitative chapter's tables
- :mod:`.codebook_page`     the Codebook appendix
- :mod:`.findings`          the headline findings the Conclusion states
"""
