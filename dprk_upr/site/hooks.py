"""The Sphinx hooks of the book: publish the downloads at the end of every HTML build, warn when a
page shows checksums of older data, re-read pages that paste numbers from other pages, and work
around two console errors of the theme stack."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..data.sources import sha256_of
from .downloads import DOWNLOAD_FOLDER, publish_downloads


def shown_checksums(html_text: str) -> dict[str, str]:
    """File name -> sha256 as printed in a page holding the downloads table."""
    found = re.findall(r'download>(.*?)</a>.*?<code class="dprk-sha">([0-9a-f]{64})</code>', html_text, re.S)
    return {html.unescape(re.sub(r"<[^>]+>", "", name)): digest for name, digest in found}


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    copied = publish_downloads(None, Path(app.outdir))
    logger.info(f"dprk_upr.site: published {len(copied)} file(s) in {DOWNLOAD_FOLDER}/")
    published = {path.name: sha256_of(path) for path in copied}
    # A chapter executed from the cache can show the checksums of older data: say so.
    for docname in sorted(app.env.found_docs):
        page = Path(app.outdir) / app.builder.get_target_uri(docname)
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        if "dprk-downloads" not in text:
            continue
        stale = sorted(name for name, digest in shown_checksums(text).items() if published.get(name) != digest)
        if stale:
            logger.warning(
                f"{docname}: the checksums shown for {', '.join(stale)} are not those of the "
                "published files (the page was built from older data): build again from "
                "scratch (make book-clean)"
            )


def set_colour_mode(app, pagename, templatename, context, doctree) -> None:
    """pydata-sphinx-theme logs a console error ("Got invalid theme mode") on every page when its
    template variable ``default_mode`` is empty, which Jupyter Book leaves it: follow the system's
    light or dark setting unless ``html_context`` chooses a mode."""
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep one copy of each script. sphinx-thebe registers its inline configuration (a block of
    ``const`` declarations) twice under Jupyter Book, and the second copy throws "Identifier
    'THEBE_JS_URL' has already been declared" in the browser."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, kept = set(), []
    for script in scripts:
        filename = getattr(script, "filename", script) or ""
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


_OTHER_PAGE_GLUE = re.compile(r"\{glue(?::\w+)?\}`[^`]*::")


def pastes_from_other_pages(source: str) -> bool:
    """Whether a page's source pastes a value glued by another page (``{glue:text}`page.md::key```).

    >>> pastes_from_other_pages("was {glue:text}`/notebooks/models.md::c_n` in all")
    True
    >>> pastes_from_other_pages("was {glue:text}`n:,` in all")
    False
    """
    return bool(_OTHER_PAGE_GLUE.search(source))


def outdated_with_other_pages(app, env, added, changed, removed) -> list[str]:
    """Sphinx ``env-get-outdated``: when any page is re-read, so is every page that pastes values
    glued by other pages (the Introduction, the Conclusion, the qualitative chapter). Sphinx does
    not know that dependency, so an incremental build would keep their old numbers."""
    if not (added or changed or removed):
        return []
    extra = []
    for docname in sorted(env.found_docs - set(added) - set(changed)):
        path = Path(env.doc2path(docname))
        if path.is_file() and pastes_from_other_pages(path.read_text(encoding="utf-8")):
            extra.append(docname)
    return extra
