"""The notebooks that the book's Colab button opens.

Colab opens only ``.ipynb`` files that sit on GitHub, and the chapters are MyST Markdown. So at
every HTML build, for each page that is a notebook, this module writes a Colab edition of the
executed notebook under ``_build/html/colab/`` (same relative path, ``.ipynb``): the chapter's
cells and outputs, preceded by one setup cell that, on Colab only, clones the repository,
installs the pinned libraries of ``colab/requirements.txt``, downloads and verifies the raw data
and builds the processed tables. The page's Colab button is pointed at that file on the branch
the built site is published to (``gh-pages`` by default; Sphinx option
``dprk_upr_pages_branch``), which is where ``.github/workflows/publish.yml`` puts ``_build/html``.

Nothing here is committed: the Colab editions are generated from the same build as the pages.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

COLAB_FOLDER = "colab"
SETUP_TAG = "dprk-upr-colab-setup"
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
    "**Running this chapter on Google Colab.** This notebook is generated, at every build of the "
    "book, from the chapter *{title}*; the outputs below are those of the published build. "
    "Run the next cell first: on Colab it fetches the project from <{repo_url}>, installs the "
    "libraries at the versions the book was built with, downloads the raw data from the sources "
    "listed in `data/sources.csv` (checking every checksum) and builds the processed tables. If it "
    "asks you to restart the session, do so and run it again. Then run the chapter's cells in "
    "order. The prose is written in MyST Markdown, which Colab shows as plain text where it uses "
    "cross-references, glued numbers or figures: read it on the book's website."
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
    """Where the Colab edition of page ``pagename`` sits inside the built site.

    >>> colab_path("notebooks/data")
    'colab/notebooks/data.ipynb'
    """
    return f"{COLAB_FOLDER}/{pagename}.ipynb"


def colab_url(
    repo_url: str, pagename: str, branch: str = PAGES_BRANCH, colab: str = "https://colab.research.google.com"
) -> str:
    """The Colab address that opens the Colab edition of ``pagename`` from the published site.

    >>> colab_url("https://github.com/org/book", "notebooks/data")
    'https://colab.research.google.com/github/org/book/blob/gh-pages/colab/notebooks/data.ipynb'
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


def colab_notebook(
    executed: nbformat.NotebookNode, repo_url: str, pagename: str, title: str, branch: str = "main"
) -> nbformat.NotebookNode:
    """The Colab edition of an executed chapter: an introduction and the setup cell, then the
    chapter's cells and outputs unchanged. The input notebook is not modified."""
    nb = copy.deepcopy(executed)
    intro = nbformat.v4.new_markdown_cell(_INTRO.format(title=title, repo_url=repo_url.rstrip("/")))
    setup = nbformat.v4.new_code_cell(setup_source(repo_url, pagename, branch))
    setup.metadata["tags"] = [SETUP_TAG]
    nb.cells = [intro, setup, *nb.cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)  # it describes the MyST file, not this one
    nb.metadata.pop("source_map", None)
    nb.metadata["colab"] = {"provenance": []}
    nbformat.validator.normalize(nb)
    nbformat.validate(nb)
    return nb


def write_colab_notebook(
    executed_path: Path, outdir: Path, repo_url: str, pagename: str, title: str, branch: str = "main"
) -> Path:
    """Write the Colab edition of the executed notebook ``executed_path`` under ``outdir``."""
    executed = nbformat.read(executed_path, as_version=4)
    target = Path(outdir) / colab_path(pagename)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(colab_notebook(executed, repo_url, pagename, title, branch), target)
    return target


def _page_title(app, pagename: str) -> str:
    title = app.env.titles.get(pagename)
    return title.astext() if title is not None else pagename


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    """After sphinx-book-theme has added its launch buttons (priority 501): write this page's
    Colab edition and point the Colab button at it."""
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"]
    colab = [b for g in groups for b in g.get("buttons", []) if b.get("text") == "Colab"]
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not colab or not executed.is_file():
        return
    options = app.config.html_theme_options
    repo_url = options["repository_url"]
    write_colab_notebook(
        executed,
        Path(app.outdir),
        repo_url,
        pagename,
        title=_page_title(app, pagename),
        branch=options.get("repository_branch", "main"),
    )
    base = options.get("launch_buttons", {}).get("colab_url", "https://colab.research.google.com")
    for button in colab:
        button["url"] = colab_url(repo_url, pagename, app.config.dprk_upr_pages_branch, base)


def connect(app) -> None:
    """Register the Colab editions with a Sphinx application (called by :mod:`dprk_upr.site`)."""
    app.add_config_value("dprk_upr_pages_branch", PAGES_BRANCH, "html")
    app.connect("html-page-context", _on_page_context, priority=510)
