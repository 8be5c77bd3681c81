"""Repairs of the theme's HTML that accessibility checkers (axe-core) flag as serious, applied to
every page at the end of the build.

- The search button says "Search Ctrl+K" but is named "Search" (``aria-label``): a speech-input
  user saying what they see would not find it. The label is dropped; the name comes from the text.
- The toggles that open a section in the navigation are ``<summary>`` elements holding only an
  icon: they get a name ("Show the section's pages").
- The reference list is a ``role="list"`` whose items are bibliography entries, not list items:
  it becomes a ``doc-bibliography``, the role those entries belong to.
- myst-nb names every code toggle "Toggle hidden content" while it shows "Show code cell
  source": the label is dropped, so the name is the text the reader sees.
- The colour-mode button is named "Color mode" but its icons carry titles ("Light", "Dark",
  "System Settings") that the icon script turns into visible-name text: the icons' titles are
  dropped, and the button keeps its name.
"""

from __future__ import annotations

import re
from pathlib import Path

_SEARCH_LABEL = re.compile(r'(<button class="[^"]*search-button__button[^"]*"[^>]*?) aria-label="Search"')
_BARE_SUMMARY = re.compile(r'<summary>(\s*<span class="toctree-toggle")')
_CITATION_LIST = re.compile(r'<div role="list" class="citation-list">')
_TOGGLE_LABEL = re.compile(r'<summary aria-label="Toggle hidden content">')
_MODE_ICON_TITLE = re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+"\s*) title="[^"]*"')


def fix_html(text: str) -> str:
    """The page with the repairs of the module docstring.

    >>> print(fix_html('<summary><span class="toctree-toggle" role="presentation"></span></summary>'))
    <summary aria-label="Show the section's pages"><span class="toctree-toggle" role="presentation"></span></summary>
    >>> print(fix_html('<summary aria-label="Toggle hidden content">'))
    <summary>
    >>> print(fix_html('<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'))
    <i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i>
    """
    text = _SEARCH_LABEL.sub(r"\1", text)
    text = _TOGGLE_LABEL.sub("<summary>", text)
    text = _MODE_ICON_TITLE.sub(r"\1", text)
    text = _BARE_SUMMARY.sub('<summary aria-label="Show the section\'s pages">\\1', text)
    return _CITATION_LIST.sub('<div role="doc-bibliography" class="citation-list">', text)


def fix_site(outdir: Path) -> int:
    """Apply :func:`fix_html` to every HTML page under ``outdir``; returns the number changed."""
    changed = 0
    for page in Path(outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_html(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def on_build_finished(app, exception) -> None:
    """Sphinx hook: repair the pages of a successful HTML build."""
    if exception is None and app.builder.format == "html":
        fix_site(Path(app.outdir))
