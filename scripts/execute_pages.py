"""Execute the book's pages in parallel into the execution cache, before the book is built.

    python scripts/execute_pages.py [--workers N]

Jupyter Book (myst-nb, ``execute_notebooks: cache``) executes pages one after the other while it
reads them. This script reads each page of the table of contents exactly as myst-nb does, skips
those whose code is already in the cache, executes the others in parallel (one kernel per page,
``--workers`` at a time; default: the number of cores), and stores each executed page in the same
cache (``_build/.jupyter_cache``), where the build then finds it. A page that fails is not cached:
the build executes it again and reports the error in its usual way.
"""

from __future__ import annotations

import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"


def pages() -> list[Path]:
    """The pages of ``_toc.yml`` (root included) that hold code cells."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    names = re.findall(r"(?:root|file):\s*(\S+)", toc)
    found = [ROOT / f"{name}.md" for name in names]
    return [p for p in found if p.is_file() and "{code-cell}" in p.read_text(encoding="utf-8")]


def read_page(path: Path):
    """The notebook myst-nb makes of a MyST Markdown page (the cache matches on its code cells)."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "dollarmath", "substitution"})
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=config, add_source_map=True)


def _execute(path_text: str):
    """Run in a worker: execute one page in its own folder; returns (path, notebook, seconds, error)."""
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path_text)
    nb = read_page(path)
    result = single_nb_execution(nb, cwd=str(path.parent), allow_errors=False, timeout=600, meta_override=True)
    return path_text, nb, result.time, (result.exc_string if result.err is not None else None)


def main(argv: list[str]) -> int:
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else (os.cpu_count() or 1)
    cache = get_cache(str(CACHE))
    todo = []
    for path in pages():
        try:
            cache.match_cache_notebook(read_page(path))
        except KeyError:
            todo.append(path)
    if not todo:
        print("execution cache: every page is up to date")
        return 0
    start = time.perf_counter()
    failed = []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
        for path_text, nb, seconds, error in pool.map(_execute, [str(p) for p in todo]):
            name = Path(path_text).relative_to(ROOT)
            if error is not None:
                failed.append(str(name))
                print(f"  {name}: failed; the build will report why")
                continue
            record = cache.add_nb_to_project(path_text)
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}), check_validity=False, overwrite=True
            )
            print(f"  {name}: {seconds:.1f} s")
    print(
        f"execution cache: {len(todo) - len(failed)} page(s) executed in {time.perf_counter() - start:.1f} s "
        f"with {workers} worker(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
