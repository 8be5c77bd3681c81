"""Stage 6: the website. Helpers the appendix pages call, and the Sphinx extension of the book.

- :mod:`.explorer`  the recommendations explorer (its tables and page)
- :mod:`.explorer_columns` the explorer's columns and search rule, declared as data
- :mod:`.downloads` the files offered for download, the sources table, the citation
- :mod:`.colab`     the notebook editions of the chapters (download and Colab buttons)
- :mod:`.notebook_markdown` MyST prose written out as plain notebook Markdown for the editions
- :mod:`.hooks`     what runs during a Sphinx build (kept thin; registered by :func:`setup`)
- :mod:`.bibliography` the style of the reference list (author-year labels, titles as written)
- :mod:`.accessibility` repairs of the theme's HTML that accessibility checks flag
- :mod:`.numbering` glued tables numbered as tables ("Table 2.1"), apart from the figures
- :mod:`.weight`    theme files no browser loads removed from the built site (size budget)

The extension is loaded by Jupyter Book through ``sphinx.extra_extensions`` in ``_config.yml``;
at the end of every HTML build it copies the current files of ``data/processed/`` (or
``$DPRK_UPR_PROCESSED``) into ``_build/html/downloads/`` together with a ``SHA256SUMS`` file, so
the files offered for download are always those of this build and never a committed copy.
"""

from __future__ import annotations

from . import accessibility, bibliography, colab, hooks, numbering, weight


def setup(app):
    """Sphinx extension entry point (``sphinx: extra_extensions: [dprk_upr.site]``)."""
    bibliography.register()  # the reference list's style (bibtex_default_style in _config.yml)
    numbering.setup(app)  # glued tables numbered as tables
    app.connect("env-get-outdated", hooks.outdated_with_other_pages)
    app.connect("html-page-context", hooks.set_colour_mode)
    app.connect("html-page-context", hooks.drop_duplicate_scripts, priority=900)
    app.connect("build-finished", hooks.on_build_finished)
    app.connect("build-finished", accessibility.on_build_finished)
    app.connect("build-finished", weight.on_build_finished)
    colab.connect(app)  # the Colab editions of the chapters and the Colab button
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
