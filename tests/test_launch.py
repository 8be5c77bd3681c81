"""The notebook editions of the chapters (dprk_upr.site.colab), which the .ipynb download button
and the Colab button open: what they hold, what they install, and that their setup cell really sets
up a fresh machine and the chapter then runs. How their prose reads is tested in
tests/test_notebook_editions.py.

Colab itself cannot be reached from the test machine. The end-to-end test therefore plays its
part: a kernel in which ``google.colab`` is importable runs the published Colab edition of the
Data chapter in an empty folder. It clones a snapshot of this working tree instead of GitHub's,
pip is barred from the network (every pin is already installed here) and the raw data come from
the local mirror instead of the sources' URLs.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from dprk_upr.paths import find_raw_dir
from dprk_upr.site import colab as launch

ROOT = Path(__file__).resolve().parents[1]
REPO_URL = "https://github.com/org/book"
# Imported by the code but not for Colab to install: the package itself; IPython comes with
# every Jupyter kernel (Colab's own must not be replaced); Sphinx is imported only inside the
# build extension, and myst-nb brings it anyway.
# pybtex and docutils: imported only by the Sphinx extension (reference style, table numbering).
NOT_INSTALLED = {"dprk_upr", "IPython", "sphinx", "pybtex", "docutils"}


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: '{line}' is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def _imported_modules() -> set[str]:
    """Top-level modules imported by the package and by the code cells of every chapter."""
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "dprk_upr").rglob("*.py")]
    for page in [*(ROOT / "notebooks").glob("*.md"), *(ROOT / "book").rglob("*.md")]:
        cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        # cell options (":tags:" lines or a "---" YAML block at the top) and magics are not Python
        cells = [re.sub(r"\A---\n.*?\n---\n", "", c, flags=re.S) for c in cells]
        sources += ["\n".join(x for x in c.splitlines() if not x.startswith(("%", "!", ":"))) for c in cells]
    found = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names)


def test_colab_pins_are_those_of_the_book():
    colab, book = _pins(ROOT / "colab" / "requirements.txt"), _pins(ROOT / "requirements.txt")
    differ = {name: (version, book.get(name)) for name, version in colab.items() if book.get(name) != version}
    assert not differ, f"colab/requirements.txt pins differ from requirements.txt (colab, book): {differ}"


def test_colab_installs_every_library_the_code_imports():
    colab = _pins(ROOT / "colab" / "requirements.txt")
    distributions = md.packages_distributions()
    modules = _imported_modules()
    assert {"pandas", "statsmodels", "myst_nb"} <= modules  # the scan itself works
    missing = {}
    for module in sorted(modules - NOT_INSTALLED):
        names = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])}
        assert names, f"no installed distribution provides the imported module {module!r}"
        if not names & colab.keys():
            missing[module] = sorted(names)
    assert not missing, f"imported but not in colab/requirements.txt: {missing}"


def test_repo_parts_refuses_a_url_that_is_not_github():
    with pytest.raises(ValueError, match="repository.url in _config.yml"):
        launch.repo_parts("https://gitlab.com/org/book")


def test_setup_cell_is_python_and_names_the_repository():
    source = launch.setup_source(REPO_URL, "notebooks/data", branch="main")
    compile(source, "setup-cell", "exec")
    assert f'"{REPO_URL}"' in source and '"--branch", "main"' in source
    assert 'os.path.join(home, "notebooks")' in source


def test_colab_edition_puts_setup_first_and_keeps_the_chapter():
    chapter = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Data"), nbformat.v4.new_code_cell("x = 1")]
    )
    chapter.metadata["jupytext"] = {"text_representation": {"format_name": "myst"}}
    before = json.dumps(chapter, sort_keys=True)
    nb = launch.colab_notebook(chapter, REPO_URL, "notebooks/data", "Data")
    assert json.dumps(chapter, sort_keys=True) == before, "the input notebook was modified"
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "markdown", "code"]
    assert nb.cells[1].metadata["tags"] == [launch.SETUP_TAG]
    assert [c.source for c in nb.cells[2:]] == ["# Data", "x = 1"]
    assert "jupytext" not in nb.metadata and nb.metadata["kernelspec"]["name"] == "python3"
    nbformat.validate(nb)


def test_the_edition_is_the_file_of_the_download_button():
    """sphinx-book-theme's .ipynb button links _sources/<page>.ipynb: the edition is written there
    and the Colab button opens the same file."""
    assert launch.colab_path("notebooks/data") == "_sources/notebooks/data.ipynb"
    assert launch.colab_url(REPO_URL, "notebooks/data").endswith("/blob/gh-pages/_sources/notebooks/data.ipynb")


def test_publish_workflow_builds_with_make_and_pushes_the_site_to_the_pages_branch():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["book"]["steps"]
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    runs = [step["run"] for step in steps if "run" in step]
    called = [word for run in runs for word in re.findall(r"\bmake ([\w-]+)", run)]
    assert called and set(called) <= targets, (called, sorted(targets))
    push = [step["with"] for step in steps if "gh-pages" in step.get("uses", "")]
    assert push == [
        {
            "github_token": "${{ secrets.GITHUB_TOKEN }}",
            "publish_dir": "./_build/html",
            "publish_branch": launch.PAGES_BRANCH,
        }
    ]


# ---------------------------------------------------------------------------------------------
# The built site (after 'make book')


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _notebook_pages(site: Path) -> list[str]:
    """Pages built from notebooks: those with an executed notebook copied into _sources."""
    return sorted(
        str(p.relative_to(site / "_sources").with_suffix("")).replace(os.sep, "/")
        for p in (site / "_sources").rglob("*.ipynb")
    )


@pytest.mark.build
def test_every_colab_button_opens_the_published_colab_edition(site):
    repo_url = _config()["repository"]["url"]
    pages = _notebook_pages(site)
    assert {"notebooks/data", "notebooks/models", "book/teaching"} <= set(pages)
    for page in pages:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html)
        assert colab == [launch.colab_url(repo_url, page)], f"{page}: Colab links {colab}"
        depth = "../" * page.count("/")
        assert f'href="{depth}{launch.colab_path(page)}"' in html, f"{page}: the .ipynb button is not the edition"
        edition = nbformat.read(site / launch.colab_path(page), as_version=4)
        nbformat.validate(edition)
        assert edition.cells[0].metadata.get("tags") == [launch.INTRO_TAG], page
        assert edition.cells[1].metadata.get("tags") == [launch.SETUP_TAG], page
        assert repo_url in edition.cells[1].source
        executed = nbformat.read(site.parent / "jupyter_execute" / f"{page}.ipynb", as_version=4)
        code = [c.source for c in edition.cells[2:] if c.cell_type == "code"]
        assert code == [c.source for c in executed.cells if c.cell_type == "code"], (
            f"{page}: the edition's code differs from the chapter's"
        )


@pytest.mark.build
def test_no_launch_link_points_at_a_markdown_file(site):
    for page in site.rglob("*.html"):
        links = re.findall(r'href="(https://colab[^"]+)"', page.read_text(encoding="utf-8"))
        assert not [link for link in links if not link.endswith(".ipynb")], page


# ---------------------------------------------------------------------------------------------
# Colab, played on this machine


def _snapshot_repository(target: Path) -> Path:
    """A bare repository at ``target`` whose ``main`` is this working tree as it is now
    (committed or not, ignored files left out), standing in for GitHub. The snapshot is made
    with a temporary index, so the real index, branch and working tree are left alone."""

    def git(*args, **env):
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True, env={**os.environ, **env}
        )
        return done.stdout.strip()

    index = str(target.parent / "index")
    git("read-tree", "HEAD", GIT_INDEX_FILE=index)
    git("add", "-A", GIT_INDEX_FILE=index)
    tree = git("write-tree", GIT_INDEX_FILE=index)
    who = {
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@localhost",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@localhost",
    }
    commit = git("commit-tree", tree, "-p", "HEAD", "-m", "working tree for the Colab test", **who)
    subprocess.run(["git", "init", "-q", "--bare", str(target)], check=True)
    git("push", "-q", str(target), f"{commit}:refs/heads/main")
    return target


@pytest.fixture(scope="module")
def colab_machine(tmp_path_factory, site):
    """An empty folder (Colab's /content) and the environment of a Colab kernel started in it."""
    mirror = find_raw_dir()
    if mirror is None:
        pytest.skip("raw inputs not found: run 'make data'")
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode:
        pytest.fail(f"{ROOT} is not a git repository with a commit: the setup cell clones it")
    content = tmp_path_factory.mktemp("content")
    remote = _snapshot_repository(tmp_path_factory.mktemp("remote") / "book.git")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DPRK_UPR_", "PIP_"))}
    env.update(
        DPRK_UPR_REPO=str(remote),
        DPRK_UPR_HOME=str(content / "dprk-upr-book"),
        DPRK_UPR_MIRROR=str(mirror.resolve()),
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return content, env


def _run_as_colab(edition: Path, content: Path, env: dict, before: str, after: str = ""):
    """Run a Colab edition in a kernel where google.colab is importable, with ``before`` run
    first and ``after`` appended; returns the executed notebook (errors raise)."""
    from nbclient import NotebookClient

    nb = nbformat.read(edition, as_version=4)
    fake = "import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')\n"
    nb.cells.insert(0, nbformat.v4.new_code_cell(fake + before))
    if after:
        nb.cells.append(nbformat.v4.new_code_cell(after))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(content)}})
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith(("DPRK_UPR_", "PIP_"))]:
            mp.delenv(key)
        for key, value in env.items():
            mp.setenv(key, value)
        client.execute()
    return nb


@pytest.mark.build
def test_colab_setup_asks_for_a_restart_when_a_library_changed_under_the_kernel(site, colab_machine):
    from nbclient.exceptions import CellExecutionError

    content, env = colab_machine
    with pytest.raises(CellExecutionError, match=r"Restart the session .* numpy changed version"):
        _run_as_colab(
            site / launch.colab_path("notebooks/data"), content, env, before="import numpy\nnumpy.__version__ = '0.0'"
        )


@pytest.mark.build
def test_colab_edition_sets_up_an_empty_machine_and_runs_the_chapter(site, colab_machine):
    content, env = colab_machine
    home = Path(env["DPRK_UPR_HOME"])
    check = "import dprk_upr, os\nprint(os.path.dirname(dprk_upr.__file__), os.getcwd(), sep='\\n')"
    nb = _run_as_colab(site / launch.colab_path("notebooks/data"), content, env, before="", after=check)
    shown = nb.cells[-1].outputs[0]["text"].split("\n")
    assert Path(shown[0]) == home / "dprk_upr", "the chapter did not use the cloned package"
    assert Path(shown[1]) == home / "notebooks"
    assert (home / "data" / "processed" / "recommendations.csv").is_file()
    fetched = sorted(p.relative_to(home / "data" / "raw") for p in (home / "data" / "raw").rglob("*") if p.is_file())
    assert len(fetched) == len(__import__("pandas").read_csv(home / "data" / "sources.csv"))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
