"""Time the book and print each figure beside its budget (from the issues); gates nothing.

Run with ``make bench``. It measures

- the data build (``python -m dprk_upr build`` into a temporary folder);
- a clean book build as ``make book-clean`` runs it (empty cache; pages executed in parallel, then
  Sphinx), Sphinx alone on the filled cache, a cached rebuild and a rebuild after a prose-only edit;
- each executed page's execution time (jupyter-cache's record of the clean build);
- the bare execution of every page's code in one Python process (imports paid once), and the
  ratio of the clean build to it;
- the size of the built site;
- the explorer's first rows: time from navigation to the first row on screen, from a local
  server, in a fresh headless Chromium context each time (median of three; skipped when
  Playwright or Chromium is missing).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
# What `make book` and `make book-clean` run: checks, parallel execution into the cache, then Sphinx.
BOOK = [sys.executable, str(ROOT / "scripts" / "build_book.py")]
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]
BUDGETS = {
    "data build": 30.0,
    "notebooks/models.md": 10.0,
    "notebooks/reviewer.md": 10.0,
    "site MB": 10.0,
    "ratio": 2.0,
    "explorer ms": 1000.0,
}


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed


def chapter_times() -> dict[str, float]:
    """Execution time of each notebook, as recorded by jupyter-cache."""
    db = BUILD / ".jupyter_cache" / "global.db"
    if not db.exists():
        return {}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT uri, data FROM nbcache").fetchall()
    times = {}
    for uri, data in rows:
        info = json.loads(data) if isinstance(data, str) else {}
        times[str(Path(uri).relative_to(ROOT))] = float(info.get("execution_seconds", float("nan")))
    return times


def executed_pages() -> list[Path]:
    """Every page of the table of contents that has code cells, in the order of the book."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    pages = [ROOT / f"{name}.md" for name in re.findall(r"file:\s*(\S+)", toc)] + [ROOT / "book" / "intro.md"]
    return [p for p in dict.fromkeys(pages) if p.exists() and "{code-cell}" in p.read_text(encoding="utf-8")]


def bare_execution(pages: list[Path]) -> float:
    """Seconds to run the code of every page, one after the other, in one fresh Python process
    (each page in its own namespace and working folder; figures drawn off screen)."""
    import jupytext

    script = ["import os, matplotlib", "matplotlib.use('Agg')", "import time", "_start = time.perf_counter()"]
    for page in pages:
        nb = jupytext.read(page)
        code = "\n".join(
            c.source for c in nb.cells if c.cell_type == "code" and not c.source.lstrip().startswith(("%", "!"))
        )
        script += [f"os.chdir({str(page.parent)!r})", f"exec(compile({code!r}, {str(page)!r}, 'exec'), {{}})"]
    script.append("print(time.perf_counter() - _start)")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write("\n".join(script))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, handle.name], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    os.unlink(handle.name)
    if result.returncode != 0:
        print(result.stderr[-3000:])
        raise SystemExit("the pages' code failed when run in one process")
    return elapsed


def size_of_folder(folder: Path) -> float:
    """Megabytes of all files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def largest_page(folder: Path) -> tuple[str, float]:
    """The largest HTML page under ``folder`` and its size in megabytes."""
    largest = max(folder.rglob("*.html"), key=lambda p: p.stat().st_size)
    return str(largest.relative_to(folder)), largest.stat().st_size / 1e6


#: Set on the explorer page before it loads: the time the first row of the table is on screen.
FIRST_ROW = """() => {
    window.__firstRow = null;
    const check = () => {
        const cell = document.querySelector('table.dataTable tbody tr td');
        if (cell && cell.innerText.trim() && cell.getClientRects().length) window.__firstRow = performance.now();
        else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""


def explorer_first_rows(site: Path, port: int = 8799) -> list[float] | None:
    """Milliseconds from navigation to the explorer's first row, three fresh visits; None without
    Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "-d", str(site), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            except Exception:
                return None
            times = []
            for _ in range(3):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(f"({FIRST_ROW})()")
                page.goto(f"http://localhost:{port}/book/explorer.html", wait_until="commit")
                page.wait_for_function("() => window.__firstRow !== null", timeout=30000)
                times.append(page.evaluate("() => window.__firstRow"))
                context.close()
            browser.close()
            return times
    finally:
        server.terminate()


def _budget(name: str, value: float, unit: str) -> str:
    limit = BUDGETS.get(name)
    return "" if limit is None else f"   (budget {limit:g} {unit}: {'within' if value <= limit else 'OVER'})"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DPRK_UPR_PROCESSED": str(Path(tmp) / "processed")}
        data_build = timed([sys.executable, "-m", "dprk_upr", "build"], env=env)
    shutil.rmtree(BUILD, ignore_errors=True)
    clean = timed([*BOOK, "--clean"])
    chapters = chapter_times()
    shutil.rmtree(BUILD / "html", ignore_errors=True)
    shutil.rmtree(BUILD / ".doctrees", ignore_errors=True)
    sphinx_only = timed(JB)  # the same build with every page already in the execution cache
    cached = timed(BOOK)
    chapter = ROOT / "notebooks" / "data.md"  # a prose-only edit: the cache must serve the code
    original = chapter.read_text()
    try:
        chapter.write_text(original + "\nA sentence added by the benchmark.\n")
        prose = timed(BOOK)
    finally:
        chapter.write_text(original)
    timed(BOOK)  # leave the site as the sources describe it
    # the clean build compressed the large downloads once (kept in _build/.cache/downloads); the bare
    # run must do that work too, or the ratio would compare a build with work the bare run skips
    shutil.rmtree(BUILD / ".cache" / "downloads", ignore_errors=True)
    bare = bare_execution(executed_pages())
    first_rows = explorer_first_rows(BUILD / "html")
    total = size_of_folder(BUILD / "html")
    page, page_mb = largest_page(BUILD / "html")
    print(f"data build (python -m dprk_upr build): {data_build:6.1f} s{_budget('data build', data_build, 's')}")
    print(f"clean book build (empty cache):        {clean:6.1f} s")
    print(
        f"  of which Sphinx alone (pages cached):  {sphinx_only:6.1f} s (reading, API reference, writing, site hooks)"
    )
    print(f"bare execution of all pages' code:     {bare:6.1f} s (one process)")
    print(f"ratio clean build / bare execution:    {clean / bare:6.1f}{_budget('ratio', clean / bare, 'x')}")
    print(f"rebuild, nothing changed:              {cached:6.1f} s")
    print(f"rebuild after a prose-only edit:       {prose:6.1f} s")
    for name, seconds in sorted(chapters.items()):
        print(f"  execution of {name:<28} {seconds:6.1f} s{_budget(name, seconds, 's')}")
    print(
        f"_build/html: {total:.1f} MB in all{_budget('site MB', total, 'MB')}; largest page {page} ({page_mb:.2f} MB)"
    )
    for part in ("_static", "_sources", "downloads", "_images"):
        if (BUILD / "html" / part).exists():
            print(f"  of which {part + '/':<11} {size_of_folder(BUILD / 'html' / part):5.1f} MB")
    if first_rows is None:
        print("explorer first rows: not measured (no Playwright or Chromium)")
    else:
        median = sorted(first_rows)[1]
        runs = ", ".join(f"{t:.0f}" for t in first_rows)
        print(f"explorer first rows: {median:.0f} ms (median of {runs}){_budget('explorer ms', median, 'ms')}")


if __name__ == "__main__":
    main()
