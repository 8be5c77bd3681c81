"""Keep the built site light: remove theme files a reader's browser never loads.

The themes copy into ``_static/`` files meant for their own developers or for other setups:

- source maps (``*.map``, about 3.4 MB with pydata-sphinx-theme 0.16), which browsers fetch only
  when the developer tools are open; the ``sourceMappingURL`` comment pointing to each is removed
  with it so the tools do not ask for a missing file;
- the translation catalogues of sphinx-book-theme (``_static/locales/``, 0.7 MB), which Sphinx
  reads at build time from the installed package, not from the site;
- TrueType copies of the icon fonts (``*.ttf``), a fallback listed after WOFF2 in the theme's
  ``@font-face`` rules; every browser the book supports loads the WOFF2 file first;
- Font Awesome's SVG script (``scripts/fontawesome.js``, 1.5 MB, loaded by every page), which
  redraws the icons as SVG although the theme's stylesheet already draws every icon class from
  the WOFF2 fonts. It is removed, with its ``<script>`` tag, only when that stylesheet holds the
  Font Awesome rules, so the icons look the same (the browser test's screenshots show them).

The issue budget is 10 MB for ``_build/html`` (``make bench`` prints the figure).
"""

from __future__ import annotations

import re
from pathlib import Path

_MAP_COMMENT = re.compile(rb"\n?(?://|/\*)# sourceMappingURL=[^\s*]+\.map(?: \*/)?\s*$")


def trim_static(outdir: Path) -> list[Path]:
    """Remove source maps, translation catalogues and TrueType fallbacks from ``outdir/_static``.

    Returns the removed files (paths as they were). A TrueType font is removed only when a WOFF2
    file of the same name sits beside it, so a theme that ships only ``.ttf`` keeps its icons.
    """
    static = Path(outdir) / "_static"
    if not static.is_dir():
        return []
    removed: list[Path] = []
    for path in sorted(static.rglob("*.map")):
        path.unlink()
        removed.append(path)
    for path in sorted([*static.rglob("*.js"), *static.rglob("*.css")]):
        data = path.read_bytes()
        stripped = _MAP_COMMENT.sub(b"\n", data)
        if stripped != data:
            path.write_bytes(stripped)
    for path in sorted(static.rglob("*.ttf")):
        if path.with_suffix(".woff2").exists():
            path.unlink()
            removed.append(path)
    locales = static / "locales"
    if locales.is_dir():
        for path in sorted(locales.rglob("*"), reverse=True):
            if path.is_file():
                path.unlink()
                removed.append(path)
            else:
                path.rmdir()
        locales.rmdir()
    return removed


_FA_SCRIPT = re.compile(r'\n?[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')


def icons_from_stylesheet(static: Path) -> bool:
    """Whether the theme's stylesheet draws Font Awesome icons itself (font faces and classes)."""
    css = Path(static) / "styles" / "pydata-sphinx-theme.css"
    if not css.is_file():
        return False
    text = css.read_text(encoding="utf-8", errors="replace")
    return "Font Awesome" in text and ".fa-solid" in text and "fa-solid-900.woff2" in text


def drop_icon_script(outdir: Path) -> list[Path]:
    """Remove Font Awesome's SVG script and its tag from every page when the stylesheet draws
    the icons (:func:`icons_from_stylesheet`); returns the removed files."""
    outdir = Path(outdir)
    static = outdir / "_static"
    script = static / "scripts" / "fontawesome.js"
    if not script.is_file() or not icons_from_stylesheet(static):
        return []
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stripped = _FA_SCRIPT.sub("", text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    removed = [script]
    licence = script.with_name("fontawesome.js.LICENSE.txt")
    if licence.is_file():
        removed.append(licence)
    for path in removed:
        path.unlink()
    return removed


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    removed = trim_static(Path(app.outdir)) + drop_icon_script(Path(app.outdir))
    logging.getLogger(__name__).info(
        f"dprk_upr.site: removed {len(removed)} theme file(s) no browser loads from _static/"
    )
