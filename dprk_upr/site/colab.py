"""The notebook editions of the chapters: what the download button (``.ipynb``) and the Colab button open.

A chapter is MyST Markdown whose prose carries its numbers through ``{glue:text}`` roles and its
figures and tables through ``{glue:figure}`` blocks, which only the website renders. So at every
HTML build, for each page that is a notebook, this module writes a *reader's edition* of the
executed notebook: every glue role and block replaced by its value (text, image or table, from
the glue data myst-nb keeps beside the executed notebook), cross-references and citations
written out ("Figure 2.1", "(Bailey, Strezhnev and Voeten 2017)") with the page's references in
a last cell, admonitions and exercises as quoted paragraphs, no stderr output and no path of the
build machine. It is preceded by an introduction and one setup cell that, on Colab only, clones
the repository, installs the pinned libraries of ``colab/requirements.txt``, downloads and
verifies the raw data and builds the processed tables; elsewhere the cell does nothing.

The edition is written where sphinx-book-theme's download button points
(``_sources/<page>.ipynb``, replacing the theme's copy of the executed notebook), and the page's
Colab button opens the same file on the branch the built site is published to (``gh-pages`` by
default; Sphinx option ``dprk_upr_pages_branch``), which is where
``.github/workflows/publish.yml`` puts ``_build/html``. Colab opens only ``.ipynb`` files that
sit on GitHub, and the chapters are MyST Markdown, hence a generated file.

Nothing here is committed: the editions are generated from the same build as the pages.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat

from .notebook_markdown import Resolver, convert_markdown

#: Where the editions sit in the built site: where sphinx-book-theme's download button points.
EDITION_FOLDER = "_sources"
COLAB_FOLDER = EDITION_FOLDER  # the Colab button opens the same file
SETUP_TAG = "dprk-upr-colab-setup"
INTRO_TAG = "dprk-upr-edition-intro"
REFERENCES_TAG = "dprk-upr-edition-references"
PAGES_BRANCH = "gh-pages"

# The setup cell. It does nothing outside Colab (Binder and local clones already have the
# project), and it can run twice: the clone and the data are kept, pip finds the libraries
# installed. A library that was imported before pip replaced it keeps its old version in the
# running kernel, so the cell stops and asks for a restart instead of running on a mixed stack.
_SETUP_CODE = """\
# Google Colab only (a few minutes, once per session); elsewhere this cell does nothing.
import os, subprocess, sys

if "google.colab" in sys.modules:
    import importlib.metadata as md

    home = os.environ.setdefault("DPRK_UPR_HOME", os.path.abspath("{folder}"))
    repo = os.environ.get("DPRK_UPR_REPO", "{repo_url}")
    if not os.path.isdir(home):
        subprocess.run(["git", "clone", "--depth", "1", "--branch", "{branch}", repo, home], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", "colab/requirements.txt"],
                   cwd=home, check=True)
    changed = [name for name in ("numpy", "pandas", "scipy", "matplotlib", "statsmodels")
               if name in sys.modules and sys.modules[name].__version__ != md.version(name)]
    if changed:
        raise RuntimeError("Restart the session (Runtime > Restart session) and run this cell again: "
                           + ", ".join(changed) + " changed version after it was imported.")
    for step in ("fetch", "build"):  # download and verify the raw data, then build the tables
        subprocess.run([sys.executable, "-m", "dprk_upr", step], cwd=home, check=True)
    sys.path.insert(0, home)
    os.chdir(os.path.join(home, "{page_folder}"))
"""

_INTRO = (
    "**{title}**, a chapter of *{book}* as a notebook. It is generated from the chapter at every "
    "build of the book: the text carries the chapter's numbers, figures and tables, and the outputs "
    "below are those of the published build, so it reads without the website. To run the code, open "
    "the chapter from the launch button of its page (Binder or Google Colab) or work in a copy of "
    "the project ({repo_url}; its Reproducing appendix says how). On Google Colab, run the next cell "
    "first: it fetches the project, installs the libraries at the versions the book was built with, "
    "downloads the raw data from the sources listed in `data/sources.csv` (checking every checksum) "
    "and builds the processed tables, which takes a few minutes; if it asks you to restart the "
    "session, do so and run it again. Elsewhere that cell does nothing. Then run the cells in order."
)


def repo_parts(repo_url: str) -> tuple[str, str]:
    """The GitHub owner and repository name of ``repo_url``.

    >>> repo_parts("https://github.com/dprk-upr/dprk-upr-book/")
    ('dprk-upr', 'dprk-upr-book')
    """
    parts = repo_url.rstrip("/").removesuffix(".git").split("/")
    if len(parts) < 5 or parts[2] != "github.com":
        raise ValueError(
            f"{repo_url!r} is not a GitHub repository URL (https://github.com/OWNER/NAME): "
            "set repository.url in _config.yml"
        )
    return parts[3], parts[4]


def colab_path(pagename: str) -> str:
    """Where the edition of page ``pagename`` sits inside the built site (the file of the
    download button, which the Colab button opens too).

    >>> colab_path("notebooks/data")
    '_sources/notebooks/data.ipynb'
    """
    return f"{EDITION_FOLDER}/{pagename}.ipynb"


def colab_url(
    repo_url: str, pagename: str, branch: str = PAGES_BRANCH, colab: str = "https://colab.research.google.com"
) -> str:
    """The Colab address that opens the edition of ``pagename`` from the published site.

    >>> colab_url("https://github.com/org/book", "notebooks/data")
    'https://colab.research.google.com/github/org/book/blob/gh-pages/_sources/notebooks/data.ipynb'
    """
    owner, name = repo_parts(repo_url)
    return f"{colab.rstrip('/')}/github/{owner}/{name}/blob/{branch}/{colab_path(pagename)}"


def setup_source(repo_url: str, pagename: str, branch: str = "main") -> str:
    """The code of the setup cell for page ``pagename`` of the book in ``repo_url``."""
    _, name = repo_parts(repo_url)
    folder = str(Path(pagename).parent).replace("\\", "/")
    return _SETUP_CODE.format(
        folder=name, repo_url=repo_url.rstrip("/"), branch=branch, page_folder="" if folder == "." else folder
    )


# ---------------------------------------------------------------------------------------------
# Outputs: no stderr, no path of the build machine

#: Text that marks an absolute path of a build machine in an output.
BUILD_PATH = re.compile(r"(?<![\w.])/(?:work|tmp|home|root|private|var/folders|Users)/[^\s\"'<>)]*")


def clean_outputs(cell, root: Path | None = None) -> list[str]:
    """Drop a code cell's stderr streams and write the repository ``root`` as a relative path in
    its text outputs (in place). Returns the absolute paths of a build machine still left."""
    if cell.get("cell_type") != "code":
        return []
    prefix = str(root).rstrip("/") + "/" if root else None
    kept, left = [], []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            continue
        texts = []
        if output.get("output_type") == "stream":
            texts.append(("text", output))
        for mime in ("text/plain", "text/html", "text/markdown"):
            if mime in output.get("data", {}):
                texts.append((mime, output["data"]))
        for key, holder in texts:
            value = "".join(holder[key]) if isinstance(holder[key], list) else str(holder[key])
            if prefix:
                value = value.replace(prefix, "")
            holder[key] = value
            left += BUILD_PATH.findall(value)
        kept.append(output)
    cell["outputs"] = kept
    return left


def references_markdown(resolver: Resolver) -> str | None:
    """The reference list of the citations met so far (``resolver.cited``), in the order of the
    book's list; None when the page cites nothing."""
    keys = [k for k in resolver.entries if k in resolver.cited]
    if not keys:
        return None
    items = [f"- **{resolver.citations[k]}.** {resolver.entries[k]}" for k in keys]
    return "## References\n\n" + "\n".join(items)


def figure_caption(cell, resolver: Resolver) -> str | None:
    """The caption a code cell's ``mystnb: figure:`` metadata gives its output on the site, as
    Markdown with the figure's or table's number ("**Table 4.2.** ..."); None without one."""
    figure = (cell.get("metadata", {}).get("mystnb") or {}).get("figure") or {}
    caption = str(figure.get("caption") or "").strip()
    if not caption:
        return None
    text = " ".join(line.strip() for line in convert_markdown(caption, resolver).split("\n") if line.strip())
    number = resolver.numbers.get(str(figure.get("name") or ""))
    return f"**{number}.** {text}" if number else f"*{text}*"


def colab_notebook(
    executed: nbformat.NotebookNode,
    repo_url: str,
    pagename: str,
    title: str,
    branch: str = "main",
    resolver: Resolver | None = None,
    book: str = "the book",
    root: Path | None = None,
) -> nbformat.NotebookNode:
    """The reader's edition of an executed chapter: an introduction and the Colab setup cell, then
    the chapter's cells with their prose written out
    (:func:`~dprk_upr.site.notebook_markdown.convert_markdown`) and their outputs cleaned
    (:func:`clean_outputs`), then the page's references. The input notebook is not
    modified. What could not be resolved is listed in ``resolver.missing``; build paths left in
    outputs in ``nb.metadata["dprk_upr"]["build_paths"]``."""
    resolver = resolver or Resolver()
    nb = copy.deepcopy(executed)
    left = []
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, resolver)
            cell.pop("attachments", None)
        else:
            left += clean_outputs(cell, root)
            caption = figure_caption(cell, resolver)
            if caption:
                cells.append(nbformat.v4.new_markdown_cell(caption))
            cell.metadata.pop("mystnb", None)  # the site's figure options, now written out
    nb.cells = cells
    intro = nbformat.v4.new_markdown_cell(_INTRO.format(title=title, book=book, repo_url=repo_url.rstrip("/")))
    intro.metadata["tags"] = [INTRO_TAG]
    setup = nbformat.v4.new_code_cell(setup_source(repo_url, pagename, branch))
    setup.metadata["tags"] = [SETUP_TAG]
    nb.cells = [intro, setup, *nb.cells]
    references = references_markdown(resolver)
    if references:
        cell = nbformat.v4.new_markdown_cell(references)
        cell.metadata["tags"] = [REFERENCES_TAG]
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)  # it describes the MyST file, not this one
    nb.metadata.pop("source_map", None)
    nb.metadata["colab"] = {"provenance": []}
    if left:
        nb.metadata["dprk_upr"] = {"build_paths": sorted(set(left))}
    nbformat.validator.normalize(nb)
    nbformat.validate(nb)
    return nb


def read_glue(executed_path: Path) -> dict:
    """The glue data myst-nb stored beside an executed notebook (``<page>.glue.json``); empty
    when the page glues nothing."""
    path = Path(executed_path).with_suffix(".glue.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_colab_notebook(
    executed_path: Path,
    outdir: Path,
    repo_url: str,
    pagename: str,
    title: str,
    branch: str = "main",
    resolver: Resolver | None = None,
    **kwargs,
) -> Path:
    """Write the edition of the executed notebook ``executed_path`` under ``outdir`` (at
    :func:`colab_path`). The glue data beside the notebook is used when ``resolver`` has none."""
    executed = nbformat.read(executed_path, as_version=4)
    resolver = resolver or Resolver()
    if not resolver.glue:
        resolver.glue = read_glue(executed_path)
    target = Path(outdir) / colab_path(pagename)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(colab_notebook(executed, repo_url, pagename, title, branch, resolver, **kwargs), target)
    return target


# ---------------------------------------------------------------------------------------------
# Sphinx


def bibliography_labels(bibfiles: list[Path]) -> tuple[dict, dict]:
    """Key -> author-year label and key -> Markdown entry, in the order and style of the book's
    reference list (:mod:`dprk_upr.site.bibliography`)."""
    from pybtex.database import BibliographyData, parse_file
    from pybtex.plugin import find_plugin

    from .bibliography import STYLE_NAME, register

    register()
    data = BibliographyData()
    for path in bibfiles:
        for key, entry in parse_file(str(path)).entries.items():
            data.add_entry(key, entry)
    style = find_plugin("pybtex.style.formatting", STYLE_NAME)()
    labels, entries = {}, {}
    for formatted in style.format_entries(data.entries.values()):
        labels[formatted.key] = formatted.label
        entries[formatted.key] = " ".join(formatted.text.render_as("markdown").split())
    return labels, entries


def _numbers(app) -> dict:
    """Label -> number as the site prints it ("Figure 2.1", "Table 3.2", "Section 4"), for every
    numbered figure, table, exercise and section of the build."""
    env = app.env
    std = env.get_domain("std")
    formats = dict(app.config.numfig_format or {})
    numbers = {}
    for label, (docname, labelid) in std.anonlabels.items():
        found = None
        for figtype, ids in env.toc_fignumbers.get(docname, {}).items():
            if labelid in ids:
                digits = ".".join(map(str, ids[labelid]))
                found = formats.get(figtype, f"{figtype.capitalize()} %s") % digits
                break
        if found is None:
            secnumbers = env.toc_secnumbers.get(docname, {})
            digits = secnumbers.get(f"#{labelid}")
            if digits:
                found = formats.get("section", "Section %s") % ".".join(map(str, digits))
        if found:
            numbers[label] = found
    return numbers


def _titles(app) -> dict:
    std = app.env.get_domain("std")
    titles = {label: title for label, (_, _, title) in std.labels.items() if title}
    for docname, title in app.env.titles.items():
        titles.setdefault(docname, title.astext())
    return titles


def sphinx_resolver(app, pagename: str) -> Resolver:
    """A :class:`~dprk_upr.site.notebook_markdown.Resolver` for page ``pagename`` of a Sphinx
    build (cached per build for what all pages share)."""
    shared = getattr(app, "_dprk_upr_resolver", None)
    if shared is None:
        bibfiles = [Path(app.srcdir) / f for f in getattr(app.config, "bibtex_bibfiles", [])]
        labels, entries = bibliography_labels(bibfiles) if bibfiles else ({}, {})
        shared = {"numbers": _numbers(app), "titles": _titles(app), "citations": labels, "entries": entries}
        app._dprk_upr_resolver = shared
    executed_dir = Path(app.outdir).parent / "jupyter_execute"
    folder = Path(pagename).parent

    def other_glue(doc: str) -> dict:
        # myst-nb writes the other page as a path relative to this one, with its suffix
        # ("conclusion.md::key") or from the book's root ("/notebooks/models.md::key").
        doc = str(Path(doc).with_suffix("")) if Path(doc).suffix in (".md", ".ipynb") else doc
        candidates = (Path(doc.lstrip("/")),) if doc.startswith("/") else (folder / doc, Path(doc))
        for candidate in candidates:
            glue = read_glue(executed_dir / f"{candidate}.ipynb")
            if glue:
                return glue
        return {}

    return Resolver(
        glue=read_glue(executed_dir / f"{pagename}.ipynb"),
        other_glue=other_glue,
        numbers=shared["numbers"],
        titles=shared["titles"],
        citations=shared["citations"],
        entries=shared["entries"],
    )


def _page_title(app, pagename: str) -> str:
    title = app.env.titles.get(pagename)
    return title.astext() if title is not None else pagename


def _book_title(app) -> str:
    """The book's title: Jupyter Book passes ``title`` of ``_config.yml`` as ``html_title`` and
    leaves Sphinx's ``project`` at its placeholder."""
    for value in (app.config.html_title, app.config.project):
        if value and value != "Project name not set":
            return str(value)
    return "the book"


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    """After sphinx-book-theme has copied the executed notebook for its download button and added
    its launch buttons (priority 501): write this page's edition over that copy and point the
    Colab button at it. What cannot be resolved, and any build path left in an output, is a
    warning (a strict build fails)."""
    from sphinx.util import logging

    from .. import paths

    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not context.get("ipynb_source") or not executed.is_file():
        return
    options = app.config.html_theme_options
    repo_url = options["repository_url"]
    resolver = sphinx_resolver(app, pagename)
    target = write_colab_notebook(
        executed,
        Path(app.outdir),
        repo_url,
        pagename,
        title=_page_title(app, pagename),
        branch=options.get("repository_branch", "main"),
        resolver=resolver,
        book=_book_title(app),
        root=paths.ROOT,
    )
    logger = logging.getLogger(__name__)
    if resolver.missing:
        logger.warning(
            f"{pagename}: the notebook edition could not write out {', '.join(sorted(set(resolver.missing)))}",
            location=pagename,
        )
    left = nbformat.read(target, as_version=4).metadata.get("dprk_upr", {}).get("build_paths", [])
    if left:
        logger.warning(f"{pagename}: outputs show paths of the build machine: {', '.join(left)}", location=pagename)
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"]
    colab = [b for g in groups for b in g.get("buttons", []) if b.get("text") == "Colab"]
    base = options.get("launch_buttons", {}).get("colab_url", "https://colab.research.google.com")
    for button in colab:
        button["url"] = colab_url(repo_url, pagename, app.config.dprk_upr_pages_branch, base)


def is_notebook_source(text: str) -> bool:
    """Whether a MyST page is a notebook for myst-nb: its front matter names a kernel.

    >>> is_notebook_source("---\\nkernelspec:\\n  name: python3\\n---\\n# Data")
    True
    >>> is_notebook_source("# Conclusion\\n\\nkernelspec: in prose")
    False
    """
    if not text.startswith("---"):
        return False
    front = text[3:].split("\n---", 1)[0]
    return "\nkernelspec:" in "\n" + front.lstrip("\n")


def remove_stale_editions(app, exception) -> None:
    """Sphinx ``build-finished``: an incremental build leaves the edition of a page that is gone
    or no longer a notebook (Sphinx only writes the pages it rebuilds): remove those."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / EDITION_FOLDER
    for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
        docname = path.relative_to(folder).with_suffix("").as_posix()
        source = Path(app.env.doc2path(docname)) if docname in app.env.found_docs else None
        if source is None or not source.is_file() or not is_notebook_source(source.read_text(encoding="utf-8")):
            path.unlink()


def connect(app) -> None:
    """Register the editions with a Sphinx application (called by :mod:`dprk_upr.site`)."""
    app.add_config_value("dprk_upr_pages_branch", PAGES_BRANCH, "html")
    app.connect("html-page-context", _on_page_context, priority=510)
    app.connect("build-finished", remove_stale_editions)
